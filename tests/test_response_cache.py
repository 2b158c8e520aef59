"""The response cache changes no byte: every golden case, cold and warm, against the cache off.

Plus the key: what must make two requests different (auth outcome, Prefer, Origin, an expiring
JWT) does, and what must not be cached (preflights, bodies, server errors) is not.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import jwt
import pytest

from mockserver.core.spec import load_spec
from mockserver.mock.auth import BearerAuthenticator
from mockserver.mock.cache import ResponseCache
from tests.asgi import Client
from tests.golden_cases import CASES, KEY, Case
from tests.support import DEV_TOKEN, ROOT

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def test_every_golden_case_same_bytes_cold_and_warm() -> None:
    """In-process (the socket is not the point): the same app with the cache on and off."""
    from mockserver.mock.app import create_app
    from mockserver.settings import Settings

    cached = Client(create_app(Settings(reload=False)))
    uncached = Client(create_app(Settings(reload=False, response_cache=False)))
    cases: list[Case] = [p.values[0] for p in CASES]
    expected = [answer(uncached, case) for case in cases]
    cold = [answer(cached, case) for case in cases]
    warm = [answer(cached, case) for case in cases]
    ids = [p.id for p in CASES]
    assert {i: a for i, a in zip(ids, cold, strict=True)} == dict(zip(ids, expected, strict=True))
    assert {i: a for i, a in zip(ids, warm, strict=True)} == dict(zip(ids, expected, strict=True))


def answer(client: Client, case: Case) -> Answer:
    response = client.request(case.method, f"{case.path}?{case.query}", headers=case.headers)
    headers = [(k, v) for k, v in response.headers.raw if k.lower() != b"date"]
    return response.status_code, headers, response.content


# --- the key, on the middleware itself, with a counting downstream app ------------------------

class Downstream:
    """Stands in for Connexion: answers with a counter, so a replay shows as an old number."""

    def __init__(self, status: int = 200) -> None:
        self.calls = 0
        self.status = status

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": str(self.calls).encode()})


# The spec decides which paths are cached: /speakers-balance and /meetings/{file-hash}/speakers.
PATHS = load_spec(ROOT / "tests/specs/meetra-plus/openapi.yaml").declares


def call(cache: ResponseCache, method: str = "GET", query: bytes = b"file-hash=ab",
         headers: dict[str, str] | None = None, path: str = "/speakers-balance") -> bytes:
    scope = {"type": "http", "method": method, "path": path, "root_path": "",
             "query_string": query,
             "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(cache(scope, receive, send))
    return b"".join(m.get("body", b"") for m in sent)


@pytest.fixture
def downstream() -> Downstream:
    return Downstream()


@pytest.fixture
def cache(downstream: Downstream) -> ResponseCache:
    return ResponseCache(downstream, BearerAuthenticator(frozenset({DEV_TOKEN, "other-token"})),
                         PATHS)


AUTH = {"Authorization": f"Bearer {DEV_TOKEN}"}


def test_identical_request_is_replayed(cache: ResponseCache, downstream: Downstream) -> None:
    assert call(cache, headers=AUTH) == call(cache, headers=AUTH) == b"1"
    assert downstream.calls == 1


def test_two_accepted_tokens_share_an_entry(cache: ResponseCache) -> None:
    call(cache, headers=AUTH)
    assert call(cache, headers={"Authorization": "Bearer other-token"}) == b"1"


@pytest.mark.parametrize("other", [
    pytest.param({"query": b"file-hash=cd"}, id="query"),
    pytest.param({"method": "HEAD"}, id="method"),
    pytest.param({"headers": {}}, id="no-authorization"),
    pytest.param({"headers": {"Authorization": "Bearer unknown"}}, id="refused-token"),
    pytest.param({"headers": {**AUTH, "Prefer": "code=404"}}, id="prefer"),
    pytest.param({"headers": {**AUTH, "Origin": "http://a.example"}}, id="origin"),
])
def test_what_changes_the_answer_changes_the_key(cache: ResponseCache,
                                                 other: dict[str, Any]) -> None:
    call(cache, headers=AUTH)
    assert call(cache, **{"headers": AUTH, **other}) == b"2"


def test_two_refusals_for_different_reasons_do_not_share(cache: ResponseCache) -> None:
    assert call(cache, headers={"Authorization": "Basic x"}) == b"1"
    assert call(cache, headers={"Authorization": "Bearer unknown"}) == b"2"


class ClockedAuthenticator(BearerAuthenticator):
    """The real authenticator, reading an injected clock instead of the wall clock."""

    def __init__(self, tokens: frozenset[str], now: float) -> None:
        super().__init__(tokens)
        self.now = now

    def verify(self, authorization: str | None, now: float | None = None) -> dict[str, Any]:
        return super().verify(authorization, now=self.now if now is None else now)


def test_a_jwt_that_expires_is_not_replayed_as_accepted(downstream: Downstream) -> None:
    exp = 4_000_000_000
    clock = ClockedAuthenticator(frozenset({DEV_TOKEN}), now=exp - 1)
    cache = ResponseCache(downstream, clock, PATHS)
    token = {"Authorization": "Bearer " + jwt.encode({"exp": exp}, KEY, algorithm="HS256")}
    assert call(cache, headers=token) == b"1"
    assert call(cache, headers=token) == b"1"  # replayed while the token is valid
    clock.now = exp + 1
    assert call(cache, headers=token) == b"2"


class CountingAuthenticator(BearerAuthenticator):
    def __init__(self, tokens: frozenset[str]) -> None:
        super().__init__(tokens)
        self.asked: list[str | None] = []

    def verify(self, authorization: str | None, now: float | None = None) -> dict[str, Any]:
        self.asked.append(authorization)
        return super().verify(authorization, now)


@pytest.mark.parametrize(("header", "asked"), [
    pytest.param(f"Bearer {DEV_TOKEN}", 1, id="listed-token"),
    pytest.param(None, 1, id="no-header"),
    pytest.param("Bearer unknown", 1, id="unknown-token"),
    pytest.param("Bearer " + jwt.encode({"exp": 4_000_000_000}, KEY, algorithm="HS256"), 3,
                 id="jwt-with-exp"),
])
def test_only_answers_time_cannot_change_are_remembered(downstream: Downstream,
                                                        header: str | None, asked: int) -> None:
    """The auth outcome is part of every key; the authenticator is asked again each time unless
    its answer cannot change while the cache lives (a listed token, a refusal not about time)."""
    counting = CountingAuthenticator(frozenset({DEV_TOKEN}))
    cache = ResponseCache(downstream, counting, PATHS)
    for _ in range(3):
        call(cache, headers={} if header is None else {"Authorization": header})
    assert len(counting.asked) == asked
    assert downstream.calls == 1


@pytest.mark.parametrize("request_args", [
    pytest.param({"method": "OPTIONS", "headers": {"Origin": "http://a.example",
                                                   "Access-Control-Request-Method": "GET"}},
                 id="preflight"),
    pytest.param({"headers": {**AUTH, "Content-Length": "2"}}, id="request-with-body"),
    pytest.param({"headers": AUTH, "path": "/__mock__/requests"}, id="path-not-in-the-spec"),
    pytest.param({"headers": AUTH, "path": "/openapi.json"}, id="the-spec-itself"),
    pytest.param({"headers": AUTH, "path": "/meetings/4/2/speakers"}, id="template-mismatch"),
])
def test_not_cached(cache: ResponseCache, request_args: dict[str, Any]) -> None:
    assert call(cache, **request_args) == b"1"
    assert call(cache, **request_args) == b"2"


def test_paths_with_parameters_are_cached_per_path(cache: ResponseCache) -> None:
    assert call(cache, headers=AUTH, path="/meetings/42/speakers") == b"1"
    assert call(cache, headers=AUTH, path="/meetings/42/speakers") == b"1"
    assert call(cache, headers=AUTH, path="/meetings/43/speakers") == b"2"


def test_server_errors_are_not_cached() -> None:
    cache = ResponseCache(Downstream(status=500), BearerAuthenticator(frozenset({DEV_TOKEN})),
                          PATHS)
    assert call(cache, headers=AUTH) == b"1"
    assert call(cache, headers=AUTH) == b"2"


def test_bounded_oldest_entry_goes_first(downstream: Downstream) -> None:
    cache = ResponseCache(downstream, BearerAuthenticator(frozenset({DEV_TOKEN})), PATHS,
                          max_entries=2)
    for query in (b"file-hash=01", b"file-hash=02", b"file-hash=03"):
        call(cache, query=query, headers=AUTH)
    assert len(cache.entries) == 2
    assert call(cache, query=b"file-hash=03", headers=AUTH) == b"3"
    assert call(cache, query=b"file-hash=01", headers=AUTH) == b"4"


# Connexion 3.3 uses jsonschema's deprecated ref resolver when it builds the app in-process
@pytest.mark.filterwarnings("ignore:jsonschema.RefResolver is deprecated")
@pytest.mark.filterwarnings("ignore:jsonschema.exceptions.RefResolutionError is deprecated")
def test_reload_starts_with_an_empty_cache() -> None:
    from mockserver.mock.app import create_app

    app = create_app()
    transport = httpx.ASGITransport(app=app)

    async def get() -> int:
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            response = await client.get("/speakers-balance?file-hash=ab12", headers=AUTH)
            return response.status_code

    assert asyncio.run(get()) == 400
    before = app.served.asgi
    assert isinstance(before, ResponseCache) and len(before.entries) == 1
    app.reload()
    after = app.served.asgi
    assert isinstance(after, ResponseCache) and after is not before and not after.entries
