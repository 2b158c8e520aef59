"""A spec example that breaks its own schema is never served: the first valid example is, else a
body generated from the schema, labelled so in ``X-Mock-Scenario``; ``validate`` lists the
invalid one. (GitHub's document has 637 such examples.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from mockserver.core.validation import validate_all
from mockserver.mock.answers import INVALID_EXAMPLE_SCENARIO
from mockserver.mock.app import create_app
from mockserver.settings import Settings
from tests.asgi import Client
from tests.support import ROOT

BROKEN = {"id": "not-an-integer", "name": "rex"}
VALID = {"id": 7, "name": "rex"}


def petstore(tmp_path: Path, examples: dict[str, Any]) -> Path:
    doc = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    media = doc["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["content"][
        "application/json"]
    media["examples"] = {name: {"value": value} for name, value in examples.items()}
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(doc))
    return tmp_path / "openapi.yaml"


def client(spec: Path) -> Client:
    return Client(create_app(Settings(spec_path=spec, fixtures_dir=spec.parent, reload=False)))


def test_an_invalid_example_is_skipped_and_a_body_generated(tmp_path: Path) -> None:
    answer = client(petstore(tmp_path, {"broken": BROKEN})).get(
        "/v1/pets/7", headers={"Prefer": "code=200"})
    assert answer.status_code == 200
    assert answer.headers["x-mock-scenario"] == INVALID_EXAMPLE_SCENARIO
    body = answer.json()
    assert isinstance(body["id"], int) and isinstance(body["name"], str)


def test_the_first_valid_example_is_served(tmp_path: Path) -> None:
    answer = client(petstore(tmp_path, {"broken": BROKEN, "valid": VALID})).get(
        "/v1/pets/7", headers={"Prefer": "code=200"})
    assert answer.status_code == 200 and answer.json() == VALID
    assert "x-mock-scenario" not in answer.headers  # Prefer: code= names no scenario


def test_without_a_fixture_the_fallback_skips_it_too(tmp_path: Path) -> None:
    """showPetById declares no 404: with no fixture, the 200's example, else generated."""
    answer = client(petstore(tmp_path, {"broken": BROKEN})).get("/v1/pets/7")
    assert answer.status_code == 200 and answer.json() != BROKEN
    assert answer.headers["x-mock-scenario"] == INVALID_EXAMPLE_SCENARIO


def test_validate_lists_it(tmp_path: Path) -> None:
    problems = validate_all(petstore(tmp_path, {"broken": BROKEN}), tmp_path)
    assert [(p.path, p.rule) for p in problems] == [
        ("$.paths./pets/{petId}.get.responses.200.examples.broken.value.id",
         "example:schema:type")]
    assert problems[0].message == "'not-an-integer' is not of type 'integer'"
