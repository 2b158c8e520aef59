"""Remember a large document's parse and openapi-spec-validator findings, keyed by its bytes.

Parsing GitHub's 8.5 MB document takes ~5 s and openapi-spec-validator ~3 s; both give the
same result for the same bytes, path and library versions. For documents of at least
``MIN_BYTES``, the parsed document and the findings are stored with ``marshal`` (plain data
only; no code runs on load) under ``$XDG_CACHE_HOME/meetra-mockserver/specs/``, named by the
SHA-256 of the bytes, the path, the versions and the modules that check (``_CHECKS``), so
any change (an edit, an upgrade) misses.
Anything unusual (a value marshal cannot store, an unwritable directory, a damaged entry) just
means no cache: the document is parsed and checked as usual.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from mockserver.core.errors import Problem

MIN_BYTES = 1_000_000
_CHECKS = ("spec.py", "spec_yaml.py", "spec_validator.py", "defaults.py")
_FORMAT = 1
Checked = tuple[dict[str, Any], list[Problem]]


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "meetra-mockserver" / "specs"


def cached(path: Path, text: str, check: Callable[[], Checked]) -> Checked:
    """``check()`` (parse + findings), or its stored result for these exact bytes."""
    if len(text) < MIN_BYTES:
        return check()
    entry = directory() / f"{_key(path, text)}.marshal"
    try:
        doc, found = marshal.loads(entry.read_bytes())
        return doc, [Problem(*p) for p in found]
    except (OSError, ValueError, EOFError, TypeError):
        pass
    doc, problems = check()
    try:
        data = marshal.dumps((doc, [(p.file, p.path, p.rule, p.message) for p in problems]))
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(entry)
    except (OSError, ValueError):
        pass
    return doc, problems


def _key(path: Path, text: str) -> str:
    versions = [_version(name) for name in ("meetra-mockserver", "openapi-spec-validator",
                                            "PyYAML")]
    digest = hashlib.sha256(f"{_FORMAT}|{path.resolve()}|{versions}|".encode())
    for checks in _CHECKS:  # our checks, as run
        digest.update((Path(__file__).parent / checks).read_bytes())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"
