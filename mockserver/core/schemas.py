"""Check a JSON value against an OpenAPI 3.0 schema, reporting JSON paths and rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Finding = tuple[str, str, str]  # (json_path, rule, message)


def json_path(parts: Iterable[Any], root: str = "$") -> str:
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def schema_findings(instance: Any, schema: dict[str, Any], root: str = "$") -> list[Finding]:
    """Every JSON Schema violation, as (path, "schema:<keyword>", message)."""
    # Imported here: with its pydantic settings it costs ~0.1 s and MBs that a serving process,
    # whose fixtures were checked by a helper process (mockserver.mock.preload), never needs.
    from openapi_schema_validator import OAS30Validator

    validator = OAS30Validator(schema)
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.path)))
    return [(json_path(e.path, root), f"schema:{e.validator}", e.message) for e in errors]


def undeclared_fields(instance: Any, schema: dict[str, Any], root: str = "$") -> list[Finding]:
    """Object keys the schema does not declare. Fixtures must hold only declared fields."""
    findings: list[Finding] = []
    if isinstance(instance, dict) and isinstance(schema.get("properties"), dict):
        declared = schema["properties"]
        for key, value in instance.items():
            if key not in declared:
                findings.append(
                    (f"{root}.{key}", "fixture:declared-fields-only",
                     f"field {key!r} is not declared by the schema "
                     f"(declared: {', '.join(sorted(declared))})")
                )
            else:
                findings.extend(undeclared_fields(value, declared[key], f"{root}.{key}"))
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(instance):
            findings.extend(undeclared_fields(item, schema["items"], f"{root}[{index}]"))
    return findings
