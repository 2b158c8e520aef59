"""RSS of one mock worker over a session of load and hot reloads (issue 12: ≤ 80 MB, flat).

    python bench/memory.py [--seconds 60] [--reloads 10] [--fixed]

Serves a temp copy of the bundled spec and fixtures with ``mockserver serve`` (default settings,
hot reload on), puts wrk load on it (one thread, 32 connections; by default a new file-hash on
every request, so the bounded response cache and journal fill up: the worst case for memory;
``--fixed``: the cached 200 path), and meanwhile edits a fixture file ``reloads`` times, evenly
spaced, each time waiting until the mock serves the edit. RSS of the serving process (from
/proc) is sampled every 0.25 s and right after each reload; the helper processes that check an
edit (``mockserver.mock.preload``) are counted in the tree's sum only.
``run.py`` calls ``reload_session()`` and ``render()``; a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from procs import stop

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TOKEN = "meetra-dev-token"
BALANCED = "7faa938dfb14e7ca8129a40a7e47bb02"
ROUTE = "/speakers-balance"
LIMIT_MB, FLAT_MB = 80.0, 2.0
"""The target: peak ≤ 80 MB, and "flat": at most 2 MB more than right after the first reload."""
SHARES = ((50.0, 50.0), (55.0, 45.0))
"""The edit each reload makes: balanced-pair's two shares, alternately (both valid)."""


@dataclasses.dataclass
class Session:
    seconds: float
    load: str
    start_mb: float
    """The worker after start-up and one request, before any load."""
    warm_mb: float
    """After 2 s of load, before the first reload."""
    reloads_mb: list[float]
    """The worker right after each reload was served."""
    reload_s: list[float]
    """From each edit to the first answer showing it."""
    end_mb: float
    peak_mb: float
    """Largest RSS of the serving process over the session."""
    peak_tree_mb: float
    """Largest sum over the process tree (helpers checking an edit included)."""
    requests: int
    load_avg: tuple[float, float]


def reload_session(python: str = sys.executable, seconds: float = 60, reloads: int = 10,
                   varied: bool = True, env: dict[str, str] | None = None) -> Session:
    """Serve a temp copy, load it for ``seconds`` while making ``reloads`` edits; measure RSS."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        spec, fixtures = Path(tmp) / "openapi.yaml", Path(tmp) / "fixtures"
        shutil.copy(ROOT / "openapi.yaml", spec)
        shutil.copytree(ROOT / "fixtures", fixtures)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with (Path(tmp) / "server.log").open("wb") as log:
            proc = subprocess.Popen([python, "-m", "mockserver", "serve", "--port", str(port),
                                     "--spec", str(spec), "--fixtures", str(fixtures)],
                                    cwd=tmp, stdout=log, stderr=subprocess.STDOUT,
                                    env={**os.environ, **(env or {})}, start_new_session=True)
            try:
                return _measure(proc.pid, url, fixtures, seconds, reloads, varied, load_before,
                                Path(tmp))
            finally:
                stop(proc)


def _measure(pid: int, url: str, fixtures: Path, seconds: float, reloads: int, varied: bool,
             load_before: float, tmp: Path) -> Session:
    _wait_for(lambda: _shares(url) is not None, 60)
    start = _rss(pid).get(pid, 0.0)
    sampler = _Sampler(pid)
    sampler.start()
    load = subprocess.Popen(_wrk(url, seconds + 2, varied, tmp), stdout=subprocess.PIPE,
                            text=True)
    try:
        time.sleep(2)  # warm-up: the cache and journal take their first requests
        warm = _rss(pid).get(pid, 0.0)
        began, after, took = time.monotonic(), [], []
        for index in range(reloads):
            time.sleep(max(0.0, began + (index + 0.5) * seconds / reloads - time.monotonic()))
            took.append(_edit_and_wait(url, fixtures, SHARES[(index + 1) % 2]))
            after.append(_rss(pid).get(pid, 0.0))
        out = load.communicate(timeout=seconds + 60)[0]
    finally:
        if load.poll() is None:
            load.kill()
        sampler.stop()
    end = _rss(pid).get(pid, 0.0)
    return Session(seconds, "a new file-hash per request" if varied else "200 path (cached)",
                   start, warm, after, took, end, max(sampler.peak, end), sampler.peak_tree,
                   _requests(out), (load_before, os.getloadavg()[0]))


def _edit_and_wait(url: str, fixtures: Path, shares: tuple[float, float]) -> float:
    path = fixtures / "balanced-pair.json"
    doc = json.loads(path.read_text())
    for speaker, share in zip(doc["response"]["body"]["speakers"], shares, strict=True):
        speaker["meeting_speaking_percentage"] = share
    began = time.monotonic()
    path.write_text(json.dumps(doc, indent=2))
    _wait_for(lambda: _shares(url) == list(shares), 60)
    return time.monotonic() - began


def _wrk(url: str, seconds: float, varied: bool, tmp: Path) -> list[str]:
    argv = ["wrk", "-t1", "-c32", f"-d{round(seconds)}s"]
    if not varied:
        return [*argv, "-H", f"Authorization: Bearer {TOKEN}",
                f"{url}{ROUTE}?file-hash={BALANCED}"]
    script = tmp / "varied.lua"
    script.write_text(
        'counter = 0\nrequest = function()\n  counter = counter + 1\n'
        f'  local path = "{ROUTE}?file-hash=" .. string.format("%032x", counter)\n'
        f'  return wrk.format("GET", path, {{["Authorization"] = "Bearer {TOKEN}"}})\nend\n')
    return [*argv, "-s", str(script), url]


def _requests(wrk_out: str) -> int:
    return sum(int(line.split()[0]) for line in wrk_out.splitlines() if " requests in " in line)


def _shares(url: str) -> list[float] | None:
    request = urllib.request.Request(f"{url}{ROUTE}?file-hash={BALANCED}",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            body = json.loads(response.read())
    except OSError:
        return None
    return [s["meeting_speaking_percentage"] for s in body["speakers"]]


def _wait_for(check: object, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.01)
    raise RuntimeError(f"bench: not within {limit} s")


class _Sampler:
    """RSS of the serving process and of its tree, every 0.25 s, in a thread: the peaks."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_tree = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(0.25):
            sizes = _rss(self.pid)
            self.peak = max(self.peak, sizes.get(self.pid, 0.0))
            self.peak_tree = max(self.peak_tree, sum(sizes.values()))


def _rss(pid: int) -> dict[int, float]:
    """RSS in MB of ``pid`` and each of its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = {}, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        with contextlib.suppress(OSError):
            for line in (Path("/proc") / str(current) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[current] = int(line.split()[1]) / 1024
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def session_flat(session: Session) -> bool:
    """No growth after the first reload beyond ``FLAT_MB``."""
    grew = max(session.reloads_mb) - session.reloads_mb[0] if session.reloads_mb else 0.0
    return grew <= FLAT_MB


def render(session: Session, label: str = "mock") -> str:
    """Markdown: the target row and the per-reload figures."""
    grew = max(session.reloads_mb) - session.reloads_mb[0] if session.reloads_mb else 0.0
    met = session.peak_mb <= LIMIT_MB and session_flat(session)
    reloads = ", ".join(f"{mb:.0f}" for mb in session.reloads_mb)
    took = sorted(session.reload_s)
    return "\n".join([
        f"RSS session ({label}; {session.seconds:g} s of wrk load, one thread, 32 connections, "
        f"{session.load}, {session.requests:,} requests; {len(session.reloads_mb)} hot reloads "
        f"of a fixture edit; load average {session.load_avg[0]:.2f} before, "
        f"{session.load_avg[1]:.2f} after):",
        "",
        "| serving process | MB |", "|---|---:|",
        f"| after start-up | {session.start_mb:.0f} |",
        f"| after 2 s of load | {session.warm_mb:.0f} |",
        f"| after each reload | {reloads} |",
        f"| at the end | {session.end_mb:.0f} |",
        f"| peak (target ≤ 80, flat after the first reload) | {session.peak_mb:.0f} "
        f"({'met' if met else 'missed'}; +{grew:.1f} MB from the first reload to the highest) |",
        f"| peak sum over the process tree (with the helpers checking an edit) "
        f"| {session.peak_tree_mb:.0f} |",
        "",
        f"Edit to the first answer showing it: median {took[len(took) // 2]:.2f} s, "
        f"max {took[-1]:.2f} s." if took else "",
    ]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--reloads", type=int, default=10)
    parser.add_argument("--fixed", action="store_true", help="load the cached 200 path only")
    parser.add_argument("--label", default="mock")
    args = parser.parse_args()
    session = reload_session(seconds=args.seconds, reloads=args.reloads, varied=not args.fixed)
    print(render(session, args.label))
    return 0


if __name__ == "__main__":
    sys.exit(main())
