"""Support persons (invited by the patient to one session) and the patient's replies to
reflections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from care import access
from care.forms import ReplyForm, SupportInviteForm, SupportNoteForm
from care.models import AccessEvent, Reflection, SupportInvite, SupportNote
from care.sharing import owned_items
from care.views.invitations import email_invitation, open_invitation
from integration_journal.markdown import render_markdown

# The patient's side


@require_POST
def support_invite(request, session_id):
    session = get_object_or_404(owned_items("session", request.user), pk=session_id)
    form = SupportInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a valid email address for your support person."))
        return redirect(_session_url(session))
    with transaction.atomic():
        invite, token = SupportInvite.issue(
            patient=request.user, session=session, email=form.cleaned_data["email"]
        )
        access.record_access(
            actor=request.user, patient=request.user, action=AccessEvent.Action.SHARE, item=session
        )
    email_invitation(
        request,
        invite,
        token,
        link_to="care:support_accept",
        subject=_("{user} invited you to a session").format(user=request.user),
        template="care/email/support_invite.txt",
        context={"patient": request.user},
    )
    messages.success(
        request,
        _("We are sending {email} an invitation for this session.").format(email=invite.email),
    )
    return redirect(_session_url(session))


def _session_url(session) -> str:
    return reverse("journal:session_detail", args=[session.pk])


@require_POST
def support_withdraw(request, invite_id):
    invite = get_object_or_404(SupportInvite.objects.filter(patient=request.user), pk=invite_id)
    if invite.withdrawn_at is None:
        with transaction.atomic():
            invite.withdrawn_at = timezone.now()
            invite.save(update_fields=["withdrawn_at"])
            access.record_access(
                actor=request.user,
                patient=request.user,
                action=AccessEvent.Action.REVOKE,
                item=invite.session,
            )
    messages.success(
        request,
        _("{email} can no longer add notes or see this session.").format(email=invite.email),
    )
    return redirect(_session_url(invite.session))


@require_POST
def support_note_status(request, note_id):
    note = get_object_or_404(
        SupportNote.objects.filter(invite__patient=request.user).select_related("invite__session"),
        pk=note_id,
    )
    status = request.POST.get("status", "")
    if status not in SupportNote.Status.values:
        messages.error(request, _("Please choose to keep or hide the note."))
    else:
        note.status = status
        note.save(update_fields=["status"])
        messages.success(
            request,
            _("The note is kept in your journal.")
            if status == SupportNote.Status.KEPT
            else _("The note is hidden.")
            if status == SupportNote.Status.HIDDEN
            else _("The note is back."),
        )
    return redirect(_session_url(note.invite.session))


@require_POST
def reflection_reply(request, entry_id, therapist_id):
    entry = get_object_or_404(owned_items("entry", request.user), pk=entry_id)
    # Reply only inside a thread a therapist started on this entry.
    thread = Reflection.objects.filter(entry=entry, therapist_id=therapist_id)
    first = get_object_or_404(thread.select_related("therapist")[:1])
    form = ReplyForm(request.POST)
    if form.is_valid():
        Reflection.objects.create(
            entry=entry,
            therapist=first.therapist,
            author=request.user,
            body=form.cleaned_data["body"],
            body_html=render_markdown(form.cleaned_data["body"]),
        )
        messages.success(
            request,
            _("Your reply is saved. {therapist} will see it.").format(therapist=first.therapist),
        )
        return redirect(_entry_url(entry))
    return render(
        request,
        "care/reply_form.html",
        {"entry": entry, "therapist": first.therapist, "form": form, "back": _entry_url(entry)},
        status=400,
    )


def _entry_url(entry) -> str:
    return reverse("journal:entry_detail", args=[entry.pk])


# The support person's side


@require_GET
@login_not_required
@open_invitation(SupportInvite.objects.select_related("patient", "session"))
def support_accept(request, invite, token):
    wrong_person = request.user.is_authenticated and not invite.is_addressed_to(request.user)
    return render(
        request,
        "care/support_accept.html",
        {"invite": invite, "token": token, "wrong_person": wrong_person},
    )


@require_POST
@open_invitation(SupportInvite.objects.all(), lock=True)
def support_accept_confirm(request, invite, token):
    if not invite.is_addressed_to(request.user) or request.user == invite.patient:
        return redirect("care:support_accept", token=token)
    invite.accept(request.user)
    messages.success(request, _("Thank you for being there. You can add notes for this session."))
    return redirect("care:support_session", invite_id=invite.pk)


@require_GET
def support_home(request):
    invites = access.support_invites_for(request.user).select_related("patient", "session")
    return render(request, "care/support_home.html", {"invites": invites})


@require_http_methods(["GET", "POST"])
def support_session(request, invite_id):
    invite = get_object_or_404(
        access.support_invites_for(request.user).select_related("patient", "session"),
        pk=invite_id,
    )
    form = SupportNoteForm(request.POST or None)
    if request.method == "GET":
        access.record_access(
            actor=request.user,
            patient=invite.patient,
            action=AccessEvent.Action.VIEW,
            item=invite.session,
        )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            SupportNote.objects.create(
                invite=invite,
                author=request.user,
                body=form.cleaned_data["body"],
                body_html=render_markdown(form.cleaned_data["body"]),
            )
            access.record_access(
                actor=request.user,
                patient=invite.patient,
                action=AccessEvent.Action.SUPPORT_NOTE,
                item=invite.session,
            )
        messages.success(request, _("Your note is saved."))
        return redirect("care:support_session", invite_id=invite.pk)
    return render(
        request,
        "care/support_session.html",
        {
            "invite": invite,
            "notes": access.visible_support_notes(request.user, invite),
            "form": form,
        },
        status=400 if form.errors else 200,
    )
