"""The quick jsonschema-rs check never changes a finding: schema_findings and the fixture-format
check give exactly what openapi-schema-validator / jsonschema give, on the cases where the OAS
3.0 dialect or Python's regexes differ from jsonschema-rs' draft 4 / 7."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from openapi_schema_validator import OAS30Validator

from mockserver.core.fixture_format import FIXTURE_FORMAT, fixture_file_problems
from mockserver.core.schemas import json_path, schema_findings


def reference(instance: Any, schema: dict[str, Any]) -> list[tuple[str, str, str]]:
    errors = sorted(OAS30Validator(schema).iter_errors(instance),
                    key=lambda e: list(map(str, e.path)))
    return [(json_path(e.path), f"schema:{e.validator}", e.message) for e in errors]


CYCLIC: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}
CYCLIC["properties"]["child"] = CYCLIC
PET = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}

CASES = [
    pytest.param({"type": "string", "nullable": True}, None, id="nullable-null"),
    pytest.param({"type": "string"}, None, id="not-nullable-null"),
    pytest.param({"type": "object", "required": ["id"],
                  "properties": {"id": {"type": "string", "readOnly": True}}}, {},
                 id="required-readOnly-missing"),
    pytest.param({"type": "string", "pattern": "^a$"}, "a\n", id="pattern-trailing-newline"),
    pytest.param({"type": "string", "pattern": "^\\d+$"}, "\u0661\u0662", id="pattern-unicode-digit"),
    pytest.param({"type": "integer"}, 1.0, id="integer-float"),
    pytest.param({"type": "integer"}, True, id="integer-bool"),
    pytest.param({"type": "integer", "maximum": 5}, 10**30, id="big-integer"),
    pytest.param({"type": "string", "format": "date"}, "not a date", id="format-unchecked"),
    pytest.param({"type": "string"}, datetime.date(2020, 1, 2), id="yaml-date-value"),
    pytest.param(CYCLIC, {"name": "a", "child": {"name": 1}}, id="cyclic-schema"),
    pytest.param({"oneOf": [PET, {"type": "object", "required": ["x"]}],
                  "discriminator": {"propertyName": "kind"}},
                 {"kind": "PET"}, id="discriminator"),
    pytest.param({"type": "array", "uniqueItems": True}, [1, 1.0], id="unique-int-float"),
    pytest.param({"type": "object", "additionalProperties": False,
                  "properties": {"a": {"type": "number"}}}, {"a": 1, "b": 2},
                 id="additional-property"),
    pytest.param({"type": "object", "properties": {"a": {"type": "number"}}}, {"a": 1},
                 id="valid"),
]


@pytest.mark.parametrize(("schema", "instance"), CASES)
def test_the_same_findings_as_openapi_schema_validator(schema: dict[str, Any],
                                                       instance: Any) -> None:
    assert schema_findings(instance, schema) == reference(instance, schema)


def test_a_broken_instance_still_gets_every_finding() -> None:
    schema = {"type": "object", "required": ["a"], "properties": {"b": {"type": "integer"}}}
    found = schema_findings({"b": "x"}, schema, "$.body")
    assert [rule for _, rule, _ in found] == ["schema:required", "schema:type"]


FIXTURE = {"scenario": "a", "description": "d", "operationId": "op", "response": {"status": 200}}


@pytest.mark.parametrize("doc", [
    pytest.param(FIXTURE, id="valid"),
    pytest.param({**FIXTURE, "scenario": "a\n"}, id="scenario-trailing-newline"),
    pytest.param({**FIXTURE, "description": "one\n"}, id="description-trailing-newline"),
    pytest.param({**FIXTURE, "response": {"status": 200.0}}, id="status-float"),
    pytest.param({**FIXTURE, "extra": 1, "response": {}}, id="broken-twice"),
])
def test_the_fixture_format_gives_jsonschemas_findings(doc: dict[str, Any]) -> None:
    expected = sorted(Draft7Validator(FIXTURE_FORMAT).iter_errors(doc),
                      key=lambda e: list(map(str, e.path)))
    found = fixture_file_problems(Path("f.json"), doc)
    assert [(p.path, p.rule, p.message) for p in found] == [
        (json_path(e.path), f"format:{e.validator}", e.message) for e in expected]
