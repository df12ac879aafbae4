"""Chain the access events already there, patient by patient in insertion (id) order, with the
same serialisation new rows get (care/audit.py)."""

from django.db import migrations


def chain_existing(apps, schema_editor):
    from care.audit import GENESIS, chain_key, event_hash

    AccessEvent = apps.get_model("care", "AccessEvent")
    last: dict[str, str] = {}
    batch = []
    for event in AccessEvent._base_manager.order_by("id").iterator(chunk_size=2000):
        key = chain_key(event)
        event.prev_hash = last.get(key, GENESIS)
        event.hash = event_hash(event, event.prev_hash)
        last[key] = event.hash
        batch.append(event)
        if len(batch) >= 2000:
            AccessEvent._base_manager.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if batch:
        AccessEvent._base_manager.bulk_update(batch, ["prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0006_access_event_hash_chain"),
    ]

    operations = [
        migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False),
    ]
