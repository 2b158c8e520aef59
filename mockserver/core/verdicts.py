"""Remember that a spec and its fixtures passed every check, keyed by their exact bytes.

The checks need openapi-spec-validator and openapi-schema-validator: ~0.15 s of imports (their
pydantic settings included) and ~20 MB that a serving process never uses again. When the same
bytes (the spec and every ``*.json`` of the fixtures folder) passed the same checks before (the
same ``core`` code, the same installed libraries, the same Python), ``mockserver serve`` loads
them without running the validators again. Only a pass is remembered, never a finding: a bad spec
or fixture is checked, and reported, every time.

One small file per (spec, fixtures folder) pair under ``$XDG_CACHE_HOME/meetra-mockserver/
checked/``, holding the SHA-256 of everything the checks depend on; it is overwritten by each
later pass, and past ``_KEEP`` pairs the older half is dropped. No code runs on load.
Anything unusual (an unreadable file, an unwritable directory) means no verdict: the full
checks run.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path

_FORMAT = 1
_KEEP = 512
_CHECKERS = ("openapi_spec_validator", "openapi_schema_validator", "jsonschema", "yaml")
"""Libraries whose install folders' ``*.dist-info`` names (name and version of every package
installed beside them) are part of the key: upgrading any of them, or what they use, misses."""


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "meetra-mockserver" / "checked"


def key(spec_path: Path, fixtures_dir: Path | None) -> str | None:
    """The SHA-256 of everything a pass depends on; None if a file cannot be read.
    ``fixtures_dir`` None: the spec's own checks only."""
    digest = hashlib.sha256(f"{_FORMAT}|{sys.version}|".encode())
    try:
        for source in sorted(Path(__file__).parent.glob("*.py")):  # the checks, as run
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
        digest.update("\0".join(_installed()).encode())
        digest.update(f"\0spec\0{spec_path.resolve()}\0".encode() + spec_path.read_bytes())
        for file in sorted(fixtures_dir.glob("*.json")) if fixtures_dir else ():
            digest.update(f"\0fixture\0{file.name}\0".encode() + file.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def passed(spec_path: Path, fixtures_dir: Path | None, found: str | None) -> bool:
    """Whether the bytes that gave ``found`` (``key()``) passed every check before."""
    if found is None:
        return False
    try:
        return _entry(spec_path, fixtures_dir).read_text(encoding="ascii") == found
    except (OSError, ValueError):
        return False


def remember(spec_path: Path, fixtures_dir: Path | None, found: str | None) -> None:
    """Record that the bytes that gave ``found`` passed every check (the last pass wins)."""
    if found is None:
        return
    entry = _entry(spec_path, fixtures_dir)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(found, encoding="ascii")
        partial.replace(entry)
        _prune(entry.parent)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    """Past ``_KEEP`` entries (each temp copy served is a new pair), drop the older half."""
    entries = list(folder.iterdir())
    if len(entries) > _KEEP:
        entries.sort(key=lambda e: e.stat().st_mtime)
        for old in entries[: len(entries) - _KEEP // 2]:
            old.unlink(missing_ok=True)


def _entry(spec_path: Path, fixtures_dir: Path | None) -> Path:
    where = f"{spec_path.resolve()}\0{fixtures_dir.resolve() if fixtures_dir else '-'}".encode()
    return directory() / hashlib.sha256(where).hexdigest()[:32]


def _installed() -> list[str]:
    folders = set()
    for name in _CHECKERS:
        found = importlib.util.find_spec(name)
        if found is not None and found.origin:
            folders.add(Path(found.origin).parent.parent)
    return sorted(entry.name for folder in folders for entry in folder.iterdir()
                  if entry.name.endswith(".dist-info"))
