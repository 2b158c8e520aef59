"""aiohttp's web server: one GET route, aiohttp's plain-text 404/405 for everything else."""

from __future__ import annotations

from aiohttp import web

from tests.impls.correct.common import (
    CHALLENGE,
    NOT_FOUND,
    UNAUTHORIZED,
    balance,
    hash_problem,
    valid_token,
)


async def speakers_balance(request: web.Request) -> web.Response:
    if not valid_token(request.headers.get("Authorization")):
        return web.json_response({"message": UNAUTHORIZED}, status=401, headers=CHALLENGE)
    problem = hash_problem(request.query.getall("file-hash", []))
    if problem is not None:
        return web.json_response({"message": f"Bad request: {problem}"}, status=400)
    body = balance(request.query["file-hash"])
    if body is None:
        return web.json_response({"message": NOT_FOUND}, status=404)
    return web.json_response(body)


def make_app(argv: list[str] | None = None) -> web.Application:
    """The entry function `python -m aiohttp.web` calls (with its extra arguments)."""
    app = web.Application()
    app.router.add_get("/speakers-balance", speakers_balance, allow_head=False)
    return app
