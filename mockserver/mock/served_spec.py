"""The served ``/openapi.json`` names the URL this mock answers on, so Swagger UI's "Servers"
list shows it and "Try it out" calls the mock.

Connexion rewrites ``servers`` to the request's root path (``[{"url": ""}]`` without a base
path, ``[{"url": "/v1"}]`` with one), which Swagger UI shows as an empty list. This middleware
puts the absolute URL back: where the client reached us (``admin.base_url``) plus the spec's
base path, so the base path keeps working.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.mock.admin import base_url


class ServedServers:
    def __init__(self, app: ASGIApp, base_path: str = "") -> None:
        self.app = app
        self.base_path = base_path
        self.spec_json = f"{base_path}/openapi.json"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != self.spec_json:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False) or start is None:
                return
            body = self._rewritten(b"".join(chunks), scope) if start["status"] == 200 else None
            if body is None:
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks)})
                return
            headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, hold)

    def _rewritten(self, body: bytes, scope: Scope) -> bytes | None:
        try:
            document = json.loads(body)
        except ValueError:
            return None
        if not isinstance(document, dict):
            return None
        document["servers"] = [{"url": f"{base_url(scope)}{self.base_path}",
                                "description": "this mock"}]
        return json.dumps(document).encode()
