"""create_app(settings) -> the ASGI app: Connexion routes, authenticates and validates; we select.

``MockApp`` holds one immutable ``Served`` state (catalog + the Connexion app built from it) and
swaps it whole on reload, so a request never sees a half-loaded state.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any

from connexion.exceptions import InvalidSpecification, ProblemException
from connexion.lifecycle import ConnexionResponse
from connexion.middleware import MiddlewarePosition
from connexion.options import SwaggerUIOptions
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.core.errors import JSON, ConfigError, Problem, RequestError, error_headers
from mockserver.core.fixtures import load_fixtures
from mockserver.core.requests import check_path
from mockserver.core.schemas import json_path
from mockserver.core.spec import Spec, load_spec
from mockserver.mock import console
from mockserver.mock.admin import Admin, mock_routes, with_cors
from mockserver.mock.answers import path_operation
from mockserver.mock.auth import BearerAuthenticator, security_map
from mockserver.mock.cache import ResponseCache
from mockserver.mock.checked_spec import CheckedMiddleware, CheckedSpecification, connexion_app
from mockserver.mock.guards import ROUTING, RequestGuard, route_line_breaks
from mockserver.mock.handlers import resolver_for
from mockserver.mock.journal import Journal
from mockserver.mock.latency import Latency
from mockserver.mock.pathguard import PathGuard
from mockserver.mock.selection import SCENARIO_HEADER, Catalog, Preferences
from mockserver.mock.served_spec import ServedServers
from mockserver.mock.traffic import Traffic
from mockserver.mock.watcher import Watcher
from mockserver.settings import Settings

log = logging.getLogger("mockserver")

SERVICE_ROUTES = ("/ui/", "/openapi.json", "/openapi.yaml")


@dataclasses.dataclass(frozen=True)
class Served:
    catalog: Catalog
    asgi: ASGIApp
    """The Connexion app, behind the response cache unless ``settings.response_cache`` is off."""


def load_catalog(settings: Settings) -> Catalog:
    """Load and check spec and fixtures. Raises ConfigError naming file, path and rule."""
    spec = load_spec(settings.spec_path)
    return Catalog.build(spec, load_fixtures(settings.fixtures_dir, spec))


def build_served(settings: Settings, catalog: Catalog) -> Served:
    tokens = catalog.fixtures.tokens | frozenset(settings.tokens)
    authenticator = BearerAuthenticator(tokens, settings.accept_jwt)
    route_line_breaks()
    app = connexion_app(
        import_name="mockserver",
        security_map=security_map(authenticator),
        pythonic_params=True,
    )
    _add_api(app, catalog, settings)
    app.add_middleware(RequestGuard, position=MiddlewarePosition.BEFORE_VALIDATION,
                       spec=catalog.spec)
    app.add_middleware(PathGuard, position=MiddlewarePosition.BEFORE_SWAGGER)
    app.add_middleware(ServedServers, position=MiddlewarePosition.BEFORE_SWAGGER,
                       base_path=catalog.spec.base_path)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            position=MiddlewarePosition.BEFORE_EXCEPTION,
            allow_origins=list(settings.cors_origins),
            max_age=600,
            **cors_lists(catalog.spec),
        )
    _add_error_handlers(app, catalog, mock_routes(settings))
    app.build()  # not on the first request: a reload builds off the event loop, too
    if not settings.response_cache:
        return Served(catalog, app)
    header_params = {p.name for op in catalog.spec.operations.values()
                     for p in op.parameters if p.location == "header"}
    return Served(catalog, ResponseCache(app, authenticator, catalog.spec.declares, header_params))


def _add_api(app: CheckedMiddleware, catalog: Catalog, settings: Settings) -> None:
    """The spec's operations (less those set aside) into Connexion. A refusal our checks did not
    foresee is a ConfigError naming where and why, never a traceback. The document was checked
    by ``load_spec``: Connexion checks only what that did not (``checked_spec``)."""
    try:
        app.add_api(
            CheckedSpecification(catalog.spec.served_document()),
            resolver=resolver_for(catalog, Preferences(dynamic=settings.dynamic)),
            swagger_ui_options=SwaggerUIOptions(swagger_ui_path="/ui"),
        )
    except InvalidSpecification as exc:
        where = json_path(exc.absolute_path)
        raise ConfigError([Problem(str(catalog.spec.path), where, f"connexion:{exc.validator}",
                                   _shortest(exc))]) from None


def _shortest(exc: InvalidSpecification) -> str:
    """The most specific reason inside a ``oneOf`` refusal (its deepest sub-error), in words."""
    best: Any = exc
    while best.context:
        best = max(best.context, key=lambda e: len(e.absolute_path))
    if best is exc:
        return str(exc.message)[:500]
    return f"{json_path(best.absolute_path)}: {best.message}"[:500]


def cors_lists(spec: Spec) -> dict[str, list[str]]:
    """CORS from the spec: every declared method, header parameter and response header."""
    operations = spec.operations.values()
    methods = {op.method.upper() for op in operations} | {"HEAD", "OPTIONS"}
    params = {p.name for op in operations for p in op.parameters_in("header")}
    exposed = {h for op in operations for r in op.responses.values() for h in r.headers}
    return {
        "allow_methods": sorted(methods),
        "allow_headers": ["Authorization", "Prefer", "Content-Type", *sorted(params)],
        "expose_headers": ["WWW-Authenticate", SCENARIO_HEADER,
                           *sorted(exposed - {"WWW-Authenticate", SCENARIO_HEADER})],
    }


def _add_error_handlers(app: CheckedMiddleware, catalog: Catalog, extra: tuple[str, ...]) -> None:
    spec = catalog.spec
    routes = spec.served_routes

    async def request_error(request: Any, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, RequestError)
        return _response(catalog, request, exc.status, exc.message, exc.headers)

    async def problem(request: Any, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, ProblemException)
        detail = str(exc.detail or exc.title or "request refused")
        if exc.status == 400:
            return _error(catalog, request,
                          RequestError("request.invalid", exc.headers, detail=detail))
        return _response(catalog, request, exc.status, detail, exc.headers)

    async def http_error(request: Any, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, HTTPException)
        path = request.url.path
        if exc.status_code == 404:
            refused = _path_fault(spec, request.method, request.scope["path"])
            if refused is not None:
                return _error(catalog, request, refused)
            served = ", ".join(
                [f"{'/'.join(m)} {p}" for p, m in routes.items()] + list(SERVICE_ROUTES + extra)
            )
            return _error(catalog, request,
                          RequestError("route.not_found", path=repr(path[:200]), routes=served))
        if exc.status_code == 405:
            template = spec.template_for(path)
            allow = ", ".join(spec.routes[template] if template else ["GET"])
            return _error(catalog, request,
                          RequestError("method.not_allowed", {"Allow": allow},
                                       method=request.method, path=path, allow=allow))
        return _response(catalog, request, exc.status_code, str(exc.detail), exc.headers)

    async def crash(request: Any, exc: Exception) -> ConnexionResponse:
        log.error("unexpected error while answering a request", exc_info=exc)
        return _error(catalog, request, RequestError("server.error"))

    app.add_error_handler(RequestError, request_error)
    app.add_error_handler(ProblemException, problem)
    app.add_error_handler(HTTPException, http_error)
    app.add_error_handler(Exception, crash)


def _path_fault(spec: Spec, method: str, path: str) -> RequestError | None:
    """Why a path under a declared template is refused: Starlette's router does not route a
    path parameter holding a line break, so it would be a 404 "no route" without this."""
    operation, values = spec.find(method, path)
    try:
        if operation is not None:
            check_path(operation, values)
    except RequestError as exc:
        return exc
    return None


def _error(catalog: Catalog, request: Any, exc: RequestError) -> ConnexionResponse:
    return _response(catalog, request, exc.status, exc.message, exc.headers)


def _response(catalog: Catalog, request: Any, status: int, message: str,
              headers: Any) -> ConnexionResponse:
    """An error in the shape the routed operation declares for ``status`` (``core.error_shape``);
    ``{"message": …}`` where it declares none, or where no operation was routed."""
    body = catalog.error_body(_operation_id(catalog, request), status, message)
    return ConnexionResponse(status_code=status, mimetype=JSON, body=body,
                             headers=error_headers(status, headers))


def _operation_id(catalog: Catalog, request: Any) -> str | None:
    """The routed operation; for a path served with another method (a 405), the first of that
    path's operations declaring the status."""
    scope = getattr(request, "scope", None) or {}
    routed = scope.get("extensions", {}).get(ROUTING, {}).get("operation_id")
    if routed is not None:
        return str(routed)
    return path_operation(catalog.spec, scope.get("path", ""))


class MockApp:
    """The ASGI app. Serves the current ``Served`` state; ``reload()`` swaps in a new one.

    Around it (state that survives reloads): the latency and request journal (``Traffic``), the
    mock-only pages (``Admin``) and, during the ASGI lifespan, the file watcher (hot reload).
    """

    def __init__(self, settings: Settings, catalog: Catalog | None = None) -> None:
        self.settings = settings
        self.served = build_served(settings, catalog or load_catalog(settings))
        self.journal = Journal(settings.journal_size)
        self.admin = Admin(lambda: self.served.catalog, self.journal, settings)
        self.traffic = Traffic(self._route, self.journal, Latency(settings.delay_ms),
                               self._delayed)
        self._admin_app = with_cors(self.admin, settings)

    @property
    def catalog(self) -> Catalog:
        return self.served.catalog

    def reload(self) -> None:
        """Build a whole new state, then swap. On ConfigError the old state keeps serving."""
        self.served = _build(self.settings)

    async def reload_in_background(self) -> bool:
        """``reload()`` built off the event loop; a bad edit is logged, never raised."""
        try:
            served = await asyncio.to_thread(_build, self.settings)
        except ConfigError as exc:
            log.warning("reload refused, still serving the last good spec and fixtures:\n  %s",
                        "\n  ".join(str(p) for p in exc.problems))
            return False
        except Exception:  # an edit the checks let through but Connexion refuses
            log.exception("reload failed, still serving the last good spec and fixtures")
            return False
        self.served = served
        log.info("reloaded: %d fixture(s) from %s", len(served.catalog.fixtures.fixtures),
                 self.settings.fixtures_dir)
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self.traffic(scope, receive, send)
        else:
            await self.served.asgi(scope, receive, send)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.admin.handles(scope["path"]):
            await self._admin_app(scope, receive, send)
        else:
            await self.served.asgi(scope, receive, send)

    def _delayed(self, scope: Scope) -> bool:
        """Latency applies to the spec's paths (errors included), not to CORS preflights."""
        spec = self.served.catalog.spec
        return scope["method"] != "OPTIONS" and spec.template_for(scope["path"]) is not None

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        settings = self.settings
        watcher = Watcher(settings.spec_path, settings.fixtures_dir, self.reload_in_background)
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if settings.reload:
                    watcher.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await watcher.stop()
                console.flush()  # the request lines still buffered, before the process ends
                await send({"type": "lifespan.shutdown.complete"})
                return


def _build(settings: Settings) -> Served:
    """A reload's new state: checked as at start-up (``mock.preload``), so the validators stay out
    of the serving process and its memory stays flat through edits."""
    from mockserver.mock.preload import checked_catalog

    return build_served(settings, checked_catalog(settings))


def create_app(settings: Settings | None = None, catalog: Catalog | None = None) -> MockApp:
    """Build the mock from settings. Raises ConfigError if spec, fixtures or config are wrong.

    ``catalog``: spec and fixtures already loaded and checked from these settings (by
    ``mockserver.mock.preload``); None loads them here."""
    return MockApp(settings or Settings(), catalog)
