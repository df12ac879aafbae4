from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0005_clinic_report_consent_help"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accessevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="accessevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed"),
                    ("view_list", "Viewed the list"),
                    ("reflect", "Wrote a reflection"),
                    ("share", "Shared"),
                    ("revoke", "Stopped sharing"),
                    ("export", "Exported"),
                    ("acknowledge", "Acknowledged a flag"),
                    ("support_note", "Wrote a support note"),
                    ("team_add", "Added to the care team"),
                    ("team_remove", "Removed from the care team"),
                    ("consent", "Changed consents"),
                    ("erasure", "Account erased"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(fields=["patient", "id"], name="care_access_chain_idx"),
        ),
        migrations.AddIndex(
            model_name="accessevent",
            index=models.Index(
                fields=["former_patient_id", "id"], name="care_access_former_chain_idx"
            ),
        ),
    ]
