"""A temp copy of the spec and fixtures served by a real mock, for hot-reload and fault tests:
edit the files, read the server's log, poll until the answer changes."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.polling import poll
from tests.support import AUTH, BALANCED, ROOT, free_port, stop, wait_until_up

__all__ = ["BALANCE_URL", "Copy", "poll", "serving", "set_shares", "shares"]

BALANCE_URL = f"/speakers-balance?file-hash={BALANCED}"


class Copy:
    """A temp copy of the spec and fixtures, and a server serving it with its log in a file."""

    def __init__(self, root: Path) -> None:
        self.spec = root / "openapi.yaml"
        self.fixtures = root / "fixtures"
        self.log = root / "server.log"
        shutil.copy(ROOT / "openapi.yaml", self.spec)
        shutil.copytree(ROOT / "fixtures", self.fixtures)
        self.url = ""
        self.since = 0
        """Where this test's part of the log starts (``mark``)."""

    def edit_fixture(self, name: str, change: Callable[[dict[str, Any]], None]) -> None:
        path = self.fixtures / f"{name}.json"
        doc = json.loads(path.read_text())
        change(doc)
        path.write_text(json.dumps(doc, indent=2))

    def log_text(self) -> str:
        """The server's log since the last ``mark``."""
        with self.log.open("rb") as log:
            log.seek(self.since)
            return log.read().decode(errors="replace")

    def mark(self) -> None:
        self.since = self.log.stat().st_size

    def restore(self) -> None:
        """Put back the original spec and fixtures and wait until the server serves them again:
        the next test starts from the same state as if the server were new."""
        shutil.copy(ROOT / "openapi.yaml", self.spec)
        if self.fixtures.exists():
            for extra in set(self.fixtures.iterdir()) - {self.fixtures / p.name
                                                        for p in (ROOT / "fixtures").iterdir()}:
                extra.unlink()
        shutil.copytree(ROOT / "fixtures", self.fixtures, dirs_exist_ok=True)
        poll(lambda: self._original_served(), "the original spec and fixtures are served again")

    def _original_served(self) -> bool:
        try:
            shares_now = shares(self.url)
            not_found = httpx.get(f"{self.url}{BALANCE_URL}",
                                  headers={**AUTH, "Prefer": "code=404"}).json()["message"]
        except (AssertionError, httpx.HTTPError, ValueError):
            return False
        return shares_now == [50.0, 50.0] and not_found == "Meeting not found"


@contextlib.contextmanager
def serving(root: Path, *args: str) -> Iterator[Copy]:
    copy = Copy(root)
    port = free_port()
    cmd = [sys.executable, "-m", "mockserver", "serve", "--port", str(port), "--spec",
           str(copy.spec), "--fixtures", str(copy.fixtures), *args]
    with copy.log.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        copy.url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(copy.url, proc)
            yield copy
        finally:
            stop(proc)


def shares(url: str) -> list[float]:
    response = httpx.get(f"{url}{BALANCE_URL}", headers=AUTH)
    assert response.status_code == 200, response.text
    return [s["meeting_speaking_percentage"] for s in response.json()["speakers"]]


def set_shares(*values: float) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        for speaker, value in zip(doc["response"]["body"]["speakers"], values, strict=True):
            speaker["meeting_speaking_percentage"] = value
    return change
