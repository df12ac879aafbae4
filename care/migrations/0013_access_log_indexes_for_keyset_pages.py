"""The access log pages by keyset (integration_journal/keyset.py), newest first by `at` and then
id: its index on (patient, -at) gains the id, so a page is one walk from the cursor with no sort,
and a second index does the same for the log filtered to one person (`?person=`), which would
otherwise read every event of the patient's to find that person's. Built before the old index is
dropped, so the log is never without one."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0012_flag_state_of_earlier_answers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(fields=["patient", "-at", "-id"], name="care_access_log_idx"),
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(
                fields=["patient", "actor", "-at", "-id"], name="care_access_by_actor_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="accessevent", name="care_access_patient_4249a2_idx"),
    ]
