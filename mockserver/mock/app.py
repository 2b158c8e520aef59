"""create_app(settings) -> the ASGI app: Connexion routes, authenticates and validates; we select.

``MockApp`` holds one immutable ``Served`` state (catalog + the Connexion app built from it) and
swaps it whole on reload, so a request never sees a half-loaded state.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import logging
from typing import Any

from connexion import AsyncApp
from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionResponse
from connexion.middleware import MiddlewarePosition
from connexion.options import SwaggerUIOptions
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.core.errors import JSON, ConfigError, RequestError, error_body, error_headers
from mockserver.core.fixtures import load_fixtures
from mockserver.core.spec import load_spec
from mockserver.mock.admin import Admin, mock_routes, with_cors
from mockserver.mock.auth import BearerAuthenticator, security_map
from mockserver.mock.cache import ResponseCache
from mockserver.mock.guards import QueryGuard
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
    app = AsyncApp(
        "mockserver",
        security_map=security_map(authenticator),
        pythonic_params=True,
    )
    app.add_api(
        copy.deepcopy(catalog.spec.raw),
        resolver=resolver_for(catalog, Preferences(dynamic=settings.dynamic)),
        swagger_ui_options=SwaggerUIOptions(swagger_ui_path="/ui"),
    )
    app.add_middleware(QueryGuard, MiddlewarePosition.BEFORE_VALIDATION, spec=catalog.spec)
    app.add_middleware(PathGuard, MiddlewarePosition.BEFORE_SWAGGER)
    app.add_middleware(ServedServers, MiddlewarePosition.BEFORE_SWAGGER,
                       base_path=catalog.spec.base_path)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            MiddlewarePosition.BEFORE_EXCEPTION,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["Authorization", "Prefer", "Content-Type"],
            expose_headers=["WWW-Authenticate", SCENARIO_HEADER],
            max_age=600,
        )
    _add_error_handlers(app, catalog, mock_routes(settings))
    if not settings.response_cache:
        return Served(catalog, app)
    header_params = {p.name for op in catalog.spec.operations.values()
                     for p in op.parameters if p.location == "header"}
    paths = {op.path for op in catalog.spec.operations.values()}
    return Served(catalog, ResponseCache(app, authenticator, paths, header_params))


def _add_error_handlers(app: AsyncApp, catalog: Catalog, extra: tuple[str, ...]) -> None:
    routes = catalog.spec.routes

    async def request_error(_request: Any, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, RequestError)
        return _response(exc.status, exc.message, exc.headers)

    async def problem(_request: Any, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, ProblemException)
        detail = str(exc.detail or exc.title or "request refused")
        if exc.status == 400:
            return _error(RequestError("request.invalid", exc.headers, detail=detail))
        return _response(exc.status, detail, exc.headers)

    async def http_error(request: Any, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, HTTPException)
        path = request.url.path
        if exc.status_code == 404:
            served = ", ".join(
                [f"{'/'.join(m)} {p}" for p, m in routes.items()] + list(SERVICE_ROUTES + extra)
            )
            return _error(RequestError("route.not_found", path=repr(path[:200]), routes=served))
        if exc.status_code == 405:
            allow = ", ".join(routes.get(path, ["GET"]))
            return _error(RequestError("method.not_allowed", {"Allow": allow},
                                       method=request.method, path=path, allow=allow))
        return _response(exc.status_code, str(exc.detail), exc.headers)

    async def crash(_request: Any, exc: Exception) -> ConnexionResponse:
        log.error("unexpected error while answering a request", exc_info=exc)
        return _error(RequestError("server.error"))

    app.add_error_handler(RequestError, request_error)
    app.add_error_handler(ProblemException, problem)
    app.add_error_handler(HTTPException, http_error)
    app.add_error_handler(Exception, crash)


def _error(exc: RequestError) -> ConnexionResponse:
    return _response(exc.status, exc.message, exc.headers)


def _response(status: int, message: str, headers: Any) -> ConnexionResponse:
    return ConnexionResponse(status_code=status, mimetype=JSON, body=error_body(message),
                             headers=error_headers(status, headers))


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
        return scope["method"] != "OPTIONS" and scope["path"] in self.served.catalog.spec.routes

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
                await send({"type": "lifespan.shutdown.complete"})
                return


def _build(settings: Settings) -> Served:
    return build_served(settings, load_catalog(settings))


def create_app(settings: Settings | None = None, catalog: Catalog | None = None) -> MockApp:
    """Build the mock from settings. Raises ConfigError if spec, fixtures or config are wrong.

    ``catalog``: spec and fixtures already loaded and checked from these settings (by
    ``mockserver.mock.preload``); None loads them here."""
    return MockApp(settings or Settings(), catalog)
