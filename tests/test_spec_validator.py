"""The faster openapi-spec-validator run gives exactly openapi-spec-validator's own findings."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator
from openapi_spec_validator.validation import keywords

from mockserver.core.spec_validator import FastOpenAPIV30SpecValidator
from tests.support import ROOT

FAULTS: list[Any] = [
    pytest.param({"type": "string", "pattern": "(unclosed"}, id="pattern-not-a-regex"),
    pytest.param({"type": "string", "maxLength": "ten"}, id="maxLength-not-integer"),
    pytest.param({"type": "string", "minLength": -1}, id="minLength-negative"),
    pytest.param({"type": "strin"}, id="unknown-type"),
    pytest.param({"type": "integer", "default": "x"}, id="default-breaks-type"),
    pytest.param({"type": "string", "maxLength": 2.0}, id="maxLength-float"),
    pytest.param({"allOf": [{"type": "object"}], "required": ["ghost"]},
                 id="required-undeclared"),
    pytest.param({"type": "string", "enum": []}, id="empty-enum"),
    pytest.param({"type": "array", "items": {"type": "string", "pattern": "["}},
                 id="nested-bad-pattern"),
]


def petstore() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    return doc


def findings(validator: type[OpenAPIV30SpecValidator], doc: dict[str, Any]) -> list[Any]:
    return [(list(e.path), e.validator, e.message)
            for e in validator(copy.deepcopy(doc)).iter_errors()]


@pytest.mark.parametrize("schema", FAULTS)
def test_a_faulty_schema_is_found_as_openapi_spec_validator_finds_it(schema: Any) -> None:
    doc = petstore()
    doc["components"]["schemas"]["Faulty"] = schema
    doc["components"]["schemas"]["Pet"]["properties"]["faulty"] = copy.deepcopy(schema)
    expected = findings(OpenAPIV30SpecValidator, doc)
    assert expected, "the fault must be one openapi-spec-validator reports"
    assert findings(FastOpenAPIV30SpecValidator, doc) == expected


def test_a_sound_document_has_no_findings() -> None:
    assert findings(FastOpenAPIV30SpecValidator, petstore()) == []


def test_a_schema_jsonschema_rs_cannot_read_is_checked_the_slow_way() -> None:
    doc = petstore()  # YAML reads an unquoted 2020-01-01 as a date, which is no JSON
    doc["components"]["schemas"]["Day"] = {"type": "string", "example": dt.date(2020, 1, 1)}
    assert findings(FastOpenAPIV30SpecValidator, doc) == []
    doc["components"]["schemas"]["Day"]["minLength"] = -1  # and a fault beside the date
    found = findings(FastOpenAPIV30SpecValidator, doc)  # a finding, not jsonschema-rs' raise
    assert {rule for _, rule, _ in found} == {"oneOf", "minimum"}
    assert ["components", "schemas", "Day"] in [path for path, _, _ in found]


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
    assert described(FastOpenAPIV30SpecValidator(broken_document()).iter_errors()) == expected


def test_it_still_relies_on_the_registries_it_replaces() -> None:
    """If an upgrade renames these attributes, the speed-up silently stops: re-check
    core.spec_validator against the new SchemaValidator."""
    checker = keywords.OpenAPIV30SchemaValidator(registry=None)  # type: ignore[arg-type]
    assert checker.visited_schema_ids == []
    assert checker.meta_checked_schema_ids == []
