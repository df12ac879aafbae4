"""The patient's sharing: share or stop sharing an item, and the "Shared" overview."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from care.access import item_outside_trash
from care.models import Share
from care.sharing import KINDS, owned_items, revoke_share, set_recipients
from integration_journal.keyset import keyset_page

SHARED_PAGE_SIZE = 50


def _back(request, fallback: str = "care:shared"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


@require_GET
def shared(request):
    shares = (
        Share.objects.active()
        .filter(item_outside_trash(), owner=request.user)
        .prefetch_related("recipient", "entry", "intention", "session")
    )
    # Keyset pages (integration_journal/keyset.py), newest share first: walked from the owner's
    # index of active shares, so the oldest page costs what the newest does.
    page = keyset_page(shares, request.GET, size=SHARED_PAGE_SIZE, time_field="created")
    return render(request, "care/shared.html", {"page": page, "shares": page.object_list})


@require_POST
def share_item(request, kind: str, item_id):
    if kind not in KINDS:
        raise Http404
    item = get_object_or_404(owned_items(kind, request.user), pk=item_id)
    added, revoked = set_recipients(
        patient=request.user, item=item, recipient_ids=set(request.POST.getlist("recipient"))
    )
    if added or revoked:
        messages.success(request, _("Your sharing choices are saved."))
    else:
        messages.info(request, _("Nothing changed."))
    return _back(request)


@require_POST
def share_revoke(request, share_id):
    share = get_object_or_404(
        Share.objects.filter(owner=request.user).select_related(
            "recipient", "entry", "intention", "session"
        ),
        pk=share_id,
    )
    revoke_share(patient=request.user, share=share)
    messages.success(
        request,
        _("{recipient} no longer sees this. Their access ended now.").format(
            recipient=share.recipient
        ),
    )
    return _back(request)
