"""Where the bundled spec and fixtures live: inside the wheel, or at the root of a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_bundled"
_CHECKOUT = _PACKAGE.parent


def bundled_spec_path() -> Path:
    """The spec shipped in the wheel, or the checkout's ``openapi.yaml`` in development."""
    wheel = _BUNDLED / "openapi.yaml"
    return wheel if wheel.is_file() else _CHECKOUT / "openapi.yaml"


def bundled_fixtures_dir() -> Path:
    """The fixtures shipped in the wheel, or the checkout's ``fixtures/`` in development."""
    wheel = _BUNDLED / "fixtures"
    return wheel if wheel.is_dir() else _CHECKOUT / "fixtures"
