"""Check a JSON value against an OpenAPI 3.0 schema, reporting JSON paths and rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Finding = tuple[str, str, str]  # (json_path, rule, message)


def json_path(parts: Iterable[Any], root: str = "$") -> str:
    return root + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts)


def schema_findings(instance: Any, schema: dict[str, Any], root: str = "$") -> list[Finding]:
    """Every JSON Schema violation, as (path, "schema:<keyword>", message).

    The findings always come from openapi-schema-validator; a compiled jsonschema-rs validator
    only answers "valid" first where it is never more lenient (``_quick_check``): 1 us instead
    of 50-100 us per value, which is what 10,000 fixtures or GitHub's examples cost."""
    quick = _quick_check(schema)
    if quick is not None and valid_as_json(quick.is_valid, instance):
        return []
    errors = sorted(_validator(schema).iter_errors(instance), key=lambda e: list(map(str, e.path)))
    return [(json_path(e.path, root), f"schema:{e.validator}", e.message) for e in errors]


def valid_as_json(is_valid: Callable[[Any], bool], value: Any) -> bool:
    """A jsonschema-rs ``is_valid`` answer; False for a value JSON cannot hold (a YAML date, a
    set), so the caller's full check decides."""
    try:
        return bool(is_valid(value))
    except (ValueError, TypeError, OverflowError):
        return False


_CACHE_LIMIT = 4096
_VALIDATORS: dict[int, tuple[dict[str, Any], Any]] = {}
_QUICK: dict[int, tuple[dict[str, Any], Any]] = {}


def _validator(schema: dict[str, Any]) -> Any:
    """openapi-schema-validator's OAS 3.0 validator for this schema object, built once."""
    # Imported here: with its pydantic settings it costs ~0.1 s and MBs that a serving process,
    # whose fixtures were checked by a helper process (mockserver.mock.preload), never needs.
    from openapi_schema_validator import OAS30Validator

    return _cached(_VALIDATORS, schema, OAS30Validator)


def _quick_check(schema: dict[str, Any]) -> Any:
    """A jsonschema-rs draft 4 validator for the schema, or None where it could accept what
    OAS 3.0 refuses. The OAS 3.0 dialect differs from draft 4 only in ways that make it *more*
    lenient (``nullable``; ``required`` skipping readOnly/writeOnly; formats, unchecked here and
    off there), except ``discriminator``, which picks one branch: such schemas get none, as do
    cyclic ones (jsonschema-rs needs a tree) and those it cannot compile."""
    return _cached(_QUICK, schema, _compile_quick)


def _compile_quick(schema: dict[str, Any]) -> Any:
    import jsonschema_rs

    if not _plain_tree(schema, set()):
        return None
    try:
        return jsonschema_rs.Draft4Validator(schema, validate_formats=False)
    except (ValueError, TypeError, OverflowError):
        return None


def _plain_tree(node: Any, above: set[int]) -> bool:
    """No cycle, no ``discriminator``, no ``$ref`` (left unresolved: not ours to follow)."""
    if isinstance(node, dict):
        if "discriminator" in node or "$ref" in node or id(node) in above:
            return False
        above.add(id(node))
        plain = all(_plain_tree(value, above) for value in node.values())
        above.discard(id(node))
        return plain
    if isinstance(node, list):
        return all(_plain_tree(value, above) for value in node)
    return True


def _cached(cache: dict[int, tuple[dict[str, Any], Any]], schema: dict[str, Any],
            build: Any) -> Any:
    """``build(schema)``, once per schema object (kept alive with it, so its id stays its)."""
    hit = cache.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()  # a reloaded spec's schemas: let them go
    cache[id(schema)] = (schema, build(schema))
    return cache[id(schema)][1]


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
