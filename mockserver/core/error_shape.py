"""An error message in the shape the spec declares for that status, by a documented convention.

The spec's error schema decides the body; no property name is known here. For an object schema:

- the message goes into the first *required* string property (else the first string property)
  whose schema accepts it;
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

    def body(self, status: int, message: str) -> Any:
        for key in self.message_keys:
            doc = dict(self.others)
            if self.status_key is not None:
                doc[self.status_key] = status
            doc[key] = message
            ordered = {name: doc[name] for name in self.order if name in doc}
            if self.validator is not None and self.validator.is_valid(ordered):
                return ordered
        return {"message": message}


def plan(schema: dict[str, Any] | None, status: int, generate: Generate | None) -> ErrorShape:
    """The shape of errors for ``schema`` (dereferenced), or ``{"message"}`` if none fits."""
    if not isinstance(schema, dict):
        return ErrorShape(None)
    props, required = _merged(schema)
    strings = [n for n in props if props[n].get("type") == "string"]
    message_keys = tuple([n for n in required if n in strings]
                         + [n for n in strings if n not in required])
    status_key = next((n for n in required if props.get(n, {}).get("type") == "integer"), None)
    others: dict[str, Any] = {}
    for name in required:
        if name in props and name != status_key:
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
                      Draft4Validator(schema))


_MISSING = object()


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
