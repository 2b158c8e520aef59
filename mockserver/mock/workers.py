"""``--workers N``: uvicorn starts N processes, and each builds its own app from the same settings.

Uvicorn's worker processes need an import string, not an app object, so the CLI puts the
``Settings`` into one environment variable (``MOCKSERVER_SETTINGS``, JSON) and uvicorn calls the
factory ``app_from_env`` once per worker, at start-up. Settings still flow one way into
``create_app``; nothing reads the environment at request time. Workers share no state (the
response cache is per process and only ever holds what the spec and fixtures determine), so
any worker, or any replica behind a load balancer, gives the same API answer.

The request journal is the exception: each process would only see the requests it served, so a
frontend test would read a different part of the truth on every call. Rather than answer wrong,
``/__mock__/requests`` refuses under ``--workers`` with a 409 that says why and what to do
(run without ``--workers``: one process serves thousands of requests a second).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mockserver.core.errors import render_error
from mockserver.settings import ENV, settings_from_env

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

LOG_LEVEL_ENV = "MOCKSERVER_LOG_LEVEL"
"""Workers are spawned, not forked: they inherit no logging set-up, so the level travels too."""
FACTORY = "mockserver.mock.workers:app_from_env"


JOURNAL_PATH = "/__mock__/requests"
JOURNAL_REFUSED = 409


def journal_refusal(workers: int) -> str:
    return (f"The request journal is not available with --workers {workers}: each of the "
            f"{workers} processes sees only the requests it served, so no answer would be "
            "complete. Run mockserver serve without --workers for end-to-end tests that read "
            "or clear /__mock__/requests.")


class NoJournal:
    """Wraps a worker's app: ``/__mock__/requests`` answers 409 (why, and what to do)."""

    def __init__(self, app: ASGIApp, workers: int, cors: bool) -> None:
        self.app = app
        self.message = journal_refusal(workers)
        self.headers = {"Access-Control-Allow-Origin": "*"} if cors else None
        """A test page on another origin can read why (the API's own CORS decides the rest)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope.get("path", "").rstrip("/") == JOURNAL_PATH
                and scope.get("method") != "OPTIONS"):
            refusal = render_error(JOURNAL_REFUSED, self.message, self.headers)
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)


def app_from_env() -> ASGIApp:
    """Uvicorn factory for worker processes: the settings the CLI put in ``MOCKSERVER_SETTINGS``."""
    from mockserver.mock.console import configure_logging
    from mockserver.mock.preload import PendingCatalog

    configure_logging(os.environ.get(LOG_LEVEL_ENV, "info"))
    settings = settings_from_env(os.environ[ENV])
    pending = PendingCatalog(settings)  # checks spec + fixtures while Connexion is imported
    from mockserver.mock.app import create_app

    app = create_app(settings, pending.result())
    if not settings.admin:
        return app
    return NoJournal(app, settings.workers, cors=bool(settings.cors_origins))
