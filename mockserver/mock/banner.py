"""The start-up banner: URL, the catalog of hashes and an example curl line."""

from __future__ import annotations

from mockserver.mock.selection import Catalog
from mockserver.settings import Settings


def base_url(settings: Settings) -> str:
    host = settings.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{settings.port}"


def banner(settings: Settings, catalog: Catalog) -> str:
    url = base_url(settings)
    lines = [f"Meetra mock serving {settings.spec_path} on {url}", "", "Fixtures:"]
    for fx in catalog.fixtures.fixtures:
        values = "&".join(f"{k}={v}" for k, v in sorted(fx.query.items()))
        lines.append(f"  {fx.scenario:<18} {fx.status}  {values}  {fx.description}")
    first = catalog.fixtures.fixtures[0] if catalog.fixtures.fixtures else None
    if first is not None:
        op = catalog.spec.operations[first.operation_id]
        query = "&".join(f"{k}={v}" for k, v in sorted(first.query.items()))
        # No token is ever printed (the console is a log): the curl line reads $MEETRA_TOKEN.
        tokens_file = settings.fixtures_dir / "tokens.json"
        lines += ["", f"Try (MEETRA_TOKEN: a token from {tokens_file}, one given with --token, "
                  "or any unexpired JWT):",
                  f"  curl -H \"Authorization: Bearer $MEETRA_TOKEN\" '{url}{op.path}?{query}'"]
    lines += ["", f"Catalog: {url}/   Swagger UI: {url}/ui/   Spec: {url}/openapi.yaml"]
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        lines.append(f"WARNING: bound to {settings.host}: reachable from other machines.")
    return "\n".join(lines)
