"""Request guard: runs after routing and authentication, before Connexion's validation.

Connexion would accept a repeated scalar and a trailing newline (``re.search``), turns a body
that is not UTF-8 into a 500, and its messages don't say what is allowed. This middleware checks
every declared parameter of the routed operation (path, query, header, cookie) and its JSON body,
raises a RequestError that says what was wrong and what is allowed, and leaves the checked
``RequestValues`` in Connexion's request context for the handler. The body it read is replayed
to the inner app.
"""

from __future__ import annotations

from typing import Any

from starlette.convertors import PathConvertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.core.bodies import MAX_BODY_BYTES, check_body
from mockserver.core.errors import RequestError
from mockserver.core.requests import (
    RequestValues,
    check_cookies,
    check_headers,
    check_path,
    check_query,
    cookie_pairs,
    header_pairs,
    query_pairs,
)
from mockserver.core.spec import Operation, Spec, path_pattern, path_values

ROUTING = "connexion_routing"
CONTEXT = "connexion_context"
VALUES_KEY = "mockserver.values"
"""Where the guard leaves the checked ``RequestValues`` in Connexion's request context."""


class _AnyPath(PathConvertor):
    regex = "[\\s\\S]*"


def route_line_breaks() -> None:
    """Let a path under the ``servers`` base path hold a line break (a ``%0A`` in a path
    parameter), so the parameter's schema decides about it like about any other character.

    Connexion mounts the API at its base path with a Starlette ``Mount``, whose ``{path:path}``
    regex is ``.*``: without DOTALL it stops at a line break, and such a request was a 404 "no
    route" (only under a base path; at the root the operation's ``[^/]+`` takes it). Starlette's
    public ``register_url_convertor`` replaces the ``path`` convertor for routes built after
    this call; the same for every ``path`` convertor of the process, on purpose: a decoded path
    may hold any character."""
    register_url_convertor("path", _AnyPath())


class RequestGuard:
    def __init__(self, app: ASGIApp, spec: Spec) -> None:
        self.app = app
        self.operations = spec.operations
        self.locations = {op_id: frozenset(p.location for p in op.parameters)
                          for op_id, op in spec.operations.items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            routing: dict[str, Any] = scope.get("extensions", {}).get(ROUTING, {})
            operation = self.operations.get(routing.get("operation_id") or "")
            if operation is not None:
                _refuse_trailing_line_break(operation, scope, routing)
                values, receive = await _checked(operation, scope, receive, routing,
                                                 self.locations[operation.operation_id])
                scope.setdefault("extensions", {}).setdefault(CONTEXT, {})[VALUES_KEY] = values
        await self.app(scope, receive, send)


def _refuse_trailing_line_break(operation: Operation, scope: Scope,
                                routing: dict[str, Any]) -> None:
    """Starlette's route regexes end in ``$``, which also matches before a final line break:
    ``/pets%0A`` was routed to ``/pets``. A path with a line break must match its template
    whole (a ``{name}`` segment may hold one; a literal one may not), else: no route."""
    path: str = scope["path"]
    if ("\n" in path or "\r" in path) and path_pattern(operation.path).fullmatch(
            _api_path(scope, routing)) is None:
        raise HTTPException(404)


async def _checked(operation: Operation, scope: Scope, receive: Receive,
                   routing: dict[str, Any], locations: frozenset[str]
                   ) -> tuple[RequestValues, Receive]:
    """Check every part of the request; only the locations the operation declares are read
    (this runs on every request that misses the response cache)."""
    path = query = declared = {}
    if "path" in locations:
        path = check_path(operation, path_values(operation.path, _api_path(scope, routing)))
    if "query" in locations:
        query = check_query(operation, query_pairs(scope))
    headers = header_pairs(scope) if locations & {"header", "cookie"} or (
        operation.request_body is not None) else []
    if "header" in locations:
        declared = check_headers(operation, headers)
    if "cookie" in locations:
        check_cookies(operation, cookie_pairs(headers))
    if operation.request_body is None:
        return RequestValues(path, query, declared), receive
    raw, replay = await read_body(receive)
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    body = check_body(operation, content_type, raw)
    return RequestValues(path, query, declared, body), replay


def _api_path(scope: Scope, routing: dict[str, Any]) -> str:
    """The request path as the spec's ``paths`` write it: without root path and base path."""
    path: str = scope["path"]
    for prefix in (scope.get("root_path", ""), routing.get("api_base_path", "")):
        if prefix and path.startswith(prefix):
            path = path[len(prefix):]
    return path


async def read_body(receive: Receive, limit: int = MAX_BODY_BYTES) -> tuple[bytes, Receive]:
    """The whole request body (refused beyond ``limit``), and a ``receive`` that replays it."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away: answer what we have
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise RequestError("body.too_large", size=f"more than {limit}", limit=limit)
        chunks.append(chunk)
        more = message.get("more_body", False)
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
