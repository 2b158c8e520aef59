"""Drive an ASGI app in-process with a hand-made request: any path, query bytes or header value,
even ones an HTTP client would refuse to send."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Message


def call(app: ASGIApp, path: str, query: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None,
         method: str = "GET") -> tuple[int, bytes]:
    """Send one request straight into ``app``; return (status, body)."""
    scope: dict[str, Any] = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode("utf-8", "surrogateescape"),
        "query_string": query, "root_path": "", "headers": headers or [],
        "server": ("127.0.0.1", 4010), "client": ("127.0.0.1", 50000),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body


class Client:
    """A synchronous httpx client over ``httpx.ASGITransport``: the real app, no socket, no
    process. For tests where the network is not the point."""

    def __init__(self, app: ASGIApp, base_url: str = "http://127.0.0.1:4010") -> None:
        self.app = app
        self.base_url = base_url

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)  # type: ignore[arg-type]
            async with httpx.AsyncClient(transport=transport, base_url=self.base_url) as client:
                return await client.request(method, url, **kwargs)
        return asyncio.run(send())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("OPTIONS", url, **kwargs)


def app_of_serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> ASGIApp:
    """The app ``mockserver serve ARGS`` would hand to uvicorn, built by the real command
    (click's CliRunner: options, settings, start-up checks) with uvicorn left out. For tests of
    what a flag does to the answers, where the socket is not the point."""
    from click.testing import CliRunner

    import mockserver.mock.listen
    from mockserver.cli import cli

    served: list[ASGIApp] = []

    def serve_on(_sock: Any, app: ASGIApp, _workers: int, **_options: Any) -> bool:
        served.append(app)
        return True

    monkeypatch.setattr(mockserver.mock.listen, "serve_on", serve_on)
    result = CliRunner().invoke(cli, ["serve", "--port", "0", "--no-reload", *args])
    assert result.exit_code == 0, result.output
    (app,) = served
    return app
