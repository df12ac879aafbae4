"""Markdown renders correctly from many threads at once (threaded servers, background workers).

bleach's Cleaner keeps parser state while it works; one shared between threads once turned a
save into a 500 under the concurrent-writer benchmark."""

import threading

from integration_journal.markdown import render_markdown

SOURCES = [
    f"# Day {n}\n\n"
    + f"Some *calm* words, a [link](https://example.org/{n}) and <b>bold</b>.\n\n" * 40
    + "> a quote\n\n- one\n- two\n\n`code` and **more**\n"
    for n in range(16)
]


def test_rendering_from_many_threads_gives_what_one_thread_gives():
    expected = [render_markdown(source) for source in SOURCES]
    failures: list[str] = []

    def work():
        try:
            for _ in range(15):
                for source, html in zip(SOURCES, expected, strict=True):
                    if render_markdown(source) != html:
                        failures.append("different output")
        except Exception as error:  # noqa: BLE001 - any crash in a thread is the failure
            failures.append(repr(error))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
