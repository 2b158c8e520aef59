"""A document Connexion would refuse is never a traceback: an operation whose schema ``default``
breaks its own schema is set aside and listed, the rest served; one in shared components refuses
the document with file, JSON path and rule."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from mockserver.cli import cli
from mockserver.core.errors import ConfigError
from mockserver.core.fixtures import load_fixtures
from mockserver.core.spec import load_spec
from mockserver.core.validation import validate_all
from mockserver.mock.app import create_app
from mockserver.mock.selection import Catalog
from mockserver.settings import Settings
from tests.asgi import Client
from tests.support import ROOT

BAD = {"type": "string", "enum": ["true", "false", "legacy"], "default": True}
WHERE = ("$.paths./pets.post.requestBody.content.application/json.schema.properties"
         ".make_latest")


def petstore(tmp_path: Path, change: Any) -> Path:
    doc = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    change(doc)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


def bad_body(doc: dict[str, Any]) -> None:
    doc["paths"]["/pets"]["post"]["requestBody"] = {"required": False, "content": {
        "application/json": {"schema": {"type": "object", "properties": {"make_latest": BAD}}}}}


def test_an_operation_with_a_default_breaking_its_schema_is_set_aside(tmp_path: Path) -> None:
    spec = load_spec(petstore(tmp_path, bad_body))
    assert "createPets" not in spec.operations and "listPets" in spec.operations
    [(key, problem)] = spec.set_aside.items()
    assert key == ("/pets", "post")
    assert (problem.path, problem.rule) == (WHERE, "connexion:default")
    assert problem.message == ("default True: True is not one of ['true', 'false', 'legacy']; "
                               "True is not of type 'string'")


def test_the_rest_is_served(tmp_path: Path) -> None:
    settings = Settings(spec_path=petstore(tmp_path, bad_body), fixtures_dir=tmp_path,
                        reload=False)
    client = Client(create_app(settings))
    assert client.get("/v1/pets/7", headers={"Prefer": "code=200"}).status_code == 200
    refused = client.request("POST", "/v1/pets", json={"make_latest": "true"})
    assert refused.status_code == 405 and refused.headers["Allow"] == "GET"


def test_validate_lists_it_once_and_exits_1(tmp_path: Path) -> None:
    spec = petstore(tmp_path, bad_body)
    assert [(p.path, p.rule) for p in validate_all(spec, tmp_path)] == [
        (WHERE, "connexion:default")]
    result = CliRunner().invoke(cli, ["validate", "--spec", str(spec), "--fixtures",
                                      str(tmp_path)])
    assert result.exit_code == 1 and WHERE in result.output


def test_a_shared_component_with_such_a_default_refuses_the_document(tmp_path: Path) -> None:
    """openapi-spec-validator finds this one (as it does parameters' defaults; not those of
    request bodies, which only Connexion checks)."""
    def bad_component(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["Pet"]["properties"]["tag"]["default"] = 3

    with pytest.raises(ConfigError) as refused:
        load_spec(petstore(tmp_path, bad_component))
    assert [p.message for p in refused.value.problems] == ["3 is not of type 'string'"]


def test_defaults_that_fit_and_responses_named_default_are_not_findings(tmp_path: Path) -> None:
    def fine(doc: dict[str, Any]) -> None:
        doc["components"]["schemas"]["Pet"]["properties"]["tag"]["default"] = "dog"
        doc["components"]["schemas"]["Pet"]["properties"]["tag"]["nullable"] = True
        doc["components"]["schemas"]["Error"]["properties"]["code"]["default"] = None
        doc["components"]["schemas"]["Error"]["properties"]["code"]["nullable"] = True

    assert load_spec(petstore(tmp_path, fine)).set_aside == {}


def test_a_refusal_our_checks_missed_is_a_config_error_naming_where(tmp_path: Path) -> None:
    settings = Settings(spec_path=petstore(tmp_path, bad_body), fixtures_dir=tmp_path,
                        reload=False)
    spec = dataclasses.replace(load_spec(settings.spec_path), set_aside={})
    catalog = Catalog.build(spec, load_fixtures(tmp_path, spec))
    with pytest.raises(ConfigError) as refused:
        create_app(settings, catalog)
    [problem] = refused.value.problems
    assert (problem.path, problem.rule) == ("$.paths./pets.post.requestBody", "connexion:oneOf")
    assert problem.message.startswith(WHERE)


def test_an_operation_with_a_path_parameter_connexion_cannot_parse_is_set_aside(
        tmp_path: Path) -> None:
    def untyped(doc: dict[str, Any]) -> None:
        param = doc["paths"]["/pets/{petId}"]["get"]["parameters"][0]
        param["schema"] = {"oneOf": [{"type": "integer"}, {"type": "string"}]}

    path = petstore(tmp_path, untyped)
    spec = load_spec(path)
    assert list(spec.set_aside) == [("/pets/{petId}", "get")]
    [problem] = spec.set_aside.values()
    assert (problem.path, problem.rule) == ("$.paths./pets/{petId}.get.parameters[0].schema",
                                            "connexion:parameter-type")
    client = Client(create_app(Settings(spec_path=path, fixtures_dir=tmp_path, reload=False)))
    assert client.get("/v1/pets/7").status_code == 404
    assert client.get("/v1/pets").status_code == 200
