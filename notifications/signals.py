"""The events that make a notification due. The apps below know nothing of notifications:
this app listens to their models (docs/architecture.md, "Layers")."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from care.models import FlagEscalation, Reflection, Share, SupportNote
from journal.models import TreatmentSession
from measures.models import Response
from notifications import schedule


def _after_commit(function, *args):
    transaction.on_commit(lambda: function(*args), robust=True)


@receiver(post_save, sender=TreatmentSession)
def session_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _after_commit(schedule.session_saved, instance)


@receiver(post_save, sender=Reflection)
def reflection_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _after_commit(schedule.reflection_added, instance)


@receiver(post_save, sender=SupportNote)
def support_note_added(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _after_commit(schedule.support_note_added, instance)


@receiver(post_save, sender=Share)
def item_shared(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _after_commit(schedule.item_shared, instance)


@receiver(post_save, sender=Response)
def answer_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.is_flag:
        _after_commit(schedule.answer_flagged, instance)


@receiver(post_save, sender=FlagEscalation)
def flag_escalated(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _after_commit(schedule.flag_escalated, instance)
