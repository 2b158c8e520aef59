"""Path guard: a request path with a '..' segment, a backslash or a NUL is refused as a 404.

No route has such a path, so the answer is the same 404 as before; what changes is that it is
given before Starlette's StaticFiles (Swagger UI under ``/ui``) resolves the path on disk.
StaticFiles refuses traversal only after ``os.path.realpath``, which ``lstat``s every component:
``GET /ui/..%2F..%2F(...)%2Fetc%2Fpasswd`` made the server stat ``/etc`` and ``/etc/passwd``.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Receive, Scope, Send


def unsafe_path(path: str) -> bool:
    """True for a path that could step out of a folder once joined to it."""
    return "\\" in path or "\x00" in path or ".." in path.split("/")


class PathGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and unsafe_path(scope.get("path", "")):
            raise HTTPException(404)
        await self.app(scope, receive, send)
