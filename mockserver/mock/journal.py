"""The request journal: the last N requests in a bounded ring buffer, tokens masked.

Nothing stored here can hold a whole token: the ``Authorization`` value is masked before an
``Entry`` exists, query values whose name looks like a credential are masked, and long paths and
query strings are cut, so the journal's memory stays bounded whatever clients send.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import threading
from typing import Any

MAX_TEXT = 1000
"""Longest path or query string kept, in characters."""
def cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else f"{text[:limit]}…({len(text)} chars)"


@dataclasses.dataclass(frozen=True)
class Entry:
    seq: int
    time: str
    """UTC, ISO 8601, when the request arrived."""
    method: str
    path: str
    query: str
    status: int | None
    """None if the connection closed before a response started."""
    duration_ms: float
    scenario: str | None
    """``X-Mock-Scenario`` of the answer: the fixture (or ``(dynamic)``) that answered."""
    token: str | None
    """The ``Authorization`` header, masked."""

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class Journal:
    """A ring buffer of entries; appends and reads are safe from any thread."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: collections.deque[Entry] = collections.deque(maxlen=size)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()

    def next_seq(self) -> int:
        with self._lock:
            return next(self._seq)

    def add(self, entry: Entry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[Entry]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
