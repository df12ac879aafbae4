"""The private storage attachments live in (settings.STORAGES["attachments"]).

A lazy handle, so a test that overrides STORAGES gets its own storage as Django's
`default_storage` does. Nothing here ever builds a URL: files are read only through the file
view (care/views/files.py), which asks care/access.py first.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class AttachmentStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["attachments"]


attachment_storage = AttachmentStorage()


def get_attachment_storage():
    return attachment_storage


def _reset(*, setting, **kwargs):
    if setting == "STORAGES":
        attachment_storage._wrapped = empty


setting_changed.connect(_reset)
