"""The validating proxy on any operation: checks of every request part, records in the new format.

In-process (the point is what is checked and recorded, not the sockets, which tests/test_proxy.py
covers): the proxy is called through ``httpx.ASGITransport`` and forwards to a small upstream
implementing tests/specs/meetra-plus, itself reached through ``httpx.ASGITransport``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mockserver.core.spec import load_spec
from mockserver.proxy.app import ProxyApp, create_proxy
from mockserver.proxy.conformance import response_violations
from mockserver.settings import ProxySettings
from tests.support import ROOT

SPEC_PATH = ROOT / "tests" / "specs" / "meetra-plus" / "openapi.yaml"
SPEC = load_spec(SPEC_PATH)
HASH = "abcdef1234567890"
UNKNOWN = "fa38ce9d1c53b054b3ff510c370bda5c"
UUID = "1c2ee2da-e2f6-433d-b554-248707c2491c"
JOB = "8b3c1e7b-64da-4320-b699-0dc3cff03aae"
AUTH = {"Authorization": "Bearer meetra-dev-token"}
BODY = {"file_hash": HASH, "speaker_ids": [UUID]}


def _refused(request: Request) -> JSONResponse | None:
    if request.headers.get("authorization") == "Bearer revoked":
        return JSONResponse({"message": "Unauthorized"}, 401,
                            headers={"WWW-Authenticate": 'Bearer realm="x"'})
    return None


async def speakers(request: Request) -> JSONResponse:
    if request.path_params["file_hash"] == UNKNOWN:
        return JSONResponse({"message": "Meeting not found"}, 404)
    return _refused(request) or JSONResponse(
        {"speakers": [{"id": UUID, "label": "Ana", "undeclared": True}]})


async def score(request: Request) -> JSONResponse:
    return _refused(request) or JSONResponse({"balance_score": 87.5})


async def summaries(request: Request) -> JSONResponse:
    body = await request.json()
    job = request.query_params.get("job", JOB)
    return _refused(request) or JSONResponse(
        {"summaries": [{"speaker_id": i, "summary": "Spoke."} for i in body["speaker_ids"]]},
        headers={"X-Request-Id": job})


UPSTREAM = Starlette(routes=[
    Route("/meetings/{file_hash}/speakers", speakers),
    Route("/balance-score", score),
    Route("/speaker-summaries", summaries, methods=["POST"]),
])


def exchange(proxy: ProxyApp, method: str, path: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        proxy._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=UPSTREAM))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=proxy),
                                     base_url="http://proxy") as client:
            response = await client.request(method, path, **kwargs)
        await proxy._client.aclose()
        return response

    return asyncio.run(go())


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def proxy(recorded: Path) -> ProxyApp:
    return create_proxy(ProxySettings(upstream="http://upstream", spec_path=SPEC_PATH,
                                      record_dir=recorded))


def fixtures_in(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(f.read_text()) for f in sorted(folder.glob("*.json"))]


def test_a_path_parameter_is_recorded_with_declared_fields_only(proxy: ProxyApp,
                                                                 recorded: Path) -> None:
    response = exchange(proxy, "GET", f"/meetings/{HASH}/speakers", headers=AUTH)
    assert response.headers["X-Contract-Violations"] == "0"
    [doc] = fixtures_in(recorded)
    assert list(doc) == ["scenario", "description", "operationId", "request", "response"]
    assert doc["operationId"] == "getDetectedSpeakers"
    assert doc["request"] == {"path": {"file-hash": HASH}}
    assert doc["response"] == {"status": 200, "body": {"speakers": [{"id": UUID,
                                                                     "label": "Ana"}]}}
    assert "Undeclared fields dropped: $.speakers[0].undeclared" in doc["description"]


def test_a_header_parameter_is_recorded_by_its_declared_name_never_the_token(
    proxy: ProxyApp, recorded: Path
) -> None:
    exchange(proxy, "GET", f"/balance-score?file-hash={HASH}",
             headers={**AUTH, "x-workspace-id": UUID})
    [doc] = fixtures_in(recorded)
    assert doc["request"] == {"query": {"file-hash": HASH}, "headers": {"X-Workspace-Id": UUID}}
    assert "meetra-dev-token" not in json.dumps(doc)


def test_a_json_body_and_declared_response_headers_are_recorded(proxy: ProxyApp,
                                                                recorded: Path) -> None:
    response = exchange(proxy, "POST", "/speaker-summaries", json=BODY, headers=AUTH)
    assert response.headers["X-Contract-Violations"] == "0"
    [doc] = fixtures_in(recorded)
    assert doc["request"] == {"body": BODY}
    assert doc["response"] == {"status": 200, "headers": {"X-Request-Id": JOB}, "body": {
        "summaries": [{"speaker_id": UUID, "summary": "Spoke."}]}}


def test_the_same_request_is_recorded_once(proxy: ProxyApp, recorded: Path) -> None:
    for _ in range(2):
        exchange(proxy, "POST", "/speaker-summaries", json=BODY, headers=AUTH)
    assert len(fixtures_in(recorded)) == 1


@pytest.mark.parametrize(("path", "headers", "status"), [
    pytest.param(f"/meetings/{HASH}/speakers", {"Authorization": "Bearer revoked"}, 401,
                 id="401"),
    pytest.param(f"/meetings/{UNKNOWN}/speakers", AUTH, 404, id="404"),
])
def test_a_401_or_404_is_never_recorded(proxy: ProxyApp, recorded: Path, path: str,
                                        headers: dict[str, str], status: int) -> None:
    response = exchange(proxy, "GET", path, headers=headers)
    assert response.status_code == status
    assert response.headers["X-Contract-Violations"] == "0"  # a valid, declared answer
    assert fixtures_in(recorded) == []


@pytest.mark.parametrize(("method", "path", "kwargs", "header"), [
    pytest.param("GET", "/meetings/zz/speakers", {},
                 "1; request $.path [request:path.invalid]", id="path"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}", {"headers": {"X-Workspace-Id": "1"}},
                 "1; request $.headers [request:header.invalid]", id="header"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}", {},
                 "1; request $.headers [request:header.missing]", id="header-missing"),
    pytest.param("POST", "/speaker-summaries", {"json": {**BODY, "max_words": 1}},
                 "1; request $.body [request:body.invalid]", id="body"),
])
def test_an_invalid_request_is_flagged_forwarded_and_not_recorded(
    proxy: ProxyApp, recorded: Path, method: str, path: str, kwargs: dict[str, Any], header: str
) -> None:
    headers = {**AUTH, **kwargs.get("headers", {})}
    response = exchange(proxy, method, path, **{**kwargs, "headers": headers})
    assert response.headers["X-Contract-Violations"] == header
    assert response.status_code in (200, 404)  # forwarded: the upstream answered
    assert fixtures_in(recorded) == []


def test_a_response_header_that_breaks_its_schema_is_flagged(proxy: ProxyApp,
                                                             recorded: Path) -> None:
    response = exchange(proxy, "POST", "/speaker-summaries?job=nope", json=BODY, headers=AUTH)
    assert response.headers["X-Contract-Violations"] == (
        "1; response $.headers.X-Request-Id [response:header]")
    assert fixtures_in(recorded) == []


def test_required_response_headers_must_be_present() -> None:
    operation = SPEC.operations["createSpeakerSummaries"]
    declared = operation.responses["200"]
    required = type(declared)(**{**declared.__dict__, "required_headers": ("X-Request-Id",)})
    operation = type(operation)(**{**operation.__dict__, "responses": {"200": required}})
    body = b'{"summaries": []}'
    found = response_violations(operation, 200, "application/json", body, httpx.Headers({}))
    assert [(v.path, v.rule) for v in found] == [("$.headers.X-Request-Id", "response:header")]
    assert response_violations(operation, 200, "application/json", body,
                               httpx.Headers({"x-request-id": JOB})) == []


def test_errors_are_checked_against_a_default_response() -> None:
    pets = load_spec(ROOT / "tests" / "specs" / "petstore.yaml").operations["listPets"]
    assert response_violations(pets, 503, "application/json", b'{"code": 503, "message": "x"}',
                               httpx.Headers({})) == []
    found = response_violations(pets, 503, "application/json", b'{"message": "x"}')
    assert [v.rule for v in found] == ["response:schema:required"]


@pytest.mark.parametrize("path", ["/v1/pets/7", "/pets/7"])
def test_the_proxy_finds_operations_with_or_without_the_base_path(path: str) -> None:
    from mockserver.proxy.conformance import find_operation

    pets = load_spec(ROOT / "tests" / "specs" / "petstore.yaml")
    operation, values = find_operation(pets, "GET", path)
    assert operation is not None and operation.operation_id == "showPetById"
    assert values == {"petId": "7"}
