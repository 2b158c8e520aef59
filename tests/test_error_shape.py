"""Errors take the shape the spec declares for their status, by a documented convention."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from mockserver.core.error_shape import plan
from mockserver.core.errors import error_body
from mockserver.core.fixtures import load_fixtures, serialize
from mockserver.core.generate import generate as real_generate
from mockserver.core.requests import RequestValues
from mockserver.core.schemas import schema_findings
from mockserver.core.spec import load_spec
from mockserver.mock.selection import Catalog, Preferences, select
from tests.support import ROOT

PETSTORE = load_spec(ROOT / "tests/specs/petstore.yaml")
PET_ERROR = PETSTORE.operations["listPets"].responses["default"].schema
MEETRA = load_spec(ROOT / "openapi.yaml")
MEETRA_ERROR = MEETRA.operations["getSpeakersBalance"].responses["404"].schema


def test_petstore_error_gets_the_status_and_the_message() -> None:
    body = plan(PET_ERROR, 404, None).body(404, "Not found: no pet 7")
    assert body == {"code": 404, "message": "Not found: no pet 7"}
    assert list(body) == ["code", "message"]


def test_a_message_only_schema_keeps_the_bundled_bytes() -> None:
    body = plan(MEETRA_ERROR, 404, None).body(404, "Meeting not found: ü")
    assert serialize(body) == error_body("Meeting not found: ü")


@pytest.mark.parametrize(("schema", "expected"), [
    pytest.param(None, {"message": "m"}, id="no-schema"),
    pytest.param({"type": "string"}, {"message": "m"}, id="not-an-object"),
    pytest.param({"type": "object", "required": ["error"],
                  "properties": {"error": {"type": "string"}}}, {"error": "m"},
                 id="another-name"),
    pytest.param({"type": "object", "required": ["kind", "detail"], "properties": {
        "detail": {"type": "string"}, "kind": {"type": "string", "enum": ["E1"]}}},
                 {"detail": "m", "kind": "E1"}, id="first-fitting-required-string"),
    pytest.param({"type": "object", "required": ["detail"], "properties": {
        "title": {"type": "string"}, "detail": {"type": "string"}}},
                 {"detail": "m"}, id="required-string-first"),
    pytest.param({"type": "object", "properties": {"text": {"type": "string", "enum": ["x"]}}},
                 {"message": "m"}, id="cannot-fit-falls-back"),
    pytest.param({"type": "object", "required": ["message", "id"], "properties": {
        "message": {"type": "string"}, "id": {"type": "array", "items": {}}}},
                 {"message": "m"}, id="other-required-needs-a-generator"),
])
def test_the_convention(schema: Any, expected: Any) -> None:
    needs_generator = schema and "kind" in schema.get("properties", {})
    body = plan(schema, 400, real_generate if needs_generator else None).body(400, "m")
    assert body == expected


STRIPE_LIKE = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["type"], "properties": {
        "charge": {"type": "string", "maxLength": 5000},
        "message": {"type": "string", "maxLength": 40000},
        "type": {"type": "string", "enum": ["api_error", "invalid_request_error"]}}}}}


def test_a_message_goes_inside_a_required_object_when_the_top_has_no_string() -> None:
    body = plan(STRIPE_LIKE, 400, real_generate).body(400, "file-hash is missing")
    assert body["error"]["message"] == "file-hash is missing"  # the named one, not `charge`
    assert body["error"]["type"] in {"api_error", "invalid_request_error"}
    assert schema_findings(body, STRIPE_LIKE) == []


def test_a_schema_that_contains_itself_ends() -> None:
    node: dict[str, Any] = {"type": "object", "required": ["inner"], "properties": {}}
    node["properties"]["inner"] = node
    assert plan(node, 400, None).body(400, "m") == {"message": "m"}


def test_other_required_properties_get_generated_values() -> None:
    schema = {"type": "object", "required": ["message", "id", "retry"], "properties": {
        "message": {"type": "string"}, "id": {"type": "string", "format": "uuid"},
        "retry": {"type": "boolean"}}}
    body = plan(schema, 429, real_generate).body(429, "slow down")
    assert body["message"] == "slow down"
    assert schema_findings(body, schema) == []
    assert set(body) == {"message", "id", "retry"}


def test_every_error_of_petstore_selection_is_spec_shaped(tmp_path: Path) -> None:
    catalog = Catalog.build(PETSTORE, load_fixtures(_empty(tmp_path), PETSTORE))
    reply = select(catalog, "listPets", RequestValues(), Preferences(code=503))
    assert reply.status == 503
    assert json.loads(reply.body) == {"code": 503, "message": "unexpected error"}


def _empty(tmp_path: Path) -> Path:
    directory = tmp_path / "fixtures"
    directory.mkdir()
    return directory


def test_petstore_unmatched_requests_answer_the_lowest_2xx(tmp_path: Path) -> None:
    catalog = dataclasses.replace(
        Catalog.build(PETSTORE, load_fixtures(_empty(tmp_path), PETSTORE)),
        generate=real_generate)
    pet = select(catalog, "showPetById", RequestValues(path={"petId": "7"}), Preferences())
    assert (pet.status, pet.scenario, pet.media_type) == (200, "(generated)", "application/json")
    schema = PETSTORE.operations["showPetById"].responses["200"].schema or {}
    assert schema_findings(json.loads(pet.body), schema) == []
    created = select(catalog, "createPets", RequestValues(body={"id": 1, "name": "a"}),
                     Preferences())
    assert (created.status, created.body, created.media_type) == (201, b"", None)


def test_an_operation_with_nothing_to_match_says_no_fixture_answers_it(tmp_path: Path) -> None:
    error = {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}
    spec_path = tmp_path / "ping.yaml"
    spec_path.write_text(json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/ping": {"get": {"operationId": "ping", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object"}}}},
            "404": {"description": "Nothing here", "content": {"application/json": {
                "schema": error}}}}}}}}))
    spec = load_spec(spec_path)
    catalog = Catalog.build(spec, load_fixtures(_empty(tmp_path), spec))
    reply = select(catalog, "ping", RequestValues(), Preferences())
    assert reply.status == 404
    assert json.loads(reply.body) == {"detail": "Nothing here: no fixture answers GET /ping. Add "
                                      "one to the fixtures folder, or send 'Prefer: "
                                      "dynamic=true' for a generated body."}


def failing_generate(schema: dict[str, Any], seed: str) -> Any:
    raise ValueError("no value satisfies this schema")


def test_a_generator_failure_falls_back_to_a_declared_error_never_a_500(tmp_path: Path) -> None:
    catalog = dataclasses.replace(
        Catalog.build(PETSTORE, load_fixtures(_empty(tmp_path), PETSTORE)),
        generate=failing_generate)
    reply = select(catalog, "showPetById", RequestValues(path={"petId": "7"}), Preferences())
    assert reply.status == 404
    assert json.loads(reply.body)["code"] == 404


def test_a_generator_failure_keeps_the_catalog_page_up(tmp_path: Path) -> None:
    from mockserver.mock.admin import fixtures_document
    from mockserver.settings import Settings

    folder = _empty(tmp_path)
    (folder / "any.json").write_text(json.dumps({
        "scenario": "any-pet", "description": "d", "operationId": "showPetById",
        "response": {"status": 200, "body": {"id": 1, "name": "a"}}}))
    catalog = dataclasses.replace(Catalog.build(PETSTORE, load_fixtures(folder, PETSTORE)),
                                  generate=failing_generate)
    [entry] = fixtures_document(catalog, "http://h", Settings())["fixtures"]
    assert entry["url"] == "http://h/v1/pets/%7BpetId%7D"
