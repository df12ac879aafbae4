from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from care import access


@require_GET
@login_not_required
def crisis(request):
    return render(
        request,
        "pages/crisis.html",
        {"crisis_resources": access.crisis_resources_for(request.user)},
    )
