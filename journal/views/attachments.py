"""Attachments on an entry: add, describe, remove. Owner-only; the files themselves are served by
care's file view (care/views/files.py), which asks care/access.py."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from journal.attachments import AttachmentRefused, check_room, store
from journal.forms.attachments import AttachmentForm, DescribeForm
from journal.models import Attachment, Entry
from journal.views.entries import entry_page


@require_POST
def attachment_add(request, pk):
    entry = get_object_or_404(Entry.objects.for_owner(request.user), pk=pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        prepared = form.cleaned_data["prepared"]
        try:
            with transaction.atomic():
                # Locks the entry, so two uploads at once cannot both take the last place.
                Entry.objects.select_for_update().filter(pk=entry.pk).first()
                check_room(entry, request.user, prepared.size)
                alt_text = form.cleaned_data["alt_text"]
                if form.cleaned_data.get("drawn") and not alt_text.strip():
                    # What a screen reader says on every page that shows it, rather than nothing.
                    alt_text = gettext("A drawing")
                attachment = store(entry, prepared, alt_text=alt_text)
        except AttachmentRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            if not attachment.is_photo:
                messages.success(request, gettext("The voice note is added to this entry."))
            elif form.cleaned_data.get("drawn"):
                messages.success(request, gettext("The drawing is added to this entry."))
            else:
                messages.success(request, gettext("The photo is added to this entry."))
            # To the new photo, drawing or voice note itself: what was added is what shows.
            return redirect(f"{entry.get_absolute_url()}#attachment-{attachment.pk}")
    return entry_page(request, entry, attachment_form=form, status=400)


def _own(request, pk) -> Attachment:
    return get_object_or_404(
        Attachment.objects.for_owner(request.user).filter(entry__deleted_at__isnull=True), pk=pk
    )


@require_POST
def attachment_describe(request, pk):
    attachment = _own(request, pk)
    form = DescribeForm(request.POST)
    if form.is_valid() and attachment.is_photo:
        attachment.alt_text = form.cleaned_data["alt_text"]
        attachment.save(update_fields=["alt_text"])
        messages.success(request, gettext("The description is saved."))
        return redirect(f"{attachment.entry.get_absolute_url()}#attachments")
    return entry_page(
        request, attachment.entry, describe_form=form, describing=attachment.pk, status=400
    )


@require_POST
def attachment_remove(request, pk):
    attachment = _own(request, pk)
    entry = attachment.entry
    removed = (
        gettext("The photo is removed.")
        if attachment.is_photo
        else gettext("The voice note is removed.")
    )
    attachment.delete()  # its files leave storage when this commits (journal/apps.py)
    messages.success(request, removed)
    return redirect(f"{entry.get_absolute_url()}#attachments")
