"""The validating proxy: forward to the real API, check the exchange against the spec, say so.

Each request goes upstream with httpx (hop-by-hop headers dropped). The answer is buffered up to
``max_checked_bytes`` so it can be checked before its headers are sent; it comes back with an
``X-Contract-Violations`` header, and every violation is logged. Larger bodies stream through
unchecked. With ``record_dir``, a valid 200 becomes a new fixture file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
from starlette.types import Receive, Scope, Send

from mockserver.conformance import (
    Violation,
    header_value,
    request_violations,
    response_violations,
)
from mockserver.errors import RequestError, render_error
from mockserver.guards import check_query, query_pairs
from mockserver.recorder import fixture_document, record
from mockserver.settings import ProxySettings
from mockserver.spec import Operation, load_spec

log = logging.getLogger("mockserver.proxy")

VIOLATIONS_HEADER = "X-Contract-Violations"
# RFC 9110 7.6.1 hop-by-hop headers, plus what httpx recomputes (host, length, encodings).
_DROP_REQUEST = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-connection",
                           "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
                           "host", "content-length", "accept-encoding"})
_DROP_RESPONSE = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-connection",
                            "te", "trailer", "transfer-encoding", "upgrade", "content-length",
                            "content-encoding"})


def origin_of(url: str) -> str:
    """scheme://host[:port] of ``url``: never its user info, path or query."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


class ProxyApp:
    """ASGI app forwarding every HTTP request to ``settings.upstream``."""

    def __init__(self, settings: ProxySettings) -> None:
        self.settings = settings
        self.spec = load_spec(settings.spec_path)
        self.upstream = settings.upstream.rstrip("/")
        self.origin = origin_of(settings.upstream)
        self._client: httpx.AsyncClient | None = None

    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            # trust_env=False: settings flow one way; no HTTP_PROXY from the environment.
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.settings.timeout),
                                             follow_redirects=False, trust_env=False)
        return self._client

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._exchange(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._client is not None:
                    await self._client.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _exchange(self, scope: Scope, receive: Receive, send: Send) -> None:
        method, path = scope["method"], scope["path"]
        raw_path = scope.get("raw_path") or path.encode()
        raw_query = scope.get("query_string", b"")
        target = (raw_path + (b"?" + raw_query if raw_query else b"")).decode("latin-1")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        auth = next((v for k, v in headers if k.lower() == "authorization"), None)
        operation, violations = request_violations(
            self.spec, method, path, query_pairs(scope), auth)
        request = self.client().build_request(
            method, self.upstream + target, content=await _request_content(receive),
            headers=_forwarded(headers, _DROP_REQUEST))
        try:
            response = await self.client().send(request, stream=True)
        except httpx.HTTPError as exc:
            await self._upstream_failed(exc, method, target, scope, receive, send)
            return
        try:
            await self._answer(scope, response, operation, violations, send, method, target)
        except httpx.HTTPError as exc:
            log.error("%s %s: the upstream answer broke off: %s", method, _shown(target), exc)
        finally:
            await response.aclose()

    async def _answer(self, scope: Scope, response: httpx.Response, operation: Operation | None,
                      violations: list[Violation], send: Send, method: str, target: str) -> None:
        limit = self.settings.max_checked_bytes
        chunks: list[bytes] = []
        stream = response.aiter_bytes()
        async for chunk in stream:
            chunks.append(chunk)
            if sum(map(len, chunks)) > limit:
                break
        body = b"".join(chunks)
        complete = len(body) <= limit
        if not complete:
            violations.append(Violation("response", "$", "proxy:too-large-to-check",
                                        f"the body is over {limit} bytes and was not checked"))
        elif operation is not None:
            violations += response_violations(operation, response.status_code,
                                              response.headers.get("content-type"), body)
        self._log(method, target, response.status_code, violations)
        if complete and not violations and response.status_code == 200 and operation:
            self._record(operation, query_pairs(scope), body)
        await send({"type": "http.response.start", "status": response.status_code,
                    "headers": _response_headers(response, violations, len(body), complete)})
        await send({"type": "http.response.body", "body": body, "more_body": not complete})
        if not complete:
            async for chunk in stream:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _upstream_failed(self, exc: httpx.HTTPError, method: str, target: str,
                               scope: Scope, receive: Receive, send: Send) -> None:
        code = "proxy.timeout" if isinstance(exc, httpx.TimeoutException) else "proxy.unreachable"
        reason = f"{type(exc).__name__}: {exc}"[:200] if str(exc) else type(exc).__name__
        error = RequestError(code, upstream=self.origin, reason=reason)
        log.error("%s %s -> %d: %s", method, _shown(target), error.status, error.message)
        await render_error(error.status, error.message)(scope, receive, send)

    def _log(self, method: str, target: str, status: int, violations: list[Violation]) -> None:
        shown = _shown(target)
        log.info("%s %s -> %d, %d contract violation(s)", method, shown, status, len(violations))
        for violation in violations:
            log.warning("%s %s -> %d: %s", method, shown, status, violation)

    def _record(self, operation: Operation, pairs: list[tuple[str, str]], body: bytes) -> None:
        directory = self.settings.record_dir
        if directory is None:
            return
        query = check_query(operation, pairs)
        if not query:
            log.info("not recorded: fixtures match on query parameters and this request has none")
            return
        now = dt.datetime.now(dt.UTC)
        document = fixture_document(operation, query, json.loads(body), self.origin, now)
        try:
            written = record(directory, document)
        except (OSError, ValueError) as exc:
            log.error("could not record %s: %s", document["scenario"], exc)
            return
        if written is None:
            log.info("not recorded: a fixture in %s already answers %s", directory, query)
        else:
            log.info("recorded %s as %s", query, written)


async def _request_content(receive: Receive) -> bytes | AsyncIterator[bytes]:
    """The request body: bytes when it came in one message, else streamed on as it arrives."""
    message = await receive()
    first = message.get("body", b"")
    if not message.get("more_body", False):
        return bytes(first)

    async def rest() -> AsyncIterator[bytes]:
        yield first
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            yield message.get("body", b"")
            more = message.get("more_body", False)

    return rest()


def _forwarded(headers: list[tuple[str, str]], drop: frozenset[str]) -> list[tuple[str, str]]:
    """``headers`` less the hop-by-hop ones, including those the Connection header names."""
    named = {name.strip().lower() for k, v in headers if k.lower() == "connection"
             for name in v.split(",")}
    return [(k, v) for k, v in headers if k.lower() not in drop and k.lower() not in named]


def _response_headers(response: httpx.Response, violations: list[Violation], length: int,
                      complete: bool) -> list[tuple[bytes, bytes]]:
    kept = _forwarded(list(response.headers.multi_items()), _DROP_RESPONSE)
    out = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in kept]
    if complete:
        out.append((b"content-length", str(length).encode()))
    out.append((VIOLATIONS_HEADER.lower().encode(), header_value(violations).encode("ascii")))
    if "access-control-allow-origin" in response.headers:
        exposed = [v for k, v in out if k == b"access-control-expose-headers"]
        out = [(k, v) for k, v in out if k != b"access-control-expose-headers"]
        names = b", ".join([*exposed, VIOLATIONS_HEADER.encode()])
        out.append((b"access-control-expose-headers", names))
    return out


def _shown(target: str) -> str:
    """A request target for a log line: one line, at most 200 characters."""
    text = target.encode("ascii", "backslashreplace").decode("ascii")
    text = "".join(c if " " <= c <= "~" else "?" for c in text)
    return text if len(text) <= 200 else text[:197] + "..."


def log_to_stderr(level: str) -> None:
    """One line per request and per violation on stderr (called by the CLI, never at import)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("proxy %(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level.upper())
    log.propagate = False


def create_proxy(settings: ProxySettings) -> ProxyApp:
    """Build the proxy. Raises ConfigError if the spec is invalid."""
    return ProxyApp(settings)


__all__ = ["VIOLATIONS_HEADER", "ProxyApp", "create_proxy", "log_to_stderr", "origin_of"]
