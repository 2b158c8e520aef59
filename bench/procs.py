"""A process tree's resources, read from /proc: RSS (sampled for the peak) and CPU time."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def tree_rss(pid: int) -> dict[int, float]:
    """RSS in MB of ``pid`` and of each of its descendants."""
    found: dict[int, float] = {}
    for current in tree_pids(pid):
        with contextlib.suppress(OSError):
            for line in (Path("/proc") / str(current) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[current] = int(line.split()[1]) / 1024
    return found


def tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and all its descendants, in MB."""
    return sum(tree_rss(pid).values())


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by ``pid`` and its living descendants."""
    total = 0
    for current in tree_pids(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = (Path("/proc") / str(current) / "stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / _TICK


class PeakRss:
    """Sample the process tree's RSS every 0.25 s in a thread; keep the first and peak figures."""

    def __init__(self, pid: int) -> None:
        self.pid, self.first, self.peak, self.peak_one = pid, 0.0, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> PeakRss:
        self.sample_first()
        self._thread.start()
        return self

    def sample_first(self) -> None:
        self.sample()
        self.first = self.peak

    def sample(self) -> None:
        sizes = tree_rss(self.pid)
        self.peak = max(self.peak, sum(sizes.values()))
        self.peak_one = max([self.peak_one, *sizes.values()])

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.wait(0.25):
            with contextlib.suppress(Exception):
                self.sample()


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the process group this bench started (its own session), politely, then firmly."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
