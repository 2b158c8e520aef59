"""The clause printed with a finding is quoted from the spec, whatever the operation."""

from __future__ import annotations

from types import SimpleNamespace

from mockserver.contract.clauses import HYGIENE_RFC, clause
from mockserver.contract.plan import load_plan
from tests.support import ROOT

PLUS = {p.operation_id: p for p in load_plan(ROOT / "tests" / "specs" / "meetra-plus" / "openapi.yaml")}
PETS = {p.operation_id: p for p in load_plan(ROOT / "tests" / "specs" / "petstore.yaml")}


def test_a_schema_finding_quotes_status_path_keyword_and_its_value() -> None:
    plan = {p.operation_id: p for p in load_plan(ROOT / "openapi.yaml")}["getSpeakersBalance"]
    failure = SimpleNamespace(schema_path=["x-bundled", "schema1", "properties", "id", "minLength"],
                              instance_path=["speakers", 0, "id"])
    assert clause(plan, "response_schema_conformance", 200, failure) == (
        "paths./speakers-balance.get.responses.200.content.application/json.schema "
        "/properties/speakers/items/properties/id: minLength 1"
    )


def test_an_error_finding_names_the_default_response_where_only_default_declares_it() -> None:
    failure = SimpleNamespace(schema_path=["required"], instance_path=[])
    text = clause(PETS["showPetById"], "response_schema_conformance", 404, failure)
    assert text == (
        'paths./pets/{petId}.get.responses.default.content.application/json.schema /: '
        'required ["code", "message"]'
    )


def test_status_findings_list_the_operations_own_declared_statuses() -> None:
    text = clause(PLUS["getBalanceScore"], "status_code_conformance", 404, SimpleNamespace())
    assert text == "paths./balance-score.get.responses: declared 200, 400, 401"


def test_hygiene_findings_name_the_rfc_not_the_spec() -> None:
    text = clause(PLUS["getBalanceScore"], "unsupported_method", 404, SimpleNamespace())
    assert text == HYGIENE_RFC["unsupported_method"] and text.startswith("RFC 9110 §15.5.6")
