"""The access log's tamper evidence: a hash chain per patient, and the one way to unlink it.

Each AccessEvent carries `prev_hash` (the `hash` of the previous event of the same patient, or
GENESIS for the first) and `hash`, the SHA-256 of a canonical serialisation of the event's
fields and `prev_hash`. Altering, removing or reordering a row by hand breaks the chain at that
row; `manage.py verify_access_log` walks every chain and names the first broken link.

The chain's key is the patient's id. Erasing an account moves that id from `patient` to
`former_patient_id`, so the key, and every hash, survives erasure. Deleting an actor's account
clears `actor`; the hash covers `actor_label` instead, which stays.

Rows are chained as they are inserted (`AccessEvent.save()` and `bulk_create` both come here), in
the inserting transaction, with the patient's chain locked: on PostgreSQL by a transaction-scoped
advisory lock, on SQLite by the IMMEDIATE transaction that already serialises writers.

The database refuses UPDATE and DELETE on the table (migration 0008). The only UPDATEs it lets
through are the ones account deletion needs: `actor` cleared with nothing else changed, and, only
inside `unlink_patient_events`, `patient` moved to `former_patient_id` for that one patient.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import Max

GENESIS = "0" * 64
ERASURE_SETTING = "integration_journal.erasure"
# SQLite has no transaction-scoped settings: there the erasure marks the one patient in the
# table care_accessevent_erasure, inside its transaction, and the UPDATE trigger looks there.


def chain_key(event) -> str:
    """The patient's id, before and after erasure; empty for an event about nobody."""
    subject = event.patient_id or event.former_patient_id
    return str(subject) if subject else ""


def event_hash(event, prev_hash: str) -> str:
    at = event.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = [
        1,  # serialisation version
        chain_key(event),
        str(event.actor_label),
        str(event.action),
        str(event.item_type),
        str(event.item_id),
        at,
        prev_hash,
    ]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_id(key: str) -> int:
    return int.from_bytes(
        hashlib.sha256(f"accessevent:{key}".encode()).digest()[:8], "big", signed=True
    )


def _lock_chains(keys: Iterable[str]) -> None:
    if connection.vendor != "postgresql":
        return
    # Sorted, so two transactions locking several chains take them in the same order.
    ids = sorted({_lock_id(key) for key in keys})
    if ids:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k", [ids])


def _last_hashes(model, events) -> dict[str, str]:
    rows = model._base_manager.all()
    patients = {e.patient_id for e in events if e.patient_id}
    last: dict[str, str] = {}
    if len(patients) == 1:
        (patient_id,) = patients
        found = rows.filter(patient_id=patient_id).order_by("-id").values_list("hash", flat=True)
        if found := found.first():
            last[str(patient_id)] = found
    elif patients:
        latest = (
            rows.filter(patient_id__in=patients)
            .values("patient_id")
            .annotate(last=Max("id"))
            .values("last")
        )
        for patient_id, found in rows.filter(id__in=latest).values_list("patient_id", "hash"):
            last[str(patient_id)] = found
    for event in events:
        if event.patient_id:
            continue
        key = chain_key(event)
        if key in last:
            continue
        if event.former_patient_id:
            chain = rows.filter(
                models.Q(former_patient_id=event.former_patient_id)
                | models.Q(patient_id=event.former_patient_id)
            )
        else:
            chain = rows.filter(patient__isnull=True, former_patient_id__isnull=True)
        if found := chain.order_by("-id").values_list("hash", flat=True).first():
            last[key] = found
    return last


@contextmanager
def chaining(model, events: list) -> Iterator[None]:
    """Give `events` (about to be inserted, in this order) their place in their chains."""
    # savepoint=False: inside a caller's transaction this adds no queries; outside one it
    # opens the transaction that holds the lock until the rows are committed.
    with transaction.atomic(savepoint=False):
        _lock_chains(chain_key(e) for e in events)
        last = _last_hashes(model, events)
        for event in events:
            key = chain_key(event)
            event.prev_hash = last.get(key, GENESIS)
            event.hash = event_hash(event, event.prev_hash)
            last[key] = event.hash
        yield


def unlink_patient_events(patient) -> int:
    """Erasure's path through the append-only log: unlink `patient`'s events (`patient` emptied,
    `former_patient_id` set, nothing else changed) and log that this happened. Returns how many
    events were unlinked. Call it in the transaction that deletes the account; deleting a User
    calls it anyway (care/apps.py), so no deletion leaves the log half unlinked."""
    from care.models import AccessEvent

    with transaction.atomic(savepoint=False):
        _lock_chains([str(patient.pk)])
        events = models.QuerySet(AccessEvent).filter(patient_id=patient.pk)
        with _erasure_allowed(patient):
            count = events.update(patient=None, former_patient_id=patient.pk)
        if count:
            AccessEvent.objects.create(
                actor=None,
                actor_label="erasure",
                patient=None,
                former_patient_id=patient.pk,
                action=AccessEvent.Action.ERASURE,
            )
    return count


@contextmanager
def _erasure_allowed(patient) -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, %s, true)", [ERASURE_SETTING, str(patient.pk)])
            yield
            cursor.execute("SELECT set_config(%s, '', true)", [ERASURE_SETTING])
        elif connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO care_accessevent_erasure (patient_id) VALUES (%s)", [patient.pk.hex]
            )
            yield
            cursor.execute(
                "DELETE FROM care_accessevent_erasure WHERE patient_id = %s", [patient.pk.hex]
            )
        else:
            yield


@dataclass
class BrokenLink:
    event_id: int
    chain: str
    what: str
    expected: str
    found: str

    def __str__(self) -> str:
        return (
            f"event {self.event_id} (patient {self.chain or '-'}): {self.what} "
            f"expected {self.expected}, found {self.found}"
        )


@dataclass
class Verification:
    chains: int
    events: int
    broken: list[BrokenLink]


def verify_chains(patient_id: str | None = None) -> Verification:
    """Walk every chain (or one patient's) in insertion order. Reports the first broken link of
    each broken chain; the rest of that chain is not checked further."""
    from care.models import AccessEvent

    rows = AccessEvent._base_manager.order_by("id")
    if patient_id:
        rows = rows.filter(models.Q(patient_id=patient_id) | models.Q(former_patient_id=patient_id))
    last: dict[str, str] = {}
    broken: dict[str, BrokenLink] = {}
    count = 0
    for event in rows.iterator(chunk_size=2000):
        count += 1
        key = chain_key(event)
        if key in broken:
            continue
        expected_prev = last.get(key, GENESIS)
        if event.prev_hash != expected_prev:
            broken[key] = BrokenLink(event.id, key, "prev_hash", expected_prev, event.prev_hash)
            continue
        expected = event_hash(event, event.prev_hash)
        if event.hash != expected:
            broken[key] = BrokenLink(event.id, key, "hash", expected, event.hash)
            continue
        last[key] = event.hash
    chains = set(last) | set(broken)
    return Verification(len(chains), count, sorted(broken.values(), key=lambda b: b.event_id))
