"""Wait for a condition, never for a fixed time: poll until it holds or a deadline passes."""

from __future__ import annotations

import time
from collections.abc import Callable

POLL_SECONDS = 10.0


def poll(check: Callable[[], bool], what: str, timeout: float = POLL_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s: {what}")
