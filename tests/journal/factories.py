import datetime as dt

from django.utils import timezone

from integration_journal.markdown import render_markdown
from journal.models import Entry, Theme, TreatmentSession


def session(owner, number=1, days_ago=10, **extra):
    extra.setdefault("date", timezone.now() - dt.timedelta(days=days_ago))
    return TreatmentSession.objects.create(owner=owner, number=number, **extra)


def entry(owner, title="An entry", body="Some words.", *, themes=(), days_ago=0, **extra):
    created = timezone.now() - dt.timedelta(days=days_ago)
    extra.setdefault("happened_at", created)
    item = Entry.objects.create(
        owner=owner,
        title=title,
        body=body,
        body_html=render_markdown(body),
        created=created,
        updated=created,
        **extra,
    )
    if themes:
        item.themes.set(Theme.objects.get_or_create_named(owner, themes))
    return item
