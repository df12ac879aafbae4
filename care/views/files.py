"""Attachment files (photos, their thumbnails, voice notes): the only way they leave storage.

The owner gets their own; a therapist gets one only while its entry is visible to them
(`care.access.visible_entries`: on the care team, shared and not revoked, with MFA); anyone else
gets a 404. A therapist's opening of the file itself is logged in the access log; thumbnails are
what the entry page shows, and that page already logs the view of the entry.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from care import access
from care.models import AccessEvent
from journal.models import Attachment


def _visible(request, pk) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("owner"), pk=pk)
    entries = access.visible_entries(request.user, attachment.owner)
    if not entries.filter(pk=attachment.entry_id).exists():
        raise Http404
    return attachment


def _serve(field, content_type: str, name: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # A file opened on its own is still no place for scripts, whatever a browser makes of it.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def attachment_file(request, pk):
    attachment = _visible(request, pk)
    access.record_access(
        actor=request.user,
        patient=attachment.owner,
        action=AccessEvent.Action.VIEW,
        item=attachment,
    )
    return _serve(attachment.file, attachment.content_type, attachment.download_name)


@require_GET
def attachment_thumbnail(request, pk):
    attachment = _visible(request, pk)
    if not attachment.thumbnail:
        raise Http404
    return _serve(attachment.thumbnail, "image/webp", f"thumbnail-{attachment.download_name}.webp")
