"""The entry form on a phone, in a real browser: few Tab stops from the text to Save, Ctrl+Enter
saves, feelings chosen with the keyboard and moods with a tap are stored as chosen, and axe finds
nothing at phone and desktop widths in light and dark. Saves full-page screenshots of the forms."""

import pytest
from django.utils import timezone

from intentions.models import Intention
from journal.models import Entry, TreatmentSession
from practices.models import CheckIn
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, follow, sign_in
from tests.e2e.test_accessibility import axe_violations, readable
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ACTIVE = "document.activeElement"


def phone_tab(tab, email="phone-form@example.org", **options):
    user = make_user(email, "Pat")
    for title in ("Rest more", "Call my sister", "Walk after lunch"):
        Intention.objects.create(owner=user, title=title)
    phone = tab(viewport=PHONE, **options)
    sign_in(phone.page, phone.base_url, user.email, PASSWORD)
    return user, phone


def test_from_the_text_to_save_takes_at_most_20_tab_presses(tab, live_server):
    _, phone = phone_tab(tab)
    page = phone.go("/journal/new/")
    page.focus("#id_body")
    for presses in range(1, 60):
        page.keyboard.press("Tab")
        if page.evaluate(f"{ACTIVE}.textContent.trim()") == "Save entry":
            break
    assert presses <= 20, presses
    # Shift+Tab walks back the same way.
    for _ in range(presses):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"{ACTIVE}.id") == "id_body"
    # With the date field on the form ("When did it happen?", before the title): its inner
    # fields (month, day, year, hour, minute, AM/PM, the picker) are Tab stops of their own, and
    # from there to Save is still at most 20.
    assert page.locator("#id_happened_at[type=datetime-local]").is_visible()
    page.focus("#id_happened_at")
    walk = []
    for presses in range(1, 60):
        page.keyboard.press("Tab")
        walk.append(page.evaluate(f"{ACTIVE}.id"))
        if page.evaluate(f"{ACTIVE}.textContent.trim()") == "Save entry":
            break
    assert presses <= 20, (presses, walk)
    assert walk.count("id_happened_at") <= 7, walk
    assert walk.index("id_body") == walk.index("id_title") + 1


def test_ctrl_enter_in_the_text_saves_the_entry(tab, live_server):
    user, phone = phone_tab(tab)
    page = phone.go("/journal/new/")
    page.fill("#id_body", "Written on the bus home.")
    with page.expect_navigation():
        page.press("#id_body", "Control+Enter")
    page.wait_for_url("**/journal/entries/*/**")
    assert Entry.objects.get(owner=user).body == "Written on the bus home."
    # Enter alone is a new line, not a save.
    page = phone.go("/journal/new/")
    page.fill("#id_body", "one")
    page.press("#id_body", "Enter")
    page.keyboard.type("two")
    assert page.input_value("#id_body") == "one\ntwo"
    assert Entry.objects.filter(owner=user).count() == 1


def test_feelings_by_keyboard_and_moods_by_tap_save_what_was_chosen(tab, live_server):
    user, phone = phone_tab(tab, has_touch=True)
    page = phone.go("/journal/new/")
    page.fill("#id_body", "Quiet evening.")
    page.focus("#id_body")
    page.keyboard.press("Tab")  # Preview
    page.keyboard.press("Tab")  # the first group of feelings: one stop, on its first chip
    assert page.evaluate(f"{ACTIVE}.value") == "calm"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(f"{ACTIVE}.value") == "relieved"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the next group, not the next chip
    assert page.evaluate(f"{ACTIVE}.value") == "hopeful"
    page.keyboard.press("End")
    page.keyboard.press("Space")
    assert page.evaluate(f"{ACTIVE}.value") == "loved"
    # Each group keeps its stop on the last chip used.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(f"{ACTIVE}.value") == "relieved"
    # The focused chip shows it.
    outline = page.evaluate(f"getComputedStyle({ACTIVE}).outlineStyle")
    assert outline != "none"
    page.click("text=Save entry")
    page.wait_for_url("**/journal/entries/*/**")
    assert Entry.objects.get(owner=user).emotions == ["calm", "relieved", "loved"]

    # Moods, by tapping the numbers on the session form.
    page = phone.go("/journal/sessions/new/")
    clear = page.locator("fieldset:has(#id_mood_before_0) [data-scale-clear]")
    assert clear.is_hidden()  # nothing chosen, nothing to clear
    page.tap("label[for=id_mood_before_2]")
    page.tap("label[for=id_mood_after_8]")
    assert page.is_checked("#id_mood_before_2") and page.is_checked("#id_mood_after_8")
    # Changing one's mind: a tap on another number, or clear it to "not answered".
    page.tap("label[for=id_mood_before_3]")
    page.keyboard.press("ArrowRight")  # the arrow keys move along the scale
    assert page.is_checked("#id_mood_before_4")
    page.tap("label[for=id_mood_after_0]")
    page.locator("fieldset:has(#id_mood_after_0) [data-scale-clear]").tap()
    assert page.locator("input[name=mood_after]:checked").count() == 0
    follow(page, "text=Save session")
    session = TreatmentSession.objects.get(owner=user)
    assert (session.mood_before, session.mood_after) == (4, None)

    # And the check-in's mood.
    page = phone.go("/practices/check-in/")
    page.tap("label[for=id_mood_10]")
    follow(page, "text=Save check-in")
    assert CheckIn.objects.get(owner=user).mood == 10


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_forms_have_no_axe_violations_on_a_phone_or_a_desktop(tab, live_server, scheme):
    user, one = phone_tab(tab, color_scheme=scheme)
    TreatmentSession.objects.create(owner=user, number=1, date=timezone.now(), mood_before=3)
    failures = {}
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        one.page.set_viewport_size(viewport)
        for path in ("/journal/new/", "/journal/sessions/new/", "/practices/check-in/"):
            page = one.go(path)
            # With choices made too: the chosen chip and number have their own colours.
            if path == "/journal/new/":
                page.check("input[name=emotions][value=tender]")
                page.focus("input[name=emotions][value=tender]")
            else:
                page.click("label[for$=_mood_before_5], label[for=id_mood_5]")
            violations = axe_violations(page)
            if violations:
                failures[f"{path} {width} {scheme}"] = violations
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert failures == {}, readable(failures)


def test_an_earlier_session_is_reached_by_its_number_with_the_keyboard(tab, live_server):
    """After more sessions than the picker lists: the number field follows the picker in the
    Tab order, is labelled, a wrong number comes back with the text kept, and axe finds nothing."""
    import datetime as dt

    from journal.forms.entries import RECENT_SESSIONS

    user, one = phone_tab(tab, email="many-sessions@example.org")
    count = RECENT_SESSIONS + 3
    for number in range(1, count + 1):
        when = timezone.now() - dt.timedelta(days=7 * (count - number) + 1)
        TreatmentSession.objects.create(owner=user, number=number, date=when)
    page = one.go("/journal/new/")
    assert page.locator("#id_session option").count() == RECENT_SESSIONS + 1
    assert page.text_content("label[for=id_session_number]").startswith(
        "Or an earlier session, by its number"
    )
    assert axe_violations(page) == []
    page.focus("#id_session")
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.id") == "id_session_number"
    page.keyboard.type("99")
    page.fill("#id_body", "About the very first one.")
    follow(page, "text=Save entry")
    assert "You have no session 99." in page.text_content(".field--error")
    assert page.input_value("#id_body") == "About the very first one."
    assert page.input_value("#id_session_number") == "99"
    page.fill("#id_session_number", "1")
    follow(page, "text=Save entry")
    assert Entry.objects.get(owner=user).session.number == 1


def test_screenshots_of_the_forms(tab, live_server):
    """Full-page, into docs/screenshots/ (docs/journal.md shows them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _, one = phone_tab(tab)
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        one.page.set_viewport_size(viewport)
        page = one.go("/journal/new/")
        page.fill("#id_title", "After the walk")
        page.fill("#id_body", "The light on the water, and my shoulders dropping.")
        for feeling in ("calm", "tender", "tired"):
            page.check(f"input[name=emotions][value={feeling}]")
        page.screenshot(path=SCREENSHOTS / f"entry-form-{width}.png", full_page=True)
        page = one.go("/journal/sessions/new/")
        page.click("label[for=id_mood_before_3]")
        page.click("label[for=id_mood_after_7]")
        page.screenshot(path=SCREENSHOTS / f"session-form-{width}.png", full_page=True)
