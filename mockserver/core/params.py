"""Explain why a parameter value breaks its schema, and what the schema allows, in words.

Connexion checks ``pattern`` with ``re.search``, so ``^...$`` lets a trailing newline through;
here a final ``$`` is read as JSON Schema (ECMA-262) reads it: end of string, nothing after.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from mockserver.core.spec import Parameter

_CLASS_RUN = re.compile(r"^\^\[([^\]]+)\]\{(\d+),(\d+)\}\$$")
_HEX_CLASSES = {"0-9a-fA-F", "0-9A-Fa-f", "a-fA-F0-9", "A-Fa-f0-9"}
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
    schema = param.schema
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and (run := _CLASS_RUN.match(pattern)):
        chars, low, high = run.groups()
        what = "hexadecimal characters (0-9, a-f, A-F)" if chars in _HEX_CLASSES else (
            f"characters from [{chars}]"
        )
        return f"{low} to {high} {what}, given once"
    parts = [schema.get("type", "a value")]
    if "enum" in schema:
        parts.append("one of " + ", ".join(map(str, schema["enum"])))
    if "minLength" in schema or "maxLength" in schema:
        parts.append(f"length {schema.get('minLength', 0)}..{schema.get('maxLength', '∞')}")
    if isinstance(pattern, str):
        parts.append(f"matching {pattern}")
    return " ".join(map(str, parts))


def why_invalid(param: Parameter, value: str) -> str | None:
    """None when ``value`` satisfies the parameter's string schema, else the reason in words."""
    schema: dict[str, Any] = param.schema
    if "\x00" in value:
        return f"it contains a NUL character (%00) at position {value.index(chr(0))}"
    for index, char in enumerate(value):
        if char in "\r\n":
            encoded = "%0A" if char == "\n" else "%0D"
            return f"it contains a line break ({encoded}) at position {index}"
    if "enum" in schema and value not in map(str, schema["enum"]):
        return f"{echo(value)} is not one of the allowed values"
    if len(value) < schema.get("minLength", 0):
        return f"{echo(value)} is too short ({len(value)} characters)"
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return f"{echo(value)} is too long ({len(value)} characters)"
    pattern = schema.get("pattern")
    if isinstance(pattern, str) and not _compiled(pattern).search(value):
        return _pattern_reason(pattern, value)
    return None


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
