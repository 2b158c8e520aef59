"""The validating proxy: forward to the real API, check the exchange against the spec, say so.

Each request goes upstream with httpx (hop-by-hop headers dropped). The answer is buffered up to
``max_checked_bytes`` so it can be checked before its headers are sent; it comes back with an
``X-Contract-Violations`` header, and every violation is logged. Larger bodies stream through
unchecked. The request is checked the same way (all parameters, the JSON body) and forwarded
as it came, valid or not. With ``record_dir``, a valid 2xx to a valid request becomes a new
fixture file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import httpx
from starlette.types import Message, Receive, Scope, Send

from mockserver.core.errors import RequestError, render_error
from mockserver.core.masking import escape_control
from mockserver.core.requests import NO_BODY, RequestValues, query_pairs
from mockserver.core.spec import Operation, load_spec
from mockserver.proxy.conformance import Violation, checked_request, response_violations
from mockserver.proxy.forwarding import (
    DROP_REQUEST,
    VIOLATIONS_HEADER,
    buffered_request,
    forwarded,
    origin_of,
    response_headers,
    shown,
)
from mockserver.proxy.recorder import fixture_document, record
from mockserver.settings import ProxySettings

log = logging.getLogger("mockserver.proxy")

class ProxyApp:
    """ASGI app forwarding every HTTP request to ``settings.upstream``."""

    def __init__(self, settings: ProxySettings) -> None:
        self.settings = settings
        self.spec = load_spec(settings.spec_path)
        self.upstream = settings.upstream.rstrip("/")
        self.origin = origin_of(settings.upstream)
        self.secret_headers = api_key_headers(self.spec.raw)
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
        raw_query = scope.get("query_string", b"")
        raw_path = scope.get("raw_path") or scope["path"].encode()
        target = (raw_path + (b"?" + raw_query if raw_query else b"")).decode("latin-1")
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._forward(scope, receive, tracked, target)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            if started:
                log.error("%s %s: the upstream answer broke off: %r", scope["method"],
                          shown(target), exc)
                return
            await self._upstream_failed(exc, scope["method"], target, scope, receive, send)
        except Exception:
            log.exception("%s %s: unexpected error in the proxy", scope["method"], shown(target))
            if not started:
                error = RequestError("server.error")
                await render_error(error.status, error.message)(scope, receive, send)

    async def _forward(self, scope: Scope, receive: Receive, send: Send, target: str) -> None:
        method = scope["method"]
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        auth = next((v for k, v in headers if k.lower() == "authorization"), None)
        body, content, complete = await buffered_request(receive, self.settings.max_checked_bytes)
        operation, values, violations = checked_request(
            self.spec, method, scope["path"], query_pairs(scope), auth, headers, body)
        if not complete:
            values = None
            violations.append(Violation("request", "$.body", "proxy:too-large-to-check",
                                        "the request body is over the checked size"))
        request = self.client().build_request(
            method, self.upstream + target, content=content,
            headers=forwarded(headers, DROP_REQUEST))
        response = await self.client().send(request, stream=True)
        try:
            await self._answer(response, operation, values, violations, send, method, target)
        finally:
            await response.aclose()

    async def _answer(self, response: httpx.Response, operation: Operation | None,
                      values: RequestValues | None, violations: list[Violation], send: Send,
                      method: str, target: str) -> None:
        limit = self.settings.max_checked_bytes
        chunks: list[bytes] = []
        size = 0
        stream = response.aiter_bytes()
        async for chunk in stream:
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                break
        body = b"".join(chunks)
        complete = len(body) <= limit
        if not complete:
            violations.append(Violation("response", "$", "proxy:too-large-to-check",
                                        f"the body is over {limit} bytes and was not checked"))
        elif operation is not None:
            violations += response_violations(operation, response.status_code,
                                              response.headers.get("content-type"), body,
                                              response.headers)
        self._log(method, target, response.status_code, violations)
        if (complete and not violations and 200 <= response.status_code < 300
                and operation is not None and values is not None and method != "HEAD"):
            self._record(operation, values, response, body)
        length = len(body) if method != "HEAD" else response.headers.get("content-length")
        await send({"type": "http.response.start", "status": response.status_code,
                    "headers": response_headers(response, violations, length, complete)})
        await send({"type": "http.response.body", "body": body, "more_body": not complete})
        if not complete:
            async for chunk in stream:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _upstream_failed(self, exc: Exception, method: str, target: str,
                               scope: Scope, receive: Receive, send: Send) -> None:
        code = "proxy.timeout" if isinstance(exc, httpx.TimeoutException) else "proxy.unreachable"
        reason = f"{type(exc).__name__}: {exc}"[:200] if str(exc) else type(exc).__name__
        error = RequestError(code, upstream=self.origin, reason=reason)
        log.error("%s %s -> %d: %s", method, shown(target), error.status, error.message)
        await render_error(error.status, error.message)(scope, receive, send)

    def _log(self, method: str, target: str, status: int, violations: list[Violation]) -> None:
        line = shown(target)
        log.info("%s %s -> %d, %d contract violation(s)", method, line, status, len(violations))
        for violation in violations:
            log.warning("%s %s -> %d: %s", method, line, status, violation)

    def _record(self, operation: Operation, values: RequestValues, response: httpx.Response,
                body: bytes) -> None:
        directory = self.settings.record_dir
        if directory is None:
            return
        decoded = json.loads(body) if body else NO_BODY  # checked as JSON when a schema is declared
        now = dt.datetime.now(dt.UTC)
        document = fixture_document(operation, values, response.status_code, response.headers,
                                    decoded, self.origin, now, self.secret_headers)
        try:
            written = record(directory, document)
        except (OSError, ValueError) as exc:
            log.error("could not record %s: %s", document["scenario"], exc)
            return
        request = document.get("request", "any request")
        if written is None:
            log.info("not recorded: a fixture in %s already answers %s", directory, request)
        else:
            log.info("recorded %s as %s", request, written)


def api_key_headers(raw: dict[str, Any]) -> frozenset[str]:
    """Lower-case names of the headers the spec's API-key schemes carry (never recorded)."""
    schemes = (raw.get("components") or {}).get("securitySchemes") or {}
    return frozenset(str(scheme.get("name", "")).lower() for scheme in schemes.values()
                     if isinstance(scheme, dict)
                     and (scheme.get("type"), scheme.get("in")) == ("apiKey", "header"))


def log_to_stderr(level: str) -> None:
    """One line per request and per violation on stderr (called by the CLI, never at import)."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("proxy %(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(level.upper())
    log.propagate = False


class OneLineFormatter(logging.Formatter):
    """Every proxy message is one line: control characters from requests, answers and
    violation messages are escaped (a traceback, when there is one, follows as usual)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = escape_control(record.message)
        return super().formatMessage(record)


def create_proxy(settings: ProxySettings) -> ProxyApp:
    """Build the proxy. Raises ConfigError if the spec is invalid."""
    return ProxyApp(settings)


__all__ = ["VIOLATIONS_HEADER", "ProxyApp", "create_proxy", "log_to_stderr", "origin_of"]
