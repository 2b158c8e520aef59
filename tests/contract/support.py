"""Run `mockserver contract` as a user runs it, and read which checks it reported."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

from tests.support import ROOT

VIOLATION = re.compile(r"^\d+\. \[(\w+)\] ", re.MULTILINE)


@dataclass(frozen=True)
class ContractResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def caught(self) -> set[str]:
        """The checks named in the summary's violations (not its HTTP warnings)."""
        return set(VIOLATION.findall(self.stdout.split(" HTTP warning(s) — ", 1)[0]))

    @property
    def warned(self) -> set[str]:
        parts = self.stdout.split(" HTTP warning(s) — ", 1)
        return set(VIOLATION.findall(parts[1])) if len(parts) == 2 else set()


def contract_in_process(*args: str) -> ContractResult:
    """``mockserver contract ARGS`` through click's CliRunner: the real command (options, exit
    code, stdout and stderr apart), no new Python that imports Schemathesis again. For runs where
    the process is not the point; ``run_contract`` runs it as a user does."""
    from click.testing import CliRunner

    from mockserver.cli import cli

    result = CliRunner().invoke(cli, ["contract", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return ContractResult(result.exit_code, result.stdout, result.stderr)


def run_contract(*args: str, timeout: float = 120) -> ContractResult:
    proc = subprocess.run(
        [sys.executable, "-m", "mockserver", "contract", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return ContractResult(proc.returncode, proc.stdout, proc.stderr)


def fixture_hashes() -> list[str]:
    """The file-hash of every bundled fixture: meetings the mock knows."""
    from mockserver.core.fixtures import load_fixtures
    from mockserver.core.spec import load_spec

    fixtures = load_fixtures(ROOT / "fixtures", load_spec(ROOT / "openapi.yaml"))
    return [f.query["file-hash"] for f in fixtures.fixtures]
