"""The care tests' small clinic (`world`), plus one of alice's things of every kind a URL names."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.care.conftest import make_entry, world  # noqa: F401 - re-exported fixture


@pytest.fixture(autouse=True)
def _fresh_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def things(world):  # noqa: F811
    from care.models import ClinicInvite, Membership, Reflection, Resource, Share, SupportNote
    from intentions.models import Action
    from journal.models import Theme
    from measures.instruments import score_response
    from measures.models import Response
    from mydata.models import DataExport, PendingImport
    from reports.models import ReportBatch, ReportFile

    alice = world.alice
    later = timezone.now() + timezone.timedelta(hours=1)
    theme = Theme.objects.create(owner=alice, name="grief", slug="grief")
    world.entry.themes.add(theme)
    world.link.consents_to_clinic_reports = True
    world.link.save()
    Reflection.objects.create(
        entry=world.entry,
        therapist=world.therapist,
        author=world.therapist,
        body="How are you?",
        body_html="<p>How are you?</p>",
    )
    from journal.attachments import prepare, store
    from push.models import PushSubscription
    from tests.journal.media import photo

    return {
        "world": world,
        "device": PushSubscription.objects.create(
            user=alice, endpoint="https://fcm.googleapis.com/fcm/send/alice", p256dh="x", auth="y"
        ),
        "trashed": make_entry(alice, title="In the trash", deleted_at=timezone.now()),
        "entry": world.entry,
        "attachment": store(world.entry, prepare(photo()), alt_text="A river"),
        "session": world.session,
        "intention": world.intention,
        "theme": theme,
        "action": Action.objects.create(intention=world.intention, text="step"),
        "response": Response.objects.create(owner=alice, **score_response("phq9", [1] * 9)),
        "report": ReportFile.objects.create(
            requester=alice,
            patient=alice,
            scope={"start": "2026-01-01", "end": "2026-12-31"},
            expires_at=later,
            status="ready",
            pdf=b"%PDF-1.7 test",
        ),
        "batch": ReportBatch.objects.create(
            requester=world.admin, clinic=world.clinic, expires_at=later
        ),
        "share": Share.objects.filter(owner=alice, entry=world.entry).first(),
        "note": SupportNote.objects.create(
            invite=world.support_invite, author=world.friend, body="You said", body_html="<p>x</p>"
        ),
        "clinic_invite": ClinicInvite.objects.create(
            clinic=world.clinic,
            email="new@example.org",
            role="therapist",
            token_hash="y" * 64,
            invited_by=world.admin,
        ),
        "resource": Resource.objects.create(
            clinic=world.clinic, kind="support_group", title="Circle"
        ),
        "export": DataExport.objects.create(
            owner=alice, expires_at=later, status="ready", archive=b"PK test"
        ),
        "pending": PendingImport.objects.create(owner=alice, data={}),
        "other_pending": PendingImport.objects.create(
            owner=alice, source="dayone", data={"entries": [], "journals": [], "dropped": {}}
        ),
        "member": world.link.team.first(),
        "membership": Membership.objects.get(user=world.therapist),
    }
