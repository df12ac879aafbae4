"""Sharing: which items a patient shares with which care-team members.

Only the owner changes shares; every change writes an AccessEvent.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from care.access import record_access
from care.models import AccessEvent, CareTeamMember, Membership, Share
from intentions.models import Intention
from journal.models import Entry, TreatmentSession

KINDS = ("entry", "intention", "session")


def owned_items(kind: str, owner) -> QuerySet:
    """The owner's items of one kind that may be shared (never trashed ones)."""
    return {
        "entry": Entry.objects.for_owner,
        "intention": Intention.objects.for_owner,
        "session": TreatmentSession.objects.for_owner,
    }[kind](owner)


def kind_of(item) -> str:
    name = item._meta.model_name
    return "session" if name == "treatmentsession" else name


def team_for(patient) -> QuerySet:
    """The patient's care team: therapists still members of the clinic they were chosen in."""
    return (
        CareTeamMember.objects.filter(
            link__patient_id=patient.pk,
            link__clinic__memberships__user=F("therapist"),
            link__clinic__memberships__role=Membership.Role.THERAPIST,
        )
        .select_related("therapist", "link__clinic")
        .order_by("created")
    )


def active_shares_for_item(item) -> QuerySet:
    return (
        Share.objects.active()
        .filter(**{kind_of(item): item})
        .select_related("recipient")
        .order_by("created")
    )


@transaction.atomic
def set_recipients(*, patient, item, recipient_ids: set) -> tuple[int, int]:
    """Share `item` with exactly `recipient_ids` (care-team members only). Returns
    (added, revoked)."""
    kind = kind_of(item)
    allowed = {str(member.therapist_id) for member in team_for(patient)}
    wanted = {str(rid) for rid in recipient_ids} & allowed
    current = {str(share.recipient_id): share for share in active_shares_for_item(item)}
    added = revoked = 0
    now = timezone.now()
    for rid, share in current.items():
        if rid not in wanted:
            Share.objects.filter(pk=share.pk).update(revoked_at=now)
            record_access(
                actor=patient, patient=patient, action=AccessEvent.Action.REVOKE, item=item
            )
            revoked += 1
    for rid in wanted - current.keys():
        Share.objects.create(owner=patient, recipient_id=rid, **{kind: item})
        record_access(actor=patient, patient=patient, action=AccessEvent.Action.SHARE, item=item)
        added += 1
    return added, revoked


def revoke_share(*, patient, share: Share) -> None:
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
        record_access(
            actor=patient, patient=patient, action=AccessEvent.Action.REVOKE, item=share.item
        )


def revoke_unless_still_on_team(*, patient, therapist) -> int:
    """Call after a care-team row has ended (the therapist removed, the patient leaving a clinic,
    an admin removing a member): revokes the patient's shares to `therapist`, so adding them back
    later never silently re-opens old items, unless the therapist is still on the patient's team
    through another clinic. A share is made to the person, not to a clinic, and that other team
    row still allows it; ending one link ends only what that link allowed."""
    if team_for(patient).filter(therapist_id=therapist.pk).exists():
        return 0
    return (
        Share.objects.active()
        .filter(owner_id=patient.pk, recipient_id=therapist.pk)
        .update(revoked_at=timezone.now())
    )
