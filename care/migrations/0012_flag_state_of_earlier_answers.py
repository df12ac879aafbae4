from django.db import migrations
from django.db.models import Exists, OuterRef


def decide(apps, schema_editor):
    """Answers saved before the flag state existed: an item-9 answer counts as flagged only if,
    when it was given, the patient already had a clinic link sharing questionnaires with a care
    team (the best record there is of what they were told). Every other one stays private."""
    Response = apps.get_model("measures", "Response")
    CareTeamMember = apps.get_model("care", "CareTeamMember")
    shared_then = CareTeamMember.objects.filter(
        link__patient_id=OuterRef("owner_id"),
        link__share_measures=True,
        link__created__lte=OuterRef("created"),
    )
    positive = Response.objects.filter(item9_positive=True, flag_state="")
    positive.filter(Exists(shared_then)).update(flag_state="flagged")
    positive.update(flag_state="private")


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0011_flags_follow_ups_and_escalation"),
        ("measures", "0003_response_flag_state"),
    ]

    operations = [migrations.RunPython(decide, migrations.RunPython.noop)]
