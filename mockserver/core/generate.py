"""Deterministic data from an OpenAPI 3.0 schema: the same (schema, seed), the same value.

Pure: one ``random.Random`` seeded from SHA-256 of the seed, never the global random state,
no set or hash order; so a value is the same on every run, machine and PYTHONHASHSEED. The
value is valid against the (dereferenced) schema, including the semantic ``x-`` rules of
``core.rules``. Sizes stay small: arrays of one to three items within their bounds, some of
the optional properties; past ``MAX_DEPTH`` levels or ``NODE_BUDGET`` values, only what the
schema requires (the shortest valid value), so recursive schemas terminate.

Best effort, where a schema asks for more than generation can promise: a ``pattern`` no try
matches (see ``generate_strings``); a ``format`` whose values cannot meet ``maxLength`` (plain
text then); ``oneOf`` branches no generated value tells apart (the first try is returned);
``not``; a ``discriminator`` mapping (matched by branch ``title``, as dereferenced branches
lose their ``$ref``); a ``$ref`` left where a schema refers to itself (left out where optional,
else ``{}``). Optional ``writeOnly`` properties are left out; ``readOnly`` ones are not.
"""

from __future__ import annotations

import copy
import hashlib
import json
from random import Random
from typing import Any

from mockserver.core import generate_rules
from mockserver.core.generate_merge import combine, effective_type, merged
from mockserver.core.generate_numbers import generate_number, number_ok
from mockserver.core.generate_strings import generate_string, string_ok, text

__all__ = ["generate", "seed_for"]

MAX_DEPTH = 6
"""Below this depth objects get only their required properties and arrays their minItems."""
NODE_BUDGET = 250
"""After this many generated values, the rest is as small as the schema allows."""
OPTIONAL_PER_OBJECT = 6
"""On average at most this many optional properties per object (a 50-property object gets ~6)."""
HARD_DEPTH = 64
"""A schema that requires infinite nesting stops here (with an empty object)."""


def seed_for(*parts: object) -> bytes:
    """A stable seed from JSON-able parts: SHA-256 of their canonical JSON (sorted keys)."""
    canonical = json.dumps(list(parts), sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(canonical.encode("utf-8")).digest()


def generate(schema: dict[str, Any] | None, seed: str | bytes) -> Any:
    """A value valid against ``schema`` (dereferenced OAS 3.0 schema), derived only from seed."""
    data = seed.encode("utf-8") if isinstance(seed, str) else bytes(seed)
    rnd = Random(int.from_bytes(hashlib.sha256(data).digest(), "big"))
    return _Generator(rnd).value(schema or {}, 0)


class _Generator:
    def __init__(self, rnd: Random) -> None:
        self.rnd = rnd
        self.nodes = 0

    def minimal(self, depth: int) -> bool:
        return depth >= MAX_DEPTH or self.nodes >= NODE_BUDGET

    def value(self, schema: Any, depth: int) -> Any:
        if not isinstance(schema, dict):
            return text(self.rnd) if schema is not False else None
        if _unresolved(schema):
            return {}  # most likely an object; callers avoid this where the schema lets them
        self.nodes += 1
        return self.value_of_view(merged(schema), depth)

    def value_of_view(self, view: dict[str, Any], depth: int, null: bool = True) -> Any:
        if view["_choices"]:
            return self._choose(view, depth)
        if view["_nots"]:
            return generate_rules.avoiding(view, lambda: self._plain(view, depth, null))
        return self._plain(view, depth, null)

    def _plain(self, view: dict[str, Any], depth: int, null: bool = True) -> Any:
        kind = effective_type(view)
        if null and view["_null_ok"] and view.get("nullable") is True and (
                depth >= HARD_DEPTH or (self.minimal(depth) and kind in ("object", "array"))
                or self.rnd.random() < 0.1 or generate_rules.contradictory(view)):
            return None
        if isinstance(view.get("enum"), list) and view["enum"]:
            return self._enum(view, kind)
        if kind == "object" or (kind is None and depth >= HARD_DEPTH):
            return self._object(view, depth)
        if kind == "array":
            return self._array(view, depth)
        if kind in ("integer", "number"):
            return generate_number(self.rnd, view, kind == "integer")
        if kind == "boolean":
            return self.rnd.random() < 0.5
        return generate_string(self.rnd, view, view["_patterns"])

    def _enum(self, view: dict[str, Any], kind: str | None) -> Any:
        fits = [v for v in view["enum"] if _is_type(v, kind, view["_null_ok"]) and _fits(view, v)]
        return copy.deepcopy(self.rnd.choice(fits or view["enum"]))  # never the schema's own

    def _object(self, view: dict[str, Any], depth: int) -> dict[str, Any]:
        props: dict[str, Any] = view.get("properties") or {}
        required = [n for n in view.get("required") or [] if isinstance(n, str)]
        only = view.get("_only")
        extra = view.get("additionalProperties", True)
        minimal = self.minimal(depth) or depth >= HARD_DEPTH
        optional = len(props) - len(required)
        chance = min(max(0.25, 0.7 - 0.1 * depth), OPTIONAL_PER_OBJECT / max(optional, 1))
        out: dict[str, Any] = {}
        for name, sub in props.items():
            if only is not None and name not in only:
                continue
            wanted = name in required or not (
                minimal or (isinstance(sub, dict) and sub.get("writeOnly") is True)
                or _unresolved(sub) or self.rnd.random() >= chance)
            if wanted and depth < HARD_DEPTH:
                out[name] = self.value(sub, depth + 1)
        for name in required:
            if name not in out and name not in props and extra is not False and (
                    depth < HARD_DEPTH):
                out[name] = self.value(extra if isinstance(extra, dict) else {}, depth + 1)
        if isinstance(extra, dict) and not props and not minimal:
            for index in range(self.rnd.randint(1, 2)):
                out.setdefault(f"{self.rnd.choice(_KEYS)}{index}", self.value(extra, depth + 1))
        self._fit_property_count(view, out, props, required, depth)
        return out

    def _fit_property_count(self, view: dict[str, Any], out: dict[str, Any],
                            props: dict[str, Any], required: list[str], depth: int) -> None:
        least, most = view.get("minProperties", 0), view.get("maxProperties")
        extra = view.get("additionalProperties", True)
        only = view.get("_only")
        spare = [n for n in props if n not in out and (only is None or n in only)]
        index = 0
        while len(out) < least and (spare or extra is not False) and depth < HARD_DEPTH:
            if spare:
                name = spare.pop(0)
                out[name] = self.value(props[name], depth + 1)
            else:
                out[f"extra{index}"] = self.value(extra if isinstance(extra, dict) else {},
                                                  depth + 1)
                index += 1
        optional = [n for n in out if n not in required]
        while most is not None and len(out) > most and optional:
            del out[optional.pop()]

    def _array(self, view: dict[str, Any], depth: int) -> list[Any]:
        least, most = view.get("minItems", 0), view.get("maxItems")
        if self.minimal(depth) or depth >= HARD_DEPTH or _unresolved(view.get("items")):
            count = least
        else:
            count = self.rnd.randint(max(least, 1), max(least, 1) + 2)
        count = min(count, most) if most is not None else count
        items_schema: dict[str, Any] = view["items"] if isinstance(view.get("items"), dict) else {}
        items: list[Any] = []
        seen: set[str] = set()
        for _ in range(count * 4 + 4):
            if len(items) >= count:
                break
            item = self.value(items_schema, depth + 1)
            if view.get("uniqueItems"):
                key = _canonical(item)
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
        regenerate = lambda sub: self.value(sub, depth + 2)  # noqa: E731
        return generate_rules.enforce(view, items_schema, items, least, regenerate)

    def _choose(self, view: dict[str, Any], depth: int) -> Any:
        """One branch of each ``oneOf``/``anyOf`` group, merged into the rest; for ``oneOf`` a
        value that no other branch of the group accepts: tried on each branch, then once more
        with only what each branch requires (and no null), as values that say less are more
        often valid under one branch only."""
        (kind, branches), rest = view["_choices"][0], view["_choices"][1:]
        base = {**view, "_choices": rest}
        start = self.rnd.randrange(len(branches))
        order = branches[start:] + branches[:start]
        if self.minimal(depth):  # the cheapest branch first: a string, not a whole object
            order = sorted(order, key=_cost)
        first: Any = None
        for attempt in range(2 if kind == "oneOf" else 1):
            for number, branch in enumerate(order):
                option = combine(base, merged(branch)) if isinstance(branch, dict) else base
                value = self.value_of_view(option, depth + attempt * MAX_DEPTH, attempt == 0)
                generate_rules.discriminate(view, branch, value)
                if generate_rules.fits_choice(kind, order, branch, value):
                    return value
                first = value if attempt == number == 0 else first
        return first


_KEYS = ("key", "name", "item", "entry")


def _unresolved(schema: Any) -> bool:
    """A ``$ref`` ``core.spec.deref`` left in place, where a schema refers to itself."""
    return isinstance(schema, dict) and isinstance(schema.get("$ref"), str)


def _cost(branch: Any) -> int:
    kind = effective_type(merged(branch)) if isinstance(branch, dict) else None
    return {"object": 2, "array": 1}.get(kind or "", 0)


def _canonical(value: Any) -> str:
    return json.dumps(_normalised(value), sort_keys=True)


def _normalised(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items()}
    return value


def _fits(view: dict[str, Any], value: Any) -> bool:
    """An enum value also meets the schema's other constraints on strings and numbers."""
    if isinstance(value, str):
        return string_ok(view, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_ok(view, value)
    return True


def _is_type(value: Any, kind: str | None, null_ok: bool) -> bool:
    if value is None:
        return null_ok
    checks = {
        "string": lambda: isinstance(value, str),
        "integer": lambda: isinstance(value, int) and not isinstance(value, bool),
        "number": lambda: isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": lambda: isinstance(value, bool),
        "array": lambda: isinstance(value, list),
        "object": lambda: isinstance(value, dict),
    }
    return kind is None or kind not in checks or checks[kind]()
