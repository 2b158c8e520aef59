"""Query-parameter guard: runs after routing and authentication, before Connexion's validation.

Connexion would accept a repeated ``file-hash`` and a trailing newline (``re.search``), and its
messages don't say what is allowed. This middleware checks every declared query parameter of the
routed operation and raises a RequestError that says what was wrong and what is allowed.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.core.requests import RequestValues, check_query, query_pairs
from mockserver.core.spec import Spec

ROUTING = "connexion_routing"
CONTEXT = "connexion_context"
VALUES_KEY = "mockserver.values"
"""Where the guard leaves the checked ``RequestValues`` in Connexion's request context."""


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
                scope.setdefault("extensions", {}).setdefault(CONTEXT, {})[VALUES_KEY] = (
                    RequestValues(query=values))
        await self.app(scope, receive, send)
