"""Mock-only endpoints, outside the contract (not in openapi.yaml, never behind its auth):

- ``GET /``                      the fixture catalog page (HTML);
- ``GET /__mock__/fixtures``     the same data as JSON;
- ``GET /__mock__/requests``     the request journal; ``DELETE`` clears it.

No answer here holds a token: curl lines use ``$MEETRA_TOKEN``, the journal holds masked values.
With ``--no-admin`` only ``/`` is served here; ``/__mock__/…`` then 404 like any unknown path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from starlette.middleware.cors import CORSMiddleware
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.core.errors import JSON, RequestError, render_error
from mockserver.mock.banner import development_tokens, export_line, title
from mockserver.mock.catalog_page import render_page
from mockserver.mock.dynamic import DYNAMIC_SCENARIO
from mockserver.mock.fixture_entries import fixture_entry
from mockserver.mock.journal import Journal
from mockserver.mock.selection import Catalog
from mockserver.settings import Settings

PAGE, FIXTURES, REQUESTS = "/", "/__mock__/fixtures", "/__mock__/requests"
_SAFE_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def base_url(scope: Scope) -> str:
    """Where the client reached us: its Host header if well-formed, else the bound address."""
    host = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
    if not _SAFE_HOST.match(host):
        server = scope.get("server") or ("127.0.0.1", 4010)
        host = f"{server[0]}:{server[1]}"
    return f"http://{host}"


def fixtures_document(catalog: Catalog, base: str, settings: Settings) -> dict[str, Any]:
    """Every scenario with its request, answer and a curl line; plus where the docs are."""
    return {
        "title": title(catalog),
        "fixtures": [fixture_entry(catalog, fx, base) for fx in catalog.fixtures.fixtures],
        "swagger_ui": f"{base}/ui/",
        "spec": f"{base}/openapi.yaml",
        "dynamic": {"default": settings.dynamic, "scenario": DYNAMIC_SCENARIO},
        "token_hint": export_line(
            development_tokens(settings.fixtures_dir, catalog.fixtures.tokens)),
    }


def mock_routes(settings: Settings) -> tuple[str, ...]:
    """The mock-only routes served, for 404 messages."""
    return (PAGE, FIXTURES, REQUESTS) if settings.admin else (PAGE,)


class Admin:
    """ASGI app for the paths ``handles`` accepts; reads the current state on each call."""

    def __init__(self, current: Callable[[], Catalog], journal: Journal,
                 settings: Settings) -> None:
        self.current = current
        self.journal = journal
        self.settings = settings
        self.routes: dict[str, dict[str, Callable[[Scope], Response]]] = {
            PAGE: {"GET": self._page, "HEAD": self._page},
        }
        if settings.admin:
            self.routes[FIXTURES] = {"GET": self._fixtures, "HEAD": self._fixtures}
            self.routes[REQUESTS] = {"GET": self._requests, "HEAD": self._requests,
                                     "DELETE": self._clear}

    def handles(self, path: str) -> bool:
        """``/``, and with admin on every ``/__mock__`` path (unknown ones get a 404 here)."""
        return path == PAGE or (self.settings.admin and (
            path == "/__mock__" or path.startswith("/__mock__/")))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._respond(scope)(scope, receive, send)

    def _respond(self, scope: Scope) -> Response:
        path, method = scope["path"], scope["method"]
        methods = self.routes.get(path)
        if methods is None:
            return _error(RequestError("route.not_found", path=repr(path[:200]),
                                       routes=", ".join(self.routes)))
        handler = methods.get(method)
        if handler is None:
            allow = ", ".join(methods)
            return _error(RequestError("method.not_allowed", {"Allow": allow},
                                       method=method[:20], path=path, allow=allow))
        return handler(scope)

    def _document(self, scope: Scope) -> dict[str, Any]:
        return fixtures_document(self.current(), base_url(scope), self.settings)

    def _page(self, scope: Scope) -> Response:
        return HTMLResponse(render_page(self._document(scope), admin=self.settings.admin))

    def _fixtures(self, scope: Scope) -> Response:
        return _json(self._document(scope))

    def _requests(self, _scope: Scope) -> Response:
        entries = [e.as_json() for e in self.journal.entries()]
        return _json({"size": self.journal.size, "count": len(entries), "requests": entries})

    def _clear(self, _scope: Scope) -> Response:
        cleared = len(self.journal.entries())
        self.journal.clear()
        return _json({"cleared": cleared})


def _json(document: dict[str, Any]) -> Response:
    return Response(json.dumps(document, ensure_ascii=False), media_type=JSON)


def _error(exc: RequestError) -> Response:
    return render_error(exc.status, exc.message, exc.headers)


def with_cors(app: ASGIApp, settings: Settings) -> ASGIApp:
    """The mock-only endpoints get the contract's CORS policy (a test page on another origin reads
    and clears the journal)."""
    if not settings.cors_origins:
        return app
    return CORSMiddleware(app, allow_origins=list(settings.cors_origins),
                          allow_methods=["GET", "HEAD", "DELETE", "OPTIONS"],
                          allow_headers=["Authorization", "Prefer", "Content-Type"], max_age=600)
