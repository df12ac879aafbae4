"""Benchmarks: `make bench` regenerates docs/performance.md. Not part of the test suite.

For each database (SQLite; PostgreSQL too when a bench database is configured, see below) and
each scale (`--scale 1,10`; bench/generate.py says what a scale holds):

1. a fresh database with the data set at that scale;
2. every main page timed in-process (p50/p95 server time) with its query count; the PDF reports
   once, on SQLite at the largest scale.

Then, on each database at the largest scale: gunicorn (4 workers) serves every page and the
workers' memory is read; 20 concurrent writers save entries in-process and over HTTP (on
PostgreSQL also through two app servers on one database), and the stored entries are counted
for errors, lost and duplicated saves. The two app servers are also checked to behave as one.

Usage: python bench/run.py [--scale 1,10] [--db sqlite,postgres] [--out FILE] [--report]
`--report` rewrites the page from the last run's numbers (bench/out/results.json).

Environment: BENCH_SAMPLES (requests timed per page, default 60) and BENCH_WARM_UP (5),
BENCH_SECONDS (each writers' run, default 15), BENCH_PDF_SAMPLES (3; 0 leaves the PDFs out),
BENCH_PORT (default 8765, and the seven after it). PostgreSQL: DATABASE_URL_BENCH, or else
DATABASE_URL's server with `_bench` after the database name (the bench drops and re-creates its
database, never the one DATABASE_URL names); without either, --db postgres uses the local
server's integration_journal_bench.

Loopback only; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import http.client
import io
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: `bench` as a package too

from bench.sections import kept_sections  # noqa: E402

OUT = ROOT / "bench" / "out"
RESULTS = OUT / "results.json"  # the last run's numbers; `--report` rewrites the page from them
REPORT = ROOT / "docs" / "performance.md"
LOCAL_PG = "postgres://postgres@127.0.0.1:5432/integration_journal_bench"
SAMPLES = int(os.environ.get("BENCH_SAMPLES", "60"))
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "5"))
WRITER_SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
PDF_SAMPLES = int(os.environ.get("BENCH_PDF_SAMPLES", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))  # this port and the seven after it
WRITERS = 20
GUNICORN_WORKERS = 4
SERVE_ROUNDS = 3  # times every page is requested through gunicorn before its memory is read
BUDGET_P95_MS, BUDGET_SCALE, BUDGET_RSS_MB = 100, 10, 150
PASSWORD = "bench-password"  # noqa: S105 - a throwaway database on loopback
DATABASE_NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECRET_KEY": "bench-only-secret-key-not-for-production",
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SESSION_IDLE_MINUTES": "600",
}


def postgres_url() -> str | None:
    if url := os.environ.get("DATABASE_URL_BENCH"):
        return url
    if url := os.environ.get("DATABASE_URL"):
        parts = urlsplit(url)
        return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_bench"))
    return None


PG_URL = postgres_url() or LOCAL_PG


@dataclass(frozen=True)
class Target:
    """One database at one scale."""

    database: str  # "sqlite" or "postgres"
    scale: int

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
        env.update(BASE_ENV)
        if self.database == "sqlite":
            env["SQLITE_PATH"] = str(self.sqlite_path)
        else:
            env["DATABASE_URL"] = PG_URL
        return env

    @property
    def sqlite_path(self) -> Path:
        return OUT / f"bench-{self.scale}x.sqlite3"


def manage(target: Target, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=target.env(),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def django_child(target: Target, code: str) -> str:
    """Run `code` in a child process with Django set up for `target`; returns its stdout."""
    script = f"import django; django.setup()\n{code}"
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=target.env(),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return out.stdout.strip()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def fresh_database(target: Target):
    if target.database == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target.sqlite_path}{suffix}").unlink(missing_ok=True)
    else:
        parts = urlsplit(PG_URL)
        name = parts.path.lstrip("/")
        server = urlunsplit(parts._replace(path="/postgres"))
        subprocess.run(
            ["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}"'],
            check=False,
            capture_output=True,
        )
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    manage(target, "migrate", "--noinput")
    manage(target, "createcachetable")


# --- in-process measurements (in a child, so Django is configured for the target) ---------------


def main_pages(people) -> dict[str, tuple[str, str]]:
    """Every main page: name -> (path, who is signed in)."""
    from integration_journal.keyset import make_cursor
    from intentions.models import Intention
    from journal.models import Entry, Theme, TreatmentSession
    from journal.views.common import PAGE_SIZE
    from measures.models import Response

    patient, therapist = people.patient, people.therapist
    entries = Entry.objects.filter(owner=patient, deleted_at__isnull=True)
    entry = entries.order_by("-created").first()
    # The last page, reached as its Older link would reach it: the page before the entry that
    # is a page's size + 1 from the oldest, by a cursor made as the view makes it.
    cutoff = entries.order_by("created", "pk")[PAGE_SIZE]
    last_page = make_cursor(cutoff.created, cutoff.pk)
    shared = Entry.objects.filter(owner=patient, shares__recipient=therapist).first()
    session = TreatmentSession.objects.filter(owner=patient).order_by("-number").first()
    intention = Intention.objects.filter(owner=patient).first()
    theme = Theme.objects.get(owner=patient, slug="theme-0")
    # The same kind of result at every scale: a flagged answer to item 9 shows more.
    response = Response.objects.filter(owner=patient, instrument="phq9", item9_positive=False)
    response = response.order_by("-created").first()
    on_patient = f"/care/patients/{patient.pk}/"
    return {
        "home": ("/", "patient"),
        "journal list": ("/journal/", "patient"),
        "journal list, last page": (f"/journal/?before={last_page}", "patient"),
        "entry": (f"/journal/entries/{entry.pk}/", "patient"),
        "entry editor": (f"/journal/entries/{entry.pk}/edit/", "patient"),
        "new entry": ("/journal/new/", "patient"),
        "session": (f"/journal/sessions/{session.pk}/", "patient"),
        "sessions": ("/journal/sessions/", "patient"),
        "timeline": ("/journal/timeline/", "patient"),
        "search": ("/journal/search/?q=lake+light", "patient"),
        "search, no match": ("/journal/search/?q=zebra", "patient"),
        "themes": ("/journal/themes/", "patient"),
        "theme": (f"/journal/themes/{theme.slug}/", "patient"),
        "intentions": ("/intentions/", "patient"),
        "intention": (f"/intentions/{intention.pk}/", "patient"),
        "practices": ("/practices/", "patient"),
        "check-in": ("/practices/check-in/", "patient"),
        "questionnaires": ("/measures/", "patient"),
        "PHQ-9 history": ("/measures/phq9/", "patient"),
        "GAD-7 history": ("/measures/gad7/", "patient"),
        "questionnaire result": (f"/measures/responses/{response.pk}/", "patient"),
        "care team": ("/care/", "patient"),
        "shared with my team": ("/care/shared/", "patient"),
        "access log": ("/care/access-log/", "patient"),
        "reports": ("/reports/", "patient"),
        "report form": ("/reports/new/", "patient"),
        "my data": ("/account/data/", "patient"),
        "trash": ("/account/trash/", "patient"),
        "settings": ("/account/settings/", "patient"),
        "therapist: dashboard": ("/care/dashboard/", "therapist"),
        "therapist: patient page": (on_patient, "therapist"),
        "therapist: patient themes": (f"{on_patient}themes/", "therapist"),
        "therapist: shared entry": (f"{on_patient}entries/{shared.pk}/", "therapist"),
        "clinic page (admin)": (f"/care/clinics/{people.clinic.pk}/", "admin"),
    }


def time_pages(pages, clients, oldest_title: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    measured = {}
    for name, (path, who) in pages.items():
        client = clients[who]
        samples = []
        for _ in range(WARM_UP + SAMPLES):
            t0 = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        if name == "journal list, last page":  # the page really is the last one
            assert oldest_title in response.text, "the last page lacks the oldest entry"
        samples = samples[WARM_UP:]
        counts = []
        for _ in range(3):  # the median of three: a session write now and then is not the page
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            counts.append(len(queries))
        measured[name] = {
            "path": path,
            "who": who,
            "p50": statistics.median(samples),
            "p95": percentile(samples, 95),
            "max": max(samples),
            "queries": statistics.median(counts),
        }
    return measured


def time_pdfs(patient) -> dict:
    from django.utils import timezone
    from pypdf import PdfReader

    from journal.models import Entry
    from reports.build import Scope, build_progress
    from reports.pdf import render_pdf
    from reports.tasks import report_html

    pdfs = {}
    today = timezone.localdate()
    for label, days, count in (
        ("90 days, 20 entries in full", 90, 20),
        ("one year, 100 entries in full", 365, 100),
        ("one year, 300 entries in full", 365, 300),
    ):
        start = today - dt.timedelta(days=days)
        in_range = Entry.objects.filter(owner=patient, created__date__gte=start)
        ids = tuple(str(pk) for pk in in_range.values_list("pk", flat=True)[:count])
        samples = []
        for _ in range(PDF_SAMPLES):
            t0 = time.perf_counter()
            report = build_progress(viewer=patient, patient=patient, scope=Scope(start, today, ids))
            pdf = render_pdf(report_html(report, for_pdf=True), seconds=120)
            samples.append(time.perf_counter() - t0)
        pdfs[label] = (statistics.median(samples), len(pdf), len(PdfReader(io.BytesIO(pdf)).pages))
    return pdfs


def refresh_planner_statistics():
    """PostgreSQL plans queries from table statistics, which autovacuum refreshes within a minute
    or so of bulk writes on a running server. The bench reads right after writing its rows, when
    the statistics still describe empty tables (plans then walk 20,000 entries per shared one),
    so it refreshes them itself. SQLite plans without statistics unless ANALYZE is run, and the
    app never runs it, so neither does the bench."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def in_process(scale: int, pdfs: bool) -> dict:
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from bench.generate import generate
    from care.models import AccessEvent, CareLink, Share
    from journal.models import Entry, Theme, TreatmentSession
    from measures.models import Response
    from practices.models import CheckIn
    from reports.pdf import RENDER_SECONDS

    started = time.perf_counter()
    people = generate(scale=scale)
    refresh_planner_statistics()
    generation = time.perf_counter() - started
    patient = people.patient
    oldest = Entry.objects.filter(owner=patient).order_by("created").first()
    mine = {"owner": patient}
    counts = {
        "people": User.objects.count(),
        "entries, everyone's": Entry.objects.count(),
        "the patient's entries": Entry.objects.filter(**mine).count(),
        "the patient's sessions": TreatmentSession.objects.filter(**mine).count(),
        "the patient's themes": Theme.objects.filter(**mine).count(),
        "the patient's check-ins": CheckIn.objects.filter(**mine).count(),
        "the patient's questionnaires": Response.objects.filter(**mine).count(),
        "the patient's shared entries": Share.objects.filter(**mine).count(),
        "the patient's access-log events": AccessEvent.objects.filter(patient=patient).count(),
        "the therapist's patients": CareLink.objects.count(),
    }
    pages = main_pages(people)
    clients = {}
    for who, user in (
        ("patient", patient),
        ("therapist", people.therapist),
        ("admin", people.admin),
    ):
        clients[who] = Client()
        clients[who].force_login(user)
    # As integration_journal/wsgi.py does in production: what is loaded by now lives as long as
    # the process, and is kept out of the collector's full passes.
    gc.collect()
    gc.freeze()
    return {
        "scale": scale,
        "generation": generation,
        "counts": counts,
        "pages": time_pages(pages, clients, oldest.title),
        "pdfs": time_pdfs(patient) if pdfs and PDF_SAMPLES else {},
        "pdf_limit": RENDER_SECONDS,
    }


def measure(target: Target, pdfs: bool) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from bench.run import in_process, dump; dump(in_process({target.scale}, {pdfs}))",
        ],
        cwd=ROOT,
        env=target.env(),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def dump(data):
    print(json.dumps(data))


# --- HTTP helpers -------------------------------------------------------------------------------


class Browser:
    """A minimal cookie-keeping HTTP client for loopback load."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.last_headers: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        head = {"Host": "localhost", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=head)
        response = connection.getresponse()
        data = response.read()
        self.last_headers = {k.lower(): v for k, v in response.getheaders()}
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data

    def post_form(self, path, fields: dict):
        """GET the page for its CSRF token, then POST the form as a browser would."""
        status, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            return status, page
        body = urlencode({"csrfmiddlewaretoken": token.group(1).decode(), **fields})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://localhost{path}",
        }
        return self.request("POST", path, body, headers)


def login_cookie(target: Target, email: str) -> dict:
    """A signed-in session for `email`, made through Django itself."""
    out = django_child(
        target,
        "from django.test import Client; from accounts.models import User\n"
        f"c = Client(); c.force_login(User.objects.get(email='{email}'))\n"
        "print(c.cookies['sessionid'].value)",
    )
    return {"sessionid": out.splitlines()[-1]}


def start_gunicorn(target: Target, port: int, workers: int = GUNICORN_WORKERS, **popen):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi_app",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=target.env(),
        **popen,
    )
    for _ in range(150):
        try:
            if Browser(port).request("GET", "/healthz/")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop(process):
    process.terminate()
    process.wait(15)


def start_db_worker(env: dict, interval: float = 0.2) -> subprocess.Popen:
    """`manage.py db_worker` in its own process group (a PDF renders in a child of it)."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval"]
        + [str(interval), "--no-reload", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def end_group(process: subprocess.Popen) -> None:
    """SIGKILL to a process started in a group of its own, and everything it started."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def descendants(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    pids = [int(p) for p in found.stdout.split()]
    return pids + [d for p in pids for d in descendants(p)]


def worker_rss_mb(master_pid: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    sizes = []
    for pid in children.stdout.split():
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


SIGNED_IN_AS = {
    "patient": "patient0@bench.invalid",
    "therapist": "therapist@bench.invalid",
    "admin": "admin@bench.invalid",
}


def serve_pages(target: Target, port: int, pages: dict) -> list[float]:
    """Every page through gunicorn, SERVE_ROUNDS times from 8 client threads; then the workers'
    resident memory."""
    cookies = {who: login_cookie(target, email) for who, email in SIGNED_IN_AS.items()}
    server = start_gunicorn(target, port)
    failures = []
    try:

        def run(offset):
            browsers = {who: Browser(port, c) for who, c in cookies.items()}
            listed = list(pages.values())
            for n in range(SERVE_ROUNDS * len(listed)):
                page = listed[(n + offset) % len(listed)]
                status, _ = browsers[page["who"]].request("GET", page["path"])
                if status != 200:
                    failures.append((page["path"], status))

        threads = [threading.Thread(target=run, args=(i * 3,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        rss = worker_rss_mb(server.pid)
    finally:
        stop(server)
    assert not failures, failures[:5]
    return rss


# --- concurrent writers -------------------------------------------------------------------------


def make_writers(target: Target) -> list[str]:
    emails = [f"writer{i}@bench.invalid" for i in range(WRITERS)]
    django_child(
        target,
        "from accounts.models import User; from allauth.account.models import EmailAddress\n"
        f"for email in {emails!r}:\n"
        "    user, created = User.objects.get_or_create(email=email)\n"
        f"    user.set_password({PASSWORD!r}); user.save()\n"
        "    EmailAddress.objects.get_or_create(user=user, email=email, verified=True, primary=True)",
    )
    return emails


def count_load_entries(target: Target, prefix: str) -> tuple[int, int]:
    out = django_child(
        target,
        "from journal.models import Entry\n"
        f"qs = Entry.objects.filter(title__startswith={prefix!r})\n"
        "print(qs.count(), qs.values('title').distinct().count())",
    )
    total, distinct = out.split()[-2:]
    return int(total), int(distinct)


def http_writers(ports: list[int], cookies: list[dict], seconds: int, prefix: str) -> dict:
    """20 writers over HTTP, each GETting the form and POSTing a new entry in a loop."""
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + seconds

    def run(index):
        browser = Browser(ports[index % len(ports)], cookies[index])
        saved, errors, n = [], 0, 0
        while time.monotonic() < deadline:
            title = f"{prefix}{index}-{n}"
            fields = {"phase": "free", "title": title, "body": f"Written under load {n}"}
            status, _ = browser.post_form("/journal/new/", fields)
            if status == 302:
                saved.append(title)
            else:
                errors += 1
            n += 1
        with lock:
            results.append((saved, errors))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(cookies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"saved": sum(len(s) for s, _ in results), "errors": sum(e for _, e in results)}


IN_PROCESS_WRITERS = """
import re, threading, time
from django.db import connection
from django.test import Client
from accounts.models import User
deadline = time.monotonic() + {seconds}
results, lock = [], threading.Lock()
def run(index):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email=f"writer{{index}}@bench.invalid"))
    saved = errors = n = 0
    while time.monotonic() < deadline:
        try:
            page = client.get("/journal/new/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            response = client.post("/journal/new/", {{"csrfmiddlewaretoken": token,
                "phase": "free", "title": f"{prefix}{{index}}-{{n}}", "body": f"In-process {{n}}"}})
            if response.status_code == 302:
                saved += 1
            else:
                errors += 1
        except Exception:
            errors += 1
        n += 1
    connection.close()
    with lock:
        results.append((saved, errors))
threads = [threading.Thread(target=run, args=(i,)) for i in range({writers})]
[t.start() for t in threads]
[t.join() for t in threads]
print(sum(s for s, _ in results), sum(e for _, e in results))
"""


def concurrency_in_process(target: Target) -> dict:
    prefix = f"direct-{target.database}-"
    make_writers(target)
    code = IN_PROCESS_WRITERS.format(seconds=WRITER_SECONDS, prefix=prefix, writers=WRITERS)
    saved, errors = (int(x) for x in django_child(target, code).split()[-2:])
    return tally(target, prefix, saved, errors)


def concurrency_http(target: Target, ports_workers: list[tuple[int, int]]) -> dict:
    prefix = f"http-{target.database}-{len(ports_workers)}-"
    emails = make_writers(target)
    cookies = [login_cookie(target, email) for email in emails]
    ports = [port for port, _ in ports_workers]
    servers = [start_gunicorn(target, port, workers) for port, workers in ports_workers]
    try:
        seen = http_writers(ports, cookies, WRITER_SECONDS, prefix)
        as_one = behave_as_one(ports, emails[0], prefix) if len(ports) > 1 else None
    finally:
        for server in servers:
            stop(server)
    result = tally(target, prefix, seen["saved"], seen["errors"])
    result["as_one"] = as_one
    return result


def tally(target, prefix, saved, errors) -> dict:
    total, distinct = count_load_entries(target, prefix)
    return {
        "saved": saved,
        "errors": errors,
        "stored": total,
        "distinct": distinct,
        "lost": saved - distinct,
        "duplicated": total - distinct,
    }


def behave_as_one(ports: list[int], email: str, prefix: str) -> dict:
    """Two app processes on one database: a sign-in on one works on the other, wrong passwords
    count across both, and what one saved the other lists."""
    a, b = ports[:2]
    person = Browser(a)
    status, _ = person.post_form("/accounts/login/", {"login": email, "password": PASSWORD})
    signed_in_a = status == 302
    person.port = b
    status, page = person.request("GET", "/journal/")
    session_shared = signed_in_a and status == 200 and b"Journal" in page
    marker = f"as-one-{prefix}saved-through-b"  # not counted with the writers' entries
    person.post_form("/journal/new/", {"phase": "free", "title": marker, "body": "one app"})
    person.port = a
    data_shared = marker.encode() in person.request("GET", "/journal/")[1]
    guesser = Browser(a)
    for _ in range(5):
        guesser.post_form("/accounts/login/", {"login": email, "password": "wrong"})
    guesser.port = b
    status, page = guesser.post_form("/accounts/login/", {"login": email, "password": PASSWORD})
    limit_shared = status != 302 and b"Too many tries in a row" in page
    return {"session": session_shared, "rate limit": limit_shared, "data": data_shared}


# --- the run ------------------------------------------------------------------------------------


def run_database(database: str, scales: list[int], port: int, pdfs: bool, results: dict):
    """Pages at every scale, then memory and writers at the largest one."""
    runs = results["runs"].setdefault(database, {})
    name = DATABASE_NAMES[database]
    for scale in scales:
        target = Target(database, scale)
        started = time.monotonic()
        print(f"{name} {scale}×: fresh database, data, pages …", flush=True)
        fresh_database(target)
        runs[str(scale)] = measure(target, pdfs=pdfs and scale == scales[-1])
        print(f"  {time.monotonic() - started:.0f} s", flush=True)
    target = Target(database, scales[-1])
    print(f"{name} {target.scale}×: every page through gunicorn, then its memory …", flush=True)
    results["rss"][database] = serve_pages(target, port, runs[str(target.scale)]["pages"])
    if WRITER_SECONDS <= 0:
        return
    writers = results["writers"]
    print(f"{name}: {WRITERS} writers for {WRITER_SECONDS} s in-process …", flush=True)
    writers[f"{database}, in-process"] = concurrency_in_process(target)
    print(f"{name}: {WRITERS} writers for {WRITER_SECONDS} s through gunicorn …", flush=True)
    writers[f"{database}, gunicorn"] = concurrency_http(target, [(port + 1, GUNICORN_WORKERS)])
    if database == "postgres":
        print(f"{name}: {WRITERS} writers through two app servers …", flush=True)
        writers["postgres, two apps"] = concurrency_http(target, [(port + 2, 2), (port + 3, 2)])


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--scale",
        action="append",
        help="data scale(s), e.g. --scale 1,10 (default: 1 and 10)",
    )
    default_db = "sqlite,postgres" if postgres_url() else "sqlite"
    parser.add_argument("--db", default=default_db, help=f"databases (default: {default_db})")
    parser.add_argument("--out", type=Path, default=REPORT, help="the report to write")
    parser.add_argument("--report", action="store_true", help="rewrite it from the last run")
    args = parser.parse_args()
    args.scales = sorted({int(s) for arg in args.scale or ["1,10"] for s in arg.split(",")})
    args.databases = [d.strip() for d in args.db.split(",")]
    unknown = set(args.databases) - set(DATABASE_NAMES)
    if unknown or not args.databases:
        parser.error(f"--db takes sqlite and/or postgres, not {', '.join(sorted(unknown))}")
    return args


def main():
    args = parse_args()
    if args.report:
        write_report(json.loads(RESULTS.read_text()), args.out)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    results = {
        "runs": {},
        "rss": {},
        "writers": {},
        "samples": SAMPLES,
        "warm_up": WARM_UP,
        "writer_seconds": WRITER_SECONDS,
        "pdf_samples": PDF_SAMPLES,
        "date": f"{dt.date.today():%Y-%m-%d}",
        "machine": f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}",
    }
    for n, database in enumerate(args.databases):
        run_database(database, args.scales, PORT + 4 * n, database == args.databases[0], results)
    results["minutes"] = (time.monotonic() - started) / 60
    RESULTS.write_text(json.dumps(results, indent=1))
    write_report(results, args.out)
    print(f"{args.out} written ({results['minutes']:.1f} min).")


# --- the report ---------------------------------------------------------------------------------


def yes(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def judged(runs: dict) -> dict:
    """For one database's runs: per page, its flags; and the budget's verdicts."""
    scales = sorted(runs, key=int)
    low, high = runs[scales[0]]["pages"], runs[scales[-1]]["pages"]
    flags = {}
    for name in high:
        over = [
            f"{s}×" for s in scales if runs[s]["pages"].get(name, {}).get("p95", 0) > BUDGET_P95_MS
        ]
        page_flags = [f"p95 > {BUDGET_P95_MS} ms at {', '.join(over)}"] if over else []
        if len(scales) > 1 and name in low and high[name]["queries"] > low[name]["queries"]:
            page_flags.append(f"queries grow {low[name]['queries']:g} → {high[name]['queries']:g}")
        flags[name] = page_flags
    worst = max(high, key=lambda name: high[name]["p95"])
    return {
        "flags": flags,
        "top scale": int(scales[-1]),
        "worst": (worst, high[worst]["p95"]),
        "over": [n for n in high if high[n]["p95"] > BUDGET_P95_MS],
        "grow": [n for n, f in flags.items() if any(x.startswith("queries") for x in f)],
        "flat judged": len(scales) > 1,
    }


def budget_rows(results, verdicts) -> list[str]:
    databases = list(verdicts)
    head = " | ".join(DATABASE_NAMES[d] for d in databases)
    lines = [f"| check | {head} |", "|---|" + "---|" * len(databases)]

    def row(label, cell):
        lines.append(f"| {label} | " + " | ".join(cell(d) for d in databases) + " |")

    def pages_cell(d):
        v = verdicts[d]
        name, p95 = v["worst"]
        at = "" if v["top scale"] >= BUDGET_SCALE else f" (measured only up to {v['top scale']}×)"
        ok = not v["over"] and v["top scale"] >= BUDGET_SCALE
        over = f"; {len(v['over'])} pages over" if v["over"] else ""
        return f"worst p95 {p95:,.0f} ms ({name}){over}{at}: {yes(ok)}"

    def flat_cell(d):
        v = verdicts[d]
        if not v["flat judged"]:
            return "not judged (one scale measured)"
        grow = f" ({', '.join(v['grow'])})" if v["grow"] else ""
        return f"{yes(not v['grow'])}{grow}"

    def rss_cell(d):
        rss = results["rss"].get(d) or []
        return f"{max(rss):.0f} MB: {yes(max(rss) <= BUDGET_RSS_MB)}" if rss else "not measured"

    def writers_cell(d):
        runs = [w for k, w in results["writers"].items() if k.startswith(f"{d},")]
        if not runs:
            return "not run"
        ok = all(w["errors"] == 0 and w["lost"] == 0 and w["duplicated"] == 0 for w in runs)
        return f"{sum(w['saved'] for w in runs):,} saves in {len(runs)} runs: {yes(ok)}"

    row(f"every page p95 ≤ {BUDGET_P95_MS} ms at {BUDGET_SCALE}×", pages_cell)
    row("query counts flat from the smallest to the largest scale", flat_cell)
    row(f"worker RSS ≤ {BUDGET_RSS_MB} MB after serving every page", rss_cell)
    row(f"{WRITERS} concurrent writers: no error, none lost or doubled", writers_cell)
    return lines


def data_rows(results) -> list[str]:
    any_runs = next(iter(results["runs"].values()))
    scales = sorted(any_runs, key=int)
    lines = ["| what | " + " | ".join(f"{s}×" for s in scales) + " |"]
    lines.append("|---|" + "---:|" * len(scales))
    for what in any_runs[scales[0]]["counts"]:
        cells = " | ".join(f"{any_runs[s]['counts'][what]:,}" for s in scales)
        lines.append(f"| {what} | {cells} |")
    for database, runs in results["runs"].items():
        cells = " | ".join(f"{runs[s]['generation']:.1f}" for s in scales)
        lines.append(f"| seconds to generate it on {DATABASE_NAMES[database]} | {cells} |")
    return lines


def page_rows(runs, flags) -> list[str]:
    scales = sorted(runs, key=int)
    head = " | ".join(f"{s}× p50 | {s}× p95 | {s}× queries" for s in scales)
    lines = [f"| page | {head} | flags |", "|---|" + "---:|---:|---:|" * len(scales) + "---|"]
    for name in runs[scales[-1]]["pages"]:
        cells = []
        for s in scales:
            page = runs[s]["pages"].get(name)
            if page is None:
                cells.append("– | – | –")
            else:
                cells.append(f"{page['p50']:.1f} | {page['p95']:.1f} | {page['queries']:g}")
        lines.append(f"| {name} | {' | '.join(cells)} | {'; '.join(flags[name]) or '–'} |")
    return lines


def write_report(results: dict, out: Path):
    verdicts = {d: judged(runs) for d, runs in results["runs"].items()}
    first = next(iter(results["runs"].values()))
    pdfs = next(
        (r["pdfs"] for runs in results["runs"].values() for r in runs.values() if r["pdfs"]), {}
    )
    lines = [
        "# Performance",
        "",
        "Regenerate with `make bench` (not part of the test suite; this run took "
        f"{results['minutes']:.0f} min);",
        "`make bench-quick` is a smoke run. Every number below comes from the last run",
        f"({results['date']}, {results['machine']}). Nothing here is edited by hand.",
        "The sections at the end are written by the benchmarks that run on their own:",
        "`make bench-batch`, `make bench-attachments`, `make bench-notifications` and",
        "`make bench-languages` (the main pages in English and in Spanish side by side).",
        "",
        f"**Budget: p95 ≤ {BUDGET_P95_MS} ms per page at {BUDGET_SCALE}× on SQLite and "
        "PostgreSQL; query counts flat from 1× to 10×.**",
        "",
        *budget_rows(results, verdicts),
        "",
        "## Data set",
        "",
        "One patient is measured: their journal, sessions, themes, check-ins and",
        "questionnaires, six intentions with steps and monthly reviews, entries shared with a",
        "therapist (a third of them with reflections) and their access log. Everyone else has",
        "three entries and a session; the therapist's other patients share theirs. A clinic",
        "admin sees the clinic page. Each scale is generated into a fresh database; on",
        "PostgreSQL the bench then runs ANALYZE, as autovacuum would soon after such writes.",
        "",
        *data_rows(results),
        "",
    ]
    for database, runs in results["runs"].items():
        lines += [
            f"## Server time per page, {DATABASE_NAMES[database]} (ms)",
            "",
            *page_rows(runs, verdicts[database]["flags"]),
            "",
        ]
    lines += [
        "Measured in-process with Django's test client (all middleware, templates and queries;",
        f"no network), {results['samples']} requests per page after {results['warm_up']} warm-up "
        "requests, signed in as the",
        "patient (the therapist or the clinic admin where it says so). Queries: those of one",
        "request (the median of three). Flags: a p95 over the budget, or more queries at the",
        "largest scale than at the smallest.",
        "",
        "## Memory",
        "",
    ]
    for database, rss in results["rss"].items():
        scale = verdicts[database]["top scale"]
        lines.append(
            f"- {DATABASE_NAMES[database]}, {scale}×: "
            + ", ".join(f"{mb:.0f} MB" for mb in rss)
            + f" (budget: ≤ {BUDGET_RSS_MB} MB each)."
        )
    lines += [
        "",
        f"Resident memory of each of gunicorn's {GUNICORN_WORKERS} sync workers after they served "
        f"every page above {SERVE_ROUNDS} times",
        "from 8 client threads, at the largest scale.",
        "",
    ]
    if pdfs:
        top = max(first, key=int)
        lines += [
            f"## PDF rendering (the patient's own report, {top}×)",
            "",
            f"| report | seconds (median of {results['pdf_samples']}) | pages | size |",
            "|---|---:|---:|---:|",
        ]
        for label, (seconds, size, pages) in pdfs.items():
            lines.append(f"| {label} | {seconds:.2f} | {pages} | {size / 1024:.0f} KB |")
        limit = next(r["pdf_limit"] for r in first.values())
        slowest = max(seconds for seconds, _, _ in pdfs.values())
        lines += [
            "",
            "Reports render as background tasks, so the person waits on a status page, not on a",
            f"request; the render's time limit ({limit} s) is "
            + ("above all of these." if slowest < limit else "**below the slowest of these**."),
            "",
        ]
    if results["writers"]:
        lines += writer_rows(results)
    kept = kept_sections(out)  # written by the benchmarks that run on their own
    out.write_text("\n".join(lines) + "".join(f"\n{section}" for section in kept))


WRITER_LABELS = {
    "sqlite, in-process": ("SQLite (WAL, IMMEDIATE)", "in-process, 20 threads"),
    "sqlite, gunicorn": ("SQLite (WAL, IMMEDIATE)", "HTTP, 1 gunicorn × 4 workers"),
    "postgres, in-process": ("PostgreSQL", "in-process, 20 threads"),
    "postgres, gunicorn": ("PostgreSQL", "HTTP, 1 gunicorn × 4 workers"),
    "postgres, two apps": ("PostgreSQL", "HTTP, 2 gunicorn × 2 workers, one database"),
}


def writer_rows(results) -> list[str]:
    writers = results["writers"]
    lines = [
        f"## Concurrent writers ({WRITERS} writers, {results['writer_seconds']} s each run)",
        "",
        "| database | how | entries saved | errors | stored | lost | duplicated |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for key, w in writers.items():
        database, how = WRITER_LABELS[key]
        lines.append(
            f"| {database} | {how} | {w['saved']:,} | {w['errors']} | {w['stored']:,} | "
            f"{w['lost']} | {w['duplicated']} |"
        )
    lines += [
        "",
        "Each writer signs in as its own person, GETs the entry form (for its CSRF token) and",
        "POSTs a new entry with a unique title, over and over until the time is up. Afterwards",
        "the stored entries are counted: every save the writer saw confirmed (a redirect) must be",
        "there exactly once, and nothing else. They write into the largest scale's database.",
        "",
    ]
    as_one = (writers.get("postgres, two apps") or {}).get("as_one")
    if as_one:
        lines += [
            "Two app processes on one PostgreSQL database behave as one:",
            "",
            "| check | held |",
            "|---|---|",
            f"| a sign-in made through one is valid on the other | {yes(as_one['session'])} |",
            "| five wrong passwords through one lock the account on the other too (rate limits "
            f"live in the shared cache) | {yes(as_one['rate limit'])} |",
            f"| an entry saved through one is listed by the other | {yes(as_one['data'])} |",
            "",
        ]
    return lines


if __name__ == "__main__":
    main()
