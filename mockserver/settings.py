"""Settings: one frozen dataclass; every default lives here and nowhere else."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from mockserver._resources import bundled_fixtures_dir, bundled_spec_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4010
DEFAULT_JOURNAL_SIZE = 200
REALM = "meetra"
"""The ``realm`` of every ``WWW-Authenticate: Bearer`` challenge: the one branding default the code
holds (the banner's title is the spec's ``info.title``)."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything `create_app` needs. CLI flags and the environment are turned into one of these."""

    spec_path: Path = dataclasses.field(default_factory=bundled_spec_path)
    fixtures_dir: Path = dataclasses.field(default_factory=bundled_fixtures_dir)
    tokens: tuple[str, ...] = ()
    """Extra accepted bearer tokens (``--token``), on top of those listed in the fixtures."""
    accept_jwt: bool = True
    """Accept any structurally valid JWT whose ``exp``, if present, is in the future."""
    cors_origins: tuple[str, ...] = ("*",)
    """Allowed CORS origins; empty turns CORS off."""
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    dynamic: bool = False
    """Answer unknown well-formed hashes with a body generated from the hash (``--dynamic``)."""
    delay_ms: tuple[int, int] | None = None
    """Wait uniformly between these many milliseconds before answering (``--delay``)."""
    reload: bool = True
    """Watch the spec and fixtures and swap in each valid edit (``--no-reload`` turns it off)."""
    admin: bool = True
    """Serve the mock-only ``/__mock__/…`` endpoints (``--no-admin`` turns them off)."""
    journal_size: int = DEFAULT_JOURNAL_SIZE
    """How many requests ``GET /__mock__/requests`` remembers (a ring buffer)."""
    response_cache: bool = True
    """Answer repeated identical requests from memory (``mockserver.mock.cache``); same bytes."""
    workers: int = 1
    """Worker processes (``--workers``); each builds its own app from these settings."""

    def with_changes(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


DEFAULT_PROXY_PORT = 4011


@dataclasses.dataclass(frozen=True)
class ProxySettings:
    """Everything `create_proxy` needs (``mockserver proxy``)."""

    upstream: str
    """Base URL of the real API; the request path and query are appended to it."""
    spec_path: Path = dataclasses.field(default_factory=bundled_spec_path)
    record_dir: Path | None = None
    """Where each valid 200 is written as a new fixture; None records nothing."""
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PROXY_PORT
    timeout: float = 30.0
    """Seconds to wait for the upstream to connect, and between bytes of its answer."""
    max_checked_bytes: int = 8 * 1024 * 1024
    """Bodies up to this size are checked; larger ones are streamed through unchecked."""

    def with_changes(self, **changes: object) -> ProxySettings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


ENV = "MOCKSERVER_SETTINGS"
"""Where ``--workers`` and the preload helper pass the ``Settings`` to a child process (JSON)."""


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


def _plain(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot pass {type(value).__name__} to workers")
