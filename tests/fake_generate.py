"""A stand-in for ``mockserver.core.generate`` in unit tests of the response side.

Deliberately tiny (types, enum, minimum, minLength, required, minItems): selection and error
shaping are tested with it, independent of the real generator; the real one has its own tests.
"""

from __future__ import annotations

import hashlib
from typing import Any


def fake_generate(schema: dict[str, Any], seed: str) -> Any:
    digest = int(hashlib.sha256(seed.encode()).hexdigest()[:8], 16)
    if "enum" in schema:
        return schema["enum"][digest % len(schema["enum"])]
    kind = schema.get("type", "object" if "properties" in schema else "string")
    if kind == "object":
        props = schema.get("properties") or {}
        return {name: fake_generate(props.get(name, {}), f"{seed}.{name}")
                for name in schema.get("required", [])}
    if kind == "array":
        count = schema.get("minItems", 1)
        return [fake_generate(schema.get("items") or {}, f"{seed}[{i}]") for i in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 0)) + digest % 10
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return digest % 2 == 0
    if schema.get("format") == "uuid":
        return f"{digest:08x}-0000-4000-8000-000000000000"
    return "x" * max(1, int(schema.get("minLength", 1))) + f"{digest % 1000}"
