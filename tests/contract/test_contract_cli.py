"""`mockserver contract` as a user meets it: exit codes, one-line errors, progress, JUnit.

The command runs in-process (click's CliRunner: its options, exit code, stdout and stderr) against
real servers; one run goes through a new process as a user starts it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.contract.support import ContractResult, contract_in_process, run_contract
from tests.support import DEV_TOKEN, free_port

QUICK = ("--max-examples", "5", "--seed", "7")


def test_an_unreachable_url_exits_2_with_one_clear_line() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = run_contract("--url", url, "--token", DEV_TOKEN)  # a real process: main()'s exit
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"mockserver contract: cannot reach {url}: [Errno 111] Connection refused"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("--url", "127.0.0.1:4010"), "--url must be an http(s) URL", id="url-without-scheme"
        ),
        pytest.param(
            ("--url", "ftp://127.0.0.1"), "--url must be an http(s) URL", id="url-not-http"
        ),
        pytest.param(
            ("--url", "http://127.0.0.1:1", "--spec", "nope.yaml"),
            "spec not found: nope.yaml",
            id="spec-missing",
        ),
        pytest.param(("--token", "x"), "Missing option '--url'", id="url-missing"),
        pytest.param(
            ("--url", "http://127.0.0.1:1", "--max-examples", "0"),
            "Invalid value",
            id="max-examples-zero",
        ),
    ],
)
def test_usage_errors_exit_2_without_a_traceback(args: tuple[str, ...], message: str) -> None:
    result = contract_in_process(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture(scope="module")
def conforming(mock_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[ContractResult, Path]:
    """One run against the mock with the dev token, shared by the tests that read it."""
    report = tmp_path_factory.mktemp("contract") / "contract.xml"
    result = contract_in_process(
        "--url", mock_url, "--token", DEV_TOKEN, "--junit-xml", str(report), *QUICK
    )
    return result, report


def test_a_conforming_target_exits_0_with_progress_and_a_junit_report(
    conforming: tuple[ContractResult, Path]
) -> None:
    result, report = conforming
    assert result.returncode == 0, result.stdout + result.stderr
    for line in ("  Examples: success", "  Coverage: success", "  Fuzzing: success", "PASS — "):
        assert line in result.stdout
    suite = ET.parse(report).getroot()
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
    assert [case.get("name") for case in suite.iter("testcase")] == ["GET /speakers-balance"]


def test_without_param_the_spec_examples_are_the_known_values(
    conforming: tuple[ContractResult, Path]
) -> None:
    result, _ = conforming
    assert "Known values for query.file-hash: 7faa938dfb14e7ca8129a40a7e47bb02," in result.stdout
    assert "200×" in result.stdout


def test_a_wrong_token_exits_2_with_a_one_line_diagnosis(mock_url: str) -> None:
    result = contract_in_process("--url", mock_url, "--token", "not-accepted", *QUICK)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "mockserver contract: the --token was refused: every request sent with it got 401/403, "
        "so the success path could not be tested; pass a token the target accepts"
    ]
    assert "violation" not in result.stdout


def test_no_token_against_a_secured_spec_exits_2(mock_url: str) -> None:
    result = contract_in_process("--url", mock_url, *QUICK)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "no --token was given" in result.stderr


@pytest.mark.parametrize(
    ("param", "message"),
    [
        pytest.param("file-hash", "is not NAME=VALUE", id="no-equals"),
        pytest.param("nope=1", "--param nope: no such parameter in the spec", id="unknown-name"),
    ],
)
def test_a_bad_param_is_a_usage_error(mock_url: str, param: str, message: str) -> None:
    result = contract_in_process("--url", mock_url, "--param", param, *QUICK)
    assert result.returncode == 2
    assert message in result.stderr


def test_an_operation_that_never_succeeded_gets_a_note_naming_param(impl_urls: dict[str, str]) -> None:
    # The reference knows none of the spec's example hashes: every valid request is a 404.
    result = contract_in_process("--url", impl_urls["reference"], "--token", "impl-token",
                                 *QUICK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "note: GET /speakers-balance never answered a 2xx" in result.stdout
    assert "--param NAME=VALUE" in result.stdout


def test_a_run_that_saw_a_2xx_has_no_note(conforming: tuple[ContractResult, Path]) -> None:
    result, _ = conforming
    assert "note:" not in result.stdout
