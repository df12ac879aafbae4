"""The access log is tamper-evident: hash-chained per patient, refused edits in the ORM, the
admin and the database, one narrow path for erasure, and a command that finds a broken link."""

import threading
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts.models import User
from care import access, audit
from care.models import AccessEvent
from tests.helpers import client_for, make_user

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def verify(*args) -> str:
    out = StringIO()
    call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("verify_access_log", *args, stderr=err)
    return err.getvalue() + str(refused.value)


def log_many(world, n=10):
    for i in range(n):
        access.record_access(actor=world.therapist, patient=world.alice, action="view")
        access.record_access(actor=world.friend, patient=world.bob, action="support_note")
        if i % 3 == 0:
            access.record_list_views(actor=world.therapist, patients=[world.alice, world.bob])


def table(sql):
    return sql.replace("{T}", connection.ops.quote_name(AccessEvent._meta.db_table))


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(table(sql), params)
        return cursor.rowcount


def disable_trigger():
    # Inside the test's transaction: rolled back with it (DDL is transactional on both).
    if POSTGRES:
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # no ALTER TABLE with checks still pending
        raw("ALTER TABLE {T} DISABLE TRIGGER care_accessevent_append_only")
    else:
        raw("DROP TRIGGER care_accessevent_append_only")


def sql_id(user) -> str:
    return str(user.pk) if POSTGRES else user.pk.hex


def test_every_event_is_chained_to_the_previous_one_of_its_patient(world):
    log_many(world)
    alice = list(AccessEvent.objects.filter(patient=world.alice).order_by("id"))
    assert alice[0].prev_hash == audit.GENESIS
    for previous, event in zip(alice, alice[1:], strict=False):
        assert event.prev_hash == previous.hash
        assert event.hash == audit.event_hash(event, event.prev_hash)
    assert len({e.hash for e in AccessEvent.objects.all()}) == AccessEvent.objects.count()
    out = verify()
    assert "OK: 2 chain(s), 28 event(s) verified." in out
    assert "OK: 1 chain(s), 14 event(s)" in verify("--patient", str(world.alice.pk))


def test_demo_events_and_bulk_creates_are_chained_too(world):
    AccessEvent.objects.create(
        actor=world.therapist, actor_label="Dr. T", patient=world.alice, action="view"
    )
    AccessEvent.objects.bulk_create(
        [AccessEvent(actor_label="x", patient=world.alice, action="view") for _ in range(3)]
    )
    hashes = list(AccessEvent.objects.order_by("id").values_list("prev_hash", "hash"))
    assert [prev for prev, _ in hashes[1:]] == [h for _, h in hashes[:-1]]
    assert "OK: 1 chain(s), 4 event(s)" in verify()


def test_the_orm_refuses_edits_and_deletes(world):
    event = access.record_access(actor=world.therapist, patient=world.alice, action="view")
    event.action = "export"
    for refused in (
        event.save,
        event.delete,
        lambda: AccessEvent.objects.filter(pk=event.pk).update(action="export"),
        lambda: AccessEvent.objects.all().delete(),
        lambda: AccessEvent.objects.bulk_update([event], ["action"]),
        lambda: AccessEvent.objects.bulk_create([AccessEvent(id=event.id)], ignore_conflicts=True),
        lambda: AccessEvent.objects.bulk_create(
            [AccessEvent(id=event.id, action="export")],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["action"],
        ),
    ):
        with pytest.raises(TypeError):
            refused()
    assert AccessEvent.objects.get().action == "view"


def test_the_admin_refuses_edits_and_deletes_even_for_a_superuser(world):
    event = access.record_access(actor=world.therapist, patient=world.alice, action="view")
    boss = make_user("boss@example.org", is_staff=True, is_superuser=True)
    staff = make_user("staff@example.org", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__endswith="_accessevent"))
    for user in (boss, staff):
        client = client_for(user)
        change = reverse("admin:care_accessevent_change", args=[event.pk])
        delete = reverse("admin:care_accessevent_delete", args=[event.pk])
        assert client.get(change).status_code == 200  # viewing is allowed
        assert client.post(change, {"action": "export", "actor_label": "forged"}).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        bulk = client.post(
            reverse("admin:care_accessevent_changelist"),
            {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
        )
        assert bulk.status_code in (200, 302)
    event = AccessEvent.objects.get()
    assert (event.action, event.actor_label) == ("view", "Dr. T (therapist@example.org)")
    assert "OK: 1 chain(s), 1 event(s)" in verify()


def test_the_database_refuses_raw_updates(world):
    event = access.record_access(actor=world.therapist, patient=world.alice, action="view")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE {T} SET action = 'export' WHERE id = %s", [event.pk])
    # Unlinking outside erasure is refused too, even done exactly as erasure does it.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(
            "UPDATE {T} SET patient_id = NULL, former_patient_id = patient_id WHERE id = %s",
            [event.pk],
        )
    # Clearing the actor and changing something else with it.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE {T} SET actor_id = NULL, actor_label = 'x' WHERE id = %s", [event.pk])
    assert AccessEvent.objects.get().action == "view"


@pytest.mark.skipif(
    not POSTGRES, reason="SQLite has no DELETE trigger (Django flushes with DELETE)"
)
def test_the_database_refuses_raw_deletes(world):
    access.record_access(actor=world.therapist, patient=world.alice, action="view")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM {T}")
    assert AccessEvent.objects.count() == 1


def test_the_erasure_escape_lets_through_only_the_unlinking_of_its_own_patient(world):
    alice_event = access.record_access(actor=world.therapist, patient=world.alice, action="view")
    bob_event = access.record_access(actor=world.therapist, patient=world.bob, action="view")
    with transaction.atomic(), audit._erasure_allowed(world.alice):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw("UPDATE {T} SET action = 'export' WHERE id = %s", [alice_event.pk])
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(
                "UPDATE {T} SET patient_id = NULL, former_patient_id = patient_id WHERE id = %s",
                [bob_event.pk],
            )
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(
                "UPDATE {T} SET patient_id = NULL, former_patient_id = patient_id, "
                "item_type = 'x' WHERE id = %s",
                [alice_event.pk],
            )
        assert (
            raw(
                "UPDATE {T} SET patient_id = NULL, former_patient_id = patient_id WHERE id = %s",
                [alice_event.pk],
            )
            == 1
        )
    # The escape is closed again once the erasure is done.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw(
            "UPDATE {T} SET patient_id = NULL, former_patient_id = patient_id WHERE id = %s",
            [bob_event.pk],
        )
    assert AccessEvent.objects.filter(patient=world.bob).count() == 1


def test_erasure_unlinks_the_events_logs_itself_and_the_chain_still_verifies(world):
    from mydata.tasks import erase_user

    log_many(world, 4)
    alice_id = world.alice.pk
    before = list(
        AccessEvent.objects.filter(patient=world.alice)
        .order_by("id")
        .values_list("hash", flat=True)
    )
    erase_user(world.alice)
    assert not User.objects.filter(pk=alice_id).exists()
    kept = AccessEvent.objects.filter(former_patient_id=alice_id).order_by("id")
    assert not AccessEvent.objects.filter(patient_id=alice_id).exists()
    assert list(kept.exclude(action="erasure").values_list("hash", flat=True)) == before
    erasure = kept.last()
    assert (erasure.action, erasure.actor_label, erasure.actor_id) == ("erasure", "erasure", None)
    assert (erasure.item_type, erasure.item_id, erasure.patient_id) == ("", "", None)
    assert erasure.prev_hash == before[-1]
    assert kept.filter(action="erasure").count() == 1
    assert "OK: 2 chain(s)" in verify()
    assert f"OK: 1 chain(s), {len(before) + 1} event(s)" in verify("--patient", str(alice_id))


def test_deleting_any_account_unlinks_through_the_same_path(world):
    access.record_access(actor=world.therapist, patient=world.alice, action="view")
    access.record_access(actor=world.alice, patient=world.alice, action="share")
    alice_id = world.alice.pk
    User.objects.filter(pk=alice_id).delete()  # e.g. the admin, or a demo reset
    assert list(
        AccessEvent.objects.filter(former_patient_id=alice_id)
        .order_by("id")
        .values_list("action", "actor_id")
    ) == [("view", world.therapist.pk), ("share", None), ("erasure", None)]
    # The actor's account deleted: the link goes, the label stays.
    world.therapist.delete()
    assert AccessEvent.objects.get(action="view").actor_label == "Dr. T (therapist@example.org)"
    assert AccessEvent.objects.get(action="view").actor_id is None
    assert "OK: 1 chain(s), 3 event(s)" in verify()


def test_a_row_altered_by_hand_is_reported_exactly(world):
    log_many(world, 5)
    alice = list(AccessEvent.objects.filter(patient=world.alice).order_by("id"))
    target = alice[3]
    disable_trigger()
    raw("UPDATE {T} SET actor_label = 'Nobody' WHERE id = %s", [target.pk])
    report = verify_fails()
    assert f"BROKEN event {target.pk} (patient {world.alice.pk}): hash expected" in report
    assert report.count("BROKEN") == 1  # bob's chain is intact
    assert "1 of 2 chain(s) broken" in report
    assert "OK: 1 chain(s)" in verify("--patient", str(world.bob.pk))


def test_a_row_deleted_by_hand_breaks_the_next_link(world):
    log_many(world, 5)
    alice = list(AccessEvent.objects.filter(patient=world.alice).order_by("id"))
    disable_trigger()
    raw("DELETE FROM {T} WHERE id = %s", [alice[2].pk])
    report = verify_fails("--patient", str(world.alice.pk))
    assert f"BROKEN event {alice[3].pk} (patient {world.alice.pk}): prev_hash" in report
    assert f"expected {alice[1].hash}, found {alice[2].hash}" in report


def test_a_row_moved_to_another_patient_is_reported(world):
    log_many(world, 2)
    target = AccessEvent.objects.filter(patient=world.alice).order_by("id").last()
    disable_trigger()
    raw("UPDATE {T} SET patient_id = %s WHERE id = %s", [sql_id(world.bob), target.pk])
    assert f"BROKEN event {target.pk} (patient {world.bob.pk})" in verify_fails()


def test_verify_refuses_a_bad_patient_id(world):
    with pytest.raises(CommandError, match="Not a patient id"):
        call_command("verify_access_log", "--patient", "junk")


def test_existing_rows_are_chained_by_the_data_migration(world):
    from importlib import import_module

    from django.apps import apps

    chain_existing = import_module(
        "care.migrations.0007_chain_existing_access_events"
    ).chain_existing
    AccessEvent._base_manager.bulk_create(  # rows from before the chain: no hashes
        AccessEvent(actor_label="old", patient=p, action="view")
        for p in (world.alice, world.bob, world.alice)
    )
    assert verify_fails()
    disable_trigger()
    chain_existing(apps, None)
    assert "OK: 2 chain(s), 3 event(s)" in verify()
    access.record_access(actor=world.therapist, patient=world.alice, action="view")
    assert "OK: 2 chain(s), 4 event(s)" in verify()


@pytest.mark.skipif(not POSTGRES, reason="SQLite's IMMEDIATE transactions serialise writers")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_inserts_for_one_patient_keep_one_chain():
    from django.db import connections

    patient = make_user("patient@example.org", "P")
    actors = [make_user(f"t{i}@example.org", f"T{i}") for i in range(6)]
    barrier = threading.Barrier(len(actors))
    errors = []

    def write(actor):
        try:
            barrier.wait()
            for _ in range(15):
                access.record_access(actor=actor, patient=patient, action="view")
            access.record_list_views(actor=actor, patients=[patient])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(a,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AccessEvent.objects.count() == 6 * 16
    assert "OK: 1 chain(s), 96 event(s) verified." in verify()


def test_many_events_at_once_are_one_insert_and_extend_each_chain_in_order(world):
    from django.test.utils import CaptureQueriesContext

    log_many(world, n=2)
    items = [(world.alice, world.entry), (world.bob, None), (world.alice, world.intention)]
    items += [(world.therapist, None)]  # the actor's own reads are left out
    with CaptureQueriesContext(connection) as queries:
        written = access.record_accesses(actor=world.therapist, action="view", events=items)
    inserts = [q for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert len(inserts) == 1 and len(written) == 3
    alice = list(AccessEvent.objects.filter(patient=world.alice).order_by("id"))
    assert [e.item_id for e in alice[-2:]] == [str(world.entry.pk), str(world.intention.pk)]
    assert alice[-1].prev_hash == alice[-2].hash
    assert not audit.verify_chains().broken
    assert "OK: 2 chain(s)" in verify()
    assert access.record_accesses(actor=world.therapist, action="view", events=[]) == []
