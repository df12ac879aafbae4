"""Restore drill: back up the configured database, restore it into a fresh one, prove the copy.

    .venv/bin/python scripts/restore_drill.py            # SQLite (SQLITE_PATH or db.sqlite3)
    DATABASE_URL=postgres://... .venv/bin/python scripts/restore_drill.py

Steps: `manage.py backup`; `manage.py restore` into a new database (a temporary SQLite file, or
a new PostgreSQL database `<name>_drill` on the same server, dropped afterwards); the same
tables with the same row counts and a SHA-256 of each table's rows; the access log's chains
verify on the copy; then the app is started on the copy on a loopback port and the demo patient
signs in over HTTP (login page, POST with the CSRF token, home page). Exits non-zero on any
difference. The source should be quiet while the drill runs: a row written between the backup
and the comparison shows up as a difference. `make restore-drill` loads the demo data first.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "integration-demo"  # noqa: S105 - the documented demo credential


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout.strip()


def table_digests(alias: str) -> dict[str, tuple[int, str]]:
    from django.db import connections

    connection = connections[alias]
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            order = ", ".join(str(i + 1) for i in range(len(columns)))
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}")  # noqa: S608
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                count += 1
            digests[table] = (count, digest.hexdigest())
    return digests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sign_in(base: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{base}/accounts/login/"
    page = opener.open(login, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        sys.exit("The login page has no CSRF token.")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token[1], "login": DEMO_EMAIL, "password": DEMO_PASSWORD}
    ).encode()
    request = urllib.request.Request(login, data=form, headers={"Referer": login})  # noqa: S310 - loopback http
    response = opener.open(request, timeout=60)
    home = response.read().decode()
    if urllib.parse.urlparse(response.url).path != "/" or "Hello, Sam" not in home:
        sys.exit(f"Signing in on the restored database failed (ended at {response.url}).")


def serve_and_sign_in(env: dict[str, str]) -> None:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 180  # runserver's system checks first; slow on a busy CI
        while True:
            if server.poll() is not None:
                sys.exit(f"The app did not start on the restored database:\n{server.stderr.read()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    sys.exit("The app did not start listening on the restored database in 180 s.")
                time.sleep(0.2)
        sign_in(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    started = time.monotonic()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_journal.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connections

    source = connections["default"].settings_dict
    postgres = connections["default"].vendor == "postgresql"
    work = Path(tempfile.mkdtemp(prefix="restore-drill-"))
    backup_file = work / ("backup.dump" if postgres else "backup.sqlite3")
    env = {**os.environ}
    print(f"== backup of {source['NAME']}")
    print(manage("backup", "--output", str(backup_file), env=env))

    restored_env = {**env}
    if postgres:
        target_name = f"{source['NAME']}_drill"
        url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
        restored_env["DATABASE_URL"] = urllib.parse.urlunparse(url._replace(path=f"/{target_name}"))
    else:
        target_name = str(work / "restored.sqlite3")
        restored_env["SQLITE_PATH"] = target_name
    connections.databases["restored"] = {**connections.databases["default"], "NAME": target_name}
    if postgres:
        drop_database(target_name)
    try:
        print(f"== restore into {target_name}")
        print(manage("restore", str(backup_file), env=restored_env))

        print("== compare every table")
        before, after = table_digests("default"), table_digests("restored")
        differences = [
            f"{t}: {before.get(t)} -> {after.get(t)}"
            for t in sorted(set(before) | set(after))
            if before.get(t) != after.get(t)
        ]
        if differences:
            sys.exit("The restored database differs:\n" + "\n".join(differences))
        rows = sum(count for count, _ in before.values())
        print(f"{len(before)} tables, {rows} rows: the same counts and content hashes")
        connections["restored"].close()

        print("== the access log's chains on the copy")
        print(manage("verify_access_log", env=restored_env))

        print("== serve the copy and sign in as the demo patient")
        serve_and_sign_in(restored_env)
        print(f"{DEMO_EMAIL} signed in and saw the home page")
    finally:
        connections.close_all()
        if postgres:
            drop_database(target_name)
        shutil.rmtree(work, ignore_errors=True)
    print(f"Restore drill passed in {time.monotonic() - started:.1f} s.")


def drop_database(name: str) -> None:
    from django.db import connections

    connection = connections["default"]
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


if __name__ == "__main__":
    main()
