"""Backups of the whole database, and restoring one into a fresh database.

SQLite: the online backup API (a consistent copy while the app keeps running), restored with
the same API. PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`; both get the
connection from DATABASES, the password through the environment, never the command line.
Used by `manage.py backup` / `manage.py restore` and scripts/restore_drill.py.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.db.utils import load_backend


class BackupError(Exception):
    pass


def default_name(alias: str = "default") -> str:
    from django.utils import timezone

    vendor = connections[alias].vendor
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    return f"integration-journal-{timezone.now():%Y%m%d-%H%M%S}.{suffix}"


def backup(output: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} already exists.")
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(output)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", f"--file={output}"], connection)
    else:
        raise BackupError(f"No backup for {connection.vendor}.")
    return output


def connection_to(name: str, alias: str = "default"):
    """A connection like `alias`'s to another database `name` (an SQLite file, or a database
    on the same PostgreSQL server), outside the configured databases. It is known to this
    thread's registry under its own alias, as django.contrib.postgres looks a new connection
    up there by alias to read the database's types."""
    settings = {**connections[alias].settings_dict, "NAME": name}
    wrapper = load_backend(settings["ENGINE"]).DatabaseWrapper(settings, alias=f"{alias}-{name}")
    connections[wrapper.alias] = wrapper
    return wrapper


def restore(source: Path, connection=None) -> None:
    """Restore `source` into `connection`'s database (by default the configured one), which
    must be new or empty."""
    connection = connection or connections["default"]
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    if connection.vendor == "sqlite":
        _restore_sqlite(source, connection)
    elif connection.vendor == "postgresql":
        _create_database_if_missing(connection)
        if _has_tables(connection):
            raise BackupError(f"Database {connection.settings_dict['NAME']} is not empty.")
        connection.close()
        _run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction"],
            connection,
            source,
        )
    else:
        raise BackupError(f"No restore for {connection.vendor}.")


def _restore_sqlite(source: Path, connection) -> None:
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            intact = backup_db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            intact = False
        if not intact:
            raise BackupError(f"{source} is damaged or not an SQLite backup.")
        if _has_tables(connection):
            raise BackupError(f"Database {connection.settings_dict['NAME']} is not empty.")
        connection.close()
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            backup_db.backup(target)
        finally:
            target.close()
    finally:
        backup_db.close()


def _has_tables(connection) -> bool:
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


def _create_database_if_missing(connection) -> None:
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")


def _run(command: list[str], connection, *args) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).")
    settings = connection.settings_dict
    env = {**os.environ}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    argv = [executable, *command[1:], f"--dbname={settings['NAME']}", *map(str, args)]
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
