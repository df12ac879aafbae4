"""The meditation timer in a real browser, with the page's clock under the test's control."""

import pytest

from practices.models import PracticeLog
from tests.e2e.conftest import sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
MINUTE = 60_000


def open_timer(tab, live_server):
    user = make_user("sitter@example.org", "Sam")
    sitter = tab()
    sitter.page.clock.install()
    sign_in(sitter.page, live_server.url, user.email, PASSWORD)
    return user, sitter.go("/practices/timer/")


def logged_minutes(user):
    return list(
        PracticeLog.objects.filter(check_in__owner=user).values_list("practice__key", "minutes")
    )


def test_the_timer_logs_the_length_it_was_started_with(tab, live_server):
    user, page = open_timer(tab, live_server)
    page.check("#minutes-3")
    page.click("[data-timer-start]")
    # The choice is locked while the timer runs; even if the radio changes, 3 minutes were sat.
    assert page.is_disabled("#minutes-30")
    page.evaluate("document.querySelector('#minutes-30').checked = true")
    page.clock.run_for(3 * MINUTE + 3_000)
    page.wait_for_url("**/practices/")
    assert "3 minutes of meditation added" in page.content()
    assert logged_minutes(user) == [("meditation", 3)]


def test_a_sit_stopped_early_can_log_the_minutes_done(tab, live_server):
    user, page = open_timer(tab, live_server)
    page.check("#minutes-10")
    page.click("[data-timer-start]")
    page.clock.run_for(4 * MINUTE + 10_000)
    assert page.is_hidden("[data-timer-log]")
    page.click("[data-timer-pause]")
    assert page.inner_text("[data-timer-log]") == "Log the 4 minutes done"
    # Resuming hides the offer again; pausing later offers the new total.
    page.click("[data-timer-start]")
    assert page.is_hidden("[data-timer-log]")
    page.clock.run_for(MINUTE)
    page.click("[data-timer-pause]")
    page.click("text=Log the 5 minutes done")
    page.wait_for_url("**/practices/")
    assert "5 minutes of meditation added" in page.content()
    assert logged_minutes(user) == [("meditation", 5)]


def test_reset_unlocks_the_choice_and_logs_nothing(tab, live_server):
    user, page = open_timer(tab, live_server)
    page.click("[data-timer-start]")
    page.clock.run_for(2 * MINUTE)
    page.click("[data-timer-pause]")
    page.click("[data-timer-reset]")
    assert page.is_enabled("#minutes-5")
    assert page.is_hidden("[data-timer-log]")
    page.check("#minutes-5")
    assert page.inner_text("[data-timer-display]") == "05:00"
    assert logged_minutes(user) == []
