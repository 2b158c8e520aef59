"""The one generic operation handler, resolved by operationId (as Connexion's MockResolver does).

A new operation needs only spec and fixtures: every operationId resolves to a handler bound to
that id and to the catalog it serves.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response

from mockserver.core.requests import RequestValues
from mockserver.mock.guards import VALUES_KEY
from mockserver.mock.selection import (
    SCENARIO_HEADER,
    Catalog,
    Preferences,
    Reply,
    parse_prefer,
    select,
)


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

        values = context.get(VALUES_KEY) or RequestValues()
        prefs = parse_prefer(request.headers.getlist("prefer"), catalog, operation_id).over(
            defaults)
        return to_response(select(catalog, operation_id, values, prefs))

    handle.__name__ = handle.__qualname__ = f"mock_{operation_id}"
    # Connexion passes path parameters whatever the signature says; an empty signature keeps it
    # from passing query parameters and the body too (the guard's RequestValues carry them).
    handle.__signature__ = inspect.Signature()  # type: ignore[attr-defined]
    return handle


def to_response(reply: Reply) -> Response:
    headers = dict(((SCENARIO_HEADER, reply.scenario),) if reply.scenario else ())
    headers.update(reply.headers)
    return Response(reply.body, reply.status, headers=headers, media_type=reply.media_type)


def resolver_for(catalog: Catalog, defaults: Preferences | None = None) -> Any:
    from connexion.resolver import Resolver

    return Resolver(
        function_resolver=lambda operation_id: operation_handler(operation_id, catalog, defaults)
    )
