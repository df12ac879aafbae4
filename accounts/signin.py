"""The login, email-code and passkey forms. Their own module: allauth's forms import
`accounts.forms` (the sign-up fields), so subclasses of allauth's forms beside them would import
in a circle."""

from allauth.account.forms import ConfirmEmailVerificationCodeForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm, SignupWebAuthnForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from fido2.webauthn import RegistrationResponse

from integration_journal.middleware import SESSION_TRUST_WISH, SESSION_TRUSTED


class LoginForm(AllauthLoginForm):
    """allauth's login form, its "remember" box worded for what it does here: on a device the
    person keeps to themselves, a patient stays signed in for days rather than half an hour
    (SessionLifetimeMiddleware; clinic staff keep the short limit)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")
            self.fields["remember"].help_text = _(
                "Only on a phone or computer that is yours alone. Clinic staff are always "
                "signed out after a short while without activity."
            )

    def login(self, request, redirect_url=None):
        # Before super().login: with a second step (MFA) the sign-in completes later, in another
        # request, and care.signals reads the wish then.
        if self.cleaned_data.get("remember"):
            request.session[SESSION_TRUST_WISH] = str(self.user.pk)
        else:
            request.session.pop(SESSION_TRUST_WISH, None)
        response = super().login(request, redirect_url)
        if request.user.is_authenticated:
            # Signed in within this request (no second step), and allauth has just set its own
            # cookie age over care's: a trusted session's cookie lasts as long as the session
            # may, any other ends with the browser.
            trusted = request.session.get(SESSION_TRUSTED)
            request.session.set_expiry(settings.SESSION_TRUSTED_ABSOLUTE_TIMEOUT if trusted else 0)
        return response


class CompleteCredentialMixin:
    """allauth reads the browser's answer with fido2, and catches only a TypeError: an answer
    with a field missing (a KeyError) or not in base64 (a ValueError) would be a server error.
    Checked here first, so a broken answer is a message on the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["credential"].error_messages.update(
            required="Your device did not send a passkey. Please press the button again.",
            invalid=_("Your device's answer did not come through whole. Please try again."),
        )

    def clean_credential(self):
        credential = self.cleaned_data["credential"]
        try:
            RegistrationResponse.from_dict(credential)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise forms.ValidationError(
                _("Your device's answer did not come through whole. Please try again.")
            ) from None
        return credential


class AddPasskeyForm(CompleteCredentialMixin, AddWebAuthnForm):
    """allauth's "add a security key" form, in our words: a passkey that signs the person in
    without a password unless they untick it (then it serves only as the second step)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name (so you can tell your passkeys apart)")
        passwordless = self.fields.get("passwordless")
        if passwordless is not None:
            passwordless.label = _("Use it to sign in without a password")
            passwordless.help_text = _(
                "Your device asks for your fingerprint, face or PIN each time."
            )
            passwordless.initial = True


class ConfirmEmailCodeForm(ConfirmEmailVerificationCodeForm):
    """The box for the code that confirms an email address: a label a screen reader reads, and
    the number pad on a phone (the code is six digits, ACCOUNT_EMAIL_VERIFICATION_BY_CODE_FORMAT).
    The phone may offer the code from the mail itself (autocomplete="one-time-code")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = _("The 6-digit code from the email")
        code.widget.attrs.pop("placeholder", None)
        code.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "20"}
        )


class SignupPasskeyForm(CompleteCredentialMixin, SignupWebAuthnForm):
    """The last step of passkey sign-up: naming the passkey the device is about to make. allauth
    would suggest "Master key"; an empty box gets a plainer name."""

    DEFAULT_NAME = "First passkey"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name (so you can tell your passkeys apart)")
        self.fields["name"].help_text = _("For example “My phone”. You can leave it as it is.")
        self.initial["name"] = self.DEFAULT_NAME

    def clean_name(self):
        return self.cleaned_data["name"].strip() or self.DEFAULT_NAME
