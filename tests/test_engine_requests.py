"""The request side of the generic engine, over real sockets: specs with no code written for them.

``tests/specs/meetra-plus`` (a path parameter, a header parameter, a POST with a JSON body) and
the OAI Petstore (``servers`` base path ``/v1``, integer query parameter, ``default`` errors),
each served by a real ``mockserver serve`` with an empty fixtures folder (meetra-plus keeps only
its tokens): what the request side decides (400/401/405, CORS, Allow) holds whatever fixtures
or generated data answer a valid request.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.asgi import Client, app_of_serve
from tests.support import AUTH, ROOT, running_mock

PLUS = ROOT / "tests" / "specs" / "meetra-plus"
HASH = "abcdef1234567890"
UUID = "1c2ee2da-e2f6-433d-b554-248707c2491c"
WORKSPACE = {"X-Workspace-Id": UUID}
BODY = {"file_hash": HASH, "speaker_ids": [UUID]}
ORIGIN = "http://localhost:5173"


@pytest.fixture(scope="module")
def plus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("meetra-plus")
    shutil.copy(PLUS / "openapi.yaml", folder / "openapi.yaml")
    (folder / "fixtures").mkdir()
    shutil.copy(PLUS / "fixtures" / "tokens.json", folder / "fixtures" / "tokens.json")
    with running_mock("--spec", str(folder / "openapi.yaml"), "--fixtures",
                      str(folder / "fixtures"), "--no-reload") as (url, _proc):
        yield url


@pytest.fixture(scope="module")
def pets(petstore_url: str) -> str:
    return petstore_url


def send(base: str, method: str, path: str, **kwargs: object) -> httpx.Response:
    return httpx.request(method, base + path, timeout=10, **kwargs)  # type: ignore[arg-type]


# --- valid requests pass the request side ---------------------------------------------------

@pytest.mark.parametrize(("method", "path", "kwargs"), [
    pytest.param("GET", f"/meetings/{HASH}/speakers", {}, id="path-parameter"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}", {"headers": WORKSPACE},
                 id="header-parameter"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}",
                 {"headers": {"x-workspace-id": UUID}}, id="header-in-lower-case"),
    pytest.param("POST", "/speaker-summaries", {"json": BODY}, id="json-body"),
])
def test_a_valid_request_is_not_refused(plus: str, method: str, path: str,
                                        kwargs: dict[str, dict[str, str]]) -> None:
    rest = dict(kwargs)
    headers = {**AUTH, **rest.pop("headers", {})}
    response = send(plus, method, path, headers=headers, **rest)
    assert response.status_code not in (400, 401, 405, 415, 500), response.text
    assert response.headers["content-type"] == "application/json"


# --- each kind of invalid input: a 400 in JSON that says what is allowed ------------------------

INVALID = [
    pytest.param("GET", "/meetings/abcdef123456789z/speakers", {},
                 "Path parameter 'file-hash' is invalid: character 'z' at position 15",
                 id="path-not-hex"),
    pytest.param("GET", f"/meetings/{HASH}%0A/speakers", {},
                 "Path parameter 'file-hash' is invalid: it contains a line break (%0A)",
                 id="path-line-break"),
    pytest.param("GET", "/meetings/abc/speakers", {},
                 "Path parameter 'file-hash' is invalid: 'abc' is too short", id="path-short"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}", {},
                 "Missing required header 'X-Workspace-Id'. Allowed: string matching",
                 id="header-missing"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}", {"headers": {"X-Workspace-Id": ""}},
                 "Header 'X-Workspace-Id' is empty.", id="header-empty"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}",
                 {"headers": {"X-Workspace-Id": "not-a-uuid"}},
                 "Header 'X-Workspace-Id' is invalid: 'not-a-uuid' does not match",
                 id="header-invalid"),
    pytest.param("GET", f"/balance-score?file-hash={HASH}&file-hash={HASH}",
                 {"headers": WORKSPACE}, "Query parameter 'file-hash' was given 2 times",
                 id="query-repeated"),
    pytest.param("POST", "/speaker-summaries", {}, "Missing required request body.",
                 id="body-missing"),
    pytest.param("POST", "/speaker-summaries",
                 {"content": b"{}", "headers": {"Content-Type": "text/plain"}},
                 "Unsupported Content-Type 'text/plain' for the request body. Allowed: "
                 "application/json.", id="body-media-type"),
    pytest.param("POST", "/speaker-summaries",
                 {"content": b'{"file_hash": "\xe9"}',
                  "headers": {"Content-Type": "application/json"}},
                 "The request body is not UTF-8: byte 0xe9 at position 15", id="body-not-utf8"),
    pytest.param("POST", "/speaker-summaries",
                 {"content": b'{"file_hash": ', "headers": {"Content-Type": "application/json"}},
                 "The request body is not valid JSON", id="body-not-json"),
    pytest.param("POST", "/speaker-summaries", {"json": {"speaker_ids": [UUID]}},
                 "The request body is invalid at $: 'file_hash' is a required property "
                 "[required]", id="body-required"),
    pytest.param("POST", "/speaker-summaries", {"json": {**BODY, "max_words": 9}},
                 "invalid at $.max_words: 9 is less than the minimum of 10 [minimum]. "
                 "Allowed: integer >= 10, <= 500.", id="body-minimum"),
    pytest.param("POST", "/speaker-summaries", {"json": {**BODY, "language": "es"}},
                 "invalid at $.language", id="body-enum"),
    pytest.param("POST", "/speaker-summaries", {"json": {**BODY, "speaker_ids": ["x"]}},
                 "invalid at $.speaker_ids[0]: 'x' is not a 'uuid' [format]", id="body-format"),
    pytest.param("POST", "/speaker-summaries", {"json": {**BODY, "extra": 1}},
                 "[additionalProperties]. Allowed: only the declared properties",
                 id="body-additional-property"),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "says"), INVALID)
def test_invalid_input_is_a_400_that_says_what_is_allowed(
    plus: str, method: str, path: str, kwargs: dict[str, object], says: str
) -> None:
    rest = dict(kwargs)
    headers = {**AUTH, **rest.pop("headers", {})}  # type: ignore[dict-item]
    response = send(plus, method, path, headers=headers, **rest)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/json"
    assert says in response.json()["message"]


def test_authentication_comes_before_the_request_checks(plus: str) -> None:
    response = send(plus, "POST", "/speaker-summaries", content=b"\xff",
                    headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_405_lists_the_methods_of_the_path(plus: str) -> None:
    response = send(plus, "GET", "/speaker-summaries", headers=AUTH)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


def test_a_browser_may_post_with_the_declared_headers(plus: str) -> None:
    response = send(plus, "OPTIONS", "/balance-score", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, x-workspace-id"})
    assert response.status_code == 200, response.text
    assert "POST" in response.headers["access-control-allow-methods"]
    assert "x-workspace-id" in response.headers["access-control-allow-headers"].lower()


def test_declared_response_headers_are_exposed_to_scripts(plus: str) -> None:
    response = send(plus, "POST", "/speaker-summaries", json=BODY,
                    headers={**AUTH, "Origin": ORIGIN})
    exposed = response.headers["access-control-expose-headers"].lower()
    assert {"www-authenticate", "x-mock-scenario", "x-request-id"} <= {
        h.strip() for h in exposed.split(",")}


# --- the Petstore: servers base path /v1, integer parameter, default errors ---------------------

def test_petstore_405_allows_get_and_post_on_pets(pets: str) -> None:
    response = send(pets, "DELETE", "/v1/pets")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert "Allowed methods: GET, POST." in response.text


def test_petstore_405_on_a_templated_path(pets: str) -> None:
    response = send(pets, "DELETE", "/v1/pets/7")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


@pytest.mark.parametrize(("query", "says"), [
    pytest.param("limit=abc", "'abc' is not an integer", id="not-an-integer"),
    pytest.param("limit=101", "101 is above the maximum", id="above-maximum"),
    pytest.param("limit=1&limit=2", "was given 2 times", id="repeated"),
])
def test_petstore_bad_limit_is_a_4xx(pets: str, query: str, says: str) -> None:
    response = send(pets, "GET", f"/v1/pets?{query}")
    assert 400 <= response.status_code < 500
    assert says in response.text


@pytest.mark.parametrize(("kwargs", "says"), [
    pytest.param({"json": {"id": "one", "name": "Rex"}}, "at $.id: 'one' is not of type "
                 "'integer'", id="wrong-type"),
    pytest.param({"json": {"id": 1}}, "'name' is a required property", id="required"),
    pytest.param({"content": b"\xff\xfe{}", "headers": {"Content-Type": "application/json"}},
                 "not UTF-8", id="not-utf8"),
])
def test_petstore_bad_body_is_a_400(pets: str, kwargs: dict[str, object], says: str) -> None:
    response = send(pets, "POST", "/v1/pets", **kwargs)
    assert response.status_code == 400, response.text
    assert says in response.text


def test_petstore_valid_requests_pass_the_request_side(pets: str) -> None:
    for method, path, kwargs in [("GET", "/v1/pets?limit=5", {}), ("GET", "/v1/pets/7", {}),
                                 ("POST", "/v1/pets", {"json": {"id": 1, "name": "Rex"}})]:
        response = send(pets, method, path, **kwargs)
        assert response.status_code not in (400, 405, 415, 500), (path, response.text)


def test_petstore_no_route_lists_routes_with_the_base_path(pets: str) -> None:
    response = send(pets, "GET", "/pets")
    assert response.status_code == 404
    assert "GET/POST /v1/pets, GET /v1/pets/{petId}" in response.json()["message"]


def test_petstore_delay_applies_under_the_base_path(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process on the app ``serve --delay 300`` builds, the waits recorded instead of slept
    (tests/test_latency.py waits for real on a real server)."""
    import mockserver.mock.traffic

    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(mockserver.mock.traffic.asyncio, "sleep", sleep)
    client = Client(app_of_serve(monkeypatch, "--spec", str(ROOT / "tests" / "specs" / "petstore.yaml"),
                                 "--fixtures", str(tmp_path), "--delay", "300"))
    assert client.get("/v1/pets/7").status_code == 200
    assert waits == [0.3]
    assert client.get("/v1/openapi.json").status_code == 200
    assert waits == [0.3], "the spec document is not delayed"


def test_the_response_cache_knows_base_pathed_and_templated_paths() -> None:
    from mockserver.core.spec import load_spec
    from mockserver.mock.auth import BearerAuthenticator
    from mockserver.mock.cache import ResponseCache

    spec = load_spec(ROOT / "tests" / "specs" / "petstore.yaml")
    cache = ResponseCache(lambda *_: None, BearerAuthenticator(frozenset()),  # type: ignore[arg-type]
                          spec.declares)
    assert cache.declared("/v1/pets") and cache.declared("/v1/pets/7")
    assert not cache.declared("/pets") and not cache.declared("/v1/pets/7/x")


@pytest.mark.parametrize(("path", "status", "says"), [
    pytest.param("/v1/pets/abc", 400, "Path parameter 'petId' is invalid: 'abc' is not an "
                 "integer. Allowed: integer >= 1.", id="not-an-integer"),
    pytest.param("/v1/pets/0", 400, "0 is below the minimum", id="below-minimum"),
    # Petstore declares no 404: a valid id no fixture answers gets a body generated for its 200.
    pytest.param("/v1/pets/7", 200, '"id": ', id="valid"),
])
def test_an_integer_path_parameter_the_router_refuses_is_a_400(
    tmp_path: Path, path: str, status: int, says: str
) -> None:
    """Connexion routes ``{petId}`` of type integer with a digits-only converter, so 'abc' finds
    no route; the answer is still the 400 that names the parameter, not a 404 "no route"."""
    import asyncio

    from mockserver.mock.app import create_app
    from mockserver.settings import Settings

    spec = tmp_path / "petstore.yaml"
    spec.write_text((ROOT / "tests" / "specs" / "petstore.yaml").read_text().replace(
        "          description: The id of the pet to retrieve\n          schema:\n"
        "            type: string",
        "          description: The id of the pet to retrieve\n          schema:\n"
        "            type: integer\n            minimum: 1"))
    app = create_app(Settings(spec_path=spec, fixtures_dir=tmp_path, reload=False))

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://mock") as client:
            return await client.get(path)

    response = asyncio.run(get())
    assert response.status_code == status
    assert says in response.text
