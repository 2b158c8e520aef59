"""Deterministic dynamic data: a generated body for a request no fixture answers.

Pure: the body is derived only from the request values (SHA-256 in counter mode), never from a
global random state, so the same hash gives the same bytes on every run and every machine.
Generators are keyed by operationId, as the semantic rules are; an operation without one keeps
answering 404.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from typing import Any

DYNAMIC_SCENARIO = "(dynamic)"
"""``X-Mock-Scenario`` of a generated answer (parentheses: no fixture name can look like it)."""

MAX_SPEAKERS = 12
MIN_TOTAL, MAX_TOTAL = 4000, 10000
"""Sum of the shares in hundredths of a percent: 40.00 to 100.00 (the rest is silence)."""


def _byte_stream(seed: str) -> Iterator[int]:
    """Endless bytes: SHA-256 of ``seed`` and a counter, block after block."""
    counter = 0
    while True:
        yield from hashlib.sha256(f"{counter}:{seed}".encode()).digest()
        counter += 1


def _number(stream: Iterator[int], size: int) -> int:
    return int.from_bytes(bytes(next(stream) for _ in range(size)), "big")


def _split(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to ``weights``; the parts add up to ``total`` exactly."""
    scale = sum(weights)
    parts = [total * w // scale for w in weights]
    for index in range(total - sum(parts)):
        parts[index % len(parts)] += 1
    return parts


def speakers_balance(seed: str) -> dict[str, Any]:
    """1 to 12 speakers with UUID ids and 2-decimal shares summing to at most 100."""
    stream = _byte_stream(seed)
    count = 1 + _number(stream, 1) % MAX_SPEAKERS
    total = MIN_TOTAL + _number(stream, 2) % (MAX_TOTAL - MIN_TOTAL + 1)
    ids = [str(uuid.UUID(bytes=bytes(next(stream) for _ in range(16)), version=4))
           for _ in range(count)]
    weights = [1 + _number(stream, 1) for _ in range(count)]
    shares = sorted(_split(total, weights), reverse=True)
    return {"speakers": [{"id": speaker_id, "meeting_speaking_percentage": hundredths / 100}
                         for speaker_id, hundredths in zip(ids, shares, strict=True)]}


# operationId -> generator of a 2xx body from the matched request values.
GENERATORS: dict[str, Callable[[str], Any]] = {"getSpeakersBalance": speakers_balance}


def generate(operation_id: str, values: tuple[str, ...]) -> Any | None:
    """The generated body for these request values, or None if the operation has no generator."""
    generator = GENERATORS.get(operation_id)
    return None if generator is None else generator("&".join(values))
