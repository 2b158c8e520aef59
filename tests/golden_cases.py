"""The table of golden black-box cases: the readable spec of what the mock does.

One row per behaviour: the request, and the answer it must get (status, headers, and either the
exact body or the fragments its ``message`` must contain). ``tests/test_golden.py`` sends each row
to a real uvicorn; ``tests/test_response_cache.py`` replays them through the cache.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import jwt
import pytest

from tests.support import AUTH, BALANCED, ROOT, UNKNOWN

KEY = "a-test-signing-key-the-mock-never-checks"
FUTURE_JWT = jwt.encode({"sub": "frontend-user", "exp": 4102444800}, KEY, algorithm="HS256")
NO_EXP_JWT = jwt.encode({"sub": "frontend-user"}, KEY, algorithm="HS256")
EXPIRED_JWT = jwt.encode({"sub": "frontend-user", "exp": 1000000000}, KEY, algorithm="HS256")
HEX_RULE = "16 to 128 hexadecimal characters"


def fixture_body(name: str) -> Any:
    return json.loads((ROOT / "fixtures" / f"{name}.json").read_text())["response"]["body"]


@dataclasses.dataclass(frozen=True)
class Case:
    query: str = f"file-hash={BALANCED}"
    headers: dict[str, str] = dataclasses.field(default_factory=lambda: dict(AUTH))
    method: str = "GET"
    path: str = "/speakers-balance"
    status: int = 200
    body: Any = None
    """Exact JSON body expected, or None to check ``message`` fragments instead."""
    says: tuple[str, ...] = ()
    """Fragments the error ``message`` must contain."""
    response_headers: dict[str, str] = dataclasses.field(default_factory=dict)
    """Headers that must be present; a value of "" only checks presence."""


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


CASES = [
    # --- 200: a fixture answers ---------------------------------------------------------------
    pytest.param(Case(body=fixture_body("balanced-pair"),
                      response_headers={"X-Mock-Scenario": "balanced-pair"}), id="200-fixture-by-hash"),
    pytest.param(Case(query="file-hash=abcdef1234567890", body=fixture_body("rounding-thirds")),
                 id="200-16-char-hash-from-docs"),
    pytest.param(Case(query="file-hash=df0cb120d0285ed0f5710dfba4fa1c74", body={"speakers": []}),
                 id="200-empty-meeting"),
    pytest.param(Case(headers=auth(FUTURE_JWT), body=fixture_body("balanced-pair")),
                 id="200-any-jwt-with-future-exp"),
    pytest.param(Case(headers=auth(NO_EXP_JWT), body=fixture_body("balanced-pair")),
                 id="200-any-jwt-without-exp"),
    pytest.param(Case(query=f"file-hash={BALANCED}&utm_source=x", body=fixture_body("balanced-pair")),
                 id="200-unknown-extra-parameter-ignored"),
    # --- 400: the file-hash parameter ---------------------------------------------------------
    pytest.param(Case(query="", status=400, says=("Missing required query parameter 'file-hash'", HEX_RULE)),
                 id="400-hash-missing"),
    pytest.param(Case(query="file-hash=", status=400, says=("'file-hash' is empty", HEX_RULE)),
                 id="400-hash-empty"),
    pytest.param(Case(query="file-hash=7faa938dfb14e7ca8129a40a7e47bbzz", status=400,
                      says=("character 'z' at position 30 is not allowed", HEX_RULE)),
                 id="400-hash-not-hex"),
    pytest.param(Case(query="file-hash=abcdef123456789", status=400, says=("too short (15 characters)", HEX_RULE)),
                 id="400-hash-too-short"),
    pytest.param(Case(query="file-hash=" + "a" * 129, status=400, says=("too long (129 characters)", HEX_RULE)),
                 id="400-hash-too-long"),
    pytest.param(Case(query=f"file-hash={BALANCED}%0A", status=400, says=("line break (%0A) at position 32", HEX_RULE)),
                 id="400-hash-trailing-newline"),
    pytest.param(Case(query=f"file-hash={BALANCED}&file-hash={BALANCED}", status=400,
                      says=("'file-hash' was given 2 times; send it exactly once", HEX_RULE)),
                 id="400-hash-repeated"),
    # --- 401: authentication, always with WWW-Authenticate ------------------------------------
    pytest.param(Case(headers={}, status=401, says=("missing Authorization header", "Bearer <token>"),
                      response_headers={"WWW-Authenticate": 'Bearer realm="meetra"'}),
                 id="401-no-authorization-header"),
    pytest.param(Case(headers={"Authorization": "Basic dXNlcjpwYXNz"}, status=401,
                      says=("scheme 'Basic' is not supported", "Bearer <token>"),
                      response_headers={"WWW-Authenticate": ""}), id="401-non-bearer-scheme"),
    pytest.param(Case(headers={"Authorization": "Bearer"}, status=401, says=("token is empty",),
                      response_headers={"WWW-Authenticate": ""}), id="401-empty-token"),
    pytest.param(Case(headers=auth("SCHEMATHESIS-INVALID-VALUE"), status=401,
                      says=("invalid or expired token", "tokens.json", "--token", "JWT"),
                      response_headers={"WWW-Authenticate": 'Bearer realm="meetra", error="invalid_token"'}),
                 id="401-unknown-token"),
    pytest.param(Case(headers=auth(EXPIRED_JWT), status=401, says=("JWT expired at 2001-09-09 01:46:40",),
                      response_headers={"WWW-Authenticate": ""}), id="401-expired-jwt"),
    pytest.param(Case(query="file-hash=zz", headers={}, status=401, says=("missing Authorization",)),
                 id="401-auth-is-checked-before-parameters"),
    # --- 404 ----------------------------------------------------------------------------------
    pytest.param(Case(query=f"file-hash={UNKNOWN}", status=404,
                      says=("Meeting not found", UNKNOWN, "Prefer: example=<scenario>")),
                 id="404-well-formed-hash-without-fixture"),
    pytest.param(Case(query=f"file-hash={BALANCED.upper()}", status=404, says=("Meeting not found",)),
                 id="404-hashes-match-exactly-case-sensitive"),
    pytest.param(Case(path="/speakers", query="", status=404,
                      says=("no route for '/speakers'", "GET /speakers-balance")), id="404-unknown-path"),
    # --- 405 ----------------------------------------------------------------------------------
    pytest.param(Case(method="POST", status=405, says=("POST /speakers-balance", "Allowed methods: GET"),
                      response_headers={"Allow": "GET"}), id="405-post"),
    pytest.param(Case(method="DELETE", status=405, says=("DELETE",), response_headers={"Allow": "GET"}),
                 id="405-delete"),
    # --- Prefer: choosing a response on purpose (Prism-compatible) ----------------------------
    pytest.param(Case(headers={**AUTH, "Prefer": "code=404"}, status=404, body={"message": "Meeting not found"}),
                 id="prefer-code-404-spec-example"),
    pytest.param(Case(headers={**AUTH, "Prefer": "code=400"}, status=400, body={"message": "Bad request"}),
                 id="prefer-code-400-spec-example"),
    pytest.param(Case(headers={**AUTH, "Prefer": "code=401"}, status=401, body={"message": "Unauthorized"},
                      response_headers={"WWW-Authenticate": ""}), id="prefer-code-401-spec-example"),
    pytest.param(Case(query=f"file-hash={UNKNOWN}", headers={**AUTH, "Prefer": "code=200"},
                      body=fixture_body("balanced-pair")), id="prefer-code-200-spec-example"),
    pytest.param(Case(query=f"file-hash={UNKNOWN}", headers={**AUTH, "Prefer": "example=many-speakers"},
                      body=fixture_body("many-speakers"),
                      response_headers={"X-Mock-Scenario": "many-speakers"}),
                 id="prefer-example-whatever-the-hash"),
    pytest.param(Case(headers={**AUTH, "Prefer": "example=tiny-share, code=200"}, body=fixture_body("tiny-share")),
                 id="prefer-example-and-matching-code"),
    pytest.param(Case(headers={**AUTH, "Prefer": "code=500"}, status=400,
                      says=("code=500 is not a declared response", "code=<one of 200, 400, 401, 404>")),
                 id="prefer-undeclared-code"),
    pytest.param(Case(headers={**AUTH, "Prefer": "example=nope"}, status=400,
                      says=("example='nope' is not a scenario", "balanced-pair", "tiny-share")),
                 id="prefer-unknown-example"),
    pytest.param(Case(headers={**AUTH, "Prefer": "return=minimal"}, status=400,
                      says=("'return=minimal' is not a supported preference", "code=<one of")),
                 id="prefer-unknown-preference"),
    pytest.param(Case(headers={**AUTH, "Prefer": "code=abc"}, status=400, says=("code='abc' is not a status code",)),
                 id="prefer-malformed-code"),
    pytest.param(Case(headers={**AUTH, "Prefer": "example=solo-speaker, code=404"}, status=400,
                      says=("answers 200, not code=404",)), id="prefer-example-conflicts-with-code"),
    pytest.param(Case(headers={"Prefer": "code=200"}, status=401, says=("missing Authorization",)),
                 id="prefer-does-not-bypass-auth"),
    # --- Prefer: dynamic data and latency -----------------------------------------------------
    # (What `Prefer: dynamic=true` generates for a hash is pinned in tests/test_dynamic.py: the
    # body comes from the generic schema generator, not from a speakers-specific one.)
    pytest.param(Case(headers={**AUTH, "Prefer": "dynamic=true"}, body=fixture_body("balanced-pair"),
                      response_headers={"X-Mock-Scenario": "balanced-pair"}),
                 id="prefer-dynamic-a-fixture-still-wins"),
    pytest.param(Case(query=f"file-hash={UNKNOWN}", headers={**AUTH, "Prefer": "dynamic=false"},
                      status=404, says=("Meeting not found",)), id="prefer-dynamic-false-stays-404"),
    pytest.param(Case(headers={**AUTH, "Prefer": "dynamic=maybe"}, status=400,
                      says=("dynamic='maybe' is not true or false", "dynamic=<true or false>")),
                 id="prefer-dynamic-malformed"),
    pytest.param(Case(headers={**AUTH, "Prefer": "delay=150"}, body=fixture_body("balanced-pair")),
                 id="prefer-delay-answers-the-same-body"),
    pytest.param(Case(headers={**AUTH, "Prefer": "delay=60001"}, status=400,
                      says=("60001 ms is more than the 60000 ms (60 s) allowed",
                            "delay=<a whole number of milliseconds from 0 to 60000 (60 s)>")),
                 id="prefer-delay-over-60-s"),
    pytest.param(Case(headers={**AUTH, "Prefer": "delay=1.5s"}, status=400,
                      says=("'1.5s' is not a whole number of milliseconds",)),
                 id="prefer-delay-malformed"),
    pytest.param(Case(headers={**AUTH, "Prefer": "return=minimal"}, status=400,
                      says=("code=<one of", "example=<one of", "dynamic=<true or false>", "delay=<")),
                 id="prefer-invalid-lists-every-preference"),
]
