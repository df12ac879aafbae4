"""Benchmarks: regenerate docs/performance.md with one command (`make bench`).

1. Builds the large data set in a fresh SQLite file (1,000 patients; one with 2,000 entries).
2. Times the main pages in-process (median and p95 server time) and the PDF rendering.
3. Under gunicorn (4 workers): journal-list throughput against a bare Django view measured in the
   same run, and worker memory.
4. 20 concurrent writers saving entries for a minute: in-process threads on SQLite and on
   PostgreSQL, then over HTTP through gunicorn with 4 workers on each, then through two gunicorn
   instances on one PostgreSQL database. Every run counts errors, lost and duplicated entries
   afterwards. The two instances are also checked to behave as one (sessions, rate limits, data).

Loopback only; every loop is bounded in time. Not part of the test suite.
`python bench/run.py --report` rewrites the page from the last run's numbers (bench/out/).
Options (environment): BENCH_SECONDS (writers, default 60), BENCH_LOAD_SECONDS (throughput,
default 15), BENCH_PATIENTS (default 1000), BENCH_PORT (default 8765, and the four after it),
DATABASE_URL_BENCH (PostgreSQL, default the local
server's integration_journal_bench database, dropped and re-created).
"""

from __future__ import annotations

import datetime as dt
import gc
import http.client
import io
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SQLITE = OUT / "bench.sqlite3"
RESULTS = OUT / "results.json"  # the last run's numbers; `--report` rewrites the page from them
PG_URL = os.environ.get(
    "DATABASE_URL_BENCH", "postgres://postgres@127.0.0.1:5432/integration_journal_bench"
)
WRITER_SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "15"))
LOAD_ROUNDS = 2
PATIENTS = int(os.environ.get("BENCH_PATIENTS", "1000"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))  # this port and the four after it
WRITERS = 20
SAMPLES, WARM_UP = 60, 5
BUDGET_P95_MS, BUDGET_RATIO, BUDGET_RSS_MB = 100, 0.25, 150
PASSWORD = "bench-password"  # noqa: S105 - a throwaway database on loopback
BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "SECRET_KEY": "bench-only-secret-key-not-for-production",
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SESSION_IDLE_MINUTES": "600",
}


def env_for(database: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(BASE_ENV)
    if database == "sqlite":
        env["SQLITE_PATH"] = str(SQLITE)
    else:
        env["DATABASE_URL"] = PG_URL
    return env


def manage(*args, database="sqlite"):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env_for(database),
                   check=True, stdout=subprocess.DEVNULL)  # fmt: skip


def django_child(code: str, database: str) -> str:
    """Run `code` in a child process with Django set up for `database`; returns its stdout."""
    script = f"import django; django.setup()\n{code}"
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env_for(database),
                         check=True, stdout=subprocess.PIPE, text=True)  # fmt: skip
    return out.stdout.strip()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- in-process measurements (run in a child so Django is configured for the bench DB) ----------


def big_patient_extras(big, therapist):
    """What the generator leaves out because it needs the care app: shares, reflections and a
    long access log, so the therapist's pages and the access log are measured at scale."""
    from care.models import (
        AccessEvent,
        CareLink,
        CareTeamMember,
        Clinic,
        Membership,
        Reflection,
        Share,
    )
    from integration_journal.markdown import render_markdown
    from journal.models import Entry

    clinic = Clinic.objects.create(name="Bench clinic")
    Membership.objects.create(clinic=clinic, user=therapist, role="therapist")
    link = CareLink.objects.create(patient=big, clinic=clinic, share_measures=True)
    CareTeamMember.objects.create(link=link, therapist=therapist)
    shared = list(Entry.objects.filter(owner=big)[:300])
    Share.objects.bulk_create([Share(owner=big, recipient=therapist, entry=e) for e in shared])
    html = render_markdown("What did you notice in your **body**?")
    Reflection.objects.bulk_create(
        [Reflection(entry=e, therapist=therapist, author=therapist, body="What did you notice?",
                    body_html=html) for e in shared[:100]]
    )  # fmt: skip
    now = time.time()
    AccessEvent.objects.bulk_create(
        [AccessEvent(actor=therapist, actor_label="Dr. B", patient=big, action="view",
                     item_type="entry", item_id=str(shared[n % 300].pk),
                     at=dt.datetime.fromtimestamp(now - n * 600, tz=dt.UTC))
         for n in range(3000)], batch_size=1000,
    )  # fmt: skip


def in_process() -> dict:
    os.environ.update(env_for("sqlite"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from pypdf import PdfReader

    from accounts.models import User
    from bench.generate import generate
    from intentions.models import Intention
    from journal.models import Entry, Theme, TreatmentSession
    from measures.models import Response
    from reports.build import Scope, build_progress
    from reports.pdf import render_pdf
    from reports.tasks import report_html
    from tests.helpers import enable_totp

    started = time.perf_counter()
    big = generate(patients=PATIENTS)
    therapist = User.objects.create_user("therapist@bench.invalid", "x", display_name="Dr. B")
    enable_totp(therapist)
    big_patient_extras(big, therapist)
    generation = time.perf_counter() - started

    entry = Entry.objects.filter(owner=big).order_by("-created").first()
    shared_entry = Entry.objects.filter(owner=big, shares__recipient=therapist).first()
    session = TreatmentSession.objects.filter(owner=big).order_by("-number").first()
    intention = Intention.objects.filter(owner=big).first()
    theme = Theme.objects.filter(owner=big).first()
    response = Response.objects.filter(owner=big).first()
    pages = {
        "home": "/", "journal list": "/journal/", "journal list, page 50": "/journal/?page=50",
        "entry": f"/journal/entries/{entry.pk}/", "entry editor": f"/journal/entries/{entry.pk}/edit/",
        "new entry": "/journal/new/", "session": f"/journal/sessions/{session.pk}/",
        "sessions": "/journal/sessions/", "timeline": "/journal/timeline/",
        "search": "/journal/search/?q=lake+light", "themes": "/journal/themes/",
        "theme": f"/journal/themes/{theme.slug}/", "intentions": "/intentions/",
        "intention": f"/intentions/{intention.pk}/", "practices": "/practices/",
        "check-in": "/practices/check-in/", "questionnaires": "/measures/",
        "PHQ-9 history": "/measures/phq9/", "questionnaire result": f"/measures/responses/{response.pk}/",
        "care team": "/care/", "shared with my team": "/care/shared/",
        "access log (3,000 events)": "/care/access-log/", "reports": "/reports/",
        "report form": "/reports/new/", "my data": "/account/data/", "trash": "/account/trash/",
        "care dashboard (therapist)": "/care/dashboard/",
        "patient page (therapist)": f"/care/patients/{big.pk}/",
        "patient themes (therapist)": f"/care/patients/{big.pk}/themes/",
        "shared entry (therapist)": f"/care/patients/{big.pk}/entries/{shared_entry.pk}/",
    }  # fmt: skip
    patient_client, therapist_client = Client(), Client()
    patient_client.force_login(big)
    therapist_client.force_login(therapist)
    # As integration_journal/wsgi.py does in production: what is loaded by now lives as long as
    # the process, and is kept out of the collector's full passes.
    gc.collect()
    gc.freeze()
    timings = {}
    for name, path in pages.items():
        client = therapist_client if "therapist" in name else patient_client
        samples = []
        for _ in range(WARM_UP + SAMPLES):
            t0 = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        samples = samples[WARM_UP:]
        timings[name] = (statistics.median(samples), percentile(samples, 95), max(samples))

    from django.utils import timezone

    pdfs = {}
    today = timezone.localdate()
    for label, days, count in (("90 days, 20 entries in full", 90, 20),
                               ("one year, 100 entries in full", 365, 100),
                               ("one year, 300 entries in full", 365, 300)):  # fmt: skip
        start = today - dt.timedelta(days=days)
        ids = tuple(str(pk) for pk in Entry.objects.filter(owner=big, created__date__gte=start)
                    .values_list("pk", flat=True)[:count])  # fmt: skip
        samples = []
        for _ in range(3):
            t0 = time.perf_counter()
            report = build_progress(viewer=big, patient=big, scope=Scope(start, today, ids))
            pdf = render_pdf(report_html(report, for_pdf=True), seconds=120)
            samples.append(time.perf_counter() - t0)
        pdfs[label] = (statistics.median(samples), len(pdf), len(PdfReader(io.BytesIO(pdf)).pages))
    return {"generation": generation, "timings": timings, "pdfs": pdfs,
            "entries": Entry.objects.count(), "patients": User.objects.count(),
            "big_entries": Entry.objects.filter(owner=big).count()}  # fmt: skip


# --- HTTP helpers -------------------------------------------------------------------------------


class Browser:
    """A minimal cookie-keeping HTTP client for loopback load."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        head = {"Host": "localhost", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=head)
        response = connection.getresponse()
        data = response.read()
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
        return self.request("POST", path, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://localhost{path}"})  # fmt: skip


def login_cookie(database: str, email: str) -> dict:
    """A signed-in session for `email`, made through Django itself."""
    out = django_child(
        "from django.test import Client; from accounts.models import User\n"
        f"c = Client(); c.force_login(User.objects.get(email='{email}'))\n"
        "print(c.cookies['sessionid'].value)",
        database,
    )
    return {"sessionid": out.splitlines()[-1]}


def start_gunicorn(database: str, port: int, workers: int = 4):
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi_app", "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env_for(database),
    )  # fmt: skip
    for _ in range(150):
        try:
            if Browser(port).request("GET", "/bench/bare/")[0] == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop(process):
    process.terminate()
    process.wait(15)


def worker_rss_mb(master_pid: int) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    sizes = []
    for pid in children.stdout.split():
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def throughput(port: int, path: str, cookies: dict, seconds: int, threads: int = 8) -> float:
    count, errors = [0], [0]
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def run():
        browser = Browser(port, cookies)
        while time.monotonic() < deadline:
            status, _ = browser.request("GET", path)
            with lock:
                count[0] += status == 200
                errors[0] += status != 200

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors[0] == 0, f"{errors[0]} errors on {path}"
    return count[0] / seconds


# --- concurrent writers -------------------------------------------------------------------------


def make_writers(database: str) -> list[str]:
    emails = [f"writer{i}@bench.invalid" for i in range(WRITERS)]
    django_child(
        "from accounts.models import User; from allauth.account.models import EmailAddress\n"
        f"for email in {emails!r}:\n"
        "    user, created = User.objects.get_or_create(email=email)\n"
        f"    user.set_password({PASSWORD!r}); user.save()\n"
        "    EmailAddress.objects.get_or_create(user=user, email=email, verified=True, primary=True)",
        database,
    )
    return emails


def count_load_entries(database: str, prefix: str) -> tuple[int, int]:
    out = django_child(
        "from journal.models import Entry\n"
        f"qs = Entry.objects.filter(title__startswith={prefix!r})\n"
        "print(qs.count(), qs.values('title').distinct().count())",
        database,
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
            status, _ = browser.post_form("/journal/new/", {
                "phase": "free", "title": title, "body": f"Written under load {n}"})  # fmt: skip
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


def concurrency_in_process(database: str) -> dict:
    prefix = f"direct-{database}-"
    make_writers(database)
    out = django_child(IN_PROCESS_WRITERS.format(seconds=WRITER_SECONDS, prefix=prefix,
                                                 writers=WRITERS), database)  # fmt: skip
    saved, errors = (int(x) for x in out.split()[-2:])
    return tally(database, prefix, saved, errors)


def concurrency_http(database: str, ports_workers: list[tuple[int, int]]) -> dict:
    prefix = f"http-{database}-{len(ports_workers)}-"
    emails = make_writers(database)
    cookies = [login_cookie(database, email) for email in emails]
    servers = [start_gunicorn(database, port, workers) for port, workers in ports_workers]
    try:
        seen = http_writers([port for port, _ in ports_workers], cookies, WRITER_SECONDS, prefix)
        as_one = behave_as_one([p for p, _ in ports_workers], emails[0], prefix) if len(
            ports_workers) > 1 else None  # fmt: skip
    finally:
        for server in servers:
            stop(server)
    result = tally(database, prefix, seen["saved"], seen["errors"])
    result["as_one"] = as_one
    return result


def tally(database, prefix, saved, errors) -> dict:
    total, distinct = count_load_entries(database, prefix)
    return {"saved": saved, "errors": errors, "stored": total, "distinct": distinct,
            "lost": saved - distinct, "duplicated": total - distinct}  # fmt: skip


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
    limit_shared = status != 302 and b"Too many failed login attempts" in page
    return {"session": session_shared, "rate limit": limit_shared, "data": data_shared}


# --- the run ------------------------------------------------------------------------------------


def reset_postgres():
    server, name = PG_URL.rsplit("/", 1)
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"],
                   check=False, capture_output=True)  # fmt: skip
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    manage("migrate", "--noinput", database="pg")
    manage("createcachetable", database="pg")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    print("migrating the bench database …", flush=True)
    manage("migrate", "--noinput")
    manage("createcachetable")
    print("generating data, timing pages and PDFs in-process …", flush=True)
    out = subprocess.run([sys.executable, "-c", "from bench.run import in_process, dump;"
                          "dump(in_process())"], cwd=ROOT, env=env_for("sqlite"),
                         check=True, stdout=subprocess.PIPE, text=True)  # fmt: skip
    measured = json.loads(out.stdout.strip().splitlines()[-1])

    print("throughput under gunicorn …", flush=True)
    server = start_gunicorn("sqlite", PORT)
    try:
        patient = login_cookie("sqlite", "patient0@bench.invalid")
        targets = {
            "bare": ("/bench/bare/", {}),
            "bare, signed in": ("/bench/bare/", patient),
            "layout only": ("/account/trash/", patient),
            "journal": ("/journal/", patient),
        }
        # Two rounds, the four targets in turn in each, averaged: a drift in the machine's
        # load then touches every target alike instead of the one measured last.
        rounds = [
            {name: throughput(PORT, path, cookies, LOAD_SECONDS)
             for name, (path, cookies) in targets.items()}
            for _ in range(LOAD_ROUNDS)
        ]  # fmt: skip
        load = {name: statistics.mean(r[name] for r in rounds) for name in targets}
        rss = worker_rss_mb(server.pid)
    finally:
        stop(server)

    writers = {}
    print(f"{WRITERS} writers for {WRITER_SECONDS}s in-process on SQLite …", flush=True)
    writers["sqlite, in-process"] = concurrency_in_process("sqlite")
    print(f"{WRITERS} writers for {WRITER_SECONDS}s through gunicorn on SQLite …", flush=True)
    writers["sqlite, gunicorn"] = concurrency_http("sqlite", [(PORT + 1, 4)])
    reset_postgres()
    print(f"{WRITERS} writers for {WRITER_SECONDS}s in-process on PostgreSQL …", flush=True)
    writers["pg, in-process"] = concurrency_in_process("pg")
    print(f"{WRITERS} writers for {WRITER_SECONDS}s through gunicorn on PostgreSQL …", flush=True)
    writers["pg, gunicorn"] = concurrency_http("pg", [(PORT + 2, 4)])
    print(f"{WRITERS} writers for {WRITER_SECONDS}s through two app processes …", flush=True)
    writers["pg, two apps"] = concurrency_http("pg", [(PORT + 3, 2), (PORT + 4, 2)])

    RESULTS.write_text(json.dumps({"measured": measured, "load": load, "rss": rss,
                                   "writers": writers}, indent=1))  # fmt: skip
    write_report(measured, load, rss, writers)
    print("docs/performance.md written.")


def dump(data):
    print(json.dumps(data))


def yes(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def write_report(measured, load, rss, writers):
    baseline = load["bare, signed in"]  # the budget's baseline: see the throughput section
    ratio = load["journal"] / baseline if baseline else 0
    ratio_signed_out = load["journal"] / load["bare"] if load["bare"] else 0

    def share(rate: float, of: float) -> str:
        return f"{rate / of:.1%}" if of else "–"

    timings = measured["timings"]
    pages_ok = all(p95 <= BUDGET_P95_MS for _, p95, _ in timings.values())
    rss_ok = bool(rss) and max(rss) <= BUDGET_RSS_MB
    writers_ok = all(w["errors"] == 0 and w["lost"] == 0 and w["duplicated"] == 0
                     for w in writers.values())  # fmt: skip
    as_one = writers["pg, two apps"]["as_one"] or {}
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    lines = [
        "# Performance",
        "",
        "Regenerate with `make bench` (about fifteen minutes; not part of the test suite). Every",
        f"number below comes from the last run ({dt.date.today():%Y-%m-%d}, {machine}), on",
        "SQLite unless said otherwise. Nothing here is edited by hand.",
        "",
        "## Budgets",
        "",
        "| budget | result | met |",
        "|---|---|---|",
        f"| p95 server time ≤ {BUDGET_P95_MS} ms for every page, at scale | worst p95: "
        f"{max(p95 for _, p95, _ in timings.values()):.0f} ms | {yes(pages_ok)} |",
        f"| journal list throughput ≥ {BUDGET_RATIO:.0%} of a bare Django view (behind the same "
        f"sign-in) | {ratio:.1%} ({ratio_signed_out:.1%} of a signed-out one) | "
        f"{yes(ratio >= BUDGET_RATIO)} |",
        f"| worker RSS ≤ {BUDGET_RSS_MB} MB | {max(rss):.0f} MB | {yes(rss_ok)} |",
        f"| {WRITERS} concurrent writers for {WRITER_SECONDS} s: zero errors, lost or duplicated "
        f"entries | {sum(w['saved'] for w in writers.values()):,} saves in "
        f"{len(writers)} runs | {yes(writers_ok)} |",
        "",
        f"Data set: {measured['patients']:,} people and {measured['entries']:,} entries. The",
        f"measured patient has {measured['big_entries']:,} entries, 60 sessions, 40 themes, six",
        "intentions with steps and reviews, a year of daily check-ins and fortnightly",
        "questionnaires, 300 entries shared with a therapist (100 with reflections) and 3,000",
        f"access-log events. Generating it took {measured['generation']:.1f} s.",
        "",
        f"## Server time per page (budget: p95 ≤ {BUDGET_P95_MS} ms)",
        "",
        "| page | median ms | p95 ms | max ms | within budget |",
        "|---|---:|---:|---:|---|",
    ]
    for name, (median, p95, worst) in timings.items():
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} | {worst:.1f} | "
                     f"{yes(p95 <= BUDGET_P95_MS)} |")  # fmt: skip
    lines += [
        "",
        "Measured in-process with Django's test client (all middleware, templates and queries;",
        f"no network), {SAMPLES} requests per page after {WARM_UP} warm-up requests, signed in as",
        "the patient (or the therapist, where it says so).",
        "",
        "## Throughput under gunicorn (4 sync workers, 8 client threads, loopback)",
        "",
        "| what | requests/s | share of the bare view, signed in | share of the bare view, "
        "signed out |",
        "|---|---:|---:|---:|",
        f"| bare Django view, signed out | {load['bare']:.0f} | – | 100% |",
        f"| bare Django view, signed in (the budget's baseline) | {baseline:.0f} | 100% | "
        f"{share(baseline, load['bare'])} |",
        f"| a nearly empty signed-in page (the trash: layout, menu, two small queries) | "
        f"{load['layout only']:.0f} | {share(load['layout only'], baseline)} | "
        f"{share(load['layout only'], load['bare'])} |",
        f"| **journal list** of the {measured['big_entries']:,}-entry patient | "
        f"{load['journal']:.0f} | **{share(load['journal'], baseline)}** | "
        f"{share(load['journal'], load['bare'])} |",
        "",
        f"Journal list throughput is **{ratio:.1%}** of the bare view (budget: ≥ "
        f"{BUDGET_RATIO:.0%}; {'met' if ratio >= BUDGET_RATIO else 'not met'}). Each figure is the",
        f"mean of {LOAD_ROUNDS} rounds of {LOAD_SECONDS} s per target, the targets in turn.",
        "",
        "The bare view (`bench/urls.py`, only in the bench URLconf) returns a two-byte response",
        "through the same middleware. The budget compares against it behind the same sign-in,",
        "because that is what a bare view is in this project: `LoginRequiredMiddleware` puts every",
        "view behind sign-in, and a signed-out view needs an explicit exemption. Signed out, the",
        "bare view touches no table at all; every signed-in request reads the session and the",
        "user first, and that alone costs more than the signed-out view does in all (the first",
        "two rows). The signed-out column shows it: a signed-in view that does nothing reaches",
        f"{share(baseline, load['bare'])} of the signed-out one, so no page that reads from the "
        f"database comes near {BUDGET_RATIO:.0%} of it",
        "without caching rendered private pages, which we do not do (they would hold journal text",
        "outside the tables that trash, export and erasure look after).",
        "",
        "The journal list counts and fetches 20 entries with their sessions and themes (a fixed",
        "number of queries, tested in `tests/journal/test_query_counts.py`) and renders 20 cards.",
        "It loads only the columns a card shows (`Entry.CARD_FIELDS`), shows an excerpt stored at",
        "save time, reads the page's themes in one query (`with_theme_tags`), and draws each",
        "card with one template (`journal/_entry_card.html`). The menu on every signed-in page",
        "is a template too, and whether it is a patient's or clinic staff's menu is asked of",
        "`care.access.menu_for` on every page (one indexed query). Each worker keeps its database",
        "connection between requests (`CONN_MAX_AGE`). Translation is off (the product is",
        "English only), which spares a lookup per text on every page. On this machine the load",
        f"generator shares the {os.cpu_count()} cores with the workers, and the machine's speed",
        "varies from run to run (other machines share it), which moves this share by a few",
        "points between runs; app servers are stateless, so capacity grows with cores and",
        "machines.",
        "",
        "## Memory",
        "",
        f"Worker RSS after the load: {', '.join(f'{mb:.0f} MB' for mb in rss)} "
        f"(budget: ≤ {BUDGET_RSS_MB} MB each; {'met' if rss_ok else 'not met'}).",
        "",
        "## PDF rendering (the patient's own report, in a child process with a time limit)",
        "",
        "| report | seconds (median of 3) | pages | size |",
        "|---|---:|---:|---:|",
    ]
    for label, (seconds, size, pages) in measured["pdfs"].items():
        lines.append(f"| {label} | {seconds:.2f} | {pages} | {size / 1024:.0f} KB |")
    lines += [
        "",
        "Reports render as background tasks, so the person waits on a status page, not on a",
        "request; the time limit (60 s) is far above these.",
        "",
        f"## Concurrent writers ({WRITERS} writers, {WRITER_SECONDS} s each run)",
        "",
        "| database | how | entries saved | errors | stored | lost | duplicated |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "sqlite, in-process": ("SQLite (WAL, IMMEDIATE)", "in-process, 20 threads"),
        "sqlite, gunicorn": ("SQLite (WAL, IMMEDIATE)", "HTTP, 1 gunicorn × 4 workers"),
        "pg, in-process": ("PostgreSQL", "in-process, 20 threads"),
        "pg, gunicorn": ("PostgreSQL", "HTTP, 1 gunicorn × 4 workers"),
        "pg, two apps": ("PostgreSQL", "HTTP, 2 gunicorn × 2 workers, one database"),
    }
    for key, w in writers.items():
        database, how = labels[key]
        lines.append(f"| {database} | {how} | {w['saved']:,} | {w['errors']} | {w['stored']:,} | "
                     f"{w['lost']} | {w['duplicated']} |")  # fmt: skip
    lines += [
        "",
        "Each writer signs in as its own person, GETs the entry form (for its CSRF token) and",
        "POSTs a new entry with a unique title, over and over until the time is up. Afterwards",
        "the stored entries are counted: every save the writer saw confirmed (a redirect) must be",
        "there exactly once, and nothing else.",
        "",
        "Two app processes on one PostgreSQL database behave as one:",
        "",
        "| check | held |",
        "|---|---|",
        f"| a sign-in made through one is valid on the other | {yes(as_one.get('session'))} |",
        "| five wrong passwords through one lock the account on the other too (rate limits "
        f"live in the shared cache) | {yes(as_one.get('rate limit'))} |",
        f"| an entry saved through one is listed by the other | {yes(as_one.get('data'))} |",
        "",
    ]
    (ROOT / "docs" / "performance.md").write_text("\n".join(lines))


if __name__ == "__main__":
    if "--report" in sys.argv:  # rewrite docs/performance.md from the last run's numbers
        write_report(**json.loads(RESULTS.read_text()))
    else:
        main()
