from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

# The crisis resources shown when a clinic has not configured its own (United States).
DEFAULT_CRISIS_RESOURCES = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "detail": "Call or text 988, any time, day or night.",
        "href": "tel:988",
        "action": "Call 988",
    },
    {
        "name": "Text 988",
        "detail": "Prefer writing? Send a text message to 988.",
        "href": "sms:988",
        "action": "Text 988",
    },
    {
        "name": "Crisis Text Line",
        "detail": "Text HOME to 741741 to reach a trained crisis counselor.",
        "href": "sms:741741?body=HOME",
        "action": "Text 741741",
    },
    {
        "name": "Emergency services",
        "detail": "If you are in immediate danger, call 911 or go to the nearest emergency room.",
        "href": "tel:911",
        "action": "Call 911",
    },
]


@require_GET
@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "pages/welcome.html")
    return render(request, "home.html")


@require_GET
@login_not_required
def crisis(request):
    return render(
        request, "pages/crisis.html", {"crisis_resources": crisis_resources_for(request.user)}
    )


def crisis_resources_for(user) -> list[dict]:
    """The crisis resources a person should see: their clinic's, or the defaults."""
    if user is not None and user.is_authenticated:
        from care.models import Clinic

        clinics = Clinic.objects.filter(care_links__patient=user).exclude(crisis_resources="")
        if not clinics:
            clinics = Clinic.objects.filter(memberships__user=user).exclude(crisis_resources="")
        for clinic in clinics.order_by("name")[:1]:
            resources = clinic.crisis_resource_list()
            if resources:
                return resources
    return DEFAULT_CRISIS_RESOURCES


@require_GET
@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
