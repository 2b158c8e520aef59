"""The console: one readable line per request (instead of uvicorn's access log), and where the
``mockserver`` log goes. Status coloured only when the stream is a terminal; tokens arrive here
already masked (``mockserver.mock.journal``)."""

from __future__ import annotations

import logging
import sys
from typing import IO

from mockserver.core.masking import escape_control
from mockserver.mock.journal import Entry

REQUESTS_LOGGER = "mockserver.requests"
_COLORS = {2: "32", 3: "36", 4: "33", 5: "31"}  # green, cyan, yellow, red


def format_line(entry: Entry, color: bool = False) -> str:
    """One line, whatever the request held: control characters in anything that came from the
    request (method, path, query, header values) are escaped, so none can forge a line."""
    status = "---" if entry.status is None else str(entry.status)
    if color and entry.status is not None:
        status = f"\x1b[{_COLORS.get(entry.status // 100, '0')}m{status}\x1b[0m"
    target = entry.path + (f"?{entry.query}" if entry.query else "")
    parts = [entry.time[11:23], f"{escape_control(entry.method):<6}", escape_control(target),
             status, f"{entry.duration_ms:.1f}ms"]
    if entry.scenario:
        parts.append(f"scenario={escape_control(entry.scenario)}")
    if entry.token:
        parts.append(f"auth={escape_control(entry.token)}")
    return " ".join(parts)


class RequestLineFormatter(logging.Formatter):
    """Formats records that carry an ``entry``; colours the status if ``color``."""

    def __init__(self, color: bool) -> None:
        super().__init__()
        self.color = color

    def format(self, record: logging.LogRecord) -> str:
        entry = getattr(record, "entry", None)
        if isinstance(entry, Entry):
            return format_line(entry, self.color)
        return super().format(record)


def configure_logging(level: str, stream: IO[str] | None = None) -> None:
    """Request lines to stdout (coloured on a TTY), other ``mockserver`` messages to stderr."""
    out = stream or sys.stdout
    requests = logging.getLogger(REQUESTS_LOGGER)
    requests.handlers[:] = [logging.StreamHandler(out)]
    requests.handlers[0].setFormatter(RequestLineFormatter(color=_is_tty(out)))
    requests.propagate = False
    base = logging.getLogger("mockserver")
    base.handlers[:] = [logging.StreamHandler(sys.stderr)]
    base.handlers[0].setFormatter(logging.Formatter("mockserver: %(levelname)s: %(message)s"))
    for logger in (requests, base):
        logger.setLevel(level.upper())


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
