"""Start other real servers on free loopback ports for tests: the validating proxy, a broken
upstream, a static file server. Their output goes to a log file the test can read."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from tests.support import ROOT, free_port, stop, wait_until_up


@contextlib.contextmanager
def running(cmd: Sequence[str], port: int, log_file: Path) -> Iterator[str]:
    """Run ``cmd`` (which must listen on 127.0.0.1:``port``) and yield its base URL."""
    with log_file.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc)
            yield url
        finally:
            stop(proc)


@contextlib.contextmanager
def running_proxy(upstream: str, log_file: Path, *args: str) -> Iterator[str]:
    """``mockserver proxy --upstream UPSTREAM ARGS`` on a free loopback port."""
    port = free_port()
    cmd = [sys.executable, "-m", "mockserver", "proxy", "--upstream", upstream,
           "--port", str(port), *args]
    with running(cmd, port, log_file) as url:
        yield url


@contextlib.contextmanager
def running_asgi(app: str, log_file: Path) -> Iterator[str]:
    """Real uvicorn serving ``module:attribute`` on a free loopback port."""
    port = free_port()
    cmd = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
           "--log-level", "warning"]
    with running(cmd, port, log_file) as url:
        yield url


@contextlib.contextmanager
def running_static(directory: Path, log_file: Path) -> Iterator[str]:
    """``python -m http.server`` serving ``directory`` on a free loopback port."""
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
           "--directory", str(directory)]
    with running(cmd, port, log_file) as url:
        yield url
