"""allauth strings whose Spanish we word ourselves: allauth's own catalogue says "usted" where the
product says "tú". Listed here (never called) so `make messages` keeps them in our catalogue,
which takes precedence over allauth's. English is unchanged: these are allauth's own msgids."""

from django.utils.translation import gettext_noop

REWORDED = [
    gettext_noop("Forgot your password?"),
    gettext_noop("Use your password"),
    gettext_noop("Please type your current password."),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("View your email address"),
    gettext_noop("Please select only one."),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
]
