"""A partial index of the owner's live entries by session, then by when they happened.

A session's page and the timeline read the entries of a few sessions, or of no session within a
stretch of time. Without it, SQLite (which plans without statistics) walks every live entry of
the owner by time and skips the others; PostgreSQL uses it for the same reads."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("journal", "0013_theme_pair_counts_by_owner")]

    operations = [
        migrations.AddIndex(
            model_name="entry",
            index=models.Index(
                condition=models.Q(deleted_at__isnull=True),
                fields=["owner", "session", "happened_at", "id"],
                name="journal_entry_live_session_idx",
            ),
        ),
    ]
