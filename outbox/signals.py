from django.conf import settings
from django.db.models.signals import post_delete
from django.dispatch import receiver

from outbox.models import OutgoingMail


@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def forget_mail_to_erased_account(sender, instance, **kwargs):
    """An erased account leaves no address behind in the outbox either."""
    if instance.email:
        OutgoingMail.objects.filter(to__iexact=instance.email).delete()
