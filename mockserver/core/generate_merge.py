"""``allOf`` flattened into one schema the generator can read, and a schema's effective type.

The merged schema is the generator's private view: keys starting with ``_`` record what one
JSON Schema keyword cannot hold (several patterns, several ``oneOf``/``anyOf`` groups, the
semantic rules of every part, the property names an ``additionalProperties: false`` part
allows). Merges are cached by schema identity; the cache keeps the schema alive, so an id is
never reused while its entry exists.
"""

from __future__ import annotations

from typing import Any

from mockserver.core import rules

_CACHE: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
_CACHE_LIMIT = 20_000
_MAX_NESTING = 32
_LOWER = ("minimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "maxLength", "maxItems", "maxProperties")
_EXCLUSIVE = {"minimum": "exclusiveMinimum", "maximum": "exclusiveMaximum"}
_OBJECT_KEYS = ("properties", "required", "additionalProperties", "minProperties",
                "maxProperties")
_ARRAY_KEYS = ("items", "minItems", "maxItems", "uniqueItems")
_STRING_KEYS = ("pattern", "minLength", "maxLength")
_NUMBER_KEYS = ("minimum", "maximum", "multipleOf", "exclusiveMinimum", "exclusiveMaximum")
_NUMBER_FORMATS = {"int32": "integer", "int64": "integer", "float": "number", "double": "number"}


def merged(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``allOf`` (recursively) folded in; the schema itself if it has none
    and declares no ``oneOf``/``anyOf``/rule."""
    hit = _CACHE.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    result = _merge(schema, 0)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[id(schema)] = (schema, result)
    return result


def _merge(schema: dict[str, Any], nesting: int) -> dict[str, Any]:
    own = {k: v for k, v in schema.items() if k not in ("allOf", "oneOf", "anyOf", "not")}
    own["_rules"] = [(k, schema[k]) for k in rules.KEYWORDS if k in schema]
    own["_patterns"] = [schema["pattern"]] if isinstance(schema.get("pattern"), str) else []
    own["_choices"] = [(k, schema[k]) for k in ("oneOf", "anyOf") if schema.get(k)]
    own["_nots"] = [schema["not"]] if isinstance(schema.get("not"), dict) else []
    own["_null_ok"] = _null_ok(schema)
    if schema.get("additionalProperties") is False:
        own["_only"] = list(schema.get("properties") or {})
    for part in schema.get("allOf") or []:
        if isinstance(part, dict) and nesting < _MAX_NESTING:
            own = combine(own, _merge(part, nesting + 1))
    return own


def _null_ok(schema: dict[str, Any]) -> bool:
    if "type" in schema and schema.get("nullable") is not True:
        return False
    return "enum" not in schema or None in schema["enum"]


def combine(base: dict[str, Any], part: dict[str, Any]) -> dict[str, Any]:
    """Both merged schemas at once (an ``allOf`` of the two, as far as generation goes)."""
    out = dict(base)
    for key, value in part.items():
        if key not in out:
            out[key] = value
        elif key in ("_rules", "_patterns", "_choices", "_nots"):
            out[key] = [*out[key], *value]
        elif key == "_null_ok":
            out[key] = out[key] and value
        elif key == "_only":
            out[key] = [name for name in out[key] if name in value]
        elif key == "properties":
            out[key] = _combine_properties(out[key], value)
        elif key == "required":
            out[key] = [*out[key], *(name for name in value if name not in out[key])]
        elif key in ("items", "additionalProperties") and isinstance(value, dict):
            out[key] = {"allOf": [out[key], value]} if isinstance(out[key], dict) else out[key]
        elif key == "additionalProperties":
            out[key] = False if value is False else out[key]
        elif key == "type" and {out[key], value} == {"integer", "number"}:
            out[key] = "integer"  # the intersection
        elif key == "enum":
            out[key] = [v for v in out[key] if v in value]
        elif key in _LOWER or key in _UPPER:
            _tighten(out, part, key)
        elif key == "uniqueItems":
            out[key] = out[key] or value
    return out


def _combine_properties(
    first: dict[str, Any], second: dict[str, Any]
) -> dict[str, Any]:
    props = dict(first)
    for name, sub in second.items():
        props[name] = {"allOf": [props[name], sub]} if name in props else sub
    return props


def _tighten(out: dict[str, Any], part: dict[str, Any], key: str) -> None:
    mine, theirs = out[key], part[key]
    lower = key in _LOWER
    if theirs == mine and key in _EXCLUSIVE:
        flag = _EXCLUSIVE[key]
        out[flag] = bool(out.get(flag)) or bool(part.get(flag))
    elif (theirs > mine) == lower:
        out[key] = theirs
        if key in _EXCLUSIVE:
            out[_EXCLUSIVE[key]] = part.get(_EXCLUSIVE[key], False)


def effective_type(schema: dict[str, Any]) -> str | None:
    """The declared ``type``, else the type its keywords imply; None: any value."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return declared
    if any(key in schema for key in _OBJECT_KEYS):
        return "object"
    if any(key in schema for key in _ARRAY_KEYS):
        return "array"
    fmt = schema.get("format")
    if fmt in _NUMBER_FORMATS:
        return _NUMBER_FORMATS[fmt]
    if any(key in schema for key in _NUMBER_KEYS):
        return "number"
    if any(key in schema for key in _STRING_KEYS) or isinstance(fmt, str):
        return "string"
    return None
