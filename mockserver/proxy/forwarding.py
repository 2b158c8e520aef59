"""Forwarding details of the proxy: which headers cross, how bodies stream, what logs show.

Hop-by-hop headers (RFC 9110 7.6.1) never cross, nor those the ``Connection`` header names.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
from starlette.types import Receive

from mockserver.proxy.conformance import Violation, header_value

VIOLATIONS_HEADER = "X-Contract-Violations"
# RFC 9110 7.6.1 hop-by-hop headers, plus what httpx recomputes (host, length, encodings).
DROP_REQUEST = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-connection",
                          "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade",
                          "host", "content-length", "accept-encoding"})
DROP_RESPONSE = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-connection",
                           "te", "trailer", "transfer-encoding", "upgrade", "content-length",
                           "content-encoding"})


def origin_of(url: str) -> str:
    """scheme://host[:port] of ``url``: never its user info, path or query."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")


async def buffered_request(
    receive: Receive, limit: int
) -> tuple[bytes, bytes | AsyncIterator[bytes], bool]:
    """(the body read so far, the content to forward, whether it is the whole body). Up to
    ``limit`` bytes are buffered, to be checked; a longer body is streamed on unchecked."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more and size <= limit:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(bytes(message.get("body", b"")))
        size += len(chunks[-1])
        more = message.get("more_body", False)
    head = b"".join(chunks)
    if not more:
        return head, head, True

    async def rest() -> AsyncIterator[bytes]:
        yield head
        going = True
        while going:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            yield message.get("body", b"")
            going = message.get("more_body", False)

    return head, rest(), False


def forwarded(headers: list[tuple[str, str]], drop: frozenset[str]) -> list[tuple[str, str]]:
    """``headers`` less the hop-by-hop ones, including those the Connection header names."""
    named = {name.strip().lower() for k, v in headers if k.lower() == "connection"
             for name in v.split(",")}
    return [(k, v) for k, v in headers if k.lower() not in drop and k.lower() not in named]


def response_headers(response: httpx.Response, violations: list[Violation],
                      length: int | str | None, complete: bool) -> list[tuple[bytes, bytes]]:
    kept = forwarded(list(response.headers.multi_items()), DROP_RESPONSE)
    out = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in kept]
    if complete and length is not None:
        out.append((b"content-length", str(length).encode()))
    out.append((VIOLATIONS_HEADER.lower().encode(), header_value(violations).encode("ascii")))
    if "access-control-allow-origin" in response.headers:
        exposed = [v for k, v in out if k == b"access-control-expose-headers"]
        out = [(k, v) for k, v in out if k != b"access-control-expose-headers"]
        names = b", ".join([*exposed, VIOLATIONS_HEADER.encode()])
        out.append((b"access-control-expose-headers", names))
    return out


def shown(target: str) -> str:
    """A request target for a log line: one line, at most 200 characters."""
    text = target.encode("ascii", "backslashreplace").decode("ascii")
    text = "".join(c if " " <= c <= "~" else "?" for c in text)
    return text if len(text) <= 200 else text[:197] + "..."
