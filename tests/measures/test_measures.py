import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from measures.instruments import GAD7, PHQ9, score_response
from measures.models import Response
from tests.helpers import client_for, enable_totp, make_user, query_count

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Moderately severe"),
        (19, "Moderately severe"),
        (20, "Severe"),
        (27, "Severe"),
    ],
)
def test_phq9_bands(total, band):
    assert PHQ9.band_for(total) == band


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "Minimal"),
        (4, "Minimal"),
        (5, "Mild"),
        (9, "Mild"),
        (10, "Moderate"),
        (14, "Moderate"),
        (15, "Severe"),
        (21, "Severe"),
    ],
)
def test_gad7_bands(total, band):
    assert GAD7.band_for(total) == band


def test_scoring_and_validation():
    assert score_response("phq9", [3] * 9)["total"] == 27
    assert score_response("gad7", [1] * 7) == {
        "instrument": "gad7",
        "answers": [1] * 7,
        "total": 7,
        "band": "Mild",
        "item9_positive": False,
    }
    for bad in ([1] * 8, [4] * 9, [-1] * 9, ["1"] * 9, [True] * 9):
        with pytest.raises(ValueError):
            score_response("phq9", bad)
    with pytest.raises(ValueError):
        score_response("bdi2", [0] * 21)


def answers(instrument, values):
    return {f"item_{i}": v for i, v in enumerate(values, start=1)}


def test_taking_the_phq9_shows_the_standard_wording_and_scores(people):
    client = client_for(people.alice)
    page = client.get(reverse("measures:take", args=["phq9"]))
    assert b"Little interest or pleasure in doing things" in page.content
    assert b"More than half the days" in page.content
    response = client.post(reverse("measures:take", args=["phq9"]), answers("phq9", [1] * 9))
    saved = Response.objects.get(owner=people.alice)
    assert response.url == reverse("measures:result", args=[saved.pk])
    assert (saved.total, saved.band, saved.item9_positive) == (9, "Mild", True)


def test_item9_above_zero_shows_crisis_resources_at_once(people):
    client = client_for(people.alice)
    response = client.post(
        reverse("measures:take", args=["phq9"]), answers("phq9", [0] * 8 + [1]), follow=True
    )
    content = response.content.decode()
    assert "safety-panel" in content
    assert "tel:988" in content
    assert "not monitored in real time" in content
    assert "risk" not in content.lower()


def care_team_for(patient, *, share_measures):
    from care.models import CareLink, CareTeamMember, Clinic, Membership

    therapist = make_user("dr.rivera@example.org", "Dr. Rivera")
    enable_totp(therapist)
    clinic = Clinic.objects.create(name="Riverside", join_code="RIVER234")
    Membership.objects.create(clinic=clinic, user=therapist, role=Membership.Role.THERAPIST)
    link = CareLink.objects.create(patient=patient, clinic=clinic, share_measures=share_measures)
    CareTeamMember.objects.create(link=link, therapist=therapist)
    return therapist


def flagged_on_dashboard(therapist, patient) -> bool:
    page = client_for(therapist).get(reverse("care:dashboard")).content.decode()
    return "Needs your attention" in page and str(patient) in page


def test_item9_safety_panel_says_nobody_is_alerted_when_questionnaires_are_private(people):
    therapist = care_team_for(people.alice, share_measures=False)
    response = client_for(people.alice).post(
        reverse("measures:take", args=["phq9"]), answers("phq9", [0] * 8 + [2]), follow=True
    )
    content = response.content.decode()
    assert "nobody is alerted by your answer" in content
    assert "flagged" not in content
    assert not flagged_on_dashboard(therapist, people.alice)


def test_item9_safety_panel_names_the_care_team_who_will_see_the_flag(people):
    therapist = care_team_for(people.alice, share_measures=True)
    response = client_for(people.alice).post(
        reverse("measures:take", args=["phq9"]), answers("phq9", [0] * 8 + [2]), follow=True
    )
    content = response.content.decode()
    assert "this answer is flagged for Dr. Rivera to follow up" in content
    assert "nobody is alerted right now" in content
    assert "nobody is alerted by your answer" not in content
    assert flagged_on_dashboard(therapist, people.alice)


def test_item9_zero_shows_no_crisis_panel(people):
    response = client_for(people.alice).post(
        reverse("measures:take", args=["phq9"]), answers("phq9", [2] * 8 + [0]), follow=True
    )
    assert b"safety-panel" not in response.content
    assert b"moderately severe" in response.content


def test_missing_answers_are_named_and_kept(people):
    data = answers("gad7", [1, 2, 3])
    response = client_for(people.alice).post(reverse("measures:take", args=["gad7"]), data)
    assert response.status_code == 200
    assert b"Please choose an answer for question 4." in response.content
    assert (
        b'value="3" id="id_item_3_3" checked' in response.content or b"checked" in response.content
    )
    assert not Response.objects.exists()


def test_tampered_answers_are_refused(people):
    response = client_for(people.alice).post(
        reverse("measures:take", args=["gad7"]), answers("gad7", [9] * 7)
    )
    assert response.status_code == 200
    assert not Response.objects.exists()


def test_history_chart_bands_and_change(people):
    client = client_for(people.alice)
    for values in ([2] * 9, [1] * 9):
        client.post(reverse("measures:take", args=["phq9"]), answers("phq9", values[:8] + [0]))
    page = client.get(reverse("measures:history", args=["phq9"])).content.decode()
    assert "8 points lower" in page
    assert "5 or more points" in page
    assert page.count('class="band ') == 5
    assert "as a table" in page


@pytest.mark.parametrize(
    ("instrument", "ranges"),
    [
        (
            "phq9",
            [
                "Minimal: 0–4",
                "Mild: 5–9",
                "Moderate: 10–14",
                "Moderately severe: 15–19",
                "Severe: 20–27",
            ],
        ),
        ("gad7", ["Minimal: 0–4", "Mild: 5–9", "Moderate: 10–14", "Severe: 15–21"]),
    ],
)
def test_history_chart_bands_read_the_clinical_ranges(people, instrument, ranges):
    client = client_for(people.alice)
    count = 9 if instrument == "phq9" else 7
    client.post(reverse("measures:take", args=[instrument]), answers(instrument, [1] * count))
    page = client.get(reverse("measures:history", args=[instrument])).content.decode()
    titles = re.findall(r'<rect class="band [^"]*"[^>]*><title>([^<]*)</title>', page)
    assert titles == ranges


def test_a_total_on_a_band_edge_is_drawn_inside_its_band(people):
    client = client_for(people.alice)
    client.post(reverse("measures:take", args=["phq9"]), answers("phq9", [1] * 5 + [0] * 4))
    page = client.get(reverse("measures:history", args=["phq9"])).content.decode()
    point = float(re.search(r'<circle class="point[^"]*" cx="[^"]*" cy="([^"]*)"', page)[1])
    bands = re.findall(
        r'<rect class="band [^"]*" x="[^"]*" y="([^"]*)" width="[^"]*" '
        r'height="([^"]*)"[^>]*><title>([^:]*):',
        page,
    )
    inside = [name for y, h, name in bands if float(y) < point < float(y) + float(h)]
    assert inside == ["Mild"]  # a total of 5, not on the line between minimal and mild


@pytest.mark.parametrize(
    ("first", "then", "words"), [(9, 8, "1 point lower"), (8, 9, "1 point higher")]
)
def test_a_change_of_one_point_reads_in_the_singular(people, first, then, words):
    client = client_for(people.alice)
    for total in (first, then):
        client.post(
            reverse("measures:take", args=["phq9"]),
            answers("phq9", [1] * total + [0] * (9 - total)),
        )
    latest = Response.objects.order_by("-created").first()
    result = client.get(reverse("measures:result", args=[latest.pk])).content.decode()
    history = client.get(reverse("measures:history", args=["phq9"])).content.decode()
    for page in (result, history):
        assert f"{words}." in page
        assert "1 points" not in page


def test_results_are_owner_only(people):
    saved = Response.objects.create(owner=people.alice, **score_response("gad7", [0] * 7))
    bob = client_for(people.bob)
    assert bob.get(reverse("measures:result", args=[saved.pk])).status_code == 404
    assert b"Minimal" not in bob.get(reverse("measures:history", args=["gad7"])).content


def test_unknown_instrument_is_404(people):
    client = client_for(people.alice)
    assert client.get(reverse("measures:take", args=["bdi2"])).status_code == 404
    assert client.get(reverse("measures:history", args=["bdi2"])).status_code == 404


def test_login_and_methods(client, people):
    saved = Response.objects.create(owner=people.alice, **score_response("gad7", [0] * 7))
    for url in (
        reverse("measures:index"),
        reverse("measures:take", args=["phq9"]),
        reverse("measures:result", args=[saved.pk]),
    ):
        assert client.get(url).status_code == 302
    alice = client_for(people.alice)
    assert alice.post(reverse("measures:index")).status_code == 405
    assert alice.post(reverse("measures:result", args=[saved.pk])).status_code == 405
    assert alice.put(reverse("measures:take", args=["phq9"])).status_code == 405


def test_home_reminds_when_none_in_14_days(people):
    client = client_for(people.alice)
    home = client.get(reverse("home")).content.decode()
    assert "Short questionnaires help you" in home  # never answered: an invitation
    assert "No questionnaire in the last two weeks" not in home
    old = Response.objects.create(owner=people.alice, **score_response("gad7", [0] * 7))
    assert b"No questionnaire in the last two weeks" not in client.get(reverse("home")).content
    Response.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=15))
    assert b"No questionnaire in the last two weeks" in client.get(reverse("home")).content


def test_questionnaires_page_says_it_has_been_a_while_only_after_an_earlier_answer(people):
    client = client_for(people.alice)
    url = reverse("measures:index")
    assert b"It has been a while" not in client.get(url).content
    old = Response.objects.create(owner=people.alice, **score_response("gad7", [0] * 7))
    assert b"It has been a while" not in client.get(url).content
    Response.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=15))
    assert b"It has been a while" in client.get(url).content


def test_history_query_count_is_constant(people):
    client = client_for(people.alice)
    url = reverse("measures:history", args=["phq9"])
    Response.objects.create(owner=people.alice, **score_response("phq9", [1] * 9))
    few = query_count(client, url)
    for _ in range(20):
        Response.objects.create(owner=people.alice, **score_response("phq9", [1] * 9))
    assert query_count(client, url) == few
