"""The console: one readable line per request (instead of uvicorn's access log), and where the
``mockserver`` log goes.

A request line costs a few microseconds: it is formatted here, without the ``logging`` module.
On a terminal each line is written and flushed at once (coloured status); anywhere else (a
file, a pipe, /dev/null) lines wait in a bounded buffer that is written with one call at least
every ``FLUSH_SECONDS``, as soon as ``MAX_PENDING`` lines wait, when the server shuts down and
at exit. Tokens arrive here already masked (``mockserver.mock.journal``).
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import logging
import sys
from typing import IO

from mockserver.core.masking import escape_control
from mockserver.mock.journal import Entry, utc_millis

FLUSH_SECONDS = 0.1
MAX_PENDING = 256
"""Lines held at most before they are written, whatever the timer says."""
_COLORS = {2: "32", 3: "36", 4: "33", 5: "31"}  # green, cyan, yellow, red
_REMEMBERED = 512
"""Longest request text whose escaped form is remembered (it repeats from request to request)."""


def _request_part(method: str, path: str, query: str) -> str:
    target = f"{path}?{query}" if query else path
    return f"{escape_control(method):<6} {escape_control(target)}"


def _tail(scenario: str | None, token: str | None) -> str:
    tail = f" scenario={escape_control(scenario)}" if scenario else ""
    return tail + (f" auth={escape_control(token)}" if token else "")


_remembered_request_part = functools.lru_cache(maxsize=1024)(_request_part)
_remembered_tail = functools.lru_cache(maxsize=256)(_tail)


def _status(status: int | None, color: bool) -> str:
    if status is None:
        return "---"
    if color:
        return f"\x1b[{_COLORS.get(status // 100, '0')}m{status}\x1b[0m"
    return str(status)


def format_line(entry: Entry, color: bool = False) -> str:
    """One line, whatever the request held: control characters in anything that came from the
    request (method, path, query, header values) are escaped, so none can forge a line."""
    method, path, query, scenario, token = (entry.method, entry.path, entry.query,
                                            entry.scenario, entry.token)
    short = len(path) + len(query) <= _REMEMBERED
    request = (_remembered_request_part if short else _request_part)(method, path, query)
    short = len(scenario or "") + len(token or "") <= _REMEMBERED
    tail = (_remembered_tail if short else _tail)(scenario, token)
    return (f"{utc_millis(entry.arrived)[11:23]} {request} {_status(entry.status, color)} "
            f"{entry.elapsed * 1000:.1f}ms{tail}")


class Console:
    """Writes request lines to ``stream``: at once on a terminal, else buffered (see above).
    Buffered entries are formatted when they are written, in one batch."""

    def __init__(self, stream: IO[str], color: bool, buffered: bool) -> None:
        self.stream = stream
        self.color = color
        self.buffered = buffered
        self._pending: list[Entry] = []
        self._timer: asyncio.TimerHandle | None = None
        self._timer_loop: asyncio.AbstractEventLoop | None = None

    def emit(self, entry: Entry) -> None:
        if not self.buffered:
            self._write(format_line(entry, self.color) + "\n")
            return
        pending = self._pending
        pending.append(entry)
        if len(pending) >= MAX_PENDING:
            self.flush()
        elif len(pending) == 1 or self._timer_loop is None or self._timer_loop.is_closed():
            self._start_timer()  # the first line waiting, or the timer's loop has ended

    def _start_timer(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not on an event loop: nothing would run a timer
            self.flush()
            return
        self._timer = loop.call_later(FLUSH_SECONDS, self.flush)
        self._timer_loop = loop

    def flush(self) -> None:
        """Write every waiting line with one call, and flush the stream."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = self._timer_loop = None
        if self._pending:
            entries, self._pending = self._pending, []
            color = self.color
            self._write("".join([format_line(e, color) + "\n" for e in entries]))

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # stdout closed or gone: never fail a request for it
            pass


_console: Console | None = None


def emit(entry: Entry) -> None:
    """The request line for ``entry``, if request lines are on (``configure_logging``)."""
    if _console is not None:
        _console.emit(entry)


def flush() -> None:
    """Write the request lines still waiting (at shutdown, and before reading a test stream)."""
    if _console is not None:
        _console.flush()


def configure_logging(level: str, stream: IO[str] | None = None) -> None:
    """Request lines to stdout (coloured and unbuffered on a TTY) when ``level`` is info or
    debug; other ``mockserver`` messages to stderr, through ``logging``."""
    global _console
    flush()
    atexit.unregister(flush)  # registered once: it flushes whichever console is current
    atexit.register(flush)
    out = stream or sys.stdout
    on = logging.getLevelName(level.upper()) <= logging.INFO
    tty = _is_tty(out)
    _console = Console(out, color=tty, buffered=not tty) if on else None
    base = logging.getLogger("mockserver")
    base.handlers[:] = [logging.StreamHandler(sys.stderr)]
    base.handlers[0].setFormatter(logging.Formatter("mockserver: %(levelname)s: %(message)s"))
    base.setLevel(level.upper())


def stop_console() -> None:
    """Flush and turn request lines off (tests that configured a stream of their own)."""
    global _console
    flush()
    _console = None


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

