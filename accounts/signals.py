from allauth.account.signals import user_logged_in
from django.contrib import messages
from django.dispatch import receiver

from accounts.models import DeletionRequest


@receiver(user_logged_in)
def cancel_scheduled_deletion(sender, request, user, **kwargs):
    """Signing in during the grace period keeps the account."""
    deleted, _ = DeletionRequest.objects.filter(user=user).delete()
    if deleted:
        messages.success(
            request, "Welcome back. Your account will not be deleted; everything is as you left it."
        )
