"""The validating proxy: what it says about each exchange, what it logs, what it records.

Pure checks first (conformance and recorder, no HTTP), then real processes on loopback: the
proxy (``mockserver proxy``) in front of the real mock, and in front of a deliberately broken
upstream (``tests/broken_upstream.py``) served by uvicorn.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from mockserver.core.spec import load_spec
from mockserver.proxy.app import create_proxy
from mockserver.proxy.conformance import (
    Violation,
    header_value,
    request_violations,
    response_violations,
)
from mockserver.proxy.recorder import declared_only, record, scenario_name
from mockserver.settings import ProxySettings
from tests.broken_upstream import ANSWERS, ID_A, ID_B, SLOW, STREAMED
from tests.servers import running_asgi, running_proxy
from tests.support import AUTH, BALANCED, ROOT, UNKNOWN, free_port, wait_until_up

SPEC = load_spec(ROOT / "openapi.yaml")
OP = SPEC.operations["getSpeakersBalance"]
JSON = "application/json"
VALID = b'{"speakers": [{"id": "a", "meeting_speaking_percentage": 60}, ' \
        b'{"id": "b", "meeting_speaking_percentage": 40}]}'


def validate(fixtures: Path) -> Any:
    """``mockserver validate --fixtures FIXTURES`` in-process (click's CliRunner)."""
    from click.testing import CliRunner

    from mockserver.cli import cli

    return CliRunner().invoke(cli, ["validate", "--fixtures", str(fixtures)])


def rules_of(violations: list[Violation]) -> list[str]:
    return [v.rule for v in violations]


# --- the request side, pure -------------------------------------------------------------------

REQUESTS = [
    pytest.param("GET", "/speakers-balance", [("file-hash", BALANCED)], "Bearer t", [],
                 id="valid"),
    pytest.param("GET", "/speakers-balance", [], "Bearer t", ["request:query.missing"],
                 id="hash-missing"),
    pytest.param("GET", "/speakers-balance", [("file-hash", "zz")], "Bearer t",
                 ["request:query.invalid"], id="hash-not-hex"),
    pytest.param("GET", "/speakers-balance", [("file-hash", BALANCED)] * 2, "Bearer t",
                 ["request:query.repeated"], id="hash-repeated"),
    pytest.param("GET", "/speakers-balance", [("file-hash", BALANCED)], None,
                 ["request:security"], id="no-authorization"),
    pytest.param("GET", "/speakers-balance", [("file-hash", BALANCED)], "Basic dTpw",
                 ["request:security"], id="basic-scheme"),
    pytest.param("POST", "/speakers-balance", [], "Bearer t", ["request:route"],
                 id="undeclared-method"),
    pytest.param("GET", "/speakers", [], "Bearer t", ["request:route"], id="undeclared-path"),
]


@pytest.mark.parametrize(("method", "path", "query", "authorization", "expected"), REQUESTS)
def test_request_violations(method: str, path: str, query: list[tuple[str, str]],
                            authorization: str | None, expected: list[str]) -> None:
    _op, found = request_violations(SPEC, method, path, query, authorization)
    assert rules_of(found) == expected


# --- the response side, pure ------------------------------------------------------------------

RESPONSES = [
    pytest.param(200, JSON, VALID, [], id="valid-200"),
    pytest.param(200, "application/json; charset=utf-8", VALID, [], id="valid-200-charset"),
    pytest.param(200, JSON, b'{"speakers": []}', [], id="valid-empty-meeting"),
    pytest.param(404, JSON, b'{"message": "Meeting not found"}', [], id="valid-404"),
    pytest.param(200, JSON, ANSWERS["b0000000000000000000000000000001"][2],
                 ["response:semantic:x-unique-by"], id="duplicate-ids"),
    pytest.param(200, JSON, ANSWERS["b0000000000000000000000000000002"][2],
                 ["response:semantic:x-sum-at-most"], id="sum-130"),
    pytest.param(200, JSON, ANSWERS["b0000000000000000000000000000003"][2],
                 ["response:schema:type"], id="share-as-string"),
    pytest.param(500, JSON, b'{"message": "x"}', ["response:declared-status"],
                 id="undeclared-500"),
    pytest.param(200, "text/plain", VALID, ["response:content-type"], id="text-plain"),
    pytest.param(200, None, VALID, ["response:content-type"], id="no-content-type"),
    pytest.param(200, JSON, b"<html>", ["response:json"], id="not-json"),
    pytest.param(200, JSON, b'{"speakers": [{"id": "a", "meeting_speaking_percentage": NaN}]}',
                 ["response:json"], id="nan-is-not-json"),
    pytest.param(404, JSON, b'{"error": "gone"}', ["response:schema:required"],
                 id="404-without-message"),
]


@pytest.mark.parametrize(("status", "content_type", "body", "expected"), RESPONSES)
def test_response_violations(status: int, content_type: str | None, body: bytes,
                             expected: list[str]) -> None:
    assert rules_of(response_violations(OP, status, content_type, body)) == expected


def test_header_value_is_one_ascii_line_with_count_first() -> None:
    weird = Violation("response", "$.sp\u00e9akers\n[0]", "response:schema:type", "x")
    value = header_value([weird] * 40)
    assert value.startswith("40; response $.sp\\xe9akers?[0] [response:schema:type]")
    assert value.isascii() and "\n" not in value and "\r" not in value
    assert len(value) == 400 and value.endswith("...")
    assert header_value([]) == "0"


# --- the recorder, pure -----------------------------------------------------------------------

def test_scenario_name_is_a_hash_not_the_request() -> None:
    name = scenario_name("getSpeakersBalance", {"file-hash": "../../etc/passwd"})
    assert name == scenario_name("getSpeakersBalance", {"file-hash": "../../etc/passwd"})
    assert name.startswith("recorded-") and len(name) == 25
    assert all(c in "0123456789abcdef" for c in name.removeprefix("recorded-"))


def test_declared_only_drops_undeclared_fields() -> None:
    body = json.loads(ANSWERS["b0000000000000000000000000000008"][2])
    kept = declared_only(body, OP.responses["200"].schema or {})
    assert kept == {"speakers": [{"id": s["id"], "meeting_speaking_percentage":
                                  s["meeting_speaking_percentage"]} for s in body["speakers"]]}


def test_record_never_overwrites_an_existing_file(tmp_path: Path) -> None:
    document = {"scenario": "recorded-0123456789abcdef", "operationId": "getSpeakersBalance",
                "request": {"query": {"file-hash": BALANCED}}}
    existing = tmp_path / "recorded-0123456789abcdef.json"
    existing.write_text("hand-edited, keep me")
    assert record(tmp_path, document) is None
    assert existing.read_text() == "hand-edited, keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing.name]


def test_record_skips_a_request_a_fixture_already_answers(tmp_path: Path) -> None:
    (tmp_path / "mine.json").write_text((ROOT / "fixtures" / "balanced-pair.json").read_text())
    document = {"scenario": scenario_name("getSpeakersBalance", {"query": {"file-hash": BALANCED}}),
                "operationId": "getSpeakersBalance", "request": {"query": {"file-hash": BALANCED}}}
    assert record(tmp_path, document) is None
    assert [p.name for p in tmp_path.iterdir()] == ["mine.json"]


# --- real processes: the proxy in front of the real mock --------------------------------------

@pytest.fixture(scope="module")
def mock_upstream(mock_url: str) -> str:
    return mock_url


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("recorded")


@pytest.fixture(scope="module")
def proxy_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("logs") / "proxy.log"


@pytest.fixture(scope="module")
def proxy(mock_upstream: str, recorded: Path, proxy_log: Path) -> Iterator[str]:
    with running_proxy(mock_upstream, proxy_log, "--record", str(recorded)) as url:
        yield url


def get(base: str, query: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.get(f"{base}/speakers-balance?{query}",
                     headers=AUTH if headers is None else headers, timeout=10)


def test_a_valid_answer_passes_through_with_zero_violations(proxy: str, mock_upstream: str) -> None:
    response = get(proxy, f"file-hash={BALANCED}")
    assert response.status_code == 200
    assert response.headers["X-Contract-Violations"] == "0"
    assert response.content == get(mock_upstream, f"file-hash={BALANCED}").content
    assert response.headers["X-Mock-Scenario"] == "balanced-pair"


def test_a_declared_404_is_not_a_violation(proxy: str) -> None:
    response = get(proxy, f"file-hash={UNKNOWN}")
    assert response.status_code == 404
    assert response.headers["X-Contract-Violations"] == "0"


def test_an_invalid_request_is_reported_and_still_forwarded(proxy: str, proxy_log: Path) -> None:
    response = get(proxy, "file-hash=zz")
    assert response.status_code == 400
    assert response.headers["X-Contract-Violations"] == "1; request $.query [request:query.invalid]"
    assert "file-hash=zz -> 400: request $.query: [request:query.invalid]" in proxy_log.read_text()


def test_a_valid_200_is_recorded_once_and_loads_as_a_fixture(proxy: str, recorded: Path) -> None:
    query = "file-hash=c1b1f68da79c1f60a13241909caa7743"
    first = get(proxy, query)
    get(proxy, query)
    files = list(recorded.glob("*.json"))
    name = scenario_name("getSpeakersBalance",
                         {"query": {"file-hash": "c1b1f68da79c1f60a13241909caa7743"}})
    assert name + ".json" in [f.name for f in files]
    doc = json.loads((recorded / f"{name}.json").read_text())
    assert doc["response"] == {"status": 200, "body": first.json()}
    result = validate(recorded)
    assert result.exit_code == 0, result.output


def test_errors_are_never_recorded(proxy: str, recorded: Path) -> None:
    get(proxy, f"file-hash={UNKNOWN}")
    get(proxy, f"file-hash={BALANCED}", headers={})
    assert not any(UNKNOWN in f.read_text() for f in recorded.glob("*.json"))


# --- real processes: the proxy in front of a broken upstream ----------------------------------

@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_asgi("tests.broken_upstream:app",
                      tmp_path_factory.mktemp("logs") / "broken.log") as url:
        yield url


@pytest.fixture(scope="module")
def broken_recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("broken-recorded")


@pytest.fixture(scope="module")
def broken_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("logs") / "proxy-broken.log"


@pytest.fixture(scope="module")
def broken_proxy(broken: str, broken_recorded: Path, broken_log: Path) -> Iterator[str]:
    with running_proxy(broken, broken_log, "--record", str(broken_recorded)) as url:
        yield url


BROKEN = [
    pytest.param("1", 200, "1; response $.speakers[1].id [response:semantic:x-unique-by]",
                 id="duplicate-ids"),
    pytest.param("2", 200, "1; response $.speakers [response:semantic:x-sum-at-most]",
                 id="sum-130"),
    pytest.param("3", 200, "1; response $.speakers[0].meeting_speaking_percentage "
                 "[response:schema:type]", id="share-as-string"),
    pytest.param("4", 500, "1; response $.status [response:declared-status]", id="status-500"),
    pytest.param("5", 200, "1; response $.headers.Content-Type [response:content-type]",
                 id="text-plain"),
    pytest.param("6", 200, "1; response $ [response:json]", id="not-json"),
    pytest.param("7", 404, "1; response $ [response:schema:required]", id="404-without-message"),
    pytest.param("8", 200, "0", id="undeclared-fields-are-allowed"),
    pytest.param("9", 200, "0", id="gzip-on-the-wire"),
]


@pytest.mark.parametrize(("digit", "status", "header"), BROKEN)
def test_broken_upstream_answers_are_flagged_and_logged(
    broken_proxy: str, broken_log: Path, digit: str, status: int, header: str
) -> None:
    file_hash = "b" + "0" * 30 + digit
    response = get(broken_proxy, f"file-hash={file_hash}")
    assert response.status_code == status
    assert response.headers["X-Contract-Violations"] == header
    assert response.content == _decoded(ANSWERS[file_hash][2])
    if header != "0":
        rule = header.rsplit("[", 1)[1].rstrip("]")
        assert f"file-hash={file_hash} -> {status}: response " in broken_log.read_text()
        assert f"[{rule}]" in broken_log.read_text()


def _decoded(body: bytes) -> bytes:
    import gzip

    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def test_only_the_valid_200s_of_a_broken_upstream_are_recorded(
    broken_proxy: str, broken_recorded: Path
) -> None:
    for digit in "123456789":
        get(broken_proxy, f"file-hash=b{'0' * 30}{digit}")
    queries = sorted(json.loads(f.read_text())["request"]["query"]["file-hash"]
                     for f in broken_recorded.glob("*.json"))
    assert queries == ["b0000000000000000000000000000008", "b0000000000000000000000000000009"]
    result = validate(broken_recorded)
    assert result.exit_code == 0, result.output


def test_hop_by_hop_headers_are_not_forwarded(broken_proxy: str) -> None:
    response = httpx.get(f"{broken_proxy}/echo", timeout=10, headers={
        **AUTH, "Connection": "keep-alive, X-Private-Hop", "X-Private-Hop": "1",
        "Proxy-Authorization": "Basic c2VjcmV0", "TE": "trailers", "X-End-To-End": "2"})
    seen = {name for name, _value in response.json()}
    assert {"authorization", "x-end-to-end"} <= seen
    assert not {"x-private-hop", "proxy-authorization", "te"} & seen
    assert response.headers["X-Contract-Violations"].startswith("1; request $.route")


def test_an_unreachable_upstream_is_a_502_with_a_message(tmp_path: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    with running_proxy(closed, tmp_path / "proxy.log") as url:
        response = get(url, f"file-hash={BALANCED}")
    assert response.status_code == 502
    assert response.headers["content-type"] == JSON
    message = response.json()["message"]
    assert f"the upstream {closed} could not be reached (ConnectError" in message
    assert "Check --upstream" in message
    assert "-> 502: Bad gateway" in (tmp_path / "proxy.log").read_text()


def test_a_bad_upstream_url_is_refused_at_start() -> None:
    result = subprocess.run([sys.executable, "-m", "mockserver", "proxy", "--upstream",
                             "ftp://example"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "is not an http(s) URL with a host" in result.stderr


def test_a_chunked_answer_is_checked_whole(broken_proxy: str) -> None:
    response = get(broken_proxy, f"file-hash={STREAMED}")
    assert response.status_code == 200
    assert response.headers["X-Contract-Violations"] == "0"
    assert [s["meeting_speaking_percentage"] for s in response.json()["speakers"]] == [25.0, 75.0]


def test_a_slow_upstream_is_a_504_with_a_message(broken: str, tmp_path: Path) -> None:
    with running_proxy(broken, tmp_path / "proxy.log", "--timeout", "0.3") as url:
        response = get(url, f"file-hash={SLOW}")
    assert response.status_code == 504
    assert response.headers["content-type"] == JSON
    assert "did not answer in time (ReadTimeout" in response.json()["message"]


@contextlib.contextmanager
def serving_in_thread(app: Any) -> Iterator[str]:
    """Real uvicorn on a loopback port, in a thread, for an app built with custom settings."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_a_body_over_the_limit_streams_through_unchecked(broken: str) -> None:
    app = create_proxy(ProxySettings(upstream=broken, max_checked_bytes=64))
    with serving_in_thread(app) as url:
        response = get(url, f"file-hash={STREAMED}")
    assert response.status_code == 200
    assert response.headers["X-Contract-Violations"] == "1; response $ [proxy:too-large-to-check]"
    assert [s["id"] for s in response.json()["speakers"]] == [ID_A, ID_B]
