"""A clinic's batch of progress reports and the cost of one PDF (`make bench-batch`); not a test.

1. A clinic with 200 consenting patients (each: a session, three entries, six intentions, 90
   days of check-ins, fortnightly PHQ-9 and GAD-7): the clinic admin asks for everyone's report
   (one task per PDF, as the batch page does); the wall time until the last is ready, with one
   and with two `db_worker`s, and the peak memory of a worker and of a render, sampled from /proc.
   Then the streamed zip download: its size, time and how much the serving process grew.
2. The 300-entry year report against bare WeasyPrint on the same HTML, in the same run: the
   app's time (building the report, the HTML, rendering in a child process) over WeasyPrint's
   own `HTML(...).write_pdf()` (also in a child forked from a process that has imported it), and
   the peak memory of each render.

Writes its two sections of docs/performance.md (bench/sections.py) and prints them. Options
(environment): BENCH_BATCH_PATIENTS (default 200), DATABASE_URL_BENCH_BATCH (default the local
server's ij_bench_batch database, dropped and re-created), BENCH_BATCH_DB=sqlite for SQLite.
"""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import re
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402
from bench.sections import write_section  # noqa: E402

PATIENTS = int(os.environ.get("BENCH_BATCH_PATIENTS", "200"))
DATABASE = os.environ.get("BENCH_BATCH_DB", "postgres")
bench.PG_URL = os.environ.get(
    "DATABASE_URL_BENCH_BATCH", "postgres://postgres@127.0.0.1:5432/ij_bench_batch"
)
ADMIN = "admin@bench.invalid"
YEAR_ENTRIES = 300
PDF_SAMPLES = 3


@dataclasses.dataclass(frozen=True)
class BatchTarget(bench.Target):
    def env(self) -> dict:
        return {**super().env(), "TASKS_BACKEND": "database"}

    @property
    def sqlite_path(self) -> Path:
        return bench.OUT / "batch.sqlite3"


TARGET = BatchTarget(DATABASE, scale=1)


# --- in a child process with Django set up ------------------------------------------------------


def make_clinic(patients: int) -> None:
    import random
    from types import SimpleNamespace

    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from bench import generate
    from care.models import CareLink, Clinic, Membership
    from scripts.faults import journal_for
    from tests.helpers import enable_totp

    rng = random.Random(1)  # noqa: S311
    now = timezone.now()
    with transaction.atomic():
        people = [generate.make_person(i) for i in range(patients)]
        users = User.objects.bulk_create(people)
        generate.small_journals(users, now)
        for user in users:
            generate.intentions(user, rng, now)
            generate.check_ins_and_questionnaires(user, SimpleNamespace(days=90), rng, now)
        admin = User.objects.create_user(ADMIN, "x", display_name="Clinic admin", time_zone="UTC")
        enable_totp(admin)
        clinic = Clinic.objects.create(name="Batch clinic")
        Membership.objects.create(clinic=clinic, user=admin, role=Membership.Role.ADMIN)
        CareLink.objects.bulk_create(
            [CareLink(patient=u, clinic=clinic, consents_to_clinic_reports=True) for u in users]
        )
    year = User.objects.create_user("year@bench.invalid", "x", display_name="A year")
    journal_for(year, YEAR_ENTRIES)


def batch_run() -> dict:
    """Asks for every consenting patient's report, as the batch page does, and waits."""
    import datetime as dt

    from django.utils import timezone

    from accounts.models import User
    from care import access
    from care.models import Clinic
    from reports.build import CLINIC_SECTIONS, Scope
    from reports.models import ReportBatch, ReportFile
    from reports.tasks import expiry, render_report

    admin = User.objects.get(email=ADMIN)
    clinic = Clinic.objects.get()
    today = timezone.localdate()
    scope = Scope(today - dt.timedelta(days=365), today, (), CLINIC_SECTIONS).as_json()
    started = time.monotonic()
    batch = ReportBatch.objects.create(requester=admin, clinic=clinic, expires_at=expiry())
    for patient in access.consenting_patients(clinic.pk):
        report_file = ReportFile.objects.create(
            requester=admin, patient=patient, scope=scope, batch=batch, expires_at=expiry()
        )
        render_report.enqueue(str(report_file.pk))
    waiting = batch.files.exclude(status__in=[ReportFile.Status.READY, ReportFile.Status.FAILED])
    while waiting.exists():
        time.sleep(0.2)
    return {
        "batch": str(batch.pk),
        "seconds": time.monotonic() - started,
        "ready": batch.files.filter(status=ReportFile.Status.READY).count(),
        "failed": batch.files.filter(status=ReportFile.Status.FAILED).count(),
    }


def download(batch_id: str) -> dict:
    """The streamed zip through the view, and how much this process grew while sending it."""
    import resource

    from django.urls import reverse

    from accounts.models import User
    from tests.helpers import client_for

    client = client_for(User.objects.get(email=ADMIN))
    url = reverse("reports:batch_download", args=[batch_id])
    b"".join(client.get(url).streaming_content)  # warm: templates, connections, imports
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    size = sum(len(chunk) for chunk in client.get(url).streaming_content)
    seconds = time.monotonic() - started
    grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {"size": size, "seconds": seconds, "grew_mb": grew / 1024}


def _bare(html: str, sender) -> None:
    import resource

    from weasyprint import HTML

    from reports.pdf import BASE_URL, make_fetcher

    started = time.perf_counter()
    HTML(string=html, base_url=BASE_URL, url_fetcher=make_fetcher()).write_pdf()
    seconds = time.perf_counter() - started
    sender.send((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def pdf_cost() -> dict:
    """The app's year report against WeasyPrint alone on the same HTML, each in a child."""
    import datetime as dt
    import multiprocessing
    import resource
    import statistics

    from django.utils import timezone

    from accounts.models import User
    from journal.models import Entry
    from reports.build import Scope, build_progress
    from reports.pdf import render_pdf
    from reports.tasks import report_html

    patient = User.objects.get(email="year@bench.invalid")
    today = timezone.localdate()
    ids = tuple(str(pk) for pk in Entry.objects.filter(owner=patient).values_list("pk", flat=True))
    scope = Scope(today - dt.timedelta(days=365), today, ids)
    app, bare, bare_rss = [], [], []
    for _ in range(PDF_SAMPLES):
        started = time.perf_counter()
        html = report_html(
            build_progress(viewer=patient, patient=patient, scope=scope), for_pdf=True
        )
        render_pdf(html, seconds=300)
        app.append(time.perf_counter() - started)
    app_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    import weasyprint  # noqa: F401 - in the parent, as the app's worker has it before forking

    context = multiprocessing.get_context("fork")
    for _ in range(PDF_SAMPLES):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_bare, args=(html, sender))
        child.start()
        seconds, rss = receiver.recv()
        child.join()
        bare.append(seconds)
        bare_rss.append(rss)
    return {
        "entries": len(ids),
        "app": statistics.median(app),
        "bare": statistics.median(bare),
        "app_rss": app_rss,
        "bare_rss": max(bare_rss),
    }


def in_child(call: str) -> dict:
    out = bench.django_child(
        TARGET, f"import json\nfrom bench import batch\nprint(json.dumps({call}))"
    )
    return json.loads(out.splitlines()[-1])


# --- the run --------------------------------------------------------------------------------------


def high_water_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmHWM:\s+(\d+)", status)
    return int(match.group(1)) / 1024 if match else 0.0


class Sampler(threading.Thread):
    """Peak memory of the workers and of the render processes they start, every 50 ms."""

    def __init__(self, workers):
        super().__init__(daemon=True)
        self.workers, self.worker_mb, self.render_mb = workers, 0.0, 0.0
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            for worker in self.workers:
                self.worker_mb = max(self.worker_mb, high_water_mb(worker.pid))
                for child in bench.descendants(worker.pid):
                    self.render_mb = max(self.render_mb, high_water_mb(child))
            time.sleep(0.05)


def timed_batch(workers: int) -> dict:
    processes = [bench.start_db_worker(TARGET.env(), 0.1) for _ in range(workers)]
    sampler = Sampler(processes)
    sampler.start()
    try:
        result = in_child("batch.batch_run()")
    finally:
        sampler.stopped.set()
        sampler.join()
        for process in processes:
            process.terminate()
            process.wait(30)
    return {**result, "worker_mb": sampler.worker_mb, "render_mb": sampler.render_mb}


def main() -> None:
    bench.OUT.mkdir(parents=True, exist_ok=True)
    name = bench.DATABASE_NAMES[DATABASE]
    print(f"{name}: a clinic of {PATIENTS} patients …", flush=True)
    bench.fresh_database(TARGET)
    bench.django_child(TARGET, f"from bench import batch\nbatch.make_clinic({PATIENTS})")
    if DATABASE == "postgres":
        bench.django_child(TARGET, "from bench.run import refresh_planner_statistics as r\nr()")
    runs = {}
    for workers in (1, 2):
        print(f"  the batch with {workers} worker(s) …", flush=True)
        runs[workers] = timed_batch(workers)
    zipped = in_child(f"batch.download({runs[2]['batch']!r})")
    print("  the year report against bare WeasyPrint …", flush=True)
    cost = in_child("batch.pdf_cost()")
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}"
    write_section("batch", batch_section(name, runs, zipped, machine))
    write_section("pdf-cost", pdf_section(name, cost))
    print(bench.REPORT.read_text().split("<!-- section: batch -->")[1])


def batch_section(name, runs, zipped, machine) -> str:
    rows = [
        f"| {w} | {r['seconds']:.0f} s | {r['seconds'] / max(r['ready'], 1):.2f} s | {r['ready']} "
        f"| {r['failed']} | {r['worker_mb']:.0f} MB | {r['render_mb']:.0f} MB |"
        for w, r in runs.items()
    ]
    speedup = runs[1]["seconds"] / runs[2]["seconds"]
    return "\n".join(
        [
            f"## A clinic's batch of {PATIENTS} reports ({name})",
            "",
            f"`make bench-batch` (bench/batch.py; {machine}). One task per PDF; the clinic admin",
            'waits on the batch page, which counts them ("12 of 40 ready").',
            "",
            "| workers | all ready | per report | ready | failed | peak worker | peak render |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Two workers finish {speedup:.1f}× as fast as one on this {os.cpu_count()}-core "
            "machine. Memory is each process's high-water mark (VmHWM), sampled every 50 ms; a",
            "render runs in a child of its worker and ends with its PDF.",
            "",
            f"The zip of all {runs[2]['ready']} is streamed: {zipped['size'] / 1024 / 1024:.1f} MB "
            f"in {zipped['seconds']:.1f} s, while the serving process grew by "
            f"{zipped['grew_mb']:.0f} MB (each PDF is read only when its turn in the zip comes).",
        ]
    )


def pdf_section(name, cost) -> str:
    ratio = cost["app"] / cost["bare"]
    return "\n".join(
        [
            f"## A year report with {cost['entries']} entries in full, against bare WeasyPrint "
            f"({name})",
            "",
            "| | seconds (median of 3) | peak memory |",
            "|---|---:|---:|",
            f"| the app: build the report, its HTML, render in a child | {cost['app']:.2f} | "
            f"{cost['app_rss']:.0f} MB |",
            f"| WeasyPrint alone on the same HTML | {cost['bare']:.2f} | {cost['bare_rss']:.0f} MB |",
            "",
            f"The app takes {ratio:.2f}× WeasyPrint's own time (goal ≤ 1.3×; peak ≤ 400 MB). "
            "Memory is the render process's high-water mark, which includes the Django process "
            "it was forked from.",
        ]
    )


if __name__ == "__main__":
    main()
