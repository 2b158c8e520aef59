"""How a request matches a fixture: the request parts a fixture constrains (its *shape*) and
the canonical key of their values. Header names compare case-insensitively, bodies by JSON
equality."""

from __future__ import annotations

import json
from typing import Any

from mockserver.core.requests import NO_BODY, RequestValues

Shape = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], bool]
"""The request parts a fixture constrains: path names, query names, header names (lower case),
whether it matches the body. Fixtures of one shape share a dict keyed by their values."""


def shape_of(values: RequestValues) -> Shape:
    return (tuple(sorted(values.path)), tuple(sorted(values.query)),
            tuple(sorted(n.lower() for n in values.headers)), values.body is not NO_BODY)


def specificity(shape: Shape) -> tuple[int, Shape]:
    """Sort key, most specific first: more constrained values, then a fixed order of parts."""
    return (-(len(shape[0]) + len(shape[1]) + len(shape[2]) + shape[3]), shape)


def canonical_json(value: Any) -> str:
    """JSON equality as a string: keys sorted, ``1.0`` written as ``1``."""
    return json.dumps(_normal(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _normal(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    return value


def match_key(shape: Shape, values: RequestValues, body_key: str | None) -> tuple[str, ...] | None:
    """The values of ``values`` for the parts ``shape`` constrains; None if one is missing."""
    path, query, headers, body = shape
    headers_lower = {k.lower(): v for k, v in values.headers.items()} if headers else {}
    key: list[str] = []
    for names, given in ((path, values.path), (query, values.query), (headers, headers_lower)):
        for name in names:
            if name not in given:
                return None
            key.append(given[name])
    if body:
        if body_key is None:
            return None
        key.append(body_key)
    return tuple(key)




