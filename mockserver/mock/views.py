"""How the catalog page shows a fixture's body, chosen by the *shape* of its schema, never by a
field name:

- ``bars``: a list of objects whose schema has a string id (the property the list's
  ``x-unique-by`` names, else the first required string property) and exactly one number
  property with ``maximum: 100`` -> one bar per item (an empty list: ``empty``);
- ``message``: an error status -> the message, read where ``core.error_shape`` puts it;
- ``json``: anything else, shown compactly.
"""

from __future__ import annotations

from typing import Any

from mockserver.core.fixtures import Fixture
from mockserver.core.rules import UNIQUE_BY
from mockserver.mock.answers import Catalog


def body_view(catalog: Catalog, fx: Fixture) -> dict[str, Any]:
    if not fx.has_body:
        return {"kind": "none"}
    op = catalog.spec.operations[fx.operation_id]
    if fx.status >= 400:
        message = _message(catalog, fx)
        if message is not None:
            return {"kind": "message", "message": message}
    declared = op.response_for(fx.status)
    found = _bar_list(declared.schema if declared else None, fx.body)
    if found is None:
        return {"kind": "json"}
    items, id_name, share_name = found
    bars = [{"id": str(item.get(id_name, "")), "share": _number(item.get(share_name))}
            for item in items if isinstance(item, dict)]
    return {"kind": "bars", "bars": bars} if bars else {"kind": "empty"}


def _message(catalog: Catalog, fx: Fixture) -> str | None:
    if not isinstance(fx.body, dict):
        return None
    for key in catalog.error_shape(fx.operation_id, fx.status).message_keys:
        if isinstance(fx.body.get(key), str):
            return str(fx.body[key])
    return None


def _bar_list(schema: Any, body: Any) -> tuple[list[Any], str, str] | None:
    """The list to draw as bars (the body, or one of its properties) and its two fields."""
    if not isinstance(schema, dict):
        return None
    fields = _bar_fields(schema)
    if fields is not None:
        return (body, *fields) if isinstance(body, list) else None
    if not isinstance(body, dict):
        return None
    for name, sub in (schema.get("properties") or {}).items():
        fields = _bar_fields(sub) if isinstance(sub, dict) else None
        if fields is not None and isinstance(body.get(name), list):
            return body[name], *fields
    return None


def _bar_fields(schema: dict[str, Any]) -> tuple[str, str] | None:
    items = schema.get("items")
    if schema.get("type") != "array" or not isinstance(items, dict):
        return None
    props = {n: p for n, p in (items.get("properties") or {}).items() if isinstance(p, dict)}
    shares = [n for n, p in props.items()
              if p.get("type") in ("number", "integer") and p.get("maximum") == 100]
    strings = [n for n, p in props.items() if p.get("type") == "string"]
    unique = schema.get(UNIQUE_BY)
    id_name = unique if unique in strings else next(
        (n for n in items.get("required") or [] if n in strings), None)
    if len(shares) != 1 or id_name is None:
        return None
    return id_name, shares[0]


def _number(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return 0.0
