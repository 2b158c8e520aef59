"""The start-up banner: URL, the catalog of fixtures, the development tokens and a curl line."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from mockserver.mock.fixture_entries import TOKEN_VARIABLE, fixture_entry
from mockserver.mock.selection import Catalog
from mockserver.settings import Settings

LISTED = 50
"""Fixtures the banner lists; the catalog page lists every one (10,000 lines help nobody, and
building them took 0.4 s of start-up)."""


def base_url(settings: Settings) -> str:
    host = settings.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{settings.port}"


@functools.lru_cache(maxsize=8)  # read at start-up and once per reload, not per request
def development_tokens(fixtures_dir: Path, accepted: frozenset[str]) -> tuple[str, ...]:
    """The tokens of the fixtures' ``tokens.json``, in file order, that the mock accepts.

    Those are public development tokens, committed with the fixtures, so they are shown; tokens
    given with ``--token`` may be real and are never shown (they are not in the file)."""
    try:
        listed = json.loads((fixtures_dir / "tokens.json").read_text(encoding="utf-8"))["tokens"]
        in_order = [entry["token"] for entry in listed if isinstance(entry, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        in_order = []
    return tuple(t for t in in_order if isinstance(t, str) and t in accepted)


def export_line(tokens: tuple[str, ...]) -> str:
    """``export MEETRA_TOKEN=meetra-dev-token``, ready to copy; a placeholder with no token."""
    value = tokens[0] if tokens else "<a token given with --token, or any unexpired JWT>"
    return f"export {TOKEN_VARIABLE.lstrip('$')}={value}"


def title(catalog: Catalog) -> str:
    """The spec's ``info.title`` (the mock names no API itself)."""
    info = catalog.spec.raw.get("info")
    name = info.get("title") if isinstance(info, dict) else None
    return str(name) if name else "OpenAPI mock"


def banner(settings: Settings, catalog: Catalog) -> str:
    url = base_url(settings)
    lines = [title(catalog), f"Mock serving {settings.spec_path} on {url}", "", "Fixtures:"]
    fixtures = catalog.fixtures.fixtures
    entries = [fixture_entry(catalog, fx, url) for fx in fixtures[:LISTED]]
    for entry in entries:
        lines.append(f"  {entry['scenario']:<18} {entry['status']}  {_request(entry, url)}  "
                     f"{entry['description']}")
    if len(fixtures) > LISTED:
        lines.append(f"  ... and {len(fixtures) - LISTED:,} more: the catalog at {url}/")
    tokens = development_tokens(settings.fixtures_dir, catalog.fixtures.tokens)
    lines += ["", "Development tokens (public, from tokens.json): "
              + (", ".join(tokens) if tokens else "none"), f"  {export_line(tokens)}"]
    if entries:  # the catalog's own line for the first fixture: it reproduces that fixture
        lines += ["Then try:", f"  {entries[0]['curl']}"]
    lines += ["", f"Catalog: {url}/   Swagger UI: {url}/ui/   Spec: {url}/openapi.yaml"]
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        lines.append(f"WARNING: bound to {settings.host}: reachable from other machines.")
    return "\n".join(lines)


def _request(entry: dict[str, Any], url: str) -> str:
    """``GET /path?query``, marked when the fixture also matches headers or a body."""
    marks = [" +headers" if entry["headers"] else "",
             " +body" if entry["request_body"] is not None else ""]
    return f"{entry['method']} {entry['url'].removeprefix(url)}{''.join(marks)}"
