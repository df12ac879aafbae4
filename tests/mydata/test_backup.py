"""`manage.py backup` writes a complete copy that `manage.py restore` brings back into a fresh
database (SQLite, and PostgreSQL when the suite runs on it). The restore drill
(`make restore-drill`) does the same end to end on the demo data, then serves the copy."""

import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from care import access
from care.models import AccessEvent
from mydata.backups import BackupError, connection_to, restore
from tests.helpers import make_user

# pg_dump sees only committed rows
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def fresh(tmp_path):
    """A connection to a new database for the copy (an SQLite file, or a PostgreSQL database
    created by the restore), removed afterwards."""
    if connection.vendor == "postgresql":
        name = f"{connection.settings_dict['NAME']}_restored"
    else:
        name = str(tmp_path / "restored.sqlite3")
    restored = connection_to(name)
    yield restored
    restored.close()
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


def some_data():
    alice = make_user("alice@example.org", "Alice")
    therapist = make_user("therapist@example.org", "Dr. T")
    for _ in range(3):
        access.record_access(actor=therapist, patient=alice, action="view")


def test_backup_and_restore_bring_back_every_row(tmp_path, fresh):
    some_data()
    output = tmp_path / "backup.bin"
    call_command("backup", "--output", str(output))
    assert output.stat().st_size > 0
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(output)
        assert copy.execute("SELECT count(*) FROM accounts_user").fetchone() == (2,)
        assert copy.execute("SELECT count(*) FROM care_accessevent").fetchone() == (3,)
        triggers = copy.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
        assert ("care_accessevent_append_only",) in triggers
        copy.close()
    restore(output, fresh)
    with fresh.cursor() as cursor:
        cursor.execute("SELECT email FROM accounts_user ORDER BY email")
        assert cursor.fetchall() == [("alice@example.org",), ("therapist@example.org",)]
        cursor.execute("SELECT prev_hash, hash FROM care_accessevent ORDER BY id")
        assert cursor.fetchall() == list(
            AccessEvent.objects.order_by("id").values_list("prev_hash", "hash")
        )
    # Restoring twice into the same database is refused, not merged.
    with pytest.raises(BackupError, match="not empty"):
        restore(output, fresh)


def test_backup_refuses_to_overwrite(tmp_path):
    output = tmp_path / "exists.bin"
    output.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(output))
    assert output.read_bytes() == b"keep me"
    assert User.objects.count() == 0


def test_restore_refuses_a_missing_or_damaged_file_and_a_database_in_use(tmp_path, fresh):
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing"))
    damaged = tmp_path / "damaged.bin"
    damaged.write_bytes(b"not a backup" * 100)
    with pytest.raises(BackupError, match="damaged|pg_restore failed"):
        restore(damaged, fresh)
    # The configured database has tables: restoring over it is refused.
    good = tmp_path / "good.bin"
    call_command("backup", "--output", str(good))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(good))
