"""Spec-first mock server and contract-testing kit for an OpenAPI 3.0 document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mockserver.core.errors import ConfigError, Problem, RequestError
    from mockserver.mock.app import MockApp, create_app
    from mockserver.settings import Settings

__all__ = ["ConfigError", "MockApp", "Problem", "RequestError", "Settings", "create_app"]

_WHERE = {
    "MockApp": "mockserver.mock.app",
    "create_app": "mockserver.mock.app",
    "ConfigError": "mockserver.core.errors",
    "Problem": "mockserver.core.errors",
    "RequestError": "mockserver.core.errors",
    "Settings": "mockserver.settings",
}


def __getattr__(name: str) -> Any:
    """Import lazily, so `mockserver --help` does not pay for Connexion's import."""
    if name not in _WHERE:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(_WHERE[name]), name)
