"""A small but complete journal for one person, touching every exportable model."""

import datetime as dt

from django.utils import timezone

from integration_journal.markdown import render_markdown
from intentions.models import Action, Intention, Review
from journal.models import Entry, Theme, TreatmentSession

UNICODE = "Ünïcödé 😀 مرحبا שלום e\u0301 \u200b tab\tend"


def make_journal(user, marker: str = "MARKER") -> dict:
    now = timezone.now()
    intention = Intention.objects.create(
        owner=user,
        title=f"Feel at home in my body {marker}",
        success_looks_like=f"I walk without bracing. {UNICODE}",
        troubles_most="Tension",
        replace_with="Ease",
        why_it_matters="My kids",
    )
    Action.objects.create(intention=intention, text="Walk daily", done_at=now)
    Action.objects.create(intention=intention, text="Stretch", order=1)
    Review.objects.create(intention=intention, progress=4, note="Slowly", note_html="<p>Slowly</p>")
    session = TreatmentSession.objects.create(
        owner=user,
        number=1,
        date=now - dt.timedelta(days=3),
        kind="iv",
        setting="Clinic room",
        mood_before=3,
        mood_after=7,
    )
    session.intentions.add(intention)
    grief = Theme.objects.create(owner=user, name="Grief 🌊", slug="grief")
    body = Theme.objects.create(owner=user, name="Body", slug="body")
    entry = Entry.objects.create(
        owner=user,
        session=session,
        phase="after",
        title=f"After the first session {marker}",
        body=f"# Notes\n\nIt felt like **light**. {UNICODE}",
        body_html=render_markdown(f"# Notes\n\nIt felt like **light**. {UNICODE}"),
        emotions=["calm", "tender"],
        insight=f"I can rest {marker}",
    )
    entry.themes.set([grief, body])
    entry.intentions.set([intention])
    free = Entry.objects.create(
        owner=user,
        phase="free",
        title="Between",
        body="Just a day.",
        body_html="<p>Just a day.</p>",
    )
    free.themes.set([body])
    from measures.instruments import score_response
    from measures.models import Response
    from practices.models import CheckIn, Practice, PracticeLog

    check_in = CheckIn.objects.create(
        owner=user,
        date=now.date() - dt.timedelta(days=1),
        mood=6,
        sleep_hours="7.5",
        note=f"Walked {marker}",
    )
    PracticeLog.objects.create(
        check_in=check_in, practice=Practice.objects.get(key="nature", owner=None), minutes=30
    )
    own = Practice.objects.create(owner=user, name=f"Call my sister {marker}")
    PracticeLog.objects.create(check_in=check_in, practice=own)
    from practices.models import PracticeChoice

    PracticeChoice.objects.create(owner=user, practice=own)
    Response.objects.create(owner=user, **score_response("phq9", [1, 1, 0, 2, 0, 1, 0, 0, 0]))
    return {"intention": intention, "session": session, "entry": entry, "free": free}
