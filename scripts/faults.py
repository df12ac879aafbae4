"""Faults survived, proven (`make faults`): each fault is caused for real, on loopback, and what
the person sees and what is stored afterwards are checked.

1. Two tabs saving the same entry: the conflict view shows both texts (runs the existing tests,
   `tests/journal/test_entries.py::test_two_tab_conflict_keeps_both_texts`, on SQLite and
   PostgreSQL; the browser version is in `tests/e2e/test_journeys.py`).
2. A `db_worker` killed with SIGKILL while it renders a PDF report: the job is not half done (no
   PDF, not "ready"); once it counts as stalled (integration_journal/background.py: ten minutes,
   simulated by moving its start back) the person sees it failed, presses "try again", and
   another worker renders it.
3. A gunicorn worker killed with SIGKILL while it applies an import ("My data" imports run
   inside the confirming request, not as tasks): nothing of the import is stored; confirming
   again imports everything, once.
4. 20 concurrent writers over HTTP on SQLite (bench/run.py's writers run): 0 errors, 0 lost,
   0 duplicated.
5. PostgreSQL restarted while writers sign in and save entries over HTTP (last, because it
   disturbs everyone using the server): requests during the gap get the calm 503 page with
   Retry-After, never a 500; every save a writer saw confirmed is stored exactly once; saving
   works again afterwards. Skipped with FAULTS_RESTART_POSTGRES=0.

Prints a summary table and exits non-zero on any failure. Every wait is bounded; every process
it starts it stops. Options (environment): FAULTS_SECONDS (the SQLite writers, default 60),
FAULTS_PORT (default 8790 and the two after it), DATABASE_URL_FAULTS (default the local
server's ij_faults database, dropped and re-created), FAULTS_POSTGRES=0 (SQLite only),
FAULTS_RESTART_POSTGRES=0, FAULTS_IMPORT_ENTRIES (default 500), FAULTS_ONLY=report,import (checks whose names hold a word),
FAULTS_PG_CLUSTER (default: the first in /etc/postgresql, "main").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402 - the writers run and its HTTP helpers

OUT = ROOT / "bench" / "out" / "faults"
# bench.Target.env() reads the PostgreSQL URL from the bench module at call time.
bench.PG_URL = os.environ.get("DATABASE_URL_FAULTS", "postgres://postgres@127.0.0.1:5432/ij_faults")
SECONDS = int(os.environ.get("FAULTS_SECONDS", "60"))
PORT = int(os.environ.get("FAULTS_PORT", "8790"))
POSTGRES = os.environ.get("FAULTS_POSTGRES", "1") != "0"
RESTART_POSTGRES = os.environ.get("FAULTS_RESTART_POSTGRES", "1") != "0"
PASSWORD = "faults-password"  # noqa: S105 - a throwaway database on loopback
CALM = "We can't reach the journal's storage right now — your writing is kept in this browser"
CHILD_SECONDS = 300  # no single check runs longer than this


@dataclasses.dataclass(frozen=True)
class FaultsTarget(bench.Target):
    """The bench's database settings, on a SQLite file of the drill's own."""

    @property
    def sqlite_path(self) -> Path:
        return OUT / "faults.sqlite3"


def target(database: str) -> FaultsTarget:
    return FaultsTarget("sqlite" if database == "sqlite" else "postgres", scale=1)


def env_for(database: str) -> dict:
    env = target(database).env()
    env["TASKS_BACKEND"] = "database"
    return env


def database_name(database: str) -> str:
    return "SQLite" if database == "sqlite" else "PostgreSQL"


# --- the checks that need Django: each runs in a child process set up for one database --------


def person(email: str):
    from allauth.account.models import EmailAddress

    from accounts.models import User

    user = User.objects.create_user(email, PASSWORD, display_name=email.split("@")[0])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def journal_for(user, entries: int) -> None:
    """A journal with sessions, themes and `entries` entries, written straight to the tables."""
    from django.utils import timezone

    from integration_journal.markdown import plain_excerpt, render_markdown
    from journal.models import Entry, Theme, TreatmentSession

    now = timezone.now()
    sessions = TreatmentSession.objects.bulk_create(
        [
            TreatmentSession(
                owner=user,
                number=n + 1,
                date=now - dt.timedelta(days=300 - n * 20),
                mood_before=3,
                mood_after=6,
            )
            for n in range(12)
        ]
    )
    themes = Theme.objects.bulk_create(
        [Theme(owner=user, name=f"Theme {n}", slug=f"theme-{n}") for n in range(6)]
    )
    body = "It felt like **light** on the water.\n\n- the lake\n- my breath\n\n" * 4
    html = render_markdown(body)
    made = Entry.objects.bulk_create(
        [
            Entry(
                owner=user,
                session=sessions[n % 12],
                phase="after",
                title=f"Entry {n}",
                body=body,
                body_html=html,
                excerpt=plain_excerpt(html),
                emotions=["calm"],
                created=now - dt.timedelta(hours=n * 5),
                happened_at=now - dt.timedelta(hours=n * 5),
            )
            for n in range(entries)
        ],
        batch_size=500,
    )
    Entry.themes.through.objects.bulk_create(
        [Entry.themes.through(entry_id=e.pk, theme_id=themes[i % 6].pk) for i, e in enumerate(made)]
    )


def wait_for(predicate, seconds: float, step: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def start_worker(database: str) -> subprocess.Popen:
    return bench.start_db_worker(env_for(database))


def check_report_kill(database: str) -> dict:
    from django.db.models import F
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from integration_journal.background import STALLED_AFTER
    from journal.models import Entry
    from reports.build import Scope
    from reports.models import ReportFile
    from reports.tasks import STALLED, expiry, render_report

    user = person(f"report-{uuid.uuid4().hex[:8]}@faults.invalid")
    journal_for(user, 300)
    today = timezone.localdate()
    ids = tuple(
        str(pk) for pk in Entry.objects.filter(owner=user).values_list("pk", flat=True)[:150]
    )
    report = ReportFile.objects.create(
        requester=user,
        patient=user,
        expires_at=expiry(),
        scope=Scope(today - dt.timedelta(days=365), today, ids).as_json(),
    )
    task = render_report.enqueue(str(report.pk))
    first = start_worker(database)
    second = None
    try:
        running = wait_for(
            lambda: ReportFile.objects.filter(pk=report.pk, status="running").exists(), 60
        )
        if not running:
            return {"ok": False, "detail": "the worker never started the report"}
        time.sleep(0.5)  # into the render
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        report.refresh_from_db()
        if report.status != "running" or report.pdf:
            return {"ok": False, "detail": f"killed too late: the report was {report.status}"}
        second = start_worker(database)
        time.sleep(3)
        report.refresh_from_db()
        task_status = DBTaskResult.objects.get(pk=task.id).status
        left_running = report.status == "running" and not report.pdf
        # Ten minutes later, as far as the stalled rule can tell.
        ReportFile.objects.filter(pk=report.pk).update(
            started_at=F("started_at") - STALLED_AFTER - dt.timedelta(minutes=1)
        )
        client = Client()
        client.force_login(user)
        page = client.get(reverse("reports:status", args=[report.pk]))
        shows_failed = page.status_code == 200 and str(STALLED) in page.text
        retried = client.post(reverse("reports:retry", args=[report.pk])).status_code == 302
        ready = wait_for(
            lambda: ReportFile.objects.filter(pk=report.pk, status="ready").exists(), 120, 0.5
        )
        report.refresh_from_db()
        pdf_ok = bool(ready) and bytes(report.pdf).startswith(b"%PDF")
        ok = left_running and shows_failed and retried and pdf_ok
        return {
            "ok": ok,
            "detail": (
                f"after the kill: report {'running, no PDF' if left_running else 'CHANGED'}, task "
                f"{task_status.lower()} (not retried by the queue); after {STALLED_AFTER.seconds // 60} min: "
                f"{'shown as failed' if shows_failed else 'NOT shown as failed'}; try again: "
                f"{'rendered by another worker' if pdf_ok else 'NOT rendered'}"
            ),
        }
    finally:
        for worker in (first, second):
            if worker is not None:
                bench.end_group(worker)


def check_import_kill(database: str) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from intentions.models import Intention
    from journal.models import Entry, Theme, TreatmentSession
    from mydata import importer
    from mydata.export import build_export_zip
    from mydata.models import PendingImport

    entries = int(os.environ.get("FAULTS_IMPORT_ENTRIES", "500"))
    tag = uuid.uuid4().hex[:8]
    source = person(f"source-{tag}@faults.invalid")
    journal_for(source, entries)
    archive = build_export_zip(source)
    data = importer.read_archive(SimpleUploadedFile("export.zip", archive))

    def stored(user) -> tuple[int, int, int, int]:
        return (
            Entry.objects.filter(owner=user).count(),
            TreatmentSession.objects.filter(owner=user).count(),
            Theme.objects.filter(owner=user).count(),
            Intention.objects.filter(owner=user).count(),
        )

    def browser_for(user) -> bench.Browser:
        client = Client()
        client.force_login(user)
        return bench.Browser(PORT + 1, {"sessionid": client.cookies["sessionid"].value})

    def confirm(browser, pending) -> int:
        return browser.post_form(f"/account/data/import/{pending.pk}/", {})[0]

    server = bench.start_gunicorn(target(database), PORT + 1, workers=1)
    try:
        # How long a whole import takes here, so the kill lands in the middle of one.
        calibration = person(f"calibrate-{tag}@faults.invalid")
        pending = PendingImport.objects.create(owner=calibration, data=data, file_name="a.zip")
        started = time.monotonic()
        status = confirm(browser_for(calibration), pending)
        took = time.monotonic() - started
        whole = stored(calibration)
        if status != 200 or whole[0] != entries:
            return {"ok": False, "detail": f"a plain import failed ({status}, {whole})"}

        victim = person(f"import-{tag}@faults.invalid")
        pending = PendingImport.objects.create(owner=victim, data=data, file_name="b.zip")
        browser = browser_for(victim)
        outcome = {}

        def post():
            try:
                outcome["status"] = confirm(browser, pending)
            except (OSError, http.client.HTTPException) as error:
                outcome["error"] = type(error).__name__

        worker_pid = int(
            subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
        thread = threading.Thread(target=post)
        thread.start()
        time.sleep(max(0.3, took * 0.6))
        os.kill(worker_pid, signal.SIGKILL)
        thread.join(60)
        after_kill = stored(victim)
        still_pending = PendingImport.objects.filter(pk=pending.pk).exists()
        if "status" in outcome:
            return {"ok": False, "detail": f"killed too late: the import answered {outcome}"}
        # gunicorn starts a new worker; confirming again imports everything, once.
        wait_for(lambda: bench.Browser(PORT + 1).request("GET", "/healthz/")[0] == 200, 30, 0.3)
        again = confirm(browser_for(victim), pending)
        final = stored(victim)
        ok = after_kill == (0, 0, 0, 0) and still_pending and again == 200 and final == whole
        return {
            "ok": ok,
            "detail": (
                f"import of {entries:,} entries takes {took:.1f} s; killed at "
                f"{max(0.3, took * 0.6):.1f} s ({outcome.get('error')}): stored "
                f"{after_kill[0]} entries, {after_kill[1]} sessions, {after_kill[2]} themes; "
                f"confirming again: {again}, {final[0]:,} entries (expected {whole[0]:,})"
            ),
        }
    finally:
        bench.stop(server)


class Tab(bench.Browser):
    """bench's Browser, keeping the last response's headers (for Retry-After)."""

    headers: dict = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        head = {"Host": "localhost", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=head)
        response = connection.getresponse()
        data = response.read()
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data


def pg_cluster() -> tuple[str, str]:
    version = os.environ.get("FAULTS_PG_CLUSTER") or sorted(os.listdir("/etc/postgresql"))[0]
    return version, "main"


def check_postgres_restart(database: str) -> dict:
    from journal.models import Entry

    writers, before, after = 5, 4.0, 8.0
    tag = uuid.uuid4().hex[:8]
    emails = [f"w{i}-{tag}@faults.invalid" for i in range(writers)]
    for email in emails:
        person(email)
    prefix = f"pg-restart-{tag}-"
    server = bench.start_gunicorn(target(database), PORT + 2, workers=4)
    seen = {"saved": set(), "calm": 0, "bad": [], "after": 0}
    lock = threading.Lock()
    restarted = threading.Event()
    stop = threading.Event()

    def write(index):
        tab = Tab(PORT + 2)
        status, _ = tab.post_form(
            "/accounts/login/", {"login": emails[index], "password": PASSWORD}
        )
        if status != 302:
            with lock:
                seen["bad"].append(f"sign-in {status}")
            return
        n = 0
        while not stop.is_set():
            title = f"{prefix}{index}-{n}"
            n += 1
            try:
                status, page = tab.post_form(
                    "/journal/new/", {"phase": "free", "title": title, "body": f"Kept {n}"}
                )
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    seen["bad"].append(type(error).__name__)
                continue
            with lock:
                if status == 302:
                    seen["saved"].add(title)
                    seen["after"] += restarted.is_set()
                elif status == 503 and CALM in page.decode() and tab.headers.get("retry-after"):
                    seen["calm"] += 1
                else:
                    seen["bad"].append(str(status))
            if status == 503:
                time.sleep(0.2)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(before)
        version, cluster = pg_cluster()
        started = time.monotonic()
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                version,
                cluster,
                "restart",
                "-m",
                "fast",
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        gap = time.monotonic() - started
        restarted.set()
        time.sleep(after)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
        bench.stop(server)
    from django.db import connection

    connection.close()  # this process's own connection went with the restart
    rows = list(Entry.objects.filter(title__startswith=prefix).values_list("title", flat=True))
    lost = seen["saved"] - set(rows)
    duplicated = len(rows) - len(set(rows))
    ok = not seen["bad"] and not lost and not duplicated and seen["calm"] > 0 and seen["after"] > 0
    return {
        "ok": ok,
        "detail": (
            f"restart took {gap:.1f} s; {len(seen['saved'])} saves confirmed ({seen['after']} after "
            f"the restart), {seen['calm']} calm 503s with Retry-After, other answers: "
            f"{sorted(set(seen['bad'])) or 'none'}; lost {len(lost)}, duplicated {duplicated}, "
            f"stored without a confirmation {len(set(rows) - seen['saved'])}"
        ),
    }


CHECKS = {
    "report-kill": check_report_kill,
    "import-kill": check_import_kill,
    "postgres-restart": check_postgres_restart,
}


def child(name: str, database: str) -> None:
    import django

    django.setup()
    print("FAULTS " + json.dumps(CHECKS[name](database)), flush=True)


# --- the run --------------------------------------------------------------------------------


def run_child(name: str, database: str) -> dict:
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", name, database],
            cwd=ROOT,
            env=env_for(database),
            stdout=subprocess.PIPE,
            text=True,
            timeout=CHILD_SECONDS,
        )
    except subprocess.TimeoutExpired:
        return {"ok": False, "detail": f"did not finish in {CHILD_SECONDS} s"}
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("FAULTS "):
            return json.loads(line.removeprefix("FAULTS "))
    return {"ok": False, "detail": f"the check crashed (exit {out.returncode}); see above"}


def two_tabs(database: str) -> dict:
    test = "tests/journal/test_entries.py::test_two_tab_conflict_keeps_both_texts"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if database != "sqlite":
        env["DATABASE_URL"] = bench.PG_URL
    out = subprocess.run(
        [sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    last = (out.stdout.strip().splitlines() or ["no output"])[-1]
    return {"ok": out.returncode == 0, "detail": f"{test}: {last}"}


def sqlite_writers() -> dict:
    bench.WRITER_SECONDS = SECONDS
    result = bench.concurrency_http(target("sqlite"), [(PORT, 4)])
    ok = result["errors"] == 0 and result["lost"] == 0 and result["duplicated"] == 0
    return {
        "ok": ok and result["saved"] > 0,
        "detail": (
            f"{bench.WRITERS} writers × {SECONDS} s through gunicorn (4 workers): {result['saved']:,} "
            f"saved, {result['errors']} errors, {result['lost']} lost, {result['duplicated']} "
            f"duplicated"
        ),
    }


def prepare(database: str) -> None:
    bench.fresh_database(target(database))


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    databases = ["sqlite", "pg"] if POSTGRES else ["sqlite"]
    plan = []
    for database in databases:
        name = database_name(database)
        plan += [
            (f"two tabs save one entry ({name})", lambda d=database: two_tabs(d)),
            (
                f"db_worker SIGKILL mid-report ({name})",
                lambda d=database: run_child("report-kill", d),
            ),
            (
                f"gunicorn worker SIGKILL mid-import ({name})",
                lambda d=database: run_child("import-kill", d),
            ),
        ]
    plan.append((f"{bench.WRITERS} writers for {SECONDS} s over HTTP (SQLite)", sqlite_writers))
    if POSTGRES and RESTART_POSTGRES:  # last: it interrupts everyone on the server for seconds
        plan.append(
            ("PostgreSQL restarted under writers", lambda: run_child("postgres-restart", "pg"))
        )
    only = [word for word in os.environ.get("FAULTS_ONLY", "").split(",") if word]
    if only:  # e.g. FAULTS_ONLY=report,import: only the checks whose names say so
        plan = [(label, check) for label, check in plan if any(w in label for w in only)]
    for database in databases:
        print(f"preparing the {database_name(database)} database …", flush=True)
        prepare(database)
    results, started = [], time.monotonic()
    for label, check in plan:
        print(f"{label} …", flush=True)
        t0 = time.monotonic()
        try:
            result = check()
        except Exception as error:  # noqa: BLE001 - a broken check is a failed check
            result = {"ok": False, "detail": f"{type(error).__name__}: {error}"}
        result["seconds"] = time.monotonic() - t0
        print(f"  {'ok' if result['ok'] else 'FAILED'}: {result['detail']}", flush=True)
        results.append((label, result))
    width = max(len(label) for label, _ in results)
    print(f"\n{'fault':<{width}}  result  seconds  what was seen")
    for label, result in results:
        verdict = "ok" if result["ok"] else "FAILED"
        print(f"{label:<{width}}  {verdict:<6}  {result['seconds']:7.0f}  {result['detail']}")
    failed = sum(not r["ok"] for _, r in results)
    print(
        f"\n{len(results) - failed} of {len(results)} passed in {time.monotonic() - started:.0f} s."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
