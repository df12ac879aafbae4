from django.db import migrations


def seed(apps, schema_editor):
    from practices.catalogue import ensure_catalogue

    ensure_catalogue(apps.get_model("practices", "Practice"))


def unseed(apps, schema_editor):
    apps.get_model("practices", "Practice").objects.filter(owner=None).delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
