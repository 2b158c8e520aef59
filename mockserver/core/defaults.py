"""Schema ``default`` values that break their own schema, found before Connexion refuses them.

Connexion 3.3 checks every ``default`` of the document against the schema it sits in (JSON
Schema draft 4 with ``nullable``) and refuses the whole document, with a traceback, on the first
one that fails: GitHub's ``make_latest`` (``type: string``, ``enum: ['true', …]``,
``default: true``) is one. openapi-spec-validator does not check defaults. This module runs the
same check over the whole document and names each offender by JSON path, so the operations
holding one can be set aside and the rest served.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mockserver.core.errors import Problem
from mockserver.core.schemas import json_path

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


_NOT_SCHEMAS = frozenset({"example", "examples", "servers", "responses", "securitySchemes",
                          "links", "callbacks"})
"""Keys under which a ``default`` key is no schema's default (``responses.default``) or which
hold free-form values (examples)."""


def bad_defaults(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """(path of the schema holding the default, why it fails) for each failing default."""
    from jsonschema import Draft4Validator
    from jsonschema.validators import extend

    nullable_type = Draft4Validator.VALIDATORS["type"]

    def type_or_null(validator: Any, types: Any, instance: Any, schema: Any) -> Any:
        if instance is None and schema.get("nullable") is True:
            return
        yield from nullable_type(validator, types, instance, schema)

    validator = extend(Draft4Validator, {"type": type_or_null})(doc)
    found = []
    for parts, schema in _schemas_with_default(doc, ()):
        errors = [e.message for e in sorted(validator.evolve(schema=schema).iter_errors(
            schema["default"]), key=lambda e: str(e.validator))]
        if errors:
            found.append((parts, f"default {schema['default']!r}: {'; '.join(errors)}"))
    return found


def _schemas_with_default(node: Any, parts: tuple[Any, ...]
                          ) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas_with_default(value, (*parts, index))
        return
    if not isinstance(node, dict):
        return
    schema = _looks_like_schema(node)
    if schema and "default" in node and "$ref" not in node:
        yield parts, node
    for key, value in node.items():
        if key == "responses" and isinstance(value, dict):
            for status, response in value.items():
                yield from _schemas_with_default(response, (*parts, key, status))
        elif not (key in _NOT_SCHEMAS or str(key).startswith("x-")
                  or key == "default" and schema):
            yield from _schemas_with_default(value, (*parts, key))


def _looks_like_schema(node: dict[str, Any]) -> bool:
    return any(key in node for key in ("type", "enum", "format", "properties", "items",
                                       "allOf", "oneOf", "anyOf", "nullable", "pattern"))


def untyped_parameters(doc: dict[str, Any]) -> list[tuple[tuple[Any, ...], str, str]]:
    """Required parameters whose schema has no ``type`` (``oneOf: [integer, string]``):
    Connexion 3.3 accepts them, then fails (KeyError 'type' in its URI parser) on every request
    sending one, so on every valid request: a 500. (An optional one fails only when sent; its
    operation is served.)"""
    found = []
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for where, params in [((path, "parameters"), item.get("parameters")),
                              *(((path, m, "parameters"), (item.get(m) or {}).get("parameters"))
                                for m in HTTP_METHODS if isinstance(item.get(m), dict))]:
            for index, param in enumerate(params if isinstance(params, list) else []):
                param = _target(doc, param)
                schema = _target(doc, param.get("schema")) if isinstance(param, dict) else None
                required = isinstance(param, dict) and (param.get("required") is True
                                                        or param.get("in") == "path")
                if required and isinstance(schema, dict) and schema and "type" not in schema:
                    found.append((("paths", *where, index, "schema"), "connexion:parameter-type",
                                  f"parameter {param.get('name')!r} ({param.get('in')}) has a "
                                  "schema without 'type': Connexion 3.3 fails on every "
                                  "request that sends it (its URI parser needs 'type')"))
    return found


def _target(doc: dict[str, Any], node: Any) -> Any:
    """``node``, or what its local ``$ref`` points at (one level, as a parameter's is)."""
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return node
    target: Any = doc
    for part in ref[2:].split("/"):
        target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
    return target


def set_aside(path: Path, doc: dict[str, Any]
              ) -> tuple[list[Problem], dict[tuple[str, str], Problem]]:
    """Failing defaults as (problems that refuse the document, operations to set aside).

    A default inside an operation (or its path's shared parameters) sets that operation (those
    operations) aside: the rest of the document still serves. One elsewhere (components) is
    shared by unknown operations: the document is refused."""
    fatal: list[Problem] = []
    aside: dict[tuple[str, str], Problem] = {}
    found = [(parts, "connexion:default", why) for parts, why in bad_defaults(doc)]
    for parts, rule, why in [*found, *untyped_parameters(doc)]:
        problem = Problem(str(path), json_path(parts), rule, why)
        item = doc["paths"].get(parts[1]) if len(parts) > 2 and parts[0] == "paths" else None
        if not isinstance(item, dict):
            fatal.append(problem)
            continue
        methods = [parts[2]] if parts[2] in HTTP_METHODS else [m for m in HTTP_METHODS if m in item]
        for method in methods:
            aside.setdefault((parts[1], method), problem)
    return fatal, aside


def without(doc: dict[str, Any], aside: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A copy of ``doc`` (new top level, new ``paths`` and changed path items; everything else
    shared) without the operations set aside; a path left with no operation goes too."""
    paths = dict(doc.get("paths") or {})
    for path, method in aside:
        item = {k: v for k, v in paths.get(path, {}).items() if k != method}
        if any(m in item for m in HTTP_METHODS):
            paths[path] = item
        else:
            paths.pop(path, None)
    return {**doc, "paths": paths}
