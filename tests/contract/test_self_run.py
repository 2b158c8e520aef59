"""The mock against its own spec (issue 2): every built-in check plus the semantic checks, strict
expected statuses, the fixture hashes fed into generation. Must be all green."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.contract.support import fixture_hashes, run_contract
from tests.support import DEV_TOKEN, ROOT

pytestmark = pytest.mark.slow


def _statuses(output: str) -> dict[int, int]:
    line = next(ln for ln in output.splitlines() if ln.startswith("Responses by status: "))
    return {int(s): int(n) for s, n in re.findall(r"(\d+)×(\d+)", line)}


def test_the_mock_passes_its_own_contract_with_default_settings(mock_url: str) -> None:
    hashes = [arg for h in fixture_hashes() for arg in ("--param", f"file-hash={h}")]
    result = run_contract("--url", mock_url, "--token", DEV_TOKEN, *hashes)
    assert result.returncode == 0, result.stdout + result.stderr
    statuses = _statuses(result.stdout)
    assert statuses.get(200, 0) >= 10, "known hashes did not reach generation"
    assert statuses.get(404, 0) >= 1, "random hashes no longer probe 404"
    assert statuses.get(400, 0) >= 1 and statuses.get(401, 0) >= 1, "negative cases did not run"


def test_plain_schemathesis_with_the_repo_config_finds_nothing_in_the_mock(mock_url: str) -> None:
    """The issue-2 'done when': `schemathesis run openapi.yaml --url … -H …` from a checkout."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "run",
            "openapi.yaml",
            "--url",
            mock_url,
            "-H",
            f"Authorization: Bearer {DEV_TOKEN}",
            "--no-color",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "No issues found" in result.stdout
