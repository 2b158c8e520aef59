"""The opt-in pytest route (tests/contract/test_external.py), run as a team would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.impls.defects import FOREIGN
from tests.impls.reference import TOKEN
from tests.support import DEV_TOKEN, ROOT

pytestmark = pytest.mark.slow


def _pytest_route(
    tmp_path: Path, **env: str
) -> tuple[subprocess.CompletedProcess[str], ET.Element]:
    report = tmp_path / "contract-junit.xml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/contract/test_external.py",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junit-xml={report}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "MEETRA_CONTRACT_MAX_EXAMPLES": "20", **env},
    )
    return result, ET.parse(report).getroot()


def test_the_pytest_route_passes_the_mock_with_pytests_junit(mock_url: str, tmp_path: Path) -> None:
    result, junit = _pytest_route(
        tmp_path, MEETRA_CONTRACT_URL=mock_url, MEETRA_CONTRACT_TOKEN=DEV_TOKEN
    )
    assert result.returncode == 0, result.stdout[-3000:]
    suite = junit.find("testsuite")
    assert suite is not None and suite.get("name") == "pytest"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("1", "0", "0")


def test_the_pytest_route_fails_on_a_defect_naming_the_check(
    impl_urls: dict[str, str], tmp_path: Path
) -> None:
    result, junit = _pytest_route(
        tmp_path,
        MEETRA_CONTRACT_URL=impl_urls["duplicate-ids"],
        MEETRA_CONTRACT_TOKEN=TOKEN,
        MEETRA_CONTRACT_HASHES=FOREIGN,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    failure = junit.find("testsuite/testcase/failure")
    assert failure is not None
    assert "Custom check failed: `spec_rules`" in (failure.text or "") + (
        failure.get("message") or ""
    )
