"""Proof that `mockserver contract` works: correct implementations pass, each defect is caught
by the check that should catch it. Keep this table and docs/contract.md in step."""

from __future__ import annotations

import concurrent.futures
import subprocess
import sys

import pytest

from tests.contract.support import ContractResult, run_contract
from tests.impls.defects import COMBINED, DEFECTS, FOREIGN
from tests.impls.reference import KNOWN_HASHES, TOKEN
from tests.support import DEV_TOKEN, ROOT

pytestmark = pytest.mark.slow

# defect -> the check that must report it (others may report it too).
CAUGHT_BY: dict[str, str] = {
    "string-percentage": "response_schema_conformance",
    "nan-share": "strict_json",
    "missing-id": "response_schema_conformance",
    "share-over-100": "response_schema_conformance",
    "negative-share": "response_schema_conformance",
    "duplicate-ids": "spec_rules",
    "sum-above-100": "spec_rules",
    "speakers-null": "response_schema_conformance",
    "auth-not-enforced": "ignored_auth",
    "undocumented-403": "status_code_conformance",
    "403-for-bad-token": "rejected_token_gets_401",
    "500-on-malformed-hash": "not_a_server_error",
    "404-for-malformed-hash": "negative_data_rejection",
    "problem-json-errors": "content_type_conformance",
    "detail-errors": "response_schema_conformance",
    "text-plain-200": "content_type_conformance",
}
# Small but enough: every defect above is caught with this budget and seed (see docs/contract.md).
BUDGET = ("--max-examples", "25", "--seed", "1")


def _impl_args(url: str) -> tuple[str, ...]:
    hashes = [arg for h in (*KNOWN_HASHES, FOREIGN) for arg in ("--param", f"file-hash={h}")]
    return ("--url", url, "--token", TOKEN, *hashes, *BUDGET)


@pytest.fixture(scope="module")
def results(impl_urls: dict[str, str], mock_url: str) -> dict[str, ContractResult]:
    """`mockserver contract` against every implementation and the mock, run concurrently."""
    jobs = {name: _impl_args(url) for name, url in impl_urls.items()}
    jobs["mock"] = ("--url", mock_url, "--token", DEV_TOKEN, *BUDGET)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(run_contract, *args) for name, args in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def test_every_defect_has_an_expected_check() -> None:
    assert set(CAUGHT_BY) == set(DEFECTS)
    assert len(DEFECTS) >= 14


@pytest.mark.parametrize("name", ["reference", "mock"])
def test_a_correct_implementation_passes(results: dict[str, ContractResult], name: str) -> None:
    result = results[name]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS" in result.stdout
    assert "200×" in result.stdout, "the 200 path was never exercised"


@pytest.mark.parametrize("defect", [pytest.param(name, id=name) for name in CAUGHT_BY])
def test_a_defect_is_caught_by_its_check(results: dict[str, ContractResult], defect: str) -> None:
    result = results[defect]
    expected = CAUGHT_BY[defect]
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.caught, f"{defect}: caught by {sorted(result.caught)}, not {expected}"
    assert "Spec clause: paths./speakers-balance.get" in result.stdout
    assert "Reproduce with:" in result.stdout and "curl -X GET" in result.stdout
    assert "Cases: " in result.stdout


def test_a_report_of_two_different_defects_shows_both(results: dict[str, ContractResult]) -> None:
    (name,) = COMBINED
    result = results[name]
    assert result.returncode == 1, result.stdout + result.stderr
    assert {"spec_rules", "rejected_token_gets_401"} <= result.caught, result.stdout
    assert "FAIL: rejected_token_gets_401, spec_rules" in result.stdout


def test_each_distinct_violation_is_listed_once_with_its_case_count(
    results: dict[str, ContractResult],
) -> None:
    out = results["detail-errors"].stdout
    headers = [line for line in out.splitlines() if line[:1].isdigit() and ". [" in line]
    assert len(headers) == len(set(headers)), headers
    counts = [int(line.split("Cases: ")[1]) for line in out.splitlines() if "Cases: " in line]
    assert counts and max(counts) > 1, "every case runs: a violation is hit more than once"


def test_plain_schemathesis_applies_the_semantic_checks_from_the_repo_config(
    impl_urls: dict[str, str],
) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            "openapi.yaml",
            "--url",
            impl_urls["detail-errors"],
            "-H",
            f"Authorization: Bearer {TOKEN}",
            "--no-color",
            "--max-examples",
            "10",
            "--seed",
            "1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Response violates schema" in result.stdout
