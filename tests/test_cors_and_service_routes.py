"""CORS on every answer (errors included), Swagger UI and the spec documents. The CORS flags are
checked in-process on the app ``serve`` builds from them: headers, not sockets, are the point."""

from __future__ import annotations

import httpx
import pytest
import yaml

from tests.asgi import Client, app_of_serve
from tests.support import AUTH, BALANCED, UNKNOWN

ORIGIN = {"Origin": "http://localhost:5173"}
API = "/speakers-balance"


def test_preflight_allows_authorization_and_prefer(mock_url: str) -> None:
    response = httpx.options(f"{mock_url}{API}", headers={
        **ORIGIN, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, prefer",
    })
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", ORIGIN["Origin"])
    allowed = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "prefer" in allowed
    assert "GET" in response.headers["access-control-allow-methods"]


@pytest.mark.parametrize(("query", "headers", "status"), [
    pytest.param(f"file-hash={BALANCED}", AUTH, 200, id="200"),
    pytest.param("file-hash=zz", AUTH, 400, id="400"),
    pytest.param(f"file-hash={BALANCED}", {}, 401, id="401"),
    pytest.param(f"file-hash={UNKNOWN}", AUTH, 404, id="404"),
])
def test_every_answer_carries_cors_headers(mock_url: str, query: str, headers: dict[str, str],
                                           status: int) -> None:
    response = httpx.get(f"{mock_url}{API}?{query}", headers={**headers, **ORIGIN})
    assert response.status_code == status
    assert response.headers["access-control-allow-origin"] in ("*", ORIGIN["Origin"])
    assert "www-authenticate" in response.headers["access-control-expose-headers"].lower()


def test_cors_origin_can_be_restricted(monkeypatch: pytest.MonkeyPatch) -> None:
    client = Client(app_of_serve(monkeypatch, "--cors-origin", "http://app.example"))
    allowed = client.get(f"{API}?file-hash={BALANCED}",
                         headers={**AUTH, "Origin": "http://app.example"})
    other = client.get(f"{API}?file-hash={BALANCED}", headers={**AUTH, "Origin": "http://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "http://app.example"
    assert "access-control-allow-origin" not in other.headers


def test_no_cors_sends_no_cors_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    response = Client(app_of_serve(monkeypatch, "--no-cors")).get(
        f"{API}?file-hash={BALANCED}", headers={**AUTH, **ORIGIN})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_swagger_ui_is_served(mock_url: str) -> None:
    response = httpx.get(f"{mock_url}/ui/")
    assert response.status_code == 200
    assert "swagger-ui" in response.text


@pytest.mark.parametrize("document", ["openapi.json", "openapi.yaml"])
def test_spec_is_served(mock_url: str, document: str) -> None:
    response = httpx.get(f"{mock_url}/{document}")
    assert response.status_code == 200
    spec = yaml.safe_load(response.text)
    assert spec["paths"][API]["get"]["operationId"] == "getSpeakersBalance"
