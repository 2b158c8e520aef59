"""The one generic operation handler, resolved by operationId (as Connexion's MockResolver does).

A second endpoint needs only spec and fixtures: every operationId resolves to a
handler bound to that id and to the catalog it serves.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response

from mockserver.core.errors import JSON
from mockserver.mock.guards import VALUES_KEY
from mockserver.mock.selection import Catalog, Preferences, parse_prefer, select


def operation_handler(
    operation_id: str, catalog: Catalog, defaults: Preferences | None = None
) -> Callable[..., Awaitable[Response]]:
    """The handler Connexion calls for ``operation_id`` (a closure: Connexion awaits only
    functions it recognises as coroutine functions). ``defaults`` (from the settings, e.g.
    ``--dynamic``) fill the preferences the request's ``Prefer`` header does not give."""
    defaults = defaults or Preferences()

    async def handle(**_path_params: Any) -> Response:
        # Path parameters only (see ``__signature__`` below): with a visible ``**kwargs``
        # Connexion would pass every query parameter and log an ERROR line for each undeclared
        # one. The handler reads the values the guard checked.
        from connexion import request  # of the current request
        from connexion.context import context

        query = context[VALUES_KEY].query  # checked once, by the guard, before Connexion
        prefs = parse_prefer(request.headers.getlist("prefer"), catalog, operation_id).over(
            defaults)
        reply = select(catalog, operation_id, query, prefs)
        return Response(reply.body, reply.status, headers=dict(reply.headers), media_type=JSON)

    handle.__name__ = handle.__qualname__ = f"mock_{operation_id}"
    # Connexion passes path parameters whatever the signature says; an empty signature keeps it
    # from passing query parameters and the body too (the guard's RequestValues carry them).
    handle.__signature__ = inspect.Signature()  # type: ignore[attr-defined]
    return handle


def resolver_for(catalog: Catalog, defaults: Preferences | None = None) -> Any:
    from connexion.resolver import Resolver

    return Resolver(
        function_resolver=lambda operation_id: operation_handler(operation_id, catalog, defaults)
    )
