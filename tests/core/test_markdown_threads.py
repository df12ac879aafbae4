"""Markdown renders correctly from many threads at once (threaded servers, background workers).

bleach's Cleaner keeps parser state while it works; one shared between threads once turned a
save into a 500 under the concurrent-writer benchmark. The threads start together and the
interpreter switches between them every microsecond, so a shared Cleaner shows up within a few
renders instead of after thousands; the second test proves that it does."""

import sys
import threading

import bleach

from integration_journal import markdown
from integration_journal.markdown import render_markdown

SOURCES = [
    f"# Day {n}\n\n"
    + f"Some *calm* words, a [link](https://example.org/{n}) and <b>bold</b>.\n\n" * 10
    + "> a quote\n\n- one\n- two\n\n`code` and **more**\n"
    for n in range(4)
]
THREADS = 4
ROUNDS = 2


def render_from_many_threads() -> list[str]:
    """What went wrong while THREADS threads rendered SOURCES at once; empty when nothing did."""
    expected = [render_markdown(source) for source in SOURCES]
    failures: list[str] = []
    start = threading.Barrier(THREADS)

    def work():
        try:
            start.wait()
            for _ in range(ROUNDS):
                for source, html in zip(SOURCES, expected, strict=True):
                    if render_markdown(source) != html:
                        failures.append("different output")
        except Exception as error:  # noqa: BLE001 - any crash in a thread is the failure
            failures.append(repr(error))

    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(switch_interval)
    return failures


def test_rendering_from_many_threads_gives_what_one_thread_gives():
    assert render_from_many_threads() == []


def test_the_threads_catch_a_cleaner_shared_between_them(monkeypatch):
    shared = markdown._cleaner()
    assert isinstance(shared, bleach.Cleaner)
    monkeypatch.setattr(markdown, "_cleaner", lambda: shared)
    # Thread scheduling decides how soon the shared parser state collides; a few tries make the
    # guard certain without making it slow (the first try almost always shows it).
    assert any(render_from_many_threads() for _ in range(5))
