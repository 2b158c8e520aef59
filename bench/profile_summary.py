"""Summarise a py-spy collapsed-stack file (``py-spy record -f raw``): where the time went.

Prints the top functions by self time and by inclusive time, as % of all samples, and, given the
CPU µs per request measured over the same load, each component's share as µs per request.
Usage: python bench/profile_summary.py PROFILE.txt [TOP] [CPU_US_PER_REQUEST]
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

_LINE = re.compile(r"\s*\(([^)]*?)(?::\d+)?\)$")


def _short(frame: str) -> str:
    """'handle (mockserver/handlers.py:25)' -> 'handle (mockserver/handlers.py)'."""
    match = _LINE.search(frame)
    if not match:
        return frame.strip()
    where = match.group(1)
    for marker in ("site-packages/", "lib/python3.11/", "wt-perf/"):
        if marker in where:
            where = where.split(marker, 1)[1]
    return f"{frame[: match.start()].strip()} ({where})"


_COMPONENTS = (
    ("mockserver/cache", "mockserver response cache"),
    ("mockserver/mock/cache", "mockserver response cache (key, auth outcome, replay)"),
    ("mockserver/mock/console", "mockserver console line (format, buffer)"),
    ("mockserver/mock/traffic", "mockserver traffic layer (timing, journal entry)"),
    ("mockserver/mock/journal", "mockserver traffic layer (timing, journal entry)"),
    ("mockserver/mock/latency", "mockserver traffic layer (timing, journal entry)"),
    ("mockserver/mock/prefer", "mockserver traffic layer (timing, journal entry)"),
    ("mockserver/core/masking", "mockserver traffic layer (timing, journal entry)"),
    ("mockserver/mock/app", "mockserver app and admin routing"),
    ("mockserver/mock/admin", "mockserver app and admin routing"),
    ("mockserver/core/spec", "mockserver app and admin routing"),
    ("mockserver/", "mockserver (guards, selection, handler, auth)"),
    ("connexion/", "Connexion + Starlette middleware stack"),
    ("starlette/", "Connexion + Starlette middleware stack"),
    ("werkzeug/", "Connexion + Starlette middleware stack"),
    ("jsonschema", "Connexion + Starlette middleware stack"),
    ("uvicorn/", "uvicorn (HTTP protocol, socket writes)"),
)


def component(frames: list[str]) -> str:
    """Which part of the stack a sample belongs to: the access log wherever it is called from,
    else the innermost frame that is not the standard library."""
    if any(f.endswith(("(logging/__init__.py)", "(uvicorn/logging.py)")) for f in frames):
        return "logging module (uvicorn's access log; our request line before issue 12)"
    if frames[-1].startswith("Runner.run (asyncio/"):
        return "event loop (uvloop: epoll, socket reads, in C)"
    for frame in reversed(frames):
        for marker, name in _COMPONENTS:
            if f"({marker}" in frame:
                return name
    return "event loop (uvloop: epoll, socket reads, in C)"


def summarise(text: str, top: int = 15, cpu_us: float | None = None) -> str:
    parts: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_short(f) for f in stack.split(";") if f.strip()]
        if not frames:
            continue
        own[frames[-1]] += n
        parts[component(frames)] += n
        for frame in set(frames):
            inclusive[frame] += n
    if not total:
        return "(no samples)\n"
    out = [f"{total} samples\n"]
    if cpu_us is None:
        out += ["| % of samples | component |", "|---:|---|"]
        out += [f"| {100 * n / total:.1f} | {name} |" for name, n in parts.most_common()]
    else:
        out += ["| % of samples | ≈ µs of CPU per request | component |", "|---:|---:|---|"]
        out += [f"| {100 * n / total:.1f} | {cpu_us * n / total:.1f} | {name} |"
                for name, n in parts.most_common()]
    out += ["", "| self % | function |", "|---:|---|"]
    out += [f"| {100 * n / total:.1f} | `{name}` |" for name, n in own.most_common(top)]
    out += ["", "| inclusive % | function |", "|---:|---|"]
    out += [f"| {100 * n / total:.1f} | `{name}` |" for name, n in inclusive.most_common(top)]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    per_request = float(sys.argv[3]) if len(sys.argv) > 3 else None
    print(summarise(Path(sys.argv[1]).read_text(), limit, per_request))
