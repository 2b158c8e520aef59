"""Schemas without ``type`` (``anyOf``) on a query parameter or a form field, a required
``deepObject`` form field and an exploded ``deepObject`` array, as Stripe writes them: a valid request is answered, never a 500 from
Connexion's parser; an invalid query value is refused with what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mockserver.core.spec import load_spec
from mockserver.core.untyped import relaxed
from mockserver.mock.app import create_app
from mockserver.settings import Settings
from tests.asgi import Client
from tests.support import ROOT

CREATED = {"anyOf": [{"type": "object", "properties": {"gt": {"type": "integer"}}},
                     {"type": "integer"}]}
FORM = {"type": "object", "required": ["components", "name"], "properties": {
    "name": {"anyOf": [{"type": "string", "maxLength": 5}, {"type": "string", "enum": [""]}]},
    "metadata": {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}},
                           {"type": "string", "enum": [""]}]},
    "components": {"type": "object", "properties": {"x": {"type": "boolean"}}},
    "tags": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
}}


def with_untyped(doc: dict[str, Any]) -> None:
    doc["paths"]["/pets"]["get"]["parameters"] += [
        {"name": "created", "in": "query", "required": False, "schema": CREATED},
        {"name": "expand", "in": "query", "style": "deepObject", "explode": True,
         "schema": {"type": "array", "items": {"type": "string", "maxLength": 3}}}]
    doc["paths"]["/pets"]["post"]["requestBody"] = {"required": True, "content": {
        "application/x-www-form-urlencoded": {
            "schema": FORM,
            "encoding": {"components": {"style": "deepObject", "explode": True}}}}}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    tmp = tmp_path_factory.mktemp("untyped")
    doc = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    with_untyped(doc)
    (tmp / "openapi.yaml").write_text(yaml.safe_dump(doc))
    return Client(create_app(Settings(spec_path=tmp / "openapi.yaml", fixtures_dir=tmp,
                                      reload=False)))


@pytest.mark.parametrize("query", [
    pytest.param({}, id="not-sent"),
    pytest.param({"created": "1700000000"}, id="integer-branch"),
    pytest.param({"created[gt]": "1700000000"}, id="object-branch-deepObject"),
    pytest.param({"expand": ["a", "b"]}, id="deepObject-array-repeated"),
])
def test_an_untyped_query_parameter_is_answered(client: Client, query: dict[str, str]) -> None:
    assert client.get("/v1/pets", params=query).status_code == 200


def test_an_untyped_query_value_no_branch_takes_is_refused_with_what_is_allowed(
        client: Client) -> None:
    answer = client.get("/v1/pets", params={"created": "yesterday"})
    assert answer.status_code == 400
    assert "'yesterday' is not an integer" in answer.json()["message"]
    assert "object or integer" in answer.json()["message"]


def test_a_deepobject_array_item_is_still_checked(client: Client) -> None:
    answer = client.get("/v1/pets", params={"expand": ["a", "toolong"]})
    assert answer.status_code == 400 and "item 1" in answer.json()["message"]


@pytest.mark.parametrize("form", [
    pytest.param({"name": "rex"}, id="anyOf-field"),
    pytest.param({"name": "", "metadata": ""}, id="empty-string-branches"),
    pytest.param({"name": "rex", "components[x]": "true", "tags": ["a", "1"]},
                 id="deepObject-and-untyped-items"),
])
def test_a_valid_form_is_accepted(client: Client, form: dict[str, Any]) -> None:
    answer = client.request("POST", "/v1/pets", data=form)
    assert answer.status_code == 201, answer.text


def test_a_typed_form_field_is_still_checked_by_connexion(client: Client) -> None:
    answer = client.request("POST", "/v1/pets", data={"components": "x"})
    assert answer.status_code == 400  # 'name' is missing


def test_only_connexions_copy_is_relaxed(tmp_path: Path) -> None:
    doc = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    with_untyped(doc)
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(doc))
    spec = load_spec(tmp_path / "openapi.yaml")
    served = spec.served_document()
    form = served["paths"]["/pets"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"]["schema"]
    assert form["required"] == ["name"] and form["properties"]["name"] == {}
    assert form["properties"]["tags"] == {}
    assert spec.raw["paths"]["/pets"]["post"]["requestBody"]["content"][
        "application/x-www-form-urlencoded"]["schema"] == FORM
    params = {p["name"]: p for p in relaxed(spec.raw)["paths"]["/pets"]["get"]["parameters"]}
    assert params["created"]["schema"] == {}
    assert params["expand"]["schema"]["type"] == "array"  # readable by Connexion: kept
