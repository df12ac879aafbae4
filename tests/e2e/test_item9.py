"""PHQ-9 question 9 in a real browser: choosing an answer above 0 reveals the crisis resources
beside the question at once, before the form is sent; choosing 0 again hides them."""

import pytest

from tests.e2e.conftest import PHONE, sign_in
from tests.helpers import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("viewport", [PHONE, None], ids=["phone", "desktop"])
def test_answering_question_9_above_0_reveals_the_crisis_resources(tab, live_server, viewport):
    user = make_user("item9@example.org", "Robin")
    patient = tab(**({"viewport": viewport} if viewport else {}))
    sign_in(patient.page, live_server.url, user.email, PASSWORD)
    page = patient.go("/measures/phq9/take/")
    panel = page.locator("[data-item9-resources]")
    assert not panel.is_visible()
    page.check("#id_item_9_0")
    assert not panel.is_visible()
    page.check("#id_item_9_1")
    panel.wait_for(state="visible")
    assert panel.get_attribute("role") == "alert"
    assert "988" in panel.inner_text()
    page.check("#id_item_9_0")
    panel.wait_for(state="hidden")
