"""The request journal: the last N requests in a bounded ring buffer, tokens masked.

Nothing stored here can hold a whole token: the ``Authorization`` value is masked before an
``Entry`` exists, query values whose name looks like a credential are masked, and long paths and
query strings are cut, so the journal's memory stays bounded whatever clients send.
"""

from __future__ import annotations

import collections
import dataclasses
import itertools
import re
import threading
from typing import Any

MAX_TEXT = 1000
"""Longest path or query string kept, in characters."""
_SHOWN_PREFIX = 4
_SECRET_QUERY = re.compile(
    r"((?:^|&)[^=&]*(?:token|key|secret|password|passwd|auth|jwt)[^=&]*=)([^&]*)", re.IGNORECASE
)


def mask_secret(secret: str) -> str:
    """``meetra-dev-token`` -> ``meet…(16 chars)``: the first 4 characters of secrets of 16 or more,
    none of shorter ones, and the length. Never the whole value."""
    shown = secret[:_SHOWN_PREFIX] if len(secret) >= 16 else ""
    return f"{shown}…({len(secret)} chars)"


def mask_authorization(value: str | None) -> str | None:
    """The ``Authorization`` header with its credentials masked: ``Bearer meet…(16 chars)``."""
    if value is None:
        return None
    scheme, _, credentials = value.strip().partition(" ")
    credentials = credentials.strip()
    if not credentials:
        return scheme[:20]
    return f"{scheme[:20]} {mask_secret(credentials)}"


def mask_query(query: str) -> str:
    """The query string with the values of credential-like parameters masked."""
    return _SECRET_QUERY.sub(lambda m: m.group(1) + mask_secret(m.group(2)), query)


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
