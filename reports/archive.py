"""A zip written while it is sent: one file at a time, so a clinic's batch of PDFs is never held
in memory together (only the PDF being added and its compressed bytes)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Iterator


class _Outbox:
    """A write-only, unseekable file: zipfile writes into it, the stream takes what is written.
    zipfile then puts each member's sizes after its data, as zip allows for streams."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(members: Iterable[tuple[str, Callable[[], bytes]]]) -> Iterator[bytes]:
    """Yields the zip of `members` (name, a function that reads its bytes) as it is built; each
    member's bytes are read only when it is its turn."""
    outbox = _Outbox()
    with zipfile.ZipFile(outbox, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, read in members:
            archive.writestr(name, read())
            yield outbox.take()
    yield outbox.take()  # the central directory, written on close
