from django.db import migrations


def seed(apps, schema_editor):
    from practices.catalogue import CATALOGUE

    Practice = apps.get_model("practices", "Practice")
    for order, (key, name, description) in enumerate(CATALOGUE):
        Practice.objects.update_or_create(
            owner=None, key=key, defaults={"name": name, "description": description, "order": order}
        )


def unseed(apps, schema_editor):
    apps.get_model("practices", "Practice").objects.filter(owner=None).delete()


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
