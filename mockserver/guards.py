"""Query-parameter guard: runs after routing and authentication, before Connexion's validation.

Connexion would accept a repeated ``file-hash`` and a trailing newline (``re.search``), and its
messages don't say what is allowed. This middleware checks every declared query parameter of the
routed operation and raises a RequestError that says what was wrong and what is allowed.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.errors import RequestError
from mockserver.params import allowed_text, why_invalid
from mockserver.spec import Operation, Parameter, Spec

ROUTING = "connexion_routing"
CONTEXT = "connexion_context"
QUERY_KEY = "mockserver.query"
"""Where the guard leaves the checked values in Connexion's request context for the handler."""


def query_pairs(scope: Scope) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def check_query(operation: Operation, pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The declared query parameters, one value each; RequestError(400) on the first fault."""
    values: dict[str, str] = {}
    for param in operation.query_parameters():
        given = [v for k, v in pairs if k == param.name]
        if not given:
            if param.required:
                raise RequestError("query.missing", name=param.name, allowed=allowed_text(param))
            continue
        if len(given) > 1:
            raise RequestError("query.repeated", name=param.name, count=len(given),
                               allowed=allowed_text(param))
        values[param.name] = _check_one(param, given[0])
    return values


def _check_one(param: Parameter, value: str) -> str:
    if value == "" and param.schema.get("minLength", 1) > 0:
        raise RequestError("query.empty", name=param.name, allowed=allowed_text(param))
    reason = why_invalid(param, value)
    if reason is not None:
        raise RequestError("query.invalid", name=param.name, reason=reason,
                           allowed=allowed_text(param))
    return value


class QueryGuard:
    def __init__(self, app: ASGIApp, spec: Spec) -> None:
        self.app = app
        self.operations = spec.operations

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            routing: dict[str, Any] = scope.get("extensions", {}).get(ROUTING, {})
            operation = self.operations.get(routing.get("operation_id", ""))
            if operation is not None:
                values = check_query(operation, query_pairs(scope))
                scope.setdefault("extensions", {}).setdefault(CONTEXT, {})[QUERY_KEY] = values
        await self.app(scope, receive, send)
