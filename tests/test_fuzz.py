"""Long fuzz: Schemathesis (CLI, every built-in check) against the real mock over loopback (the
session's server: fuzzing only reads).

Figures come from Schemathesis' own reports (JSON run report, NDJSON events, JUnit), never from
assumptions: how many cases it generated, in which mode, what the mock answered, which checks ran.
The run uses the repository's ``schemathesis.toml`` (strict expected statuses, the semantic
checks registered by ``mockserver.contract.hooks``, the fixture hashes fed into generation), so
"zero contract violations" includes the rules JSON Schema cannot express.
"""

from __future__ import annotations

import collections
import dataclasses
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support import DEV_TOKEN, ROOT

SEED = 20261124
MIN_CASES = 2000
PROJECT_CONFIG = ROOT / "schemathesis.toml"
POSITIVE = 'expected-statuses = ["200", "404"]'
SEMANTIC = {"spec_rules", "strict_json", "rejected_token_gets_401"}
ALLOWED = {200, 400, 401, 404, 405}
"""What the spec declares (200/400/401/404), plus the 405 the unsupported_method check asks for."""


@dataclasses.dataclass(frozen=True)
class Run:
    exit_code: int
    output: str
    summary: dict[str, object]
    modes: collections.Counter[str]
    statuses: collections.Counter[int]
    checks: collections.Counter[tuple[str, str]]
    junit: ET.Element


def fuzz(url: str, tmp: Path, max_examples: int, positive: str = '"200", "404"') -> Run:
    config = tmp / "schemathesis.toml"
    text = PROJECT_CONFIG.read_text()
    assert POSITIVE in text
    config.write_text(text.replace(POSITIVE, f"expected-statuses = [{positive}]"))
    reports = tmp / "reports"
    done = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "--config-file", str(config), "run",
         f"{url}/openapi.json", "--header", f"Authorization: Bearer {DEV_TOKEN}",
         "--checks", "all", "--mode", "all", "--max-examples", str(max_examples),
         "--seed", str(SEED), "--generation-database", "none", "--no-color",
         "--report", "json,ndjson,junit", "--report-dir", str(reports)],
        cwd=tmp, capture_output=True, text=True, timeout=240, check=False,
    )
    return Run(done.returncode, done.stdout + done.stderr,
               json.loads(_one(reports, "json-*.json").read_text()),
               *_events(_one(reports, "ndjson-*.ndjson")),
               ET.parse(_one(reports, "junit-*.xml")).getroot())


def _one(folder: Path, pattern: str) -> Path:
    (found,) = folder.glob(pattern)
    return found


def _events(path: Path) -> tuple[collections.Counter[str], collections.Counter[int],
                                 collections.Counter[tuple[str, str]]]:
    modes: collections.Counter[str] = collections.Counter()
    statuses: collections.Counter[int] = collections.Counter()
    checks: collections.Counter[tuple[str, str]] = collections.Counter()
    for line in path.read_text().splitlines():
        event = json.loads(line)
        if "ScenarioFinished" not in event:
            continue
        recorder = event["ScenarioFinished"]["recorder"]
        for case in recorder["cases"].values():
            modes[case["value"]["meta"]["generation"]["mode"]] += 1
        for interaction in recorder["interactions"].values():
            statuses[interaction["response"]["status_code"]] += 1
        for results in recorder["checks"].values():
            checks.update((check["name"], check["status"]) for check in results)
    return modes, statuses, checks


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_long_fuzz_finds_no_5xx_and_no_contract_violation(mock_url: str, tmp_path: Path) -> None:
    run = fuzz(mock_url, tmp_path, max_examples=MIN_CASES)
    cases = run.summary["test_cases"]
    assert isinstance(cases, dict)
    print(f"fuzz: {cases}, modes={dict(run.modes)}, statuses={dict(run.statuses)}")
    assert run.exit_code == 0, run.output[-3000:]
    assert cases["generated"] >= MIN_CASES
    assert cases["with_failures"] == 0 and cases["errored"] == 0
    assert run.summary["failures"] == [] and run.summary["errors"] == []
    assert run.modes["positive"] >= 500 and run.modes["negative"] >= 500, run.modes
    assert sum(run.modes.values()) == cases["generated"]
    assert not [s for s in run.statuses if s >= 500], run.statuses
    assert set(run.statuses) <= ALLOWED, run.statuses
    assert {name for name, status in run.checks if status != "success"} == set(), run.checks
    ran = {name for name, _ in run.checks}
    assert {"not_a_server_error", "status_code_conformance", "content_type_conformance",
            "response_schema_conformance", "response_headers_conformance",
            "positive_data_acceptance", "negative_data_rejection", "ignored_auth"} <= ran
    assert SEMANTIC <= ran, ran
    assert run.statuses[200] >= 200, run.statuses
    assert run.junit.get("failures") == "0" and run.junit.get("errors") == "0"


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_strict_statuses_are_in_force(mock_url: str, tmp_path: Path) -> None:
    """The same run fails when a positive 404 is declared unacceptable: the config bites."""
    run = fuzz(mock_url, tmp_path, max_examples=40, positive='"200"')
    assert run.exit_code != 0
    assert ("positive_data_acceptance", "failure") in run.checks
    assert run.junit.get("failures") != "0"

