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
        """The checks named in the summary's violations."""
        return set(VIOLATION.findall(self.stdout))


def run_contract(*args: str, timeout: float = 120) -> ContractResult:
    proc = subprocess.run([sys.executable, "-m", "mockserver", "contract", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)
    return ContractResult(proc.returncode, proc.stdout, proc.stderr)
