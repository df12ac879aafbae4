from django.db import migrations, models

from integration_journal.markdown import plain_excerpt


def fill_excerpts(apps, schema_editor):
    """Entries written before the excerpt was stored get theirs from their saved HTML."""
    Entry = apps.get_model("journal", "Entry")
    batch = []
    for entry in Entry.objects.only("pk", "body_html").iterator(chunk_size=500):
        entry.excerpt = plain_excerpt(entry.body_html)
        batch.append(entry)
        if len(batch) == 500:
            Entry.objects.bulk_update(batch, ["excerpt"])
            batch = []
    Entry.objects.bulk_update(batch, ["excerpt"])


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0002_search_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="excerpt",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill_excerpts, migrations.RunPython.noop, elidable=True),
    ]
