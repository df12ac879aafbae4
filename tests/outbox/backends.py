"""Mail backends that fail the way a mail server outage does."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusedBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class SMTPErrorBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
