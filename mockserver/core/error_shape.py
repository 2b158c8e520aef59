"""An error message in the shape the spec declares for that status, by a documented convention.

The spec's error schema decides the body; no property name is known here. For an object schema:

- the message goes into the first *required* string property (else a string property named
  ``message``, else the first string property) whose schema accepts it;
- a schema with no string property but a required object property (Stripe's
  ``{"error": {"message": …, "type": …}}``) gets the message inside that object, by the same
  rules;
- the HTTP status goes into the first required integer property;
- every other required property gets a value generated from its own schema (deterministic,
  seeded by the status);
- the result must validate against the schema. If it cannot be made valid, or no schema is
  declared, the body is ``{"message": <message>}``.

So Petstore's ``Error {code: integer, message: string}`` gives ``{"code": 404, "message": …}``
and a ``{message: string}`` schema gives ``{"message": …}``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

Generate = Callable[[dict[str, Any], str], Any]
"""``(schema, seed) -> value`` valid against the schema (``core.generate``), or raises."""


@dataclasses.dataclass(frozen=True)
class ErrorShape:
    """How to put a message (and a status) into one declared error schema; built once."""

    schema: dict[str, Any] | None
    order: tuple[str, ...] = ()
    """Property names in declared order: the body's key order."""
    message_keys: tuple[str, ...] = ()
    """Candidates for the message, best first."""
    status_key: str | None = None
    others: dict[str, Any] = dataclasses.field(default_factory=dict)
    """Generated values of the other required properties."""
    validator: Any = None
    nested_key: str | None = None
    """The required object property the message goes into, when there is no string to hold it."""
    nested: ErrorShape | None = None

    def body(self, status: int, message: str) -> Any:
        candidates: list[tuple[str, Any]] = [(key, message) for key in self.message_keys]
        if self.nested_key is not None and self.nested is not None:
            candidates = [(self.nested_key, self.nested.body(status, message))]
        for key, value in candidates:
            doc = dict(self.others)
            if self.status_key is not None:
                doc[self.status_key] = status
            doc[key] = value
            ordered = {name: doc[name] for name in self.order if name in doc}
            if self.validator is not None and self.validator.is_valid(ordered):
                return ordered
        return {"message": message}


def plan(schema: dict[str, Any] | None, status: int, generate: Generate | None,
         depth: int = 0) -> ErrorShape:
    """The shape of errors for ``schema`` (dereferenced), or ``{"message"}`` if none fits."""
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return ErrorShape(None)
    props, required = _merged(schema)
    strings = [n for n in props if props[n].get("type") == "string"]
    optional = sorted((n for n in strings if n not in required), key=lambda n: n != "message")
    message_keys = tuple([n for n in required if n in strings] + optional)
    nested_key, nested = (None, None) if message_keys else _nested(
        props, required, status, generate, depth)
    status_key = next((n for n in required if props.get(n, {}).get("type") == "integer"), None)
    others: dict[str, Any] = {}
    for name in required:
        if name in props and name not in (status_key, nested_key):
            value = _generated(props[name], f"{status}:{name}", generate)
            if value is _MISSING:
                if name not in message_keys[:1]:
                    return ErrorShape(None)
                continue
            others[name] = value
    # Draft 4 is the JSON Schema OAS 3.0 builds on (boolean exclusiveMinimum included); it is
    # loaded with Connexion anyway, unlike openapi_schema_validator (see core.schemas).
    from jsonschema import Draft4Validator

    return ErrorShape(schema, tuple(props), message_keys, status_key, others,
                      Draft4Validator(schema), nested_key, nested)


_MISSING = object()
_MAX_DEPTH = 3
"""How deep the message is looked for in nested required objects (a schema may contain itself)."""


def _nested(props: dict[str, dict[str, Any]], required: list[str], status: int,
            generate: Generate | None, depth: int) -> tuple[str | None, ErrorShape | None]:
    """The first required object property whose own shape can hold the message."""
    for name in required:
        sub = props.get(name)
        if isinstance(sub, dict) and (sub.get("type") == "object" or "properties" in sub):
            inner = plan(sub, status, generate, depth + 1)
            if inner.message_keys or inner.nested is not None:
                return name, inner
    return None, None


def _generated(schema: dict[str, Any], seed: str, generate: Generate | None) -> Any:
    if generate is None:
        return _MISSING
    try:
        return generate(schema, seed)
    except Exception:  # a schema the generator cannot satisfy: this shape is not usable
        return _MISSING


def _merged(schema: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Properties and required names of an object schema, ``allOf`` parts included."""
    props: dict[str, dict[str, Any]] = {}
    required: list[str] = []
    for part in [schema, *(schema.get("allOf") or [])]:
        if not isinstance(part, dict):
            continue
        for name, sub in (part.get("properties") or {}).items():
            if isinstance(sub, dict):
                props.setdefault(name, sub)
        required += [n for n in part.get("required") or [] if n not in required]
    return props, required
