"""A deliberately broken "real API" for the proxy tests: each file-hash picks one way to break.

Served by real uvicorn: ``python -m uvicorn tests.broken_upstream:app``. ``GET /echo`` answers
the headers it received, so a test can see what the proxy forwarded.
"""

from __future__ import annotations

import asyncio
import gzip
import json
from typing import Any
from urllib.parse import parse_qs

from starlette.types import Receive, Scope, Send

ID_A = "1c2ee2da-e2f6-433d-b554-248707c2491c"
ID_B = "8b3c1e7b-64da-4320-b699-0dc3cff03aae"
JSON = "application/json"


def _speakers(*shares: tuple[Any, Any]) -> bytes:
    return json.dumps({"speakers": [{"id": i, "meeting_speaking_percentage": s}
                                    for i, s in shares]}).encode()


# file-hash -> (status, content type, body, extra headers)
ANSWERS: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
    "b0000000000000000000000000000001": (200, JSON, _speakers((ID_A, 60.0), (ID_A, 40.0)), {}),
    "b0000000000000000000000000000002": (200, JSON, _speakers((ID_A, 80.0), (ID_B, 50.0)), {}),
    "b0000000000000000000000000000003": (200, JSON, _speakers((ID_A, "50"), (ID_B, 50.0)), {}),
    "b0000000000000000000000000000004": (500, JSON, b'{"message": "upstream crashed"}', {}),
    "b0000000000000000000000000000005": (200, "text/plain", _speakers((ID_A, 100.0)), {}),
    "b0000000000000000000000000000006": (200, JSON, b"<html>not json</html>", {}),
    "b0000000000000000000000000000007": (404, JSON, b'{"error": "no such meeting"}', {}),
    # Valid, with a field the spec does not declare (allowed: consumers must tolerate it).
    "b0000000000000000000000000000008": (200, JSON, json.dumps({"speakers": [
        {"id": ID_A, "meeting_speaking_percentage": 70.5, "name": "Ada"},
        {"id": ID_B, "meeting_speaking_percentage": 29.5, "name": "Grace"}],
        "meeting_title": "Weekly"}).encode(), {}),
    # Valid, gzip-encoded on the wire.
    "b0000000000000000000000000000009": (200, JSON, gzip.compress(_speakers((ID_A, 100.0))),
                                         {"content-encoding": "gzip"}),
}


STREAMED = "b000000000000000000000000000000a"
"""Valid, sent in three chunks without Content-Length (chunked transfer encoding)."""
SLOW = "b000000000000000000000000000000c"
"""Answers only after SLOW_SECONDS."""
SLOW_SECONDS = 1.5


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    query = parse_qs(scope["query_string"].decode("latin-1"))
    file_hash = query.get("file-hash", [""])[0]
    if file_hash == STREAMED:
        body = _speakers((ID_A, 25.0), (ID_B, 75.0))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", JSON.encode())]})
        for part in (body[:10], body[10:30], body[30:]):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return
    if file_hash == SLOW:
        await asyncio.sleep(SLOW_SECONDS)
    if scope["path"] == "/echo":
        seen = [[k.decode("latin-1"), v.decode("latin-1")] for k, v in scope["headers"]]
        await _send(send, 200, JSON, json.dumps(seen).encode(), {})
        return
    answer = ANSWERS.get(file_hash)
    if answer is None:
        await _send(send, 404, JSON, b'{"message": "Meeting not found"}', {})
        return
    await _send(send, *answer)


async def _send(send: Send, status: int, media: str, body: bytes, extra: dict[str, str]) -> None:
    headers = [(b"content-type", media.encode()), (b"content-length", str(len(body)).encode()),
               *((k.encode(), v.encode()) for k, v in extra.items())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
