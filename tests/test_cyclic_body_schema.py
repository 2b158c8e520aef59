"""A JSON request body whose schema contains itself (a tree: GitHub's and Stripe's have such
schemas) is checked like any other: a valid one accepted, an invalid one refused with where."""

from __future__ import annotations

import pytest
import yaml

from mockserver.mock.app import create_app
from mockserver.settings import Settings
from tests.asgi import Client
from tests.support import ROOT


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Client:
    tmp = tmp_path_factory.mktemp("cyclic")
    doc = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    doc["components"]["schemas"]["Pet"]["properties"]["children"] = {
        "type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    (tmp / "openapi.yaml").write_text(yaml.safe_dump(doc))
    return Client(create_app(Settings(spec_path=tmp / "openapi.yaml", fixtures_dir=tmp,
                                      reload=False)))


def test_a_valid_tree_is_accepted(client: Client) -> None:
    pet = {"id": 1, "name": "a", "children": [{"id": 2, "name": "b", "children": []}]}
    assert client.request("POST", "/v1/pets", json=pet).status_code == 201


def test_an_invalid_node_deep_in_the_tree_is_refused_with_its_path(client: Client) -> None:
    pet = {"id": 1, "name": "a", "children": [{"id": "two", "name": "b"}]}
    answer = client.request("POST", "/v1/pets", json=pet)
    assert answer.status_code == 400
    assert "$.children[0].id" in answer.json()["message"]
