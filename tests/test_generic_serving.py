"""Any operation of any OpenAPI 3.0 document, served over real sockets: tests/specs/petstore.yaml
with an empty fixtures folder and with one fixture per operation, and tests/specs/meetra-plus
(path, query + header, body and default fixtures, a response header). No code names them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.core.schemas import schema_findings
from mockserver.core.spec import load_spec
from tests.support import AUTH, BALANCED, DEV_TOKEN, ROOT, UNKNOWN, running_mock

PETSTORE = ROOT / "tests/specs/petstore.yaml"
PET_SPEC = load_spec(PETSTORE)
PLUS = ROOT / "tests/specs/meetra-plus"
PLUS_SPEC = load_spec(PLUS / "openapi.yaml")
ERROR = PET_SPEC.operations["listPets"].responses["default"].schema or {}
WORKSPACE = "0f8fad5b-d9cb-469f-a165-70867728950e"
PAIR = ["1c2ee2da-e2f6-433d-b554-248707c2491c", "8b3c1e7b-64da-4320-b699-0dc3cff03aae"]


def schema_of(operation_id: str, status: str) -> dict[str, Any]:
    return PET_SPEC.operations[operation_id].responses[status].schema or {}


@pytest.fixture(scope="module")
def pets(petstore_url: str) -> str:
    return petstore_url + "/v1"


PET_FIXTURES = {
    "two-pets": {"operationId": "listPets", "request": {"query": {"limit": "2"}},
                 "response": {"status": 200, "headers": {"x-next": "/v1/pets?page=2"},
                              "body": [{"id": 1, "name": "Rex"}, {"id": 2, "name": "Tom"}]}},
    "pet-seven": {"operationId": "showPetById", "request": {"path": {"petId": "7"}},
                  "response": {"status": 200, "body": {"id": 7, "name": "Rex", "tag": "dog"}}},
    "create-rex": {"operationId": "createPets", "request": {"body": {"id": 7, "name": "Rex"}},
                   "response": {"status": 201}},
}


@pytest.fixture(scope="module")
def pets_with_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("pet-fixtures")
    for name, doc in PET_FIXTURES.items():
        (folder / f"{name}.json").write_text(json.dumps(
            {"scenario": name, "description": f"{name}.", **doc}))
    with running_mock("--spec", str(PETSTORE), "--fixtures", str(folder), "--no-reload") as (
            url, _proc):
        yield url + "/v1"


@pytest.mark.parametrize(("path", "operation_id"), [
    pytest.param("/pets", "listPets", id="listPets"),
    pytest.param("/pets?limit=3", "listPets", id="listPets-limit"),
    pytest.param("/pets/7", "showPetById", id="showPetById"),
])
def test_petstore_without_fixtures_answers_a_generated_valid_200(
        pets: str, path: str, operation_id: str) -> None:
    response = httpx.get(pets + path)
    assert response.status_code == 200, response.text
    assert response.headers["x-mock-scenario"] == "(generated)"
    assert schema_findings(response.json(), schema_of(operation_id, "200")) == []
    assert httpx.get(pets + path).content == response.content


def test_petstore_create_answers_201_without_a_body(pets: str) -> None:
    response = httpx.post(pets + "/pets", json={"id": 1, "name": "Rex"})
    assert (response.status_code, response.content) == (201, b"")
    assert "content-type" not in response.headers


@pytest.mark.parametrize(("method", "path", "headers", "status"), [
    pytest.param("GET", "/pets?limit=abc", {}, 400, id="400-bad-limit"),
    pytest.param("DELETE", "/pets", {}, 405, id="405-delete"),
    pytest.param("GET", "/pets", {"Prefer": "code=503"}, 503, id="prefer-code-503"),
    pytest.param("GET", "/pets", {"Prefer": "example=nope"}, 400, id="prefer-unknown-example"),
    pytest.param("GET", "/pets", {"Prefer": "delay=x"}, 400, id="prefer-bad-delay"),
])
def test_petstore_errors_have_the_spec_shape(pets: str, method: str, path: str,
                                             headers: dict[str, str], status: int) -> None:
    response = httpx.request(method, pets + path, headers=headers)
    assert response.status_code == status
    body = response.json()
    assert schema_findings(body, ERROR) == []
    assert body["code"] == status


def test_prefer_lists_what_this_operation_allows(pets: str) -> None:
    message = httpx.get(pets + "/pets", headers={"Prefer": "example=nope"}).json()["message"]
    assert "code=<one of 200, or any other status (default)>" in message
    assert "example=<one of no scenarios loaded>" in message


def test_prefer_code_of_a_success_answers_a_generated_body(pets: str) -> None:
    response = httpx.get(pets + "/pets/1", headers={"Prefer": "code=200"})
    assert response.status_code == 200
    assert schema_findings(response.json(), schema_of("showPetById", "200")) == []


def test_prefer_dynamic_generates_for_any_operation(pets: str) -> None:
    response = httpx.get(pets + "/pets", headers={"Prefer": "dynamic=true"})
    assert (response.status_code, response.headers["x-mock-scenario"]) == (200, "(dynamic)")


def test_a_petstore_query_fixture_answers_with_its_response_header(
        pets_with_fixtures: str) -> None:
    response = httpx.get(pets_with_fixtures + "/pets?limit=2")
    assert response.headers["x-mock-scenario"] == "two-pets"
    assert response.headers["x-next"] == "/v1/pets?page=2"
    assert response.json() == PET_FIXTURES["two-pets"]["response"]["body"]  # type: ignore[index]


def test_a_petstore_path_fixture_answers_its_pet(pets_with_fixtures: str) -> None:
    assert httpx.get(pets_with_fixtures + "/pets/7").headers["x-mock-scenario"] == "pet-seven"
    assert httpx.get(pets_with_fixtures + "/pets/8").headers["x-mock-scenario"] == "(generated)"


def test_a_petstore_body_fixture_answers_its_body(pets_with_fixtures: str) -> None:
    response = httpx.post(pets_with_fixtures + "/pets", json={"name": "Rex", "id": 7})
    assert (response.status_code, response.headers["x-mock-scenario"]) == (201, "create-rex")
    other = httpx.post(pets_with_fixtures + "/pets", json={"name": "Tom", "id": 8})
    assert (other.status_code, other.headers["x-mock-scenario"]) == (201, "(generated)")


@pytest.fixture(scope="module")
def plus(meetra_plus_url: str) -> str:
    return meetra_plus_url


def test_a_default_fixture_answers_what_nothing_else_matches(plus: str) -> None:
    response = httpx.get(f"{plus}/balance-score?file-hash={UNKNOWN}",
                         headers={**AUTH, "X-Workspace-Id": WORKSPACE})
    assert (response.status_code, response.headers["x-mock-scenario"]) == (200, "any-score")


@pytest.mark.parametrize(("method", "path", "headers", "body", "scenario"), [
    pytest.param("GET", f"/meetings/{BALANCED}/speakers", {}, None, "detected-pair", id="path"),
    pytest.param("GET", f"/balance-score?file-hash={BALANCED}", {"x-workspace-id": WORKSPACE},
                 None, "workspace-score", id="query-and-header"),
    pytest.param("POST", "/speaker-summaries", {}, {"speaker_ids": PAIR, "max_words": 50,
                                                     "file_hash": BALANCED},
                 "pair-summaries", id="body"),
    pytest.param("POST", "/speaker-summaries", {}, {"file_hash": UNKNOWN, "speaker_ids": PAIR[:1]},
                 "summaries-unknown-meeting", id="body-404-fixture"),
])
def test_meetra_plus_fixtures_match_over_sockets(plus: str, method: str, path: str,
                                                 headers: dict[str, str], body: Any,
                                                 scenario: str) -> None:
    response = httpx.request(method, plus + path, headers={**AUTH, **headers}, json=body)
    assert response.headers.get("x-mock-scenario") == scenario, response.text


def test_a_fixture_response_header_is_sent_over_sockets(plus: str) -> None:
    response = httpx.post(f"{plus}/speaker-summaries", headers=AUTH,
                          json={"file_hash": BALANCED, "speaker_ids": PAIR, "max_words": 50})
    assert response.headers["x-request-id"] == "5b1f2a9e-3c4d-4e5f-8a6b-7c8d9e0f1a2b"


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_every_catalog_curl_line_reproduces_its_fixture(plus: str) -> None:
    entries = httpx.get(f"{plus}/__mock__/fixtures").json()["fixtures"]
    for entry in entries:
        line = entry["curl"].replace("curl ", "curl -s -o /dev/null -D - ", 1)
        out = subprocess.run(["bash", "-c", line], capture_output=True, text=True, timeout=20,
                             env={**os.environ, "MEETRA_TOKEN": DEV_TOKEN}, check=True).stdout
        assert f"x-mock-scenario: {entry['scenario']}" in out.lower(), (entry["curl"], out)


def test_catalog_page_lists_every_operation(plus: str) -> None:
    page = httpx.get(f"{plus}/")
    assert page.status_code == 200
    for file in Path(PLUS / "fixtures").glob("*.json"):
        scenario = json.loads(file.read_text()).get("scenario")
        if scenario:
            assert f'data-scenario="{scenario}"' in page.text
