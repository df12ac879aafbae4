from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "pages/welcome.html")
    return render(request, "home.html")


@require_GET
@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
