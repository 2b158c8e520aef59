"""Start the real mock (``python -m mockserver serve``) on a free loopback port, for tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEV_TOKEN = "meetra-dev-token"
AUTH = {"Authorization": f"Bearer {DEV_TOKEN}"}
BALANCED = "7faa938dfb14e7ca8129a40a7e47bb02"
UNKNOWN = "fa38ce9d1c53b054b3ff510c370bda5c"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes] | None = None, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            httpx.get(f"{url}/openapi.json", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


def stop(proc: subprocess.Popen[Any], timeout: float = 10) -> None:
    """SIGTERM, wait, then SIGKILL if it did not exit: every test server ends this way."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def running_mock(*args: str, env: dict[str, str] | None = None,
                 port: int | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Yield (base_url, process) for ``mockserver serve ARGS`` on a free loopback port. A port
    picked here is free only until the server binds it; if another test process took it
    meanwhile (the server exits 2 naming ``--port``), a new one is picked, twice at most."""
    for attempt in range(1 if port else 3):
        chosen = port or free_port()
        cmd: Sequence[str] = [sys.executable, "-m", "mockserver", "serve", "--port", str(chosen),
                              "--log-level", "warning", *args]
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})},
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{chosen}"
        try:
            wait_until_up(url, proc)
            break
        except RuntimeError:
            stop(proc)
            said = proc.stdout.read() if proc.stdout is not None else b""
            if proc.stdout is not None:
                proc.stdout.close()
            if proc.returncode != 2 or b"--port" not in said or port or attempt == 2:
                raise
    try:
        yield url, proc
    finally:
        stop(proc)
        if proc.stdout is not None:
            proc.stdout.close()


def mockserver(*args: str, cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``mockserver ARGS`` as a user does; capture its output."""
    return subprocess.run([sys.executable, "-m", "mockserver", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
