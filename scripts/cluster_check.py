"""Many servers, proven (`make cluster-check`): PostgreSQL, two gunicorn app servers on loopback
behind haproxy (round robin, no sticky sessions, so a person's requests alternate between the
servers) and two `db_worker`s, driven over HTTP as a person would:

1. Sign-in holds: signed in through one server, every page of the other knows the person.
2. Drafts: a save confirmed by one server tells the browser (on the page the other server
   serves) that its draft may go.
3. A conflict: two tabs edit the same entry, each saving through a different server: the second
   gets the conflict page with both texts, the first text stays stored.
4. Rate limits: wrong passwords sent to both servers in turn are counted together, so the right
   password is refused after them.
5. A report while an app server and a worker are killed (SIGKILL): a writer keeps saving
   entries through the load balancer the whole time; the worker that was rendering the report
   dies with it, so the report ends as failed once it counts as stalled (its start moved back
   by the stalled time, as scripts/faults.py does), "try again" renders it on the other worker,
   and a second report started after the kills is rendered too. Each report is rendered to
   "ready" exactly once, every save the writer saw confirmed is stored exactly once, and the
   person stays signed in on the server that is left.

Prints a summary and exits non-zero on any failure. Every process it starts it stops. Options
(environment): CLUSTER_PORT (default 8820: haproxy; the two after it are the app servers),
DATABASE_URL_CLUSTER (default the local server's ij_cluster database, dropped and re-created).
haproxy comes from Debian (`apt-get install haproxy`, done here when it is missing and we may).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402 - the HTTP helpers and database set-up

OUT = ROOT / "bench" / "out" / "cluster"
bench.PG_URL = os.environ.get(
    "DATABASE_URL_CLUSTER", "postgres://postgres@127.0.0.1:5432/ij_cluster"
)
PORT = int(os.environ.get("CLUSTER_PORT", "8820"))
APP_PORTS = {"app-a": PORT + 1, "app-b": PORT + 2}
PATIENT, GUESSED = "patient@cluster.invalid", "guessed@cluster.invalid"
PASSWORD = "cluster-password"  # noqa: S105 - a throwaway database on loopback
ENTRIES = 300
CONFLICT = b"This entry changed in another window"
STALLED = b"stopped part-way"
LOCKED = b"Too many tries in a row"
WRONG_PASSWORDS = 5  # ACCOUNT_RATE_LIMITS: 5 failures in 5 minutes

HAPROXY_CONFIG = """\
global
    maxconn 256
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 3
    option redispatch
frontend web
    bind 127.0.0.1:{port}
    unique-id-format lb-%{{+X}}o%Ts-%rt
    http-request set-header X-Request-ID %[unique-id]
    http-response set-header X-Served-By %s
    default_backend apps
backend apps
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz/ ver HTTP/1.1 hdr Host localhost
{servers}
"""


@dataclasses.dataclass(frozen=True)
class ClusterTarget(bench.Target):
    """The bench's PostgreSQL settings, with the database task queue and a proxy in front."""

    def env(self) -> dict:
        env = super().env()
        env.update(TASKS_BACKEND="database", BEHIND_PROXY="1")
        return env


TARGET = ClusterTarget("postgres", scale=1)

SETUP = f"""
import sys
sys.path.insert(0, "scripts")
from faults import journal_for, person
import faults
faults.PASSWORD = {PASSWORD!r}
journal_for(person({PATIENT!r}), {ENTRIES})
person({GUESSED!r})
"""


# --- processes ----------------------------------------------------------------------------------


def haproxy_binary() -> str:
    if found := shutil.which("haproxy"):
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "haproxy"],
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            check=False,
            stdout=subprocess.DEVNULL,
        )
    if found := shutil.which("haproxy"):
        return found
    sys.exit("cluster check: haproxy is not installed (apt-get install haproxy)")


def start_haproxy() -> subprocess.Popen:
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{port} check inter 300ms fall 2 rise 2"
        for name, port in APP_PORTS.items()
    )
    config = OUT / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(port=PORT, servers=servers))
    process = subprocess.Popen([haproxy_binary(), "-db", "-f", str(config)], start_new_session=True)
    seen = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and seen != set(APP_PORTS):
        with contextlib.suppress(OSError):
            browser = bench.Browser(PORT)
            if browser.request("GET", "/healthz/")[0] == 200:
                seen.add(browser.last_headers.get("x-served-by"))
        time.sleep(0.1)
    if seen != set(APP_PORTS):
        bench.end_group(process)
        sys.exit(f"cluster check: the load balancer reached only {sorted(seen)}")
    return process


# --- a person's browser, through the load balancer ------------------------------------------------


class Person(bench.Browser):
    def __init__(self):
        super().__init__(PORT)
        self.served_by: list[str] = []

    def request(self, method, path, body=None, headers=None):
        status, data = super().request(method, path, body, headers)
        self.served_by.append(self.last_headers.get("x-served-by", "?"))
        return status, data

    def post(self, path: str, token: str, fields: list[tuple[str, str]]):
        body = urlencode([("csrfmiddlewaretoken", token), *fields])
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://localhost{path}",
        }
        return self.request("POST", path, body, headers)

    def sign_in(self, email: str, password: str = PASSWORD):
        return self.post_form("/accounts/login/", {"login": email, "password": password})


def csrf_token(page: bytes) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def version_of(page: bytes) -> str:
    return re.search(rb'name="version" value="(\d+)"', page).group(1).decode()


def alternated(served: list[str]) -> bool:
    return set(served) == set(APP_PORTS) and all(
        a != b for a, b in zip(served, served[1:], strict=False)
    )


# --- the checks -----------------------------------------------------------------------------------


def check_sign_in(person: Person) -> dict:
    status, _ = person.sign_in(PATIENT)
    pages = [person.request("GET", "/journal/") for _ in range(4)]
    known = status == 302 and all(s == 200 and b"Sign out" in page for s, page in pages)
    proxy_id = person.last_headers.get("x-request-id", "").startswith("lb-")
    return {
        "ok": known and alternated(person.served_by) and proxy_id,
        "detail": f"signed in on one server, 4 pages served by {person.served_by[2:]}, "
        f"request id {'from the proxy' if proxy_id else 'NOT the proxy’s'}",
    }


def check_drafts(person: Person) -> tuple[dict, str]:
    person.served_by.clear()
    status, _ = person.post_form(
        "/journal/new/", {"phase": "free", "title": "Cluster entry", "body": "Two servers."}
    )
    location = person.last_headers.get("location", "")
    saved_on = person.served_by[-1]
    status_page, page = person.request("GET", location)
    forget = b"data-saved-draft-key=" in page
    ok = status == 302 and "saved=new" in location and status_page == 200 and forget
    ok = ok and person.served_by[-1] != saved_on
    entry = re.search(r"/journal/entries/([0-9a-f-]{36})/", location)
    return {
        "ok": ok,
        "detail": f"saved by {saved_on}; the page from {person.served_by[-1]} "
        f"{'tells the browser to forget the draft' if forget else 'does NOT clear the draft'}",
    }, entry.group(1) if entry else ""


def check_conflict(person: Person, entry: str) -> dict:
    person.served_by.clear()
    edit = f"/journal/entries/{entry}/edit/"
    tabs = [person.request("GET", edit)[1] for _ in range(2)]

    def save(tab, body):
        fields = [("phase", "free"), ("title", "Cluster entry"), ("body", body)]
        return person.post(edit, csrf_token(tab), [*fields, ("version", version_of(tab))])

    first, _ = save(tabs[0], "Written in the first tab.")
    second, page = save(tabs[1], "Written in the second tab.")
    stored = person.request("GET", f"/journal/entries/{entry}/")[1]
    both = CONFLICT in page and b"Written in the first tab." in page
    both = both and b"Written in the second tab." in page
    kept = b"Written in the first tab." in stored and b"second tab" not in stored
    ok = first == 302 and second == 200 and both and kept and alternated(person.served_by)
    return {
        "ok": ok,
        "detail": f"tabs saved through {person.served_by[2]} and {person.served_by[3]}: the "
        f"second {'sees both texts' if both else 'does NOT see both texts'}, the first "
        f"{'is stored' if kept else 'is NOT what is stored'}",
    }


def check_rate_limit() -> dict:
    guesser = Person()
    token = csrf_token(guesser.request("GET", "/accounts/login/")[1])
    guesser.served_by.clear()
    for _ in range(WRONG_PASSWORDS):
        guesser.post("/accounts/login/", token, [("login", GUESSED), ("password", "wrong")])
    status, page = guesser.post(
        "/accounts/login/", token, [("login", GUESSED), ("password", PASSWORD)]
    )
    locked = status != 302 and LOCKED in page
    outcome = "refused until the limit passes" if locked else "NOT refused"
    return {
        "ok": alternated(guesser.served_by) and locked,
        "detail": f"{WRONG_PASSWORDS} wrong passwords through {guesser.served_by[:-1]}, then the "
        f"right one on {guesser.served_by[-1]} {outcome}",
    }


class Writer(threading.Thread):
    """Saves an entry through the load balancer every 50 ms until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopped = threading.Event()
        self.confirmed: list[str] = []
        self.failed = 0
        self.person = Person()
        self.person.sign_in(PATIENT)

    def run(self):
        n = 0
        while not self.stopped.is_set():
            title = f"cluster-writer-{n}"
            n += 1
            try:
                status, _ = self.person.post_form(
                    "/journal/new/", {"phase": "free", "title": title, "body": "Still here."}
                )
            except OSError:
                status = 0
            if status == 302 and "saved=new" in self.person.last_headers.get("location", ""):
                self.confirmed.append(title)
            else:
                self.failed += 1  # not confirmed: the browser keeps the draft and tries again
            time.sleep(0.05)


def start_report(person: Person) -> str:
    status, page = person.request("GET", "/reports/new/")
    today = dt.date.today()
    fields = [("start", (today - dt.timedelta(days=365)).isoformat()), ("end", today.isoformat())]
    fields += [
        ("sections", value.decode())
        for value in re.findall(rb'name="sections" value="([^"]+)"', page)
    ]
    # The form offers the newest 150 entries (reports.build.SELECTABLE_ENTRIES) and the writer
    # keeps adding some: choose the newest 100, so none of them drops off the list before the POST.
    entries = re.findall(rb'name="entries" value="([^"]+)"', page)[:100]
    fields += [("entries", value.decode()) for value in entries]
    status, answer = person.post("/reports/new/", csrf_token(page), fields)
    location = person.last_headers.get("location", "")
    found = re.search(r"/reports/([0-9a-f-]{36})/", location)
    if found is None:
        (OUT / "report-form.html").write_bytes(answer)
        raise RuntimeError(f"asking for a report answered {status}, not the report's page")
    return found.group(1)


def wait_ready(person: Person, report: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, page = person.request("GET", f"/reports/{report}/")
        if status == 200 and f"/reports/{report}/download/".encode() in page:
            return True
        time.sleep(0.5)
    return False


def stored_once(titles: list[str], reports: list[str]) -> dict:
    """Counted in the database: each confirmed save, and each report's renders."""
    code = f"""
import json
from django.db.models import Count
from django_tasks_db.models import DBTaskResult
from journal.models import Entry
from reports.models import ReportFile
titles = {titles!r}
counts = dict(Entry.objects.filter(title__in=titles).values_list("title").annotate(n=Count("pk")))
renders = {{r: 0 for r in {reports!r}}}
for result in DBTaskResult.objects.filter(task_path__endswith="render_report"):
    report = result.args_kwargs["args"][0]
    if report in renders and result.return_value == "ready":
        renders[report] += 1
ready = ReportFile.objects.filter(pk__in={reports!r}, status="ready").count()
print(json.dumps({{"counts": counts, "renders": renders, "ready": ready}}))
"""
    return json.loads(bench.django_child(TARGET, code).splitlines()[-1])


def check_kills(person: Person, writer: Writer, apps: dict, workers: list) -> dict:
    writer.start()
    first = start_report(person)
    deadline = time.monotonic() + 60
    rendering = None
    while rendering is None and time.monotonic() < deadline:
        rendering = next((w for w in workers if bench.descendants(w.pid)), None)
        time.sleep(0.05)
    if rendering is None:
        writer.stopped.set()
        return {"ok": False, "detail": "no worker started rendering the report"}
    bench.end_group(rendering)
    bench.end_group(apps.pop("app-a"))
    time.sleep(3)  # the writer keeps saving while the load balancer notices
    second = start_report(person)
    second_ready = wait_ready(person, second, 120)
    # Ten minutes later, as far as the stalled rule can tell.
    bench.django_child(
        TARGET,
        "from django.db.models import F\nfrom integration_journal.background import "
        "STALLED_AFTER\nfrom reports.models import ReportFile\nimport datetime as dt\n"
        f"ReportFile.objects.filter(pk={first!r}).update(started_at=F('started_at') - "
        "STALLED_AFTER - dt.timedelta(minutes=1))",
    )
    status_page = person.request("GET", f"/reports/{first}/")[1]
    shown_failed = STALLED in status_page
    person.post(f"/reports/{first}/retry/", csrf_token(status_page), [])
    first_ready = wait_ready(person, first, 120)
    pdf = person.request("GET", f"/reports/{first}/download/")[1]
    writer.stopped.set()
    writer.join(30)
    still_in = person.request("GET", "/journal/")
    counted = stored_once(writer.confirmed, [first, second])
    lost = [t for t in writer.confirmed if t not in counted["counts"]]
    doubled = [t for t, n in counted["counts"].items() if n != 1]
    renders_once = list(counted["renders"].values()) == [1, 1] and counted["ready"] == 2
    signed_in = still_in[0] == 200 and b"Sign out" in still_in[1]
    ok = shown_failed and first_ready and second_ready and pdf.startswith(b"%PDF")
    ok = ok and renders_once and not lost and not doubled and signed_in and writer.confirmed
    return {
        "ok": ok,
        "detail": f"the rendering worker and app-a killed; the stalled report "
        f"{'shown as failed, ' if shown_failed else 'NOT shown as failed, '}"
        f"{'rendered on try again' if first_ready else 'NOT rendered on try again'}; the next "
        f"{'rendered' if second_ready else 'NOT rendered'}; renders per report "
        f"{list(counted['renders'].values())}; writer: {len(writer.confirmed)} saves confirmed, "
        f"{len(lost)} lost, {len(doubled)} doubled, {writer.failed} not confirmed; "
        f"{'still signed in' if signed_in else 'signed OUT'} on app-b",
    }


# --- the run --------------------------------------------------------------------------------------


def main() -> int:
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)
    haproxy_binary()
    print("cluster check: fresh PostgreSQL database, a patient with a journal …", flush=True)
    bench.fresh_database(TARGET)
    bench.django_child(TARGET, SETUP)
    apps, workers, balancer = {}, [], None
    results = {}
    try:
        for name, port in APP_PORTS.items():
            apps[name] = bench.start_gunicorn(TARGET, port, workers=2, start_new_session=True)
        workers = [bench.start_db_worker(TARGET.env()) for _ in range(2)]
        balancer = start_haproxy()
        person = Person()
        results["sign-in holds across servers"] = check_sign_in(person)
        results["drafts"], entry = check_drafts(person)
        results["a conflict"] = check_conflict(person, entry)
        writer = Writer()  # signed in now: the wrong passwords next lock this address a while
        results["rate limits across servers"] = check_rate_limit()
        results["a report, an app server and a worker killed"] = check_kills(
            person, writer, apps, workers
        )
    finally:
        for process in [*apps.values(), *workers, *([balancer] if balancer else [])]:
            bench.end_group(process)
    width = max(len(name) for name in results)
    for name, result in results.items():
        print(f"{'ok  ' if result['ok'] else 'FAIL'} {name:<{width}}  {result['detail']}")
    print(f"cluster check: {time.monotonic() - started:.0f} s")
    return 0 if results and all(r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
