"""What a language costs (`make bench-languages`): the main pages of the measured patient and
therapist timed in English, then in Spanish, side by side with the difference; not a test.

For each database (SQLite, and PostgreSQL: DATABASE_URL_BENCH, or the server bench/run.py
finds), a fresh database with bench/generate.py's data at the scale (10 by default; `--scale 1`
or BENCH_LANGUAGES_SCALE=1 for the small set), then in one child process: every main page of
bench/run.py's `main_pages` that the patient or the therapist reads, timed in-process as
bench/run.py times them (`time_pages`: BENCH_SAMPLES requests after BENCH_WARM_UP), with both
people's `User.language` set to English, then to Spanish (the language their pages are served
in, integration_journal/middleware.py): page by page, the two languages one after the other
(Spanish first on every other page), after every page has been read once in each language.
The same data, the same process, the same clients: only the language differs.

Usage: python bench/languages.py [--scale 10] [--db sqlite,postgres] [--out FILE]
Writes its section of docs/performance.md (bench/sections.py; kept when `make bench` rewrites
the rest of the page), or of FILE. A run at a scale other than 10 or with fewer than 60 samples
is labelled a smoke run in its heading.

The databases are bench/run.py's own (dropped and re-created): run it when `make bench` is not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402
    DATABASE_NAMES,
    OUT,
    REPORT,
    SAMPLES,
    WARM_UP,
    Target,
    django_child,
    fresh_database,
    postgres_url,
    reference_line,
    reference_loop_ms,
)
from bench.sections import write_section  # noqa: E402

LANGUAGES = {"en": "English", "es": "Spanish"}
READERS = ("patient", "therapist")
SECTION = "languages"
FULL_SCALE, FULL_SAMPLES = 10, 60


def in_process(scale: int) -> dict:
    """In a child with Django set up for the target: the data, then the pages per language."""
    import django

    django.setup()
    from django.test import Client
    from django.utils import translation

    from bench.generate import generate
    from bench.run import main_pages, refresh_planner_statistics, time_pages
    from journal.models import Entry

    people = generate(scale=scale)
    refresh_planner_statistics()
    readers = {"patient": people.patient, "therapist": people.therapist}
    pages = {name: page for name, page in main_pages(people).items() if page[1] in readers}
    oldest = Entry.objects.filter(owner=people.patient).order_by("created").first()
    clients = {}
    for who, user in readers.items():
        clients[who] = Client()
        clients[who].force_login(user)

    def speak(code: str, *, check: bool = True) -> None:
        for user in readers.values():
            user.language = code
            user.save(update_fields=["language"])
        if check:
            home = clients["patient"].get("/")
            assert f'<html lang="{code}"' in home.text, f"the pages are not in {code}"
        translation.deactivate()  # each request chooses its language; nothing left over

    # Every page read once in each language before any is timed, so the language timed first
    # does not also pay for the caches the first reads fill (templates, catalogues, the
    # database's pages in memory).
    for code in LANGUAGES:
        speak(code)
        for path, who in pages.values():
            clients[who].get(path)
    # Page by page, English then Spanish (Spanish first on every other page), so a machine
    # that grows busier during the run weighs on both languages of a page alike.
    measured = {code: {} for code in LANGUAGES}
    for number, (name, page) in enumerate(pages.items()):
        for code in list(LANGUAGES)[:: 1 if number % 2 == 0 else -1]:
            speak(code, check=False)
            measured[code] |= time_pages({name: page}, clients, oldest.title)
    return {
        "scale": scale,
        "entries": Entry.objects.filter(owner=people.patient).count(),
        **measured,
    }


def measure(target: Target) -> dict:
    code = f"from bench.languages import in_process; from bench.run import dump; dump(in_process({target.scale}))"
    return json.loads(django_child(target, code).splitlines()[-1])


def difference(english: float, spanish: float) -> str:
    change = spanish - english
    share = f" ({change / english:+.0%})" if english else ""
    return f"{change:+.1f} ms{share}"


def table(run: dict) -> list[str]:
    rows = [
        "| page | reader | p50 English | p50 Spanish | p95 English | p95 Spanish | p95 difference |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, en in run["en"].items():
        es = run["es"][name]
        rows.append(
            f"| {name} | {en['who']} | {en['p50']:.1f} ms | {es['p50']:.1f} ms "
            f"| {en['p95']:.1f} ms | {es['p95']:.1f} ms | {difference(en['p95'], es['p95'])} |"
        )
    p50 = [run["es"][n]["p50"] - p["p50"] for n, p in run["en"].items()]
    p95 = [run["es"][n]["p95"] - p["p95"] for n, p in run["en"].items()]
    rows.append(
        f"| **median over the pages** | | | | | | p50 {statistics.median(p50):+.1f} ms, "
        f"p95 {statistics.median(p95):+.1f} ms |"
    )
    return rows


def section(runs: dict, scale: int, minutes: float, reference_ms: list[float]) -> str:
    smoke = scale != FULL_SCALE or SAMPLES < FULL_SAMPLES
    label = f" — smoke run at {scale}×, {SAMPLES} samples, not the benchmark" if smoke else ""
    lines = [
        f"## The cost of a language: English and Spanish side by side{label}",
        "",
        f"`make bench-languages` (bench/languages.py), {dt.date.today():%Y-%m-%d}: data at "
        f"{scale}× ({next(iter(runs.values()))['entries']:,} entries of the measured patient), "
        f"{SAMPLES} requests per page after {WARM_UP} warm-up ones, server time in-process "
        "(Django's test client), the same process and data for both languages; every page "
        "read once in each before any is timed, then each page timed in both, one language "
        "after the other (Spanish first on every other page); only `User.language` of the "
        "patient and the therapist changes. "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {minutes:.0f} min.",
        *reference_line({"reference_ms": reference_ms}),
    ]
    for database, run in runs.items():
        lines += ["", f"### {DATABASE_NAMES[database]}", "", *table(run)]
    lines += [
        "",
        "A positive difference is Spanish being slower. Both languages run the same code "
        "and the same queries; what differs is the look-up of each translated string in the "
        "compiled catalogue (loaded once per process) and the length of the text rendered. "
        "One page's p95 moves with the machine's other work; the median over the pages is "
        "the steadier figure.",
    ]
    return "\n".join(lines) + "\n"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    default_scale = os.environ.get("BENCH_LANGUAGES_SCALE", str(FULL_SCALE))
    parser.add_argument("--scale", type=int, default=int(default_scale), help="data scale")
    default_db = "sqlite,postgres" if postgres_url() else "sqlite"
    parser.add_argument("--db", default=default_db, help=f"databases (default: {default_db})")
    parser.add_argument("--out", type=Path, default=REPORT, help="the report to write into")
    args = parser.parse_args()
    args.databases = [d.strip() for d in args.db.split(",")]
    unknown = set(args.databases) - set(DATABASE_NAMES)
    if unknown or not args.databases:
        parser.error(f"--db takes sqlite and/or postgres, not {', '.join(sorted(unknown))}")
    return args


def main() -> None:
    args = parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    reference_ms = [reference_loop_ms()]
    runs = {}
    for database in args.databases:
        target = Target(database, args.scale)
        print(
            f"{DATABASE_NAMES[database]} {args.scale}×: fresh database, data, pages …", flush=True
        )
        fresh_database(target)
        runs[database] = measure(target)
    reference_ms.append(reference_loop_ms())
    markdown = section(runs, args.scale, (time.monotonic() - started) / 60, reference_ms)
    write_section(SECTION, markdown, args.out)
    print(markdown)
    print(f"{args.out} written.")


if __name__ == "__main__":
    main()
