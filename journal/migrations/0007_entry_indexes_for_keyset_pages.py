"""Two partial indexes of entries in place of (owner, deleted_at, -created).

The owner's live entries by (created, id), newest first: the journal list pages by keyset
(integration_journal/keyset.py) and walks it from the top or from a cursor, with no sort. A full
index does not do that on PostgreSQL, whose planner does not take `deleted_at IS NULL` as fixing
that column, so each page sorted every one of the owner's entries. The entries in the trash get
their own small index, for the trash page and its count. The new indexes are built before the
old one is dropped, so the lists are never without one."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("journal", "0006_theme_counts")]

    operations = [
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["owner", "-created", "-id"],
                name="journal_entry_live_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=False),
                fields=["owner", "-deleted_at"],
                name="journal_entry_trash_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="entry", name="journal_ent_owner_i_d8d7cb_idx"),
    ]
