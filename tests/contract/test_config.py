"""The contract's Schemathesis config comes from the spec; schemathesis.toml is its output."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from schemathesis.config import SchemathesisConfig

from mockserver.contract import config
from mockserver.contract.plan import load_plan
from tests.support import ROOT

TOML = ROOT / "schemathesis.toml"
SPECS = ROOT / "tests" / "specs"
KEYS = ("hooks", "continue-on-failure", "checks", "generation", "suppress-health-check",
        "dictionaries", "operations")


def test_the_toml_is_the_config_generated_from_openapi_yaml() -> None:
    from_toml = tomllib.loads(TOML.read_text())
    generated = config.contract_config(ROOT / "openapi.yaml")
    assert {k: from_toml.get(k) for k in KEYS} == {k: generated.get(k) for k in KEYS}, (
        "schemathesis.toml is out of step with openapi.yaml: regenerate it from "
        "mockserver.contract.config.contract_config"
    )


def test_the_toml_has_no_reports_section_and_no_env_references() -> None:
    text = TOML.read_text()
    assert "reports" not in tomllib.loads(text)
    assert "${" not in text


def test_schemathesis_accepts_the_toml_and_every_case_runs() -> None:
    loaded = SchemathesisConfig.from_path(TOML).projects.get_default()
    assert loaded.continue_on_failure is True
    (block,) = loaded.operations.operations
    assert block.checks.positive_data_acceptance.expected_statuses == ["200", "404"]


def _blocks(spec: Path) -> dict[str, dict]:
    return {b["include-operation-id"]: b["checks"] for b in config.operation_blocks(load_plan(spec))}


def test_expected_statuses_come_from_each_operations_declared_responses() -> None:
    plus = _blocks(SPECS / "meetra-plus" / "openapi.yaml")
    # No 404 declared: a valid request must get 200.
    assert plus["getBalanceScore"]["positive_data_acceptance"]["expected-statuses"] == ["200"]
    # A malformed path parameter may get 404 (no such resource); a malformed query may not.
    assert plus["getDetectedSpeakers"]["negative_data_rejection"]["expected-statuses"] == [
        "400", "401", "404"]
    assert plus["getSpeakersBalance"]["negative_data_rejection"]["expected-statuses"] == [
        "400", "401"]
    petstore = _blocks(SPECS / "petstore.yaml")
    # Errors only as `default`: any status is declared, Schemathesis' defaults reject.
    assert petstore["createPets"]["positive_data_acceptance"]["expected-statuses"][0] == "201"
    assert "negative_data_rejection" not in petstore["showPetById"]


def test_every_parameters_spec_examples_are_known_values_and_param_replaces_them() -> None:
    plans = load_plan(ROOT / "openapi.yaml")
    examples = config.known_values(plans)["query.file-hash"]
    assert examples[0] == "7faa938dfb14e7ca8129a40a7e47bb02" and len(examples) == 6
    given = config.known_values(plans, {"file-hash": ["0123456789abcdef"]})
    assert given == {"query.file-hash": ["0123456789abcdef"]}


def test_the_generated_config_is_valid_for_every_test_spec() -> None:
    for spec in (ROOT / "openapi.yaml", SPECS / "petstore.yaml", SPECS / "meetra-plus" / "openapi.yaml"):
        SchemathesisConfig.from_dict(config.contract_config(spec, token="t", seed=1))


def test_a_url_without_a_path_gets_the_specs_servers_base_path() -> None:
    from mockserver.contract.runner import _with_base_path

    said: list[str] = []
    pets = SPECS / "petstore.yaml"
    assert _with_base_path("http://127.0.0.1:4010", pets, said.append) == "http://127.0.0.1:4010/v1"
    assert said == ["Base path from the spec's servers: /v1 (give --url with a path to override)"]
    assert _with_base_path("http://h:1/api", pets, said.append) == "http://h:1/api"
    assert _with_base_path("http://h:1", ROOT / "openapi.yaml", said.append) == "http://h:1"


def test_phases_left_out_are_disabled_and_schemathesis_accepts_it() -> None:
    data = config.contract_config(ROOT / "openapi.yaml", phases=("examples", "fuzzing"))
    assert data["phases"] == {"examples": {"enabled": True}, "coverage": {"enabled": False},
                              "fuzzing": {"enabled": True}, "stateful": {"enabled": False}}
    phases = SchemathesisConfig.from_dict(data).projects.get_default().phases
    assert (phases.coverage.enabled, phases.fuzzing.enabled) == (False, True)


def test_an_unknown_phase_is_a_usage_error_that_lists_them() -> None:
    from click.testing import CliRunner

    from mockserver.cli import cli

    result = CliRunner().invoke(cli, ["contract", "--url", "http://127.0.0.1:9",
                                      "--phases", "fuzzing,covrage"])
    assert result.exit_code == 2
    assert "covrage is not a phase" in result.output
    assert "examples, coverage, fuzzing, stateful" in result.output


def test_a_response_schema_that_contains_itself_is_planned(tmp_path: Path) -> None:
    """Stripe's are: dereferencing an already dereferenced one never ended (RecursionError)."""
    node = {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}}}
    doc = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
           "paths": {"/n": {"get": {"operationId": "n", "responses": {"200": {
               "description": "ok", "content": {"application/json": {
                   "schema": {"$ref": "#/components/schemas/Node"}}}}}}}},
           "components": {"schemas": {"Node": node}}}
    (tmp_path / "openapi.json").write_text(json.dumps(doc))
    (plan,) = load_plan(tmp_path / "openapi.json")
    schema = plan.schemas["200"]
    assert schema["properties"]["child"] is schema
