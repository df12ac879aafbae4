"""Two workers racing over the same due rows send each one exactly once (PostgreSQL's row
locks with SKIP LOCKED; on SQLite the conditional UPDATE). Run with DATABASE_URL=postgres://…"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from notifications import sender
from notifications.models import Notification, Status
from tests.helpers import make_user
from tests.notifications.conftest import make_due

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_two_workers_send_each_notification_exactly_once(mailoutbox):
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    people = [make_user(f"race{n}@example.org") for n in range(40)]
    for person in people:
        make_due(person, due_at=now)
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(sender.send_due(now=now, limit=5))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result.sent for result in results) == 40
    assert len(mailoutbox) == 40
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in people)
    assert Notification.objects.filter(status=Status.SENT).count() == 40
    # Both took part: the row locks let the second worker take other rows, not wait.
    assert all(result.sent for result in results)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer at a time: the second thread can time out on the lock",
)
def test_one_row_two_workers_one_email(mailoutbox):
    now = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
    make_due(make_user("once@example.org"), due_at=now)
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(sender.send_due(now=now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result.sent for result in results) == [0, 1]
    assert len(mailoutbox) == 1
