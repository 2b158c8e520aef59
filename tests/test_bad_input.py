"""A catalogue of bad input, sent as raw bytes to a real uvicorn over loopback.

Each row gets either a spec-shaped 4xx (``{"message": ...}`` as application/json) from the mock,
or, for bytes that are not parseable HTTP, uvicorn's own clean ``400 Invalid HTTP request
received.`` (text/plain, then the connection closes). After every row the server still answers
a normal request with 200. What uvicorn (httptools) does itself is recorded in
``docs/reliability.md``.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.rawhttp import GOOD_TARGET, UVICORN_400, Answer, address, exchange, request
from tests.support import AUTH, BALANCED, running_mock

HASH = BALANCED.encode()
SPEAKERS = b"/speakers-balance?file-hash="


def jwt_with(payload: bytes) -> bytes:
    """A JWT-shaped token whose payload is exactly ``payload`` (no JSON encoder in the way)."""
    def b64(raw: bytes) -> bytes:
        return base64.urlsafe_b64encode(raw).rstrip(b"=")
    return b64(b'{"alg":"HS256","typ":"JWT"}') + b"." + b64(payload) + b"." + b64(b"signature")


@dataclasses.dataclass(frozen=True)
class Bad:
    data: bytes
    status: int | frozenset[int]
    """The status the mock must answer (a set where a later feature may change 404 to 400)."""
    by: str = "mock"
    """"mock": a spec-shaped {message} JSON error; "uvicorn": the HTTP server's clean 400."""
    says: str = ""
    """A fragment the message must contain."""


MOCK_404 = frozenset({400, 404})

CATALOGUE = [
    # --- size -----------------------------------------------------------------------------------
    pytest.param(Bad(request(SPEAKERS + b"a" * 16 * 1024), 400, says="too long (16384 characters)"),
                 id="query-16kb-hash"),
    pytest.param(Bad(request(SPEAKERS + b"a" * 1024 * 1024), 400, by="uvicorn"),
                 id="query-1mb-hash"),
    pytest.param(Bad(request(GOOD_TARGET + b"&pad=" + b"a" * 1024 * 1024), 400, by="uvicorn"),
                 id="query-1mb-padding"),
    pytest.param(Bad(request(headers=[b"Authorization: Bearer " + b"t" * 64 * 1024], token=None),
                     401, says="invalid or expired token"),
                 id="64kb-authorization-header"),
    pytest.param(Bad(request(b"/speakers-balance?" + b"&".join([b"file-hash=" + HASH] * 500)), 400,
                     says="was given 500 times"),
                 id="500-repeated-file-hash"),
    pytest.param(Bad(request(headers=[b"Prefer: example=" + b"p" * 60000]), 400,
                     says="(60000 characters) is not a scenario"),
                 id="60kb-prefer-example"),
    pytest.param(Bad(request(headers=[b"Prefer: " + b"x=1, " * 12000]), 400,
                     says="is not a supported preference"),
                 id="60kb-prefer-12000-items"),
    # --- encoding -------------------------------------------------------------------------------
    pytest.param(Bad(request(SPEAKERS + b"%zz%4"), 400, says="character '%' at position 0"),
                 id="invalid-percent-encoding"),
    pytest.param(Bad(request(SPEAKERS + HASH[:-2] + b"%G1"), 400, says="character '%'"),
                 id="invalid-percent-encoding-in-hash"),
    pytest.param(Bad(request(SPEAKERS + HASH + b"%00"), 400, says="NUL character (%00)"),
                 id="nul-in-hash"),
    pytest.param(Bad(request(SPEAKERS + b"%00" + HASH), 400, says="NUL character (%00)"),
                 id="nul-first-in-hash"),
    pytest.param(Bad(request(SPEAKERS + HASH + b"%0D%0A"), 400, says="line break (%0D)"),
                 id="encoded-crlf-in-hash"),
    pytest.param(Bad(request(SPEAKERS + b"%ff%fe" + HASH), 400, says="is not allowed"),
                 id="non-utf8-percent-encoded-in-hash"),
    pytest.param(Bad(request(SPEAKERS + b"\xff\xfe" + HASH), 400, by="uvicorn"),
                 id="non-utf8-raw-bytes-in-query"),
    pytest.param(Bad(request(b"/speakers-balance\xff?file-hash=" + HASH), 400, by="uvicorn"),
                 id="non-utf8-raw-bytes-in-path"),
    pytest.param(Bad(request(b"/speakers-balance%ff?file-hash=" + HASH), 404, says="no route"),
                 id="non-utf8-percent-encoded-in-path"),
    pytest.param(Bad(request(token=b"\xff\xfe\xfd"), 401, says="invalid or expired token"),
                 id="non-utf8-bytes-in-token"),
    pytest.param(Bad(request(headers=[b"Prefer: example=\xff\xfe"]), 400,
                     says="is not a scenario"),
                 id="non-utf8-bytes-in-prefer"),
    # --- header framing -------------------------------------------------------------------------
    pytest.param(Bad(request(headers=[b"X-Note: a\rb"]), 400, by="uvicorn"),
                 id="bare-cr-in-header-value"),
    pytest.param(Bad(request(headers=[b"X-Note: a\nb"]), 400, by="uvicorn"),
                 id="bare-lf-in-header-value"),
    pytest.param(Bad(request(headers=[b"X-Note: a", b" folded"]), 400, by="uvicorn"),
                 id="obsolete-line-folding"),
    pytest.param(Bad(request(headers=[b"X-Note: \x00"]), 400, by="uvicorn"),
                 id="nul-in-header-value"),
    pytest.param(Bad(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400, by="uvicorn"),
                 id="tls-hello-on-plain-http"),
    # --- path traversal -------------------------------------------------------------------------
    pytest.param(Bad(request(SPEAKERS + b"../../../../etc/passwd"), 400, says="character '.'"),
                 id="traversal-in-hash"),
    pytest.param(Bad(request(SPEAKERS + b"..%2F..%2F..%2Fetc%2Fpasswd"), 400,
                     says="character '.'"),
                 id="encoded-traversal-in-hash"),
    pytest.param(Bad(request(SPEAKERS + b"%2Fetc%2Fpasswd"), 400, says="character '/'"),
                 id="absolute-path-in-hash"),
    pytest.param(Bad(request(b"/ui/../../../../etc/passwd"), 404, says="no route"),
                 id="traversal-under-ui"),
    pytest.param(Bad(request(b"/ui/..%2F..%2F..%2F..%2Fetc%2Fpasswd"), 404, says="no route"),
                 id="encoded-traversal-under-ui"),
    pytest.param(Bad(request(b"/ui/%2e%2e/%2e%2e/pyproject.toml"), 404, says="no route"),
                 id="dot-encoded-traversal-under-ui"),
    pytest.param(Bad(request(b"/ui/..%5C..%5Cpyproject.toml"), 404, says="no route"),
                 id="backslash-traversal-under-ui"),
    pytest.param(Bad(request(b"/ui//etc/passwd"), 404, says="no route"),
                 id="absolute-path-under-ui"),
    pytest.param(Bad(request(b"/__mock__/../../../etc/passwd"), MOCK_404),
                 id="traversal-under-mock-admin"),
    pytest.param(Bad(request(b"/__mock__/fixtures/..%2F..%2Fpyproject.toml"), MOCK_404),
                 id="encoded-traversal-under-mock-admin"),
    pytest.param(Bad(request(b"/__mock__/fixtures/%2Fetc%2Fpasswd"), MOCK_404),
                 id="absolute-path-under-mock-admin"),
    # --- tokens ---------------------------------------------------------------------------------
    pytest.param(Bad(request(token=b"eyJ!!!.@@@@.###"), 401, says="invalid or expired token"),
                 id="jwt-garbage-base64"),
    pytest.param(Bad(request(token=b"aGVsbG8.d29ybGQ.c2ln"), 401, says="invalid or expired token"),
                 id="jwt-base64-of-non-json"),
    pytest.param(Bad(request(token=jwt_with(b'{"exp":1e300}')), 401, says="'exp' claim (1e+300)"),
                 id="jwt-exp-1e300"),
    pytest.param(Bad(request(token=jwt_with(b'{"exp":1e309}')), 401, says="'exp' claim (inf)"),
                 id="jwt-exp-overflows-to-infinity"),
    pytest.param(Bad(request(token=jwt_with(b'{"exp":' + b"9" * 400 + b"}")), 401,
                     says="is not a date"),
                 id="jwt-exp-400-digit-int"),
    pytest.param(Bad(request(token=jwt_with(b'{"exp":' + b"9" * 5000 + b"}")), 401,
                     says="invalid or expired token"),
                 id="jwt-exp-5000-digit-int"),
    pytest.param(Bad(request(token=jwt_with(b'{"exp":-1e300}')), 401, says="a time long past"),
                 id="jwt-exp-minus-1e300"),
    pytest.param(Bad(request(token=jwt_with(b'{"exp":NaN}')), 401, says="is not a date"),
                 id="jwt-exp-nan"),
    pytest.param(Bad(request(token=jwt_with(b'{"exp":"tomorrow"}')), 401, says="is not a date"),
                 id="jwt-exp-string"),
]


@pytest.fixture(scope="module")
def mock() -> Iterator[str]:
    """A server of this module's own: a row that broke it must not break other modules."""
    with running_mock() as (url, _proc):
        yield url


def assert_healthy(url: str) -> None:
    response = httpx.get(f"{url}/speakers-balance?file-hash={BALANCED}", headers=AUTH, timeout=5)
    assert response.status_code == 200, response.text


def assert_spec_shaped(answer: Answer, says: str = "") -> None:
    assert answer.content_type == "application/json", answer
    body = answer.json()
    assert isinstance(body, dict) and list(body) == ["message"], body
    assert isinstance(body["message"], str) and body["message"], body
    assert says in body["message"], body["message"]


@pytest.mark.parametrize("bad", CATALOGUE)
def test_bad_input_gets_a_clean_4xx_and_the_server_stays_healthy(mock: str, bad: Bad) -> None:
    result = exchange(mock, bad.data)
    assert len(result.answers) == 1, result
    answer = result.answers[0]
    allowed = bad.status if isinstance(bad.status, frozenset) else {bad.status}
    assert answer.status in allowed, answer
    if bad.by == "mock":
        assert_spec_shaped(answer, bad.says)
    else:
        assert answer.content_type.startswith("text/plain"), answer
        assert answer.body == UVICORN_400
        assert result.closed, "uvicorn closes the connection after a 400 for unparseable HTTP"
    assert b"root:" not in answer.body and b"[build-system]" not in answer.body
    assert_healthy(mock)


@pytest.mark.timeout(60)
def test_many_undeclared_query_parameters_do_not_stall_the_server(mock: str) -> None:
    """Regression: Connexion logged one ERROR line per undeclared query parameter while the
    handler took ``**kwargs``; with the server's output on an undrained pipe (as in
    ``running_mock``) the log filled the pipe after ~300 requests and the server froze."""
    with httpx.Client(base_url=mock, headers=AUTH, timeout=5) as client:
        for index in range(1200):
            response = client.get(f"/speakers-balance?file-hash={BALANCED}&"
                                  f"utm_campaign_{'x' * 40}={index}")
            assert response.status_code == 200


def test_http_1_0_request_gets_an_answer_and_the_connection_closes(mock: str) -> None:
    result = exchange(mock, request(version=b"HTTP/1.0", close=False))
    assert [a.status for a in result.answers] == [200]
    assert result.answers[0].json()["speakers"]
    assert result.closed


def test_pipelined_requests_are_answered_in_order(mock: str) -> None:
    data = b"".join([
        request(close=False),
        request(SPEAKERS + b"fa38ce9d1c53b054b3ff510c370bda5c", close=False),
        request(SPEAKERS + b"zz", close=False),
        request(token=b"nope", close=False),
        request(b"/nowhere"),
    ])
    result = exchange(mock, data, expect=5)
    assert [a.status for a in result.answers] == [200, 404, 400, 401, 404]
    for answer in result.answers[1:]:
        assert_spec_shaped(answer)
    assert result.closed


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_slow_clients_do_not_block_a_normal_request(mock: str) -> None:
    """100 clients trickle their headers byte by byte; a normal request still answers fast."""
    partial = request(close=False)[:-2]  # never sends the final CRLF on its own
    sockets = [socket.create_connection(address(mock), timeout=5) for _ in range(100)]
    waits: list[float] = []
    try:
        for position in range(40):  # 40 rounds of one byte per client, ~4 s
            for sock in sockets:
                sock.sendall(partial[position:position + 1])
            if position % 10 == 9:
                started = time.monotonic()
                assert_healthy(mock)
                waits.append(time.monotonic() - started)
                assert waits[-1] < 2.0
            time.sleep(0.1)
        for sock in sockets:  # finish every request: each one is then answered
            sock.sendall(partial[40:] + b"\r\n")
        statuses = [_read_status(sock) for sock in sockets]
        assert statuses == [200] * 100
        print(f"slow clients: normal request answered in {max(waits) * 1000:.0f} ms at worst")
    finally:
        for sock in sockets:
            sock.close()
    assert_healthy(mock)


def _read_status(sock: socket.socket) -> int:
    buffer = b""
    while b"\r\n" not in buffer:
        chunk = sock.recv(4096)
        assert chunk, "closed without an answer"
        buffer += chunk
    return int(buffer.split(b" ")[1])


def test_a_row_that_breaks_the_mock_is_caught() -> None:
    """The catalogue's checks can fail: a text/plain 400 is not spec-shaped."""
    fake = Answer(400, {"content-type": "text/plain"}, b"Bad request")
    with pytest.raises(AssertionError):
        assert_spec_shaped(fake)
    with pytest.raises(AssertionError):
        assert_spec_shaped(Answer(400, {"content-type": "application/json"},
                                  json.dumps({"error": "x"}).encode()))
