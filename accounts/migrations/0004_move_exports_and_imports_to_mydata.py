from django.db import migrations


class Migration(migrations.Migration):
    """DataExport and PendingImport now belong to the mydata app. Their tables are renamed to
    mydata's names here, rows intact, and the models leave this app's state; mydata's first
    migration takes them into its state without touching the database."""

    dependencies = [
        ("accounts", "0003_export_started_at"),
    ]

    operations = [
        migrations.AlterModelTable(name="dataexport", table="mydata_dataexport"),
        migrations.AlterModelTable(name="pendingimport", table="mydata_pendingimport"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="DataExport"),
                migrations.DeleteModel(name="PendingImport"),
            ],
        ),
    ]
