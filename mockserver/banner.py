"""The start-up banner: URL, the catalog of hashes and an example curl line."""

from __future__ import annotations

from mockserver.selection import Catalog
from mockserver.settings import README_TOKEN, Settings


def base_url(settings: Settings) -> str:
    host = settings.host
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{settings.port}"


def banner(settings: Settings, catalog: Catalog) -> str:
    url = base_url(settings)
    listed = catalog.fixtures.tokens  # public fixture tokens only; --token secrets never shown
    token = README_TOKEN if README_TOKEN in listed else min(listed, default="<your token>")
    lines = [f"Meetra mock serving {settings.spec_path} on {url}", "", "Fixtures:"]
    for fx in catalog.fixtures.fixtures:
        values = "&".join(f"{k}={v}" for k, v in sorted(fx.query.items()))
        lines.append(f"  {fx.scenario:<18} {fx.status}  {values}  {fx.description}")
    first = catalog.fixtures.fixtures[0] if catalog.fixtures.fixtures else None
    if first is not None:
        op = catalog.spec.operations[first.operation_id]
        query = "&".join(f"{k}={v}" for k, v in sorted(first.query.items()))
        lines += ["", "Try:",
                  f"  curl -H 'Authorization: Bearer {token}' '{url}{op.path}?{query}'"]
    lines += ["", f"Catalog: {url}/   Swagger UI: {url}/ui/   Spec: {url}/openapi.yaml"]
    if settings.host not in ("127.0.0.1", "localhost", "::1"):
        lines.append(f"WARNING: bound to {settings.host}: reachable from other machines.")
    return "\n".join(lines)
