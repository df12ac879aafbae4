from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import ProfileForm
from integration_journal.i18n import supported
from integration_journal.middleware import session_limits


@require_http_methods(["GET", "POST"])
def settings_page(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(form.instance.language)  # the message, in the language just chosen
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    idle, _absolute = session_limits(request.session)
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "idle_minutes": idle // 60,
            "trusted_days": idle // 86400 if idle > settings.SESSION_IDLE_TIMEOUT else None,
        },
    )


@require_POST
def end_session(request):
    """End one signed-in session of the person's own (the sessions page lists them all). The
    pk travels in the form, not the URL: allauth's sessions have integer keys."""
    pk = request.POST.get("session", "")
    if not pk.isdigit() or len(pk) > 18:  # a made-up id is not a session of theirs
        raise Http404
    session = get_object_or_404(UserSession.objects.filter(user_id=request.user.pk), pk=int(pk))
    if session.session_key == request.session.session_key:
        logout(request)
        return redirect("account_login")
    session.end()
    messages.success(request, _("That device is signed out."))
    return redirect("usersessions_list")


@login_not_required
@require_POST
def set_language(request):
    """The language switch (sign-in page, footer): Django's set_language sets the cookie and
    goes back to `next`; a signed-in person's choice is also stored on their account, so their
    emails, notifications and PDFs follow it."""
    response = django_set_language(request)
    language = supported(request.POST.get("language"))
    if language and request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
        translation.activate(language)
    return response
