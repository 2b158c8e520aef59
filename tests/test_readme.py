"""The README runs as printed: every shell block, after the two quickstart commands, against a
live mock (its port swapped in for 4010). Blocks that need what a test cannot have are listed in
``NOT_RUN`` with the reason, so skipping one is a visible decision."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Iterator

import pytest

from tests.support import ROOT, free_port, stop, wait_until_up

README = (ROOT / "README.md").read_text(encoding="utf-8")
pytestmark = pytest.mark.slow

NOT_RUN = {
    "make serve   # creates .venv": "the quickstart itself: the premise of every other block",
    "apt-get install -y chromium": "installs a system package (make test does it)",
    "openapi-python-client generate": "tests/test_generated_client.py runs the same generation",
    "--upstream https://api.example.com": "needs a real upstream API and $REAL_TOKEN",
    "--url http://127.0.0.1:8000": "needs your implementation on port 8000; "
                                   "tests/contract/test_implementations.py runs the contract "
                                   "against the implementations in tests/impls",
    "MEETRA_CONTRACT_URL=http://127.0.0.1:8000": "needs your implementation on port 8000; "
                                                 "tests/contract/test_pytest_route.py runs this "
                                                 "route against the mock",
}
LINES_NOT_RUN = ("make test ", "make test-quick")
"""The suite itself (this test is part of it); the other lines of their block do run."""
DRY_RUN = ("make lint ", "make lint-spec ")
"""Run as ``make -n``: the target exists and says what it runs. CI's .ci/run runs both for real
right before ``make test``; running them again here cost a minute (mypy, npm linters)."""
SERVER = re.compile(r'^(\.venv/bin/mockserver serve( .*?)?|make serve ARGS="(.*)")(\s+#.*)?$')


def shell_blocks() -> list[tuple[int, str]]:
    """(line number, text) of every ```sh block."""
    return [(README[:m.start()].count("\n") + 2, m.group(1))
            for m in re.finditer(r"^```sh\n(.*?)^```", README, re.S | re.M)]


def variables() -> str:
    """The block that defines $T and $M, which later blocks use."""
    return next(text for _, text in shell_blocks() if text.startswith("T="))


def _runnable() -> Iterator[object]:
    for line, text in shell_blocks():
        reason = next((why for key, why in NOT_RUN.items() if key in text), None)
        marks = [pytest.mark.skip(reason=reason)] if reason else []
        yield pytest.param(text, id=f"README-line-{line}", marks=marks)


@pytest.mark.parametrize("block", list(_runnable()))
def test_the_block_runs_as_printed(block: str, mock_url: str) -> None:
    port = mock_url.rsplit(":", 1)[1]
    commands, servers = [], []
    for line in block.splitlines():
        if line.startswith(LINES_NOT_RUN):
            continue
        if line.startswith(DRY_RUN):
            line = line.replace("make ", "make -n ", 1)
        match = SERVER.match(line)
        (servers if match else commands).append(line)
    for line in servers:
        _starts_and_stops(line.split("  #", 1)[0].strip())
    script = "set -euo pipefail\n" + variables() + "\n" + "\n".join(commands)
    script = script.replace("127.0.0.1:4010", f"127.0.0.1:{port}")
    result = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True,
                            timeout=600, env={**os.environ, "CURL_HOME": "/nonexistent"})
    assert result.returncode == 0, (script, result.stdout[-2000:], result.stderr[-2000:])
    assert "Connection refused" not in result.stderr


def _starts_and_stops(printed: str) -> None:
    """A server command as printed, on a free port (a later --port wins): it comes up, then
    stops with exit code 0."""
    port = free_port()
    extra = f" --port {port} --no-reload"
    command = (printed[:-1] + extra + '"') if printed.endswith('"') else printed + extra
    proc = subprocess.Popen(["bash", "-c", command], cwd=ROOT, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # make and the server it started
        try:
            proc.wait(timeout=15)
        finally:
            stop(proc)
            if proc.stdout is not None:
                proc.stdout.close()
    assert proc.returncode in (0, -signal.SIGTERM), command
