"""The request journal: the last N requests in a bounded ring buffer, tokens masked.

Nothing stored here can hold a whole token: the ``Authorization`` value is masked before an
``Entry`` exists, query values whose name looks like a credential are masked, and long paths and
query strings are cut, so the journal's memory stays bounded whatever clients send.
"""

from __future__ import annotations

import collections
import itertools
import threading
import time
from typing import Any, NamedTuple

MAX_TEXT = 1000
"""Longest path or query string kept, in characters."""


def cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} chars)"


_second: tuple[int, str] = (-1, "")
_MILLIS = tuple(f".{ms:03d}Z" for ms in range(1000))


def utc_millis(when: float) -> str:
    """``time.time()`` as ISO 8601 UTC with milliseconds (``2026-01-01T10:00:00.123Z``); the
    part up to the second is formatted once per second."""
    global _second
    whole = int(when)
    last, text = _second
    if whole != last:
        text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        _second = (whole, text)
    return text + _MILLIS[int((when - whole) * 1000)]


class Entry(NamedTuple):
    """One request, as measured: built on every request, so a named tuple (the cheapest
    immutable record) holding raw times; ``time`` and ``duration_ms`` are formatted when read."""

    seq: int
    arrived: float
    """When the request arrived: seconds since the epoch (``time.time()``)."""
    method: str
    path: str
    query: str
    status: int | None
    """None if the connection closed before a response started."""
    elapsed: float
    """Seconds from arrival to the end of the answer."""
    scenario: str | None
    """``X-Mock-Scenario`` of the answer: the fixture (or ``(dynamic)``) that answered."""
    token: str | None
    """The ``Authorization`` header, masked."""

    @property
    def time(self) -> str:
        """UTC, ISO 8601 with milliseconds, when the request arrived."""
        return utc_millis(self.arrived)

    @property
    def duration_ms(self) -> float:
        return round(self.elapsed * 1000, 1)

    def as_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "time": self.time, "method": self.method, "path": self.path,
                "query": self.query, "status": self.status, "duration_ms": self.duration_ms,
                "scenario": self.scenario, "token": self.token}


class Journal:
    """A ring buffer of entries; appends and reads are safe from any thread."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: collections.deque[Entry] = collections.deque(maxlen=size)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def next_seq(self) -> int:
        return next(self._seq)  # one C call: atomic under the GIL

    def add(self, entry: Entry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[Entry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
