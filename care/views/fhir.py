"""A patient's questionnaires as FHIR, for a care-team therapist's clinical records.

Only what the patient shares with the therapist (`care.access.visible_responses`), and only
while `care.access.can_export_measures` allows it; anything else is a 404. Each download is an
"exported" event in the patient's access log.
"""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from care import access
from care.models import AccessEvent
from measures import fhir


@require_GET
@access.staff_mfa_required
def questionnaires_fhir(request, patient_id):
    me = request.user
    person = get_object_or_404(access.patients_for(me), pk=patient_id)
    if not access.can_export_measures(me, person):
        raise Http404
    now = timezone.now()
    bundle = fhir.questionnaire_bundle(person, access.visible_responses(me, person), now)
    access.record_access(actor=me, patient=person, action=AccessEvent.Action.EXPORT)
    response = HttpResponse(
        json.dumps(bundle, ensure_ascii=False, indent=2), content_type=fhir.MEDIA_TYPE
    )
    name = fhir.filename(timezone.localdate(now))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
