"""Flask, served by waitress (a production WSGI server): Flask's HTML 404/405 pages elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue

from tests.impls.correct.common import (
    CHALLENGE,
    NOT_FOUND,
    UNAUTHORIZED,
    balance,
    hash_problem,
    valid_token,
)

app = Flask(__name__)


@app.get("/speakers-balance")
def speakers_balance() -> ResponseReturnValue:
    if not valid_token(request.headers.get("Authorization")):
        return jsonify(message=UNAUTHORIZED), 401, CHALLENGE
    problem = hash_problem(request.args.getlist("file-hash"))
    if problem is not None:
        return jsonify(message=f"Bad request: {problem}"), 400
    body = balance(request.args["file-hash"])
    if body is None:
        return jsonify(message=NOT_FOUND), 404
    return jsonify(body)
