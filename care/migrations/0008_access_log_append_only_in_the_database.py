"""The database itself refuses UPDATE and DELETE on the access log (care/audit.py explains the
two UPDATEs account deletion needs). PostgreSQL: a trigger. SQLite: an UPDATE trigger; DELETE is
refused only by the ORM there, because Django empties SQLite tables with DELETE (flush, the
tests' isolation), where PostgreSQL uses TRUNCATE, which row triggers do not see.

SQLite rebuilds a table for most schema changes, dropping its triggers: a later migration that
alters care_accessevent on SQLite must create them again (tests/care/test_audit_chain.py fails
if they are missing)."""

from django.db import migrations

POSTGRES_CREATE = """
CREATE FUNCTION care_accessevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- An actor's account deleted: the link is cleared, the label (hashed) stays.
        IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
           AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN
            RETURN NEW;
        END IF;
        -- Erasure (care.audit.unlink_patient_events), for the one patient it names.
        IF OLD.patient_id IS NOT NULL
           AND current_setting('integration_journal.erasure', true) = OLD.patient_id::text
           AND NEW.patient_id IS NULL AND OLD.former_patient_id IS NULL
           AND NEW.former_patient_id = OLD.patient_id
           AND to_jsonb(NEW) - 'patient_id' - 'former_patient_id'
               = to_jsonb(OLD) - 'patient_id' - 'former_patient_id' THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'care_accessevent is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER care_accessevent_append_only
    BEFORE UPDATE OR DELETE ON care_accessevent
    FOR EACH ROW EXECUTE FUNCTION care_accessevent_append_only();
"""

POSTGRES_DROP = """
DROP TRIGGER IF EXISTS care_accessevent_append_only ON care_accessevent;
DROP FUNCTION IF EXISTS care_accessevent_append_only();
"""

# Every column but the one each allowed UPDATE changes must stay as it was.
_SAME = {
    col: f"NEW.{col} IS OLD.{col}"
    for col in (
        "id",
        "actor_id",
        "actor_label",
        "patient_id",
        "former_patient_id",
        "action",
        "item_type",
        "item_id",
        "at",
        "prev_hash",
        "hash",
    )
}


def _same_except(*cols):
    return " AND ".join(cond for col, cond in _SAME.items() if col not in cols)


SQLITE_CREATE = [
    "CREATE TABLE care_accessevent_erasure (patient_id char(32) NOT NULL PRIMARY KEY)",
    f"""
CREATE TRIGGER care_accessevent_append_only BEFORE UPDATE ON care_accessevent
WHEN NOT (
    (OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {_same_except("actor_id")})
    OR (OLD.patient_id IS NOT NULL AND NEW.patient_id IS NULL
        AND OLD.former_patient_id IS NULL AND NEW.former_patient_id = OLD.patient_id
        AND EXISTS (SELECT 1 FROM care_accessevent_erasure e WHERE e.patient_id = OLD.patient_id)
        AND {_same_except("patient_id", "former_patient_id")})
)
BEGIN
    SELECT RAISE(ABORT, 'care_accessevent is append-only: UPDATE refused');
END
""",  # noqa: S608 - built from the constant column list above
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS care_accessevent_append_only",
    "DROP TABLE IF EXISTS care_accessevent_erasure",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE, params=None)  # its % is plpgsql
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0007_chain_existing_access_events"),
    ]

    operations = [migrations.RunPython(create, drop)]
