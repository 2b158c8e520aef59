"""Settings: one frozen dataclass; every default lives here and nowhere else."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mockserver._resources import bundled_fixtures_dir, bundled_spec_path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4010


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
    response_cache: bool = True
    """Answer repeated identical requests from memory (``mockserver.cache``); same bytes."""
    workers: int = 1
    """Worker processes (``--workers``); each builds its own app from these settings."""

    def with_changes(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]
