"""Start the correct implementations, each on its own server process and loopback port.

Python ones run under the server their framework is deployed with (uvicorn, waitress,
aiohttp.web); Express runs on Node after ``npm ci`` installs the locked express into
tests/impls/express/node_modules (once; CI starts from a fresh clone).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from tests.support import ROOT, free_port, stop

EXPRESS = ROOT / "tests" / "impls" / "express"
PY = sys.executable
COMMANDS: dict[str, list[str]] = {
    "fastapi": [PY, "-m", "uvicorn", "tests.impls.correct.fastapi_app:app", "--port", "{port}"],
    "starlette": [PY, "-m", "uvicorn", "tests.impls.correct.starlette_app:app", "--port", "{port}"],
    "flask": [PY, "-m", "waitress", "--host=127.0.0.1", "--port={port}",
              "tests.impls.correct.flask_app:app"],
    "aiohttp": [PY, "-m", "aiohttp.web", "-H", "127.0.0.1", "-P", "{port}",
                "tests.impls.correct.aiohttp_app:make_app"],
    "express": ["node", str(EXPRESS / "server.js")],
}
CORRECT = tuple(COMMANDS)


def ensure_express() -> None:
    """Install express from package-lock.json (npm ci) unless already installed."""
    if (EXPRESS / "node_modules" / "express" / "package.json").is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed: the Express implementation needs Node and npm")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=EXPRESS, check=True,
                   timeout=300)


def _wait(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url} exited early: {log.read_text()[-2000:]}")
        try:
            httpx.get(url + "/", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up within {timeout} s: {log.read_text()[-2000:]}")


@contextlib.contextmanager
def serving_correct(names: Iterable[str], logs: Path) -> Iterator[dict[str, str]]:
    """Yield name -> base URL for the named correct implementations, all up and answering."""
    names = list(names)
    if "express" in names:
        ensure_express()
    procs: list[subprocess.Popen[bytes]] = []
    urls: dict[str, str] = {}
    try:
        for name in names:
            port = free_port()
            log = logs / f"{name}.log"
            cmd = [part.format(port=port) for part in COMMANDS[name]]
            with log.open("wb") as sink:
                proc = subprocess.Popen(cmd, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT,
                                        env={**os.environ, "PORT": str(port)})
            procs.append(proc)
            urls[name] = f"http://127.0.0.1:{port}"
            _wait(urls[name], proc, log)
        yield urls
    finally:
        for proc in procs:
            stop(proc)
