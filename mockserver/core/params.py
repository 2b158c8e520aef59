"""Explain why a parameter value breaks its schema, and what the schema allows, in words.

A value arrives as a string (path, query, header, cookie); it is read as its schema's ``type``
(integer, number, boolean, string) and checked against ``enum``, bounds, ``multipleOf``,
lengths, ``pattern`` and cheap ``format``s. Connexion checks ``pattern`` with ``re.search``, so
``^...$`` lets a trailing newline through; here a final ``$`` is read as JSON Schema (ECMA-262)
reads it: end of string, nothing after.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.core.spec import Parameter

_CLASS_RUN = re.compile(r"^\^\[([^\]]+)\]\{(\d+),(\d+)\}\$$")
_HEX_CLASSES = {"0-9a-fA-F", "0-9A-Fa-f", "a-fA-F0-9", "A-Fa-f0-9"}
_INTEGER = re.compile(r"-?[0-9]+\Z")
_NUMBER = re.compile(r"-?([0-9]+(\.[0-9]+)?|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")
MAX_ECHO = 40


def echo(value: str) -> str:
    """A request value quoted for a message: escaped, and cut to MAX_ECHO characters."""
    shown = value if len(value) <= MAX_ECHO else value[:MAX_ECHO] + "…"
    return repr(shown) if len(value) <= MAX_ECHO else repr(shown) + f" ({len(value)} characters)"


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def allowed_text(param: Parameter) -> str:
    return allowed_by(param.schema)


def allowed_by(schema: dict[str, Any]) -> str:
    """What ``schema`` allows for one value, in words (the ``Allowed:`` part of a message)."""
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and (run := _CLASS_RUN.match(pattern)):
        chars, low, high = run.groups()
        what = "hexadecimal characters (0-9, a-f, A-F)" if chars in _HEX_CLASSES else (
            f"characters from [{chars}]"
        )
        return f"{low} to {high} {what}, given once"
    branches = _branches(schema) if "type" not in schema else []
    if branches:
        return " or ".join(dict.fromkeys(allowed_by(b) for b in branches))
    kind = schema.get("type", "a value")
    if kind == "boolean":
        return "boolean (true or false)"
    parts = [kind]
    if "enum" in schema:
        parts.append("one of " + ", ".join(map(str, schema["enum"])))
    if kind in ("integer", "number"):
        parts.extend(_bounds_text(schema))
    if "minLength" in schema or "maxLength" in schema:
        parts.append(f"length {schema.get('minLength', 0)}..{schema.get('maxLength', '∞')}")
    if isinstance(pattern, str):
        parts.append(f"matching {pattern}")
    if isinstance(schema.get("format"), str) and schema["format"] in _format_checker().checkers:
        parts.append(f"in format {schema['format']}")
    return " ".join(map(str, parts))


def _bounds_text(schema: dict[str, Any]) -> list[str]:
    parts = []
    if "minimum" in schema:
        parts.append(f"{'>' if schema.get('exclusiveMinimum') else '>='} {schema['minimum']}")
    if "maximum" in schema:
        parts.append(f"{'<' if schema.get('exclusiveMaximum') else '<='} {schema['maximum']}")
    if "multipleOf" in schema:
        parts.append(f"a multiple of {schema['multipleOf']}")
    return [", ".join(parts)] if parts else []


def why_invalid(param: Parameter, value: str) -> str | None:
    """None when ``value`` satisfies the parameter's schema, else the reason in words."""
    return why_not(param.schema, value)


def why_not(schema: dict[str, Any], value: str) -> str | None:
    """None when the string ``value`` satisfies ``schema`` (read as its type), else why not.

    The schema alone decides: a line break or NUL is refused only where the schema refuses the
    value (a pattern's final ``$`` is the end of the string, never a trailing newline); the
    reason then names the character, the most useful thing to say about it."""
    reason = _schema_reason(schema, value)
    if reason is None:
        return None
    if "\x00" in value:
        return f"it contains a NUL character (%00) at position {value.index(chr(0))}"
    for index, char in enumerate(value):
        if char in "\r\n":
            encoded = "%0A" if char == "\n" else "%0D"
            return f"it contains a line break ({encoded}) at position {index}"
    return reason


def _schema_reason(schema: dict[str, Any], value: str) -> str | None:
    kind = schema.get("type")
    if kind is None and _branches(schema):
        return _branches_reason(schema, value)
    if kind in ("integer", "number"):
        return _number_reason(schema, value, kind)
    if kind == "boolean":
        return None if value in ("true", "false") else f"{echo(value)} is not true or false"
    return _string_reason(schema, value)


def _branches(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``anyOf`` / ``oneOf`` branches of a schema that declares no ``type`` itself."""
    found = schema.get("anyOf") or schema.get("oneOf")
    return [b for b in found if isinstance(b, dict)] if isinstance(found, list) else []


def _branches_reason(schema: dict[str, Any], value: str) -> str | None:
    """A plain value fits a branch without type or with a scalar type that accepts it; an
    object or array branch takes no plain value (Stripe's ``created``: an integer, or an
    object written ``created[gt]=…``)."""
    reasons = []
    for branch in _branches(schema):
        if branch.get("type") in ("object", "array"):
            reasons.append(f"{echo(value)} is not {'an' if branch['type'] == 'object' else 'a'} "
                           f"{branch['type']}")
            continue
        reason = _schema_reason(branch, value)
        if reason is None:
            return None
        reasons.append(reason)
    return " and ".join(dict.fromkeys(reasons))


def _string_reason(schema: dict[str, Any], value: str) -> str | None:
    if "enum" in schema and value not in map(str, schema["enum"]):
        return f"{echo(value)} is not one of the allowed values"
    if len(value) < schema.get("minLength", 0):
        return f"{echo(value)} is too short ({len(value)} characters)"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return f"{echo(value)} is too long ({len(value)} characters)"
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not _compiled(pattern).search(value):
        return _pattern_reason(pattern, value)
    return _format_reason(schema, value)


def _number_reason(schema: dict[str, Any], text: str, kind: str) -> str | None:
    if not (_INTEGER if kind == "integer" else _NUMBER).match(text):
        return f"{echo(text)} is not {'an integer' if kind == 'integer' else 'a number'}"
    value = Decimal(text)
    if "enum" in schema and not any(_equal(value, v) for v in schema["enum"]):
        return f"{echo(text)} is not one of the allowed values"
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and (value < Decimal(str(low)) or (
            schema.get("exclusiveMinimum") and value == Decimal(str(low)))):
        return f"{text} is below the minimum"
    if high is not None and (value > Decimal(str(high)) or (
            schema.get("exclusiveMaximum") and value == Decimal(str(high)))):
        return f"{text} is above the maximum"
    step = schema.get("multipleOf")
    if step and value % Decimal(str(step)) != 0:
        return f"{text} is not a multiple of {step}"
    number: int | float = int(text) if kind == "integer" else float(text)
    return _format_reason(schema, number)


def _equal(value: Decimal, allowed: Any) -> bool:
    try:
        return isinstance(allowed, int | float) and value == Decimal(str(allowed))
    except InvalidOperation:
        return False


def _format_reason(schema: dict[str, Any], value: Any) -> str | None:
    fmt = schema.get("format")
    if not isinstance(fmt, str):
        return None
    checker = _format_checker()
    if fmt in checker.checkers and not checker.conforms(value, fmt):
        shown = echo(value) if isinstance(value, str) else str(value)
        return f"{shown} is not a valid {fmt}"
    return None


@functools.cache
def _format_checker() -> Any:
    # Imported on first use: openapi-schema-validator costs ~0.1 s at import.
    from openapi_schema_validator import oas30_format_checker

    return oas30_format_checker


def _pattern_reason(pattern: str, value: str) -> str:
    run = _CLASS_RUN.match(pattern)
    if run is None:
        return f"{echo(value)} does not match {pattern}"
    chars, low, high = run.groups()
    bad = _compiled(f"^[^{chars}]")
    for index, char in enumerate(value):
        if bad.match(char):
            return f"character {char!r} at position {index} is not allowed"
    if len(value) < int(low):
        return f"{echo(value)} is too short ({len(value)} characters)"
    return f"{echo(value)} is too long ({len(value)} characters)"
