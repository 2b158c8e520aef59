"""The bare-ASGI baseline: a plain ASGI callable answering the mock's own bytes, nothing else.

The bench records the mock's exact answers (status, headers, body) for the measured requests in a
JSON file named by ``BENCH_BARE_ANSWERS``; this app replays them, keyed by raw query string and
whether an Authorization header came. It is the practical ceiling for a Python server here.
"""

from __future__ import annotations

import json
import os
from typing import Any

_ANSWERS: dict[tuple[bytes, bool], tuple[int, list[tuple[bytes, bytes]], bytes]] = {}


def _load() -> None:
    for row in json.loads(open(os.environ["BENCH_BARE_ANSWERS"], encoding="utf-8").read()):
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in row["headers"]]
        _ANSWERS[(row["query"].encode(), row["auth"])] = (
            row["status"], headers, row["body"].encode("utf-8"))


_load()
_MISSING = (404, [(b"content-type", b"text/plain")], b"no recorded answer")


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    auth = any(name == b"authorization" for name, _ in scope["headers"])
    status, headers, body = _ANSWERS.get((scope["query_string"], auth), _MISSING)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
