"""Issue 9's "done when", end to end over real sockets, with no code written for the operations:

- the contract runner passes the mock serving Petstore (no fixtures) and the meetra-plus test
  spec (path, header and body operations, one without a 404);
- the validating proxy, in front of the mock serving meetra-plus, records what it forwards as
  fixtures that ``validate`` accepts and that a second mock serves byte for byte;
- the journal lists requests of every operation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.contract.support import run_contract
from tests.servers import running_proxy
from tests.support import AUTH, DEV_TOKEN, ROOT, running_mock

pytestmark = pytest.mark.slow

PETSTORE = ROOT / "tests/specs/petstore.yaml"
PLUS = ROOT / "tests/specs/meetra-plus"
WORKSPACE = {"X-Workspace-Id": "0f8fad5b-d9cb-469f-a165-70867728950e"}
PAIR = ["1c2ee2da-e2f6-433d-b554-248707c2491c", "8b3c1e7b-64da-4320-b699-0dc3cff03aae"]
HASH = "0123456789abcdef0123456789abcdef"  # no fixture of meetra-plus has it
# One request per operation, none of them answered by a fixture of meetra-plus.
REQUESTS = [
    ("GET", f"/speakers-balance?file-hash={HASH}", {}, None),
    ("GET", f"/meetings/{HASH}/speakers", {}, None),
    ("GET", f"/balance-score?file-hash={HASH}", WORKSPACE, None),
    ("POST", "/speaker-summaries", {}, {"file_hash": HASH, "speaker_ids": PAIR[:1]}),
]


@pytest.fixture(scope="module")
def plus() -> Iterator[str]:
    with running_mock("--spec", str(PLUS / "openapi.yaml"), "--fixtures", str(PLUS / "fixtures"),
                      "--no-reload", "--dynamic") as (url, _proc):
        yield url


@pytest.mark.parametrize("seed", ["1", "42"])
def test_the_contract_passes_the_mock_serving_petstore(petstore_url: str, seed: str) -> None:
    result = run_contract("--spec", str(PETSTORE), "--url", petstore_url, "--seed", seed,
                          "--max-examples", "30", timeout=240)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "PASS" in result.stdout


def test_the_contract_passes_the_mock_serving_meetra_plus(plus: str) -> None:
    result = run_contract("--spec", str(PLUS / "openapi.yaml"), "--url", plus, "--token",
                          DEV_TOKEN, "--seed", "7", "--max-examples", "30", timeout=240)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    statuses = result.stdout.split("Responses by status: ", 1)[1].splitlines()[0]
    assert "200×" in statuses and "400×" in statuses and "401×" in statuses


def send(base: str, method: str, path: str, headers: dict[str, str], body: object) -> httpx.Response:
    return httpx.request(method, base + path, headers={**AUTH, **headers}, json=body, timeout=10)


def test_recorded_fixtures_validate_and_replay_byte_for_byte(plus: str, tmp_path: Path) -> None:
    recorded = tmp_path / "recorded"
    recorded.mkdir()
    (recorded / "tokens.json").write_text((PLUS / "fixtures" / "tokens.json").read_text())
    with running_proxy(plus, tmp_path / "proxy.log", "--spec", str(PLUS / "openapi.yaml"),
                       "--record", str(recorded)) as proxy:
        through = [send(proxy, *request) for request in REQUESTS]
    assert [r.status_code for r in through] == [200, 200, 200, 200], [r.text for r in through]
    assert [r.headers.get("x-contract-violations", "0") for r in through] == ["0"] * 4
    files = sorted(p.name for p in recorded.glob("recorded-*.json"))
    assert len(files) == 4, (tmp_path / "proxy.log").read_text()
    assert all("Bearer" not in (recorded / f).read_text() for f in files)

    validate = subprocess.run(
        [sys.executable, "-m", "mockserver", "validate", "--spec", str(PLUS / "openapi.yaml"),
         "--fixtures", str(recorded)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert validate.returncode == 0, validate.stdout + validate.stderr

    with running_mock("--spec", str(PLUS / "openapi.yaml"), "--fixtures", str(recorded),
                      "--no-reload") as (replay, _proc):
        again = [send(replay, *request) for request in REQUESTS]
    assert [r.content for r in again] == [r.content for r in through]
    assert all(r.headers["x-mock-scenario"].startswith("recorded-") for r in again)


def test_the_journal_lists_every_operation(plus: str) -> None:
    httpx.delete(plus + "/__mock__/requests")
    for request in REQUESTS:
        send(plus, *request)
    journal = httpx.get(plus + "/__mock__/requests").json()
    seen = [(e["method"], e["path"], e["status"]) for e in journal["requests"]]
    assert seen == [("GET", "/speakers-balance", 200), ("GET", f"/meetings/{HASH}/speakers", 200),
                    ("GET", "/balance-score", 200), ("POST", "/speaker-summaries", 200)], \
        json.dumps(journal, indent=1)


# Per operation of meetra-plus: the fixture Prefer: example picks, and a fallback status for an
# unmatched request (getBalanceScore declares no 404, so its default fixture answers).
OPERATIONS = [
    pytest.param(REQUESTS[0], "balanced-pair", 404, id="getSpeakersBalance"),
    pytest.param(REQUESTS[1], "detected-pair", 404, id="getDetectedSpeakers-path"),
    pytest.param(REQUESTS[2], "workspace-score", 200, id="getBalanceScore-header-no-404"),
    pytest.param(REQUESTS[3], "pair-summaries", 404, id="createSpeakerSummaries-body"),
]


@pytest.fixture(scope="module")
def plain_plus(meetra_plus_url: str) -> str:
    """meetra-plus without --dynamic: unmatched requests get the spec's fallback."""
    return meetra_plus_url


def _schema(request: tuple[str, str, dict[str, str], object], status: int) -> dict[str, object]:
    from mockserver.core.spec import load_spec

    spec = load_spec(PLUS / "openapi.yaml")
    method, path = request[0].lower(), request[1].split("?")[0]
    operation = next(op for op in spec.operations.values() if op.method == method and (
        spec.template_for(path) == op.path))
    declared = operation.response_for(status)
    assert declared is not None and declared.schema is not None
    return declared.schema


@pytest.mark.parametrize(("request_", "scenario", "unmatched"), OPERATIONS)
def test_each_operation_answers_every_documented_case(plain_plus: str, request_: tuple[
        str, str, dict[str, str], object], scenario: str, unmatched: int) -> None:
    from mockserver.core.schemas import schema_findings

    method, path, headers, body = request_
    url = plain_plus + path

    def call(extra: dict[str, str], auth: bool = True) -> httpx.Response:
        sent = {**(AUTH if auth else {}), **headers, **extra}
        return httpx.request(method, url, headers=sent, json=body, timeout=10)

    assert call({}).status_code == unmatched
    assert call({}, auth=False).status_code == 401
    assert call({}, auth=False).headers["www-authenticate"].startswith("Bearer")
    picked = call({"Prefer": f"example={scenario}"})
    assert (picked.status_code, picked.headers["x-mock-scenario"]) == (200, scenario)
    refused = call({"Prefer": "code=400"})
    assert refused.status_code == 400 and schema_findings(refused.json(), _schema(request_, 400)) == []
    dynamic = call({"Prefer": "dynamic=true"})
    if unmatched == 404:  # a default fixture answers before any generated body
        assert dynamic.headers["x-mock-scenario"] == "(dynamic)"
        assert schema_findings(dynamic.json(), _schema(request_, 200)) == []
        assert call({"Prefer": "dynamic=true"}).content == dynamic.content
    slow = call({"Prefer": "delay=250"})
    assert slow.elapsed.total_seconds() >= 0.25
    preflight = httpx.options(url, headers={
        "Origin": "http://app.example", "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": ", ".join(["authorization", *map(str.lower, headers)])})
    assert preflight.status_code == 200, preflight.text
    assert method in preflight.headers["access-control-allow-methods"]
