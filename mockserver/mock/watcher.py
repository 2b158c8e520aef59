"""Hot reload: watch the spec file and the fixtures directory, call ``on_change`` after each burst
of edits. Watching is non-recursive (the spec's folder may be a whole checkout) and survives the
fixtures folder being deleted and created again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from watchfiles import Change, awatch

log = logging.getLogger("mockserver")
RETRY_SECONDS, MAX_RETRY_SECONDS = 0.5, 30.0


def change_filter(spec_path: Path, fixtures_dir: Path) -> Callable[[Change, str], bool]:
    """Only the spec, the fixtures folder itself and the ``*.json`` files directly in it."""
    spec, fixtures = spec_path.resolve(), fixtures_dir.resolve()

    def accept(_change: Change, path: str) -> bool:
        changed = Path(path)
        return changed in (spec, fixtures) or (
            changed.parent == fixtures and changed.suffix == ".json"
            and not changed.name.startswith(".")
        )

    return accept


def watched_roots(spec_path: Path, fixtures_dir: Path) -> tuple[Path, ...]:
    """The folders to watch that exist now: the spec's, the fixtures' parent, the fixtures'."""
    spec, fixtures = spec_path.resolve(), fixtures_dir.resolve()
    candidates = (spec.parent, fixtures.parent, fixtures)
    return tuple(dict.fromkeys(p for p in candidates if p.is_dir()))


async def watch(spec_path: Path, fixtures_dir: Path, on_change: Callable[[], Awaitable[object]],
                stop: asyncio.Event, step_ms: int = 50) -> None:
    """Until ``stop`` is set: wait for relevant edits, then await ``on_change()``."""
    accept = change_filter(spec_path, fixtures_dir)
    retry = RETRY_SECONDS
    while not stop.is_set():
        roots = watched_roots(spec_path, fixtures_dir)
        try:
            if not roots:
                raise FileNotFoundError(f"neither {spec_path.parent} nor {fixtures_dir} exists")
            async for _changes in awatch(*roots, watch_filter=accept, stop_event=stop,
                                         recursive=False, step=step_ms):
                retry = RETRY_SECONDS
                await on_change()
                if watched_roots(spec_path, fixtures_dir) != roots:
                    break  # a folder came or went: watch the folders that exist now
        except Exception as exc:  # the watcher must never take the server down
            log.warning("file watcher failed (%s); retrying in %s s", exc, retry)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), retry)
            retry = min(retry * 2, MAX_RETRY_SECONDS)


class Watcher:
    """The watch task of one server's lifespan: ``start()`` at startup, ``await stop()`` at
    shutdown."""

    def __init__(self, spec_path: Path, fixtures_dir: Path,
                 on_change: Callable[[], Awaitable[object]]) -> None:
        self._args = (spec_path, fixtures_dir, on_change)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(watch(*self._args, self._stop))

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(self._task, 5)
