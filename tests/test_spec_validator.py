"""The faster openapi-spec-validator run gives exactly openapi-spec-validator's own findings."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV30SpecValidator

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
