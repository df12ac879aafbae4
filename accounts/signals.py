from allauth.account.signals import user_logged_in
from django.contrib import messages
from django.dispatch import receiver
from django.utils import translation

from accounts.models import DeletionRequest
from integration_journal.i18n import supported


@receiver(user_logged_in)
def cancel_scheduled_deletion(sender, request, user, **kwargs):
    """Signing in during the grace period keeps the account."""
    deleted, _ = DeletionRequest.objects.filter(user=user).delete()
    if deleted:
        messages.success(
            request,
            translation.gettext(
                "Welcome back. Your account will not be deleted; everything is as you left it."
            ),
        )


@receiver(user_logged_in, dispatch_uid="accounts_store_language")
def store_language(sender, request, user, **kwargs):
    """Someone who has not chosen a language keeps the one they signed up or signed in with
    (the switch's cookie, else the browser's), so their emails, notifications and PDFs match
    the pages they read. A choice already stored is never changed here."""
    language = supported(translation.get_language())
    if not user.language and language:
        user.language = language
        type(user).objects.filter(pk=user.pk, language="").update(language=language)
