"""A correct, independent implementation of the contract (plain Starlette, no Connexion).

It is written the way a backend team might write it, with the seams a real bug would touch
made explicit in ``Behaviour``; each broken implementation in ``defects.py`` replaces one seam.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

TOKEN = "impl-token"
HASH = re.compile(r"[0-9a-fA-F]{16,128}")
Shares = list[tuple[str, float]]

# What the analytics pipeline produced, per meeting hash.
MEETINGS: Mapping[str, Shares | None] = {
    "0123456789abcdef0123456789abcdef": [
        ("5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a001", 61.5),
        ("5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a002", 38.5),
    ],
    "fedcba9876543210": [
        ("5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a003", 33.33),
        ("5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a004", 33.33),
        ("5d0a4c1e-6f5f-4f43-9a43-3bd1c8b0a005", 33.33),
    ],
    "00000000000000000000000000000000": [],
}
KNOWN_HASHES = tuple(MEETINGS)
MISSING = object()


def speaker_json(speaker_id: str, share: float) -> dict[str, Any]:
    return {"id": speaker_id, "meeting_speaking_percentage": share}


def dumps(body: Any) -> str:
    return json.dumps(body, allow_nan=False)


def ok(body: str) -> Response:
    return Response(body, status_code=200, media_type="application/json")


def error(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        json.dumps({"message": message}),
        status_code=status,
        media_type="application/json",
        headers=dict(headers or {}),
    )


def hash_problem(values: list[str]) -> str | None:
    """Why the file-hash query values are invalid, or None."""
    if len(values) != 1:
        return "file-hash is required, exactly once"
    if not HASH.fullmatch(values[0]):
        return "file-hash must be 16 to 128 hexadecimal characters"
    return None


def authorized(header: str | None) -> bool:
    scheme, _, token = (header or "").partition(" ")
    return scheme.lower() == "bearer" and token == TOKEN


@dataclasses.dataclass(frozen=True)
class Behaviour:
    """Every seam of the implementation; the defaults honour the contract."""

    meetings: Mapping[str, Shares | None] = dataclasses.field(default_factory=lambda: MEETINGS)
    speaker_json: Callable[[str, float], dict[str, Any]] = speaker_json
    dumps: Callable[[Any], str] = dumps
    ok: Callable[[str], Response] = ok
    error: Callable[..., Response] = error
    hash_problem: Callable[[list[str]], str | None] = hash_problem
    bad_hash_status: int = 400
    authorized: Callable[[str | None], bool] = authorized
    rejected_status: Callable[[str | None], int] = lambda header: 401
    lookup: Callable[[Mapping[str, Any], str], Any] = lambda meetings, h: meetings.get(h, MISSING)


def build_app(behaviour: Behaviour | None = None) -> Starlette:
    b = behaviour or Behaviour()
    challenge = {"WWW-Authenticate": 'Bearer realm="impl"'}

    async def speakers_balance(request: Request) -> Response:
        header = request.headers.get("authorization")
        if not b.authorized(header):
            return b.error(
                b.rejected_status(header), "Unauthorized: send a valid bearer token", challenge
            )
        problem = b.hash_problem(request.query_params.getlist("file-hash"))
        if problem is not None:
            return b.error(b.bad_hash_status, f"Bad request: {problem}")
        shares = b.lookup(b.meetings, request.query_params["file-hash"])
        if shares is MISSING:
            return b.error(404, "Meeting not found")
        speakers = None if shares is None else [b.speaker_json(i, s) for i, s in shares]
        return b.ok(b.dumps({"speakers": speakers}))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return b.error(exc.status_code, exc.detail, exc.headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        return b.error(500, "Internal server error")

    return Starlette(
        routes=[Route("/speakers-balance", speakers_balance, methods=["GET"])],
        exception_handlers={HTTPException: http_error, 500: server_error},
    )


app = build_app()
