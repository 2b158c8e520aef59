"""Semantic rules that JSON Schema cannot express, declared in the spec as ``x-`` extensions.

The spec carries the rules; this module only knows the two keywords. Any schema, at any depth,
may declare them (on an ``array`` schema; ``properties``, ``items``, ``additionalProperties``
and ``allOf`` are followed):

``x-unique-by: <property>``
    the items' ``<property>`` values are unique (items without it are ignored);
``x-sum-at-most: {property: <name>, maximum: <number>, tolerance: <number, default 0>}``
    the items' numeric ``<property>`` values add up to at most ``maximum + tolerance``.

Shared by fixture loading, the dynamic generator, the validating proxy and the contract checks,
so the four never disagree. Schemas are given dereferenced (``core.spec.deref``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

UNIQUE_BY = "x-unique-by"
SUM_AT_MOST = "x-sum-at-most"
KEYWORDS = (UNIQUE_BY, SUM_AT_MOST)


@dataclasses.dataclass(frozen=True)
class RuleFinding:
    """One broken rule: where in the instance, which keyword, why, and the spec's own words."""

    path: str
    """JSON path into the checked value, e.g. ``$.items[1].id``."""
    rule: str
    """The keyword, e.g. ``x-unique-by``."""
    message: str
    clause: str
    """Quoted from the spec: schema location, keyword and its value."""


def check(schema: Any, instance: Any, root: str = "$", where: str = "#") -> list[RuleFinding]:
    """Every rule the schema declares that ``instance`` breaks, nested or not."""
    if not isinstance(schema, dict):
        return []
    found = _own_rules(schema, instance, root, where)
    if isinstance(instance, dict):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        for key, value in instance.items():
            if key in props:
                found += check(props[key], value, f"{root}.{key}", f"{where}/properties/{key}")
            elif isinstance(extra, dict):
                found += check(extra, value, f"{root}.{key}", f"{where}/additionalProperties")
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            found += check(schema["items"], item, f"{root}[{index}]", f"{where}/items")
    for index, sub in enumerate(schema.get("allOf") or []):
        found += check(sub, instance, root, f"{where}/allOf/{index}")
    return found


def clause(where: str, keyword: str, value: Any) -> str:
    return f"{where}: {keyword}: {json.dumps(value, ensure_ascii=False)}"


def _own_rules(schema: dict[str, Any], instance: Any, root: str, where: str) -> list[RuleFinding]:
    if not isinstance(instance, list):
        return []
    found = []
    if isinstance(schema.get(UNIQUE_BY), str):
        found += _unique_by(schema[UNIQUE_BY], instance, root, where)
    if isinstance(schema.get(SUM_AT_MOST), dict):
        found += _sum_at_most(schema[SUM_AT_MOST], instance, root, where)
    return found


def _unique_by(name: str, items: list[Any], root: str, where: str) -> list[RuleFinding]:
    seen: dict[str, int] = {}
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or name not in item:
            continue
        key = json.dumps(item[name], sort_keys=True)
        if key in seen:
            found.append(RuleFinding(
                f"{root}[{index}].{name}", UNIQUE_BY,
                f"{name} {item[name]!r} is also the {name} of item {seen[key]}",
                clause(where, UNIQUE_BY, name)))
        else:
            seen[key] = index
    return found


def sum_limit(rule: dict[str, Any]) -> float:
    """The largest sum the rule allows: ``maximum`` plus ``tolerance``."""
    return float(rule.get("maximum", math.inf)) + float(rule.get("tolerance", 0))


def _sum_at_most(
    rule: dict[str, Any], items: list[Any], root: str, where: str
) -> list[RuleFinding]:
    name = rule.get("property")
    values = [
        item[name] for item in items
        if isinstance(item, dict) and isinstance(item.get(name), (int, float))
        and not isinstance(item.get(name), bool)
    ]
    total, limit = math.fsum(values), sum_limit(rule)
    if total <= limit:
        return []
    return [RuleFinding(
        root, SUM_AT_MOST,
        f"the {name} values sum to {round(total, 6)}, more than {limit:g}",
        clause(where, SUM_AT_MOST, rule))]
