"""``--workers N``: uvicorn starts N processes, and each builds its own app from the same settings.

Uvicorn's worker processes need an import string, not an app object, so the CLI puts the
``Settings`` into one environment variable (``MOCKSERVER_SETTINGS``, JSON) and uvicorn calls the
factory ``app_from_env`` once per worker, at start-up. Settings still flow one way into
``create_app``; nothing reads the environment at request time. Workers share no state (the
response cache is per process and only ever holds what the spec and fixtures determine), so
any worker, or any replica behind a load balancer, gives the same answer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from mockserver.settings import ENV, settings_from_env

if TYPE_CHECKING:
    from mockserver.mock.app import MockApp

LOG_LEVEL_ENV = "MOCKSERVER_LOG_LEVEL"
"""Workers are spawned, not forked: they inherit no logging set-up, so the level travels too."""
FACTORY = "mockserver.mock.workers:app_from_env"


def app_from_env() -> MockApp:
    """Uvicorn factory for worker processes: the settings the CLI put in ``MOCKSERVER_SETTINGS``."""
    from mockserver.mock.console import configure_logging
    from mockserver.mock.preload import PendingCatalog

    configure_logging(os.environ.get(LOG_LEVEL_ENV, "info"))
    settings = settings_from_env(os.environ[ENV])
    pending = PendingCatalog(settings)  # checks spec + fixtures while Connexion is imported
    from mockserver.mock.app import create_app

    return create_app(settings, pending.result())
