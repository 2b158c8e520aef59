"""``--workers N``: uvicorn starts N processes, and each builds its own app from the same settings.

Uvicorn's worker processes need an import string, not an app object, so the CLI puts the
``Settings`` into one environment variable (``MOCKSERVER_SETTINGS``, JSON) and uvicorn calls the
factory ``app_from_env`` once per worker, at start-up. Settings still flow one way into
``create_app``; nothing reads the environment at request time. Workers share no state (the
response cache is per process and only ever holds what the spec and fixtures determine), so
any worker, or any replica behind a load balancer, gives the same answer.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockserver.settings import Settings

if TYPE_CHECKING:
    from mockserver.app import MockApp

ENV = "MOCKSERVER_SETTINGS"
LOG_LEVEL_ENV = "MOCKSERVER_LOG_LEVEL"
"""Workers are spawned, not forked: they inherit no logging set-up, so the level travels too."""
FACTORY = "mockserver.workers:app_from_env"


def settings_to_env(settings: Settings) -> str:
    fields = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}
    return json.dumps(fields, default=_plain)


def settings_from_env(text: str) -> Settings:
    given: dict[str, Any] = json.loads(text)
    changes: dict[str, object] = {}
    for field in dataclasses.fields(Settings):
        if field.name not in given:
            continue
        value = given[field.name]
        if isinstance(value, list):
            value = tuple(value)
        elif field.name.endswith(("_path", "_dir")) and value is not None:
            value = Path(value)
        changes[field.name] = value
    return Settings().with_changes(**changes)


def app_from_env() -> MockApp:
    """Uvicorn factory for worker processes: the settings the CLI put in ``MOCKSERVER_SETTINGS``."""
    from mockserver.console import configure_logging
    from mockserver.preload import PendingCatalog

    configure_logging(os.environ.get(LOG_LEVEL_ENV, "info"))
    settings = settings_from_env(os.environ[ENV])
    pending = PendingCatalog(settings)  # checks spec + fixtures while Connexion is imported
    from mockserver.app import create_app

    return create_app(settings, pending.result())


def _plain(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot pass {type(value).__name__} to workers")
