import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_types(apps, from_label: str, to_label: str) -> None:
    """Keep the models' content types (and with them their permissions) under their app. Where
    both exist (post_migrate made one after an earlier migration back), the old one is left."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ["dataexport", "pendingimport"]:
        if not ContentType.objects.filter(app_label=to_label, model=model).exists():
            ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def content_types_to_mydata(apps, schema_editor):
    _move_content_types(apps, "accounts", "mydata")


def content_types_to_accounts(apps, schema_editor):
    _move_content_types(apps, "mydata", "accounts")


class Migration(migrations.Migration):
    """The tables already exist (renamed by accounts 0004): this only adds the models to
    mydata's state."""

    initial = True

    dependencies = [
        ("accounts", "0004_move_exports_and_imports_to_mydata"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataExport",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Waiting to start"),
                                    ("running", "Being prepared"),
                                    ("ready", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=10,
                            ),
                        ),
                        ("archive", models.BinaryField(editable=False, null=True)),
                        ("size", models.PositiveIntegerField(default=0)),
                        ("error", models.CharField(blank=True, max_length=500)),
                        ("created", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "started_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        ("expires_at", models.DateTimeField()),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="data_exports",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"ordering": ["-created"]},
                ),
                migrations.CreateModel(
                    name="PendingImport",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        ("data", models.JSONField()),
                        ("file_name", models.CharField(blank=True, max_length=255)),
                        ("created", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "owner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pending_imports",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
            ],
        ),
        migrations.RunPython(content_types_to_mydata, content_types_to_accounts),
    ]
