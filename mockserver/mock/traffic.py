"""Around every HTTP request: wait (latency), time it, journal it, print one console line.

The journal skips requests to ``/__mock__/`` (the journal's own API), so a frontend test that
clears and reads the journal sees only what the UI called; the console shows everything.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.core.masking import mask_authorization, mask_query
from mockserver.mock.console import REQUESTS_LOGGER
from mockserver.mock.journal import Entry, Journal, cut
from mockserver.mock.latency import Latency
from mockserver.mock.selection import SCENARIO_HEADER, PreferError, read_prefer

ADMIN_PREFIX = "/__mock__/"
log = logging.getLogger(REQUESTS_LOGGER)


def preferred_delay(headers: Headers) -> int | None:
    """``Prefer: delay=<ms>``, or None if absent or the header is invalid (the handler then
    answers its 400)."""
    try:
        return read_prefer(headers.getlist("prefer")).delay
    except PreferError:
        return None


class Traffic:
    """ASGI wrapper. ``delayed(scope)`` says whether latency applies to this request."""

    def __init__(self, app: ASGIApp, journal: Journal, latency: Latency,
                 delayed: Callable[[Scope], bool]) -> None:
        self.app = app
        self.journal = journal
        self.latency = latency
        self.delayed = delayed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started, arrived = time.perf_counter(), dt.datetime.now(dt.UTC)
        headers = Headers(scope=scope)
        seen: dict[str, object] = {}

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                seen["scenario"] = Headers(raw=message.get("headers", [])).get(SCENARIO_HEADER)
            await send(message)

        try:
            if self.delayed(scope):
                wait = self.latency.seconds(preferred_delay(headers))
                if wait > 0:
                    await asyncio.sleep(wait)
            await self.app(scope, receive, watch)
        finally:
            self._record(scope, headers, seen, arrived, time.perf_counter() - started)

    def _record(self, scope: Scope, headers: Headers, seen: dict[str, object],
                arrived: dt.datetime, elapsed: float) -> None:
        path = scope.get("path", "")
        status, scenario = seen.get("status"), seen.get("scenario")
        entry = Entry(
            seq=self.journal.next_seq(),
            time=arrived.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            method=scope.get("method", "")[:20],
            path=cut(path),
            query=cut(mask_query(scope.get("query_string", b"").decode("latin-1"))),
            status=status if isinstance(status, int) else None,
            duration_ms=round(elapsed * 1000, 1),
            scenario=scenario if isinstance(scenario, str) else None,
            token=mask_authorization(headers.get("authorization")),
        )
        if not path.startswith(ADMIN_PREFIX):
            self.journal.add(entry)
        log.info("%s %s", entry.method, entry.path, extra={"entry": entry})

