"""Raw HTTP/1.1 over a loopback socket, for inputs httpx refuses to send (bad bytes, CRLF, ...).

``exchange`` writes bytes as given and reads back whole responses (status line, headers, a
``Content-Length`` body); it also says whether the server closed the connection.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from tests.support import BALANCED, DEV_TOKEN

GOOD_TARGET = f"/speakers-balance?file-hash={BALANCED}".encode()
UVICORN_400 = b"Invalid HTTP request received."
"""What uvicorn (httptools) answers, as text/plain, when it cannot parse the request."""


@dataclasses.dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def json(self) -> Any:
        return json.loads(self.body)


@dataclasses.dataclass(frozen=True)
class Exchange:
    answers: list[Answer]
    closed: bool
    """The server closed the connection (EOF) before the read deadline."""


def address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1" and parts.port is not None
    return parts.hostname, parts.port


def request(target: bytes = GOOD_TARGET, headers: list[bytes] | None = None,
            method: bytes = b"GET", version: bytes = b"HTTP/1.1",
            token: bytes | None = DEV_TOKEN.encode(), close: bool = True) -> bytes:
    """One request's bytes, exactly as given (nothing is escaped or checked)."""
    lines = [method + b" " + target + b" " + version, b"Host: 127.0.0.1"]
    if token is not None:
        lines.append(b"Authorization: Bearer " + token)
    lines += headers or []
    if close:
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n"


def exchange(url: str, data: bytes, expect: int = 1, timeout: float = 10.0) -> Exchange:
    """Send ``data``; read until ``expect`` responses arrived and then EOF, or ``timeout``."""
    deadline = time.monotonic() + timeout
    buffer = b""
    closed = False
    with socket.create_connection(address(url), timeout=timeout) as sock:
        sock.sendall(data)
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            buffer += chunk
            answers, _rest = parse_answers(buffer)
            if len(answers) >= expect and b"connection: close" not in buffer.lower():
                break
    answers, _rest = parse_answers(buffer)
    return Exchange(answers, closed)


def parse_answers(buffer: bytes) -> tuple[list[Answer], bytes]:
    """Every complete response at the front of ``buffer``, and what is left over."""
    answers: list[Answer] = []
    while b"\r\n\r\n" in buffer:
        head, _, rest = buffer.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        if len(rest) < length:
            break
        answers.append(Answer(int(status_line.split(" ")[1]), headers, rest[:length]))
        buffer = rest[length:]
    return answers, buffer


def get(url: str, data: bytes, timeout: float = 10.0) -> Answer:
    """The one answer to ``data``; fails if there is none."""
    result = exchange(url, data, timeout=timeout)
    assert result.answers, f"no answer (closed={result.closed}) to {data[:120]!r}"
    return result.answers[0]
