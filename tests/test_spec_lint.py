"""openapi.yaml lints clean: 0 errors and 0 warnings from Spectral (spectral:oas) and Redocly
(recommended), with the linters pinned in .ci/lint/package-lock.json (``make lint-spec``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT

LINT = ROOT / ".ci" / "lint" / "lint-spec"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")]


def lint(spec: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), str(spec)], capture_output=True, text=True, timeout=600)


def test_the_spec_lints_clean_with_its_x_rules() -> None:
    result = lint(ROOT / "openapi.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "x-unique-by" in (ROOT / "openapi.yaml").read_text()  # the extensions are accepted
    assert "0 error(s), 0 warning(s)" in result.stdout


@pytest.mark.parametrize(("edit", "rule"), [
    pytest.param(("tags:\n  - name: speakers\n", "tags:\n  - name: other\n"),
                 "operation-tag-defined", id="spectral-warning"),
    pytest.param(("  license:\n    name: MIT\n", "  x-license:\n    name: MIT\n"),
                 "info-license", id="redocly-warning"),
])
def test_a_single_warning_fails(tmp_path: Path, edit: tuple[str, str], rule: str) -> None:
    spec = tmp_path / "openapi.yaml"
    text = (ROOT / "openapi.yaml").read_text()
    assert edit[0] in text
    spec.write_text(text.replace(edit[0], edit[1], 1))
    result = lint(spec)
    assert result.returncode != 0
    assert rule in result.stdout + result.stderr
