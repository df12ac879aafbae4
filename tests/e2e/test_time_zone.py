"""The time zone field in a real browser set to another zone than the server's."""

import pytest

from tests.e2e.conftest import sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_sign_up_preselects_the_browser_zone(tab):
    page = tab(timezone_id="Asia/Tokyo").go("/accounts/signup/")
    assert page.input_value("#id_time_zone") == "Asia/Tokyo"


def test_sign_up_keeps_the_server_default_for_a_zone_it_does_not_offer(tab):
    page = tab(timezone_id="Etc/GMT+5").go("/accounts/signup/")
    assert page.input_value("#id_time_zone") == "UTC"


def test_settings_offer_the_browser_zone_but_never_change_the_saved_one(tab, live_server):
    user = make_user("traveller@example.org", "Tess", time_zone="Europe/Berlin")
    traveller = tab(timezone_id="America/New_York")
    sign_in(traveller.page, live_server.url, user.email, PASSWORD)
    page = traveller.go("/account/settings/")
    assert page.input_value("#id_time_zone") == "Europe/Berlin"
    page.click("text=Use this device's time zone: America/New York")
    assert page.input_value("#id_time_zone") == "America/New_York"
    page.click("text=Save")
    page.wait_for_url("**/account/settings/")
    user.refresh_from_db()
    assert user.time_zone == "America/New_York"
    # Once they match there is nothing to offer.
    assert page.locator("text=Use this device's time zone").count() == 0
