from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete, pre_save


class CareConfig(AppConfig):
    name = "care"

    def ready(self):
        # Whichever way an account is deleted (erasure, the admin, a demo reset), its access
        # events are unlinked through the one path the database allows, before Django's
        # SET_NULL would try a plain UPDATE that the append-only trigger refuses.
        pre_delete.connect(
            _unlink_access_events, sender=settings.AUTH_USER_MODEL, dispatch_uid="care_unlink"
        )
        # A person who signs up from now on is offered the patient onboarding on first home.
        from allauth.account.signals import user_signed_up

        user_signed_up.connect(_start_onboarding, dispatch_uid="care_onboarding")
        # Clinic staff keep the short session limits on every device (care/signals.py).
        from care import signals  # noqa: F401

        # An item-9 answer is flagged or private from the moment it is saved, by what the
        # patient shares then; the questionnaire app saves answers without knowing about care.
        from measures.models import Response

        pre_save.connect(_decide_flag, sender=Response, dispatch_uid="care_decide_flag")


def _unlink_access_events(sender, instance, **kwargs):
    from care.audit import unlink_patient_events

    unlink_patient_events(instance)


def _start_onboarding(sender, request, user, **kwargs):
    from care.models import Onboarding

    Onboarding.objects.get_or_create(user=user)


def _decide_flag(sender, instance, **kwargs):
    if instance._state.adding and instance.item9_positive and not instance.flag_state:
        from care import access

        instance.flag_state = access.flag_state_at_answer(instance.owner)
