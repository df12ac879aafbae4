import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from push import vapid
from push.checks import check_vapid_keys


def test_vapid_keys_prints_a_pair_that_belongs_together(capsys):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    assert vapid.public_key_of(lines["VAPID_PRIVATE_KEY"]) == lines["VAPID_PUBLIC_KEY"]
    assert len(vapid.b64url_decode(lines["VAPID_PUBLIC_KEY"])) == 65


def test_no_keys_is_push_off_and_no_warning(settings):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    assert vapid.keys() is None
    assert check_vapid_keys(None) == []


# `check` runs every system check, and the model checks ask the database which JSON it supports.
@pytest.mark.django_db
def test_half_a_pair_or_a_mismatch_is_an_error(settings):
    public, private = vapid.generate_pair()
    other, _ = vapid.generate_pair()
    for pair, code in [
        ((public, ""), "push.E001"),
        ((other, private), "push.E002"),
        ((public, "!!"), "push.E002"),
    ]:
        settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = pair
        assert [error.id for error in check_vapid_keys(None)] == [code]
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    assert check_vapid_keys(None) == []
    with pytest.raises(SystemCheckError):
        settings.VAPID_PRIVATE_KEY = ""
        call_command("check")


def test_development_keys_are_made_once_and_kept(settings, tmp_path):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    settings.DEBUG = True
    settings.VAPID_DEV_KEY_FILE = tmp_path / "keys.json"
    first = vapid.keys()
    assert first is not None and vapid.public_key_of(first.private_key) == first.public_key
    assert vapid.keys() == first
    assert (settings.VAPID_DEV_KEY_FILE.stat().st_mode & 0o777) == 0o600
