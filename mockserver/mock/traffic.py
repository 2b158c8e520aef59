"""Around every HTTP request: wait (latency), time it, journal it, print one console line.

The journal skips requests to ``/__mock__/`` (the journal's own API), so a frontend test that
clears and reads the journal sees only what the UI called; the console shows everything.
This layer sees every request, so it reads the raw ASGI headers once and remembers the masked
text of requests it has seen before (a bounded LRU keyed by the raw values: process memory only,
as the request itself; what the journal keeps and the console prints is masked), instead of
parsing and masking them anew.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.core.masking import mask_authorization, mask_query
from mockserver.mock import console
from mockserver.mock.journal import Entry, Journal, cut
from mockserver.mock.latency import Latency
from mockserver.mock.selection import SCENARIO_HEADER, PreferError, read_prefer

ADMIN_PREFIX = "/__mock__/"
_SCENARIO = SCENARIO_HEADER.lower().encode("latin-1")
_REMEMBERED = 512
"""Longest request text (path, query and Authorization together) whose masked form is kept."""


def preferred_delay(prefer: list[str]) -> int | None:
    """``Prefer: delay=<ms>``, or None if absent or the header is invalid (the handler then
    answers its 400)."""
    try:
        return read_prefer(prefer).delay
    except PreferError:
        return None


def request_text(method: str, path: str, query: bytes,
                 authorization: bytes | None) -> tuple[str, str, str, str | None]:
    """What the journal keeps of a request: method, path and query cut, credentials masked."""
    token = None if authorization is None else authorization.decode("latin-1")
    return (method[:20], cut(path), cut(mask_query(query.decode("latin-1"))),
            mask_authorization(token))


_remembered_text = functools.lru_cache(maxsize=1024)(request_text)


class Traffic:
    """ASGI wrapper. ``delayed(scope)`` says whether latency applies to this request."""

    def __init__(self, app: ASGIApp, journal: Journal, latency: Latency,
                 delayed: Callable[[Scope], bool]) -> None:
        self.app = app
        self.journal = journal
        self.latency = latency
        self.delayed = delayed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started, arrived = time.perf_counter(), time.time()
        authorization: bytes | None = None
        prefer: list[str] = []
        for name, value in scope["headers"]:
            if name == b"authorization":
                if authorization is None:
                    authorization = value
            elif name == b"prefer":
                prefer.append(value.decode("latin-1"))
        seen: list[object] = [None, None]  # status, scenario

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen[0] = message["status"]
                for name, value in message.get("headers", ()):
                    if name == _SCENARIO:
                        seen[1] = value.decode("latin-1")
                        break
            await send(message)

        try:
            if (prefer or self.latency.delay_ms is not None) and self.delayed(scope):
                wait = self.latency.seconds(preferred_delay(prefer) if prefer else None)
                if wait > 0:
                    await asyncio.sleep(wait)
            await self.app(scope, receive, watch)
        finally:
            self._record(scope, authorization, seen, arrived, time.perf_counter() - started)

    def _record(self, scope: Scope, authorization: bytes | None, seen: list[object],
                arrived: float, elapsed: float) -> None:
        path: str = scope.get("path", "")
        method: str = scope.get("method", "")
        query: bytes = scope.get("query_string", b"")
        short = len(path) + len(query) + (len(authorization) if authorization else 0)
        text = _remembered_text if short <= _REMEMBERED else request_text
        method, shown_path, shown_query, token = text(method, path, query, authorization)
        status, scenario = seen
        entry = Entry(self.journal.next_seq(), arrived, method, shown_path, shown_query,
                      status if isinstance(status, int) else None, elapsed,
                      scenario if isinstance(scenario, str) else None, token)
        if not path.startswith(ADMIN_PREFIX):
            self.journal.add(entry)
        console.emit(entry)
