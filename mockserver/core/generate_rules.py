"""What JSON Schema generation alone does not ensure: the ``x-`` rules, ``oneOf``/``anyOf``,
``discriminator`` and ``not``.

``enforce`` makes generated array items obey the semantic rules of ``core.rules`` (declared on
the array schema or any of its ``allOf`` parts): ``x-unique-by`` by drawing new key values, or
dropping the key or the item; ``x-sum-at-most`` by scaling the values down to the maximum,
rounded down to their step, within each value's own bounds, and dropping items if the bounds
leave no other way. ``accepts`` tells whether a schema accepts a value (for ``oneOf``/``not``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from mockserver.core import rules
from mockserver.core.generate_merge import effective_type, merged
from mockserver.core.generate_numbers import number_ok, quantum

UNIQUE_TRIES = 12
NOT_TRIES = 8
_VALIDATORS: dict[int, tuple[dict[str, Any], Any]] = {}
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "array": (list,), "object": (dict,),
}


def enforce(view: dict[str, Any], items_schema: dict[str, Any], items: list[Any], least: int,
            regenerate: Callable[[Any], Any]) -> list[Any]:
    """``items`` changed so that every rule of the array schema ``view`` holds."""
    declared = view["_rules"]
    for keyword, rule in declared:
        if keyword == rules.UNIQUE_BY and isinstance(rule, str):
            items = _unique_by(rule, merged(items_schema), items, least, regenerate)
    for keyword, rule in declared:
        if keyword == rules.SUM_AT_MOST and isinstance(rule, dict):
            items = _sum_at_most(rule, merged(items_schema), items, least)
    return items


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)  # as rules.check compares them


def _unique_by(name: str, item_view: dict[str, Any], items: list[Any], least: int,
               regenerate: Callable[[Any], Any]) -> list[Any]:
    prop = (item_view.get("properties") or {}).get(name, {})
    required = name in (item_view.get("required") or [])
    seen: set[str] = set()
    kept: list[Any] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or name not in item:
            kept.append(item)
            continue
        for _ in range(UNIQUE_TRIES):
            if _key(item[name]) not in seen:
                break
            item[name] = regenerate(prop)
        if _key(item[name]) in seen:
            if not required:
                del item[name]
            elif len(kept) + len(items) - index - 1 >= least:
                continue  # drop the item: the others still make minItems
        else:
            seen.add(_key(item[name]))
        kept.append(item)
    return kept


def _numeric(item: Any, name: Any) -> bool:
    value = item.get(name) if isinstance(item, dict) else None
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _sum_at_most(rule: dict[str, Any], item_view: dict[str, Any], items: list[Any],
                 least: int) -> list[Any]:
    name, limit = rule.get("property"), rules.sum_limit(rule)
    counted = [item for item in items if _numeric(item, name)]
    total = math.fsum(item[name] for item in counted)
    if total <= limit:
        return items
    prop = merged((item_view.get("properties") or {}).get(name) or {})
    integer = effective_type(prop) == "integer"
    step = quantum(prop, integer)
    target = float(rule.get("maximum", limit))
    factor = target / total if total > 0 and target > 0 else 0.0
    for item in counted:
        item[name] = _step_down(prop, item[name] * factor, step, integer, item[name])
    while math.fsum(item[name] for item in counted) > limit and counted:
        largest = max(counted, key=lambda item: item[name])
        if len(items) <= least:
            break
        items = [item for item in items if item is not largest]
        counted = [item for item in counted if item is not largest]
    return items


def _step_down(prop: dict[str, Any], wanted: float, step: float, integer: bool,
               original: float) -> int | float:
    """``wanted`` rounded down to a multiple of ``step`` the schema accepts; else the lowest
    value it accepts; else ``original``."""
    decimals = max(0, -math.floor(math.log10(step))) + 2 if step < 1 else 0
    candidates = [math.floor(wanted / step) * step]
    low = prop.get("minimum")
    if isinstance(low, (int, float)):
        candidates.append(low + step if prop.get("exclusiveMinimum") is True else low)
    candidates += [0, original]
    for raw in candidates:
        value = round(raw, decimals) if decimals else raw
        value = int(value) if integer else float(value)
        if number_ok(prop, value) and (value <= original or raw is original):
            return value
    return original


def accepts(schema: Any, value: Any) -> bool:
    """Whether ``schema`` accepts ``value`` (without format checks, as ``core.schemas``)."""
    if not isinstance(schema, dict):
        return schema is not False
    declared = schema.get("type")
    if isinstance(declared, str) and declared in _PY_TYPES and value is not None:
        if not isinstance(value, _PY_TYPES[declared]) or (
                isinstance(value, bool) and declared != "boolean"):
            return False
    hit = _VALIDATORS.get(id(schema))
    if hit is None or hit[0] is not schema:
        from openapi_schema_validator import OAS30Validator

        if len(_VALIDATORS) > 5000:
            _VALIDATORS.clear()
        hit = _VALIDATORS[id(schema)] = (schema, OAS30Validator(schema))
    try:
        return bool(hit[1].is_valid(value))
    except Exception:  # an unresolvable $ref: count it as not accepting
        return False


def fits_choice(kind: str, branches: list[Any], chosen: Any, value: Any) -> bool:
    """For ``oneOf``, the chosen branch accepts the value (a branch may be unsatisfiable, e.g.
    require a property its ``additionalProperties: false`` forbids) and no other does. For
    ``anyOf``, validating every value costs too much (Stripe: twice the time), so only what
    ``contradictory`` sees is ruled out."""
    if kind != "oneOf":
        return not contradictory(merged(chosen)) if isinstance(chosen, dict) else True
    others = [branch for branch in branches if branch is not chosen]
    return accepts(chosen, value) and not any(accepts(branch, value) for branch in others)


def contradictory(view: dict[str, Any]) -> bool:
    """Bounds that no value meets, at the top of a (merged) schema."""
    for low, high in (("minItems", "maxItems"), ("minLength", "maxLength"),
                      ("minProperties", "maxProperties"), ("minimum", "maximum")):
        if isinstance(view.get(low), (int, float)) and isinstance(view.get(high), (int, float)):
            if view[low] > view[high]:
                return True
    if view.get("additionalProperties") is False:
        allowed = view.get("properties") or {}
        if any(name not in allowed for name in view.get("required") or []):
            return True
    return isinstance(view.get("enum"), list) and not view["enum"]


def discriminate(view: dict[str, Any], branch: Any, value: Any) -> None:
    """Best effort for a ``discriminator`` whose mapping names the branch: dereferenced, a
    branch no longer says which ``$ref`` it was, so match the mapping target's name with the
    branch's ``title`` ("Private User" ~ ``#/components/schemas/private-user``)."""
    rule = view.get("discriminator")
    if not (isinstance(rule, dict) and isinstance(value, dict) and isinstance(branch, dict)
            and isinstance(rule.get("mapping"), dict) and isinstance(branch.get("title"), str)):
        return
    title = _slug(branch["title"])
    for key, target in rule["mapping"].items():
        if isinstance(target, str) and _slug(target.rsplit("/", 1)[-1]) == title:
            value[rule.get("propertyName")] = key
            return


def _slug(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())


def avoiding(view: dict[str, Any], make: Callable[[], Any]) -> Any:
    """A value from ``make`` that none of the view's ``not`` schemas accepts (best effort)."""
    value = make()
    for _ in range(NOT_TRIES):
        if not any(accepts(sub, value) for sub in view["_nots"]):
            return value
        value = make()
    return value
