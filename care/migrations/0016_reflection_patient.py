"""Each reflection names the patient whose entry it is on (the entry's owner), with an index, so
that the home page counts a patient's reflections from their own rows instead of going through
every entry the patient wrote. Filled here from the entries, the same SQL on both databases;
made required in 0017 (PostgreSQL alters no table in the transaction that filled it, while its
foreign keys' checks wait for the commit)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

FILL = """
UPDATE care_reflection SET patient_id = (
    SELECT owner_id FROM journal_entry WHERE journal_entry.id = care_reflection.entry_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0015_access_event_search"),
        ("journal", "0010_theme_counts_by_happened_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reflection",
            name="patient",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reflections_received",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
