"""FastAPI, the usual way: ``Query(pattern=…)``, ``HTTPBearer``, a 400 handler for validation."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tests.impls.correct.common import (
    CHALLENGE,
    HASH_PATTERN,
    NOT_FOUND,
    UNAUTHORIZED,
    balance,
)
from tests.impls.reference import TOKEN

app = FastAPI()
bearer = HTTPBearer(auto_error=False)


def require_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    if credentials is None or credentials.credentials != TOKEN:
        raise HTTPException(401, UNAUTHORIZED, headers=CHALLENGE)


@app.exception_handler(HTTPException)
async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    if exc.status_code in (401, 404):  # the statuses our routes raise; others keep the default
        return JSONResponse({"message": exc.detail}, exc.status_code, headers=exc.headers)
    return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)


@app.exception_handler(RequestValidationError)
async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"message": "Bad request: file-hash must be 16 to 128 hex characters"}, 400)


@app.get("/speakers-balance", dependencies=[Depends(require_token)])
def speakers_balance(
    file_hash: Annotated[str, Query(alias="file-hash", pattern=HASH_PATTERN)],
) -> Any:
    body = balance(file_hash)
    if body is None:
        raise HTTPException(404, NOT_FOUND)
    return body
