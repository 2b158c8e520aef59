"""Plain Starlette: one route, Starlette's own 404/405 and error pages for everything else."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.impls.correct.common import (
    CHALLENGE,
    NOT_FOUND,
    UNAUTHORIZED,
    balance,
    hash_problem,
    valid_token,
)


async def speakers_balance(request: Request) -> Response:
    if not valid_token(request.headers.get("authorization")):
        return JSONResponse({"message": UNAUTHORIZED}, 401, headers=CHALLENGE)
    problem = hash_problem(request.query_params.getlist("file-hash"))
    if problem is not None:
        return JSONResponse({"message": f"Bad request: {problem}"}, 400)
    body = balance(request.query_params["file-hash"])
    if body is None:
        return JSONResponse({"message": NOT_FOUND}, 404)
    return JSONResponse(body)


app = Starlette(routes=[Route("/speakers-balance", speakers_balance, methods=["GET"])])
