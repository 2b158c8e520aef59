"""Latency: how long to wait before answering, from ``--delay`` and ``Prefer: delay=<ms>``.

The wait applies to every response on a path the spec declares (errors included, CORS preflights
excluded), never to ``/``, ``/ui``, ``/openapi.*`` or ``/__mock__``. ``Prefer: delay`` wins over
``--delay``; an invalid ``Prefer`` header gets ``--delay`` (and its 400 from the handler).
"""

from __future__ import annotations

import random

MAX_DELAY_MS = 60_000
DELAY_RULE = f"a whole number of milliseconds from 0 to {MAX_DELAY_MS} (60 s)"


def parse_delay_ms(text: str) -> int:
    """One delay in ms; ValueError saying what is allowed."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"{text[:40]!r} is not a whole number of milliseconds")
    value = int(text)
    if value > MAX_DELAY_MS:
        raise ValueError(f"{value} ms is more than the {MAX_DELAY_MS} ms (60 s) allowed")
    return value


def parse_delay_range(text: str) -> tuple[int, int]:
    """``200`` or ``100-800`` (ms) -> (low, high); ValueError saying what is allowed."""
    low, sep, high = text.partition("-")
    if not sep:
        value = parse_delay_ms(low)
        return value, value
    lo, hi = parse_delay_ms(low), parse_delay_ms(high)
    if lo > hi:
        raise ValueError(f"{text!r}: the range must be LOW-HIGH with LOW <= HIGH")
    return lo, hi


class Latency:
    """Draws the ``--delay`` wait (uniform in the range) from its own seedable RNG."""

    def __init__(self, delay_ms: tuple[int, int] | None, seed: int | None = None) -> None:
        self.delay_ms = delay_ms
        self._random = random.Random(seed)

    def seconds(self, preferred_ms: int | None) -> float:
        if preferred_ms is not None:
            return preferred_ms / 1000
        if self.delay_ms is None:
            return 0.0
        low, high = self.delay_ms
        return self._random.randint(low, high) / 1000
