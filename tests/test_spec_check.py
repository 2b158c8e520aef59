"""core.spec_check gives openapi-spec-validator's own findings, in its order, faster."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import OpenAPIV30SpecValidator
from openapi_spec_validator.validation import keywords

from mockserver.core.spec_check import openapi_findings

SHARED = {"type": "object", "required": ["id", "missing"], "properties": {"id": {"type": "integer"}},
          "allOf": [{"type": "object"}]}


def broken_document() -> dict[str, Any]:
    """Findings of several kinds, one schema reached from two places and a cycle."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Shared"}}}}}}},
            "/b/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True,
                                                "schema": {"type": "string", "default": 7}}],
                                "responses": {"200": {"description": "ok"}}}},
        },
        "components": {"schemas": {
            "Shared": SHARED,
            "Tree": {"type": "object", "properties": {
                "child": {"$ref": "#/components/schemas/Tree"},
                "bad": {"type": "string", "minLength": -1}}},
        }},
    }


def described(errors: Any) -> list[tuple[str, str, str]]:
    return [(type(e).__name__, str(list(e.path)), e.message) for e in errors]


def test_the_same_findings_in_the_same_order() -> None:
    expected = described(OpenAPIV30SpecValidator(broken_document()).iter_errors())
    assert len(expected) >= 3  # the document really is broken in several ways
    assert described(openapi_findings(broken_document())) == expected


def test_it_still_relies_on_the_registries_it_replaces() -> None:
    """If an upgrade renames these attributes, the speed-up silently stops: re-check
    core.spec_check against the new SchemaValidator."""
    checker = keywords.OpenAPIV30SchemaValidator(registry=None)  # type: ignore[arg-type]
    assert checker.visited_schema_ids == []
    assert checker.meta_checked_schema_ids == []
