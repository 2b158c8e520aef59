"""Serve implementations with real uvicorn on loopback: ``python -m tests.impls.serve NAME …``.

NAME is ``reference`` or a key of ``defects.DEFECTS``. Each gets its own uvicorn server on a port
the OS picks as it binds (never one picked earlier and freed, which another test process may take
meanwhile) in this one process; ``READY NAME=PORT …`` is printed once all of them accept
connections.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

import uvicorn

from tests.impls.defects import COMBINED, DEFECTS
from tests.impls.reference import app as reference_app


def app_for(name: str) -> Any:
    if name == "reference":
        return reference_app
    return (DEFECTS.get(name) or COMBINED[name]).app


async def serve(targets: list[str]) -> None:
    servers = [
        uvicorn.Server(
            uvicorn.Config(
                app_for(name), host="127.0.0.1", port=0, log_level="error", lifespan="off"
            )
        )
        for name in targets
    ]
    tasks = [asyncio.create_task(server.serve()) for server in servers]
    for _ in range(400):  # bounded: 20 s
        if all(server.started for server in servers) or any(t.done() for t in tasks):
            break
        await asyncio.sleep(0.05)
    if not all(server.started for server in servers):
        print(
            "FAILED to start: "
            + ", ".join(
                name for name, server in zip(targets, servers, strict=True) if not server.started
            ),
            flush=True,
        )
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)
        raise SystemExit(1)
    ports = [server.servers[0].sockets[0].getsockname()[1] for server in servers]
    print("READY", *(f"{name}={port}" for name, port in zip(targets, ports, strict=True)),
          flush=True)
    await asyncio.gather(*tasks)


@contextlib.contextmanager
def serving(names: Iterable[str]) -> Iterator[dict[str, str]]:
    """Start ``python -m tests.impls.serve`` for NAMES; yield name -> base URL."""
    from tests.support import ROOT, stop

    targets = list(names)
    # The server log (tracebacks of deliberate 500s included) goes to a file, never a full pipe.
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.impls.serve",
            *targets,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # blocks until READY or failure (bounded in serve())
        word, *bound = first.split() or [""]
        if word != "READY":
            log.seek(0)
            raise RuntimeError(f"implementations did not start: {first}{log.read()[-2000:]}")
        yield {name: f"http://127.0.0.1:{port}"
               for name, port in (pair.split("=", 1) for pair in bound)}
    finally:
        stop(proc)
        if proc.stdout is not None:
            proc.stdout.close()
        log.close()


def main(argv: list[str]) -> None:
    asyncio.run(serve(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
