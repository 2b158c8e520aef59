"""The three kinds of error, kept apart.

1. ``ConfigError``: the spec, a fixture or the config is wrong. Raised at start-up (exit code 2)
   or on reload (the last good state keeps serving). Each ``Problem`` names file, JSON path, rule.
2. ``RequestError`` and the ``CATALOGUE``: the request is wrong. Rendered as
   ``application/json`` in the shape the operation declares for that status
   (``core.error_shape``, used by the mock's Connexion error hooks and selection); where no
   operation or schema applies (mock-only pages, the proxy's own errors), ``{"message": ...}``
   from ``error_body`` and ``render_error``. ``error_headers`` adds the 401 challenge.
3. Contract violations live in ``mockserver.contract`` (``AssertionError`` subclasses).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from mockserver.settings import REALM

if TYPE_CHECKING:
    from starlette.responses import Response

JSON = "application/json"
WWW_AUTHENTICATE = f'Bearer realm="{REALM}"'


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with the spec, a fixture or the config."""

    file: str
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: [{self.rule}] {self.message}"


class ConfigError(Exception):
    """The spec, fixtures or configuration cannot be served. Lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# The catalogue of request errors: code -> (status, message template). Documented in the README.
CATALOGUE: dict[str, tuple[int, str]] = {
    "query.missing": (400, "Missing required query parameter '{name}'. Allowed: {allowed}."),
    "query.empty": (400, "Query parameter '{name}' is empty. Allowed: {allowed}."),
    "query.invalid": (400, "Query parameter '{name}' is invalid: {reason}. Allowed: {allowed}."),
    "query.repeated": (
        400,
        "Query parameter '{name}' was given {count} times; send it exactly once. "
        "Allowed: {allowed}.",
    ),
    "path.missing": (400, "Missing required path parameter '{name}'. Allowed: {allowed}."),
    "path.empty": (400, "Path parameter '{name}' is empty. Allowed: {allowed}."),
    "path.invalid": (400, "Path parameter '{name}' is invalid: {reason}. Allowed: {allowed}."),
    "header.missing": (400, "Missing required header '{name}'. Allowed: {allowed}."),
    "header.empty": (400, "Header '{name}' is empty. Allowed: {allowed}."),
    "header.invalid": (400, "Header '{name}' is invalid: {reason}. Allowed: {allowed}."),
    "header.repeated": (
        400, "Header '{name}' was given {count} times; send it exactly once. Allowed: {allowed}."
    ),
    "cookie.missing": (400, "Missing required cookie '{name}'. Allowed: {allowed}."),
    "cookie.empty": (400, "Cookie '{name}' is empty. Allowed: {allowed}."),
    "cookie.invalid": (400, "Cookie '{name}' is invalid: {reason}. Allowed: {allowed}."),
    "cookie.repeated": (
        400, "Cookie '{name}' was given {count} times; send it exactly once. Allowed: {allowed}."
    ),
    "body.missing": (400, "Missing required request body. Allowed: {allowed}."),
    "body.media_type": (
        415, "Unsupported Content-Type {given} for the request body. Allowed: {allowed}."
    ),
    "body.content_type": (
        400, "Unsupported Content-Type {given} for the request body. Allowed: {allowed}."
    ),
    "body.too_large": (
        400, "The request body is {size} bytes; at most {limit} bytes are accepted."
    ),
    "body.encoding": (
        400, "The request body is not UTF-8: {reason}. Allowed: JSON text encoded as UTF-8."
    ),
    "body.json": (
        400, "The request body is not valid JSON: {reason}. Allowed: one JSON document."
    ),
    "body.invalid": (
        400, "The request body is invalid at {path}: {reason} [{rule}]. Allowed: {allowed}."
    ),
    "prefer.invalid": (400, "Invalid Prefer header: {reason}. Allowed preferences: {allowed}."),
    "request.invalid": (400, "Bad request: {detail}"),
    # The validating proxy's own errors (not the API's): the upstream could not answer.
    "proxy.unreachable": (
        502,
        "Bad gateway: the upstream {upstream} could not be reached ({reason}). Check --upstream "
        "and that the API is up.",
    ),
    "proxy.timeout": (
        504,
        "Gateway timeout: the upstream {upstream} did not answer in time ({reason}). Raise "
        "--timeout or check the API.",
    ),
    "auth.missing": (
        401,
        "Unauthorized: missing Authorization header. Send 'Authorization: Bearer <token>'.",
    ),
    "auth.scheme": (
        401,
        "Unauthorized: Authorization scheme '{scheme}' is not supported. "
        "Send 'Authorization: Bearer <token>'.",
    ),
    "auth.empty": (
        401,
        "Unauthorized: the bearer token is empty. Send 'Authorization: Bearer <token>'.",
    ),
    "auth.unknown": (
        401,
        "Unauthorized: invalid or expired token. Accepted: a token listed in the fixtures' "
        "tokens.json, a token given with --token, or a well-formed JWT whose 'exp' is in the "
        "future.",
    ),
    "auth.expired": (
        401,
        "Unauthorized: the JWT expired at {expired} (UTC). Send a token whose 'exp' is in the "
        "future.",
    ),
    "auth.exp_invalid": (
        401,
        "Unauthorized: the JWT's 'exp' claim ({exp}) is not a date. Send a NumericDate "
        "(seconds since 1970) in the future and before the year 10000.",
    ),
    "fixture.not_found": (
        404,
        "{not_found}: no fixture has {name}={value}. Known values are listed at GET / and "
        "GET /__mock__/fixtures; 'Prefer: example=<scenario>' picks a fixture by name.",
    ),
    "fixture.none": (
        404,
        "{not_found}: no fixture answers {method} {path}. Add one to the fixtures folder, or "
        "send 'Prefer: dynamic=true' for a generated body.",
    ),
    "route.not_found": (404, "Not found: no route for {path}. This server serves {routes}."),
    "method.not_allowed": (
        405,
        "Method not allowed: {method} {path}. Allowed methods: {allow}.",
    ),
    "server.error": (
        500,
        "Internal mock server error; the traceback is in the mock server's log.",
    ),
}


class RequestError(Exception):
    """A request the mock must refuse; carries a catalogue code and the template's fields."""

    def __init__(
        self, code: str, headers: Mapping[str, str] | None = None, **fields: object
    ) -> None:
        self.code = code
        self.status, template = CATALOGUE[code]
        self.message = template.format(**fields)
        self.headers = dict(headers or {})
        super().__init__(self.message)


def error_body(message: str) -> bytes:
    return json.dumps({"message": message}, ensure_ascii=False).encode()


def error_headers(status: int, headers: Mapping[str, str] | None = None) -> dict[str, str]:
    """The headers of an error answer: a 401 always carries a ``WWW-Authenticate`` challenge."""
    all_headers = dict(headers or {})
    if status == 401:
        all_headers.setdefault("WWW-Authenticate", WWW_AUTHENTICATE)
    return all_headers


def render_error(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """An error answer as a Starlette response (admin pages, proxy). Connexion's error hooks need
    a ConnexionResponse of the same body and headers: ``app._response``."""
    from starlette.responses import Response  # not at import: the CLI and loaders don't need it

    return Response(error_body(message), status_code=status,
                    headers=error_headers(status, headers), media_type=JSON)
