"""Bind the listening socket before anything is promised, then hand it to uvicorn.

The banner says "serving on http://HOST:PORT"; it is printed only once that port is ours. A busy
port is a ``PortUnavailable`` (the CLI turns it into one line naming ``--port`` and exit code 2)
instead of uvicorn's ``[Errno 98]`` after the banner and exit code 3.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

__all__ = ["PortUnavailable", "bind", "serve_on"]


class PortUnavailable(Exception):
    """The port cannot be bound; the message says which and what to do."""


def bind(host: str, port: int) -> socket.socket:
    """A listening-ready socket on HOST:PORT, bound the way uvicorn binds it (SO_REUSEADDR)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PortUnavailable(_why(host, port, exc)) from None
    sock.set_inheritable(True)
    return sock


def _why(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is already in use (another mockserver?); "
                f"choose a free one with --port, e.g. --port {port + 10}")
    if exc.errno == errno.EACCES:
        return f"port {port} on {host} needs privileges; choose one above 1023 with --port"
    return f"cannot listen on {host}:{port} ({exc.strerror or exc}); check --host and --port"


def serve_on(sock: socket.socket, app: Any, workers: int, **options: Any) -> bool:
    """Run uvicorn on the bound ``sock`` (``app`` an import string when ``workers`` > 1).
    Returns whether the server started."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    host, port = sock.getsockname()[:2]
    config = uvicorn.Config(app, host=host, port=port, workers=workers, **options)
    if workers > 1:
        Multiprocess(config, sockets=[sock]).run()
        return True
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
    return server.started
