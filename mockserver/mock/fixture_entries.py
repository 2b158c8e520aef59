"""One catalog entry per fixture, for any operation: the request it answers (method, URL with
the base path, headers, body), a curl line that reproduces it, and how to show its body.

A fixture that leaves out a required value (a default fixture) gets a generated one in its curl
line, so every line can be pasted as is. No token is ever shown: the line reads $MEETRA_TOKEN.
"""

from __future__ import annotations

import json
import shlex
from typing import Any
from urllib.parse import quote, urlencode

from mockserver.core.fixtures import Fixture
from mockserver.core.requests import NO_BODY
from mockserver.core.spec import Operation
from mockserver.mock.answers import Catalog
from mockserver.mock.views import body_view

TOKEN_VARIABLE = "$MEETRA_TOKEN"
"""The shell variable every printed curl line (banner, catalog page) reads the token from."""


def fixture_entry(catalog: Catalog, fx: Fixture, base: str) -> dict[str, Any]:
    op = catalog.spec.operations[fx.operation_id]
    path = _filled(op.path, _with_required(catalog, fx, op, "path", fx.request.path))
    query = _with_required(catalog, fx, op, "query", fx.request.query)
    headers = _with_required(catalog, fx, op, "header", fx.request.headers)
    body = fx.request.body
    if body is NO_BODY and op.request_body is not None and op.request_body.required:
        body = _generated(catalog, op.request_body.schema or {}, f"{fx.scenario}:body", NO_BODY)
    url = f"{base}{catalog.spec.base_path}{path}" + (f"?{urlencode(query)}" if query else "")
    return {
        "scenario": fx.scenario, "description": fx.description,
        "operationId": fx.operation_id, "method": op.method.upper(), "path": path,
        "path_values": dict(fx.request.path), "query": dict(fx.request.query),
        "headers": dict(fx.request.headers),
        "request_body": None if fx.request.body is NO_BODY else fx.request.body,
        "status": fx.status, "response_headers": dict(fx.headers),
        "body": fx.body if fx.has_body else None, "url": url,
        "curl": curl_line(op, url, headers, body),
        "view": body_view(catalog, fx),
    }


def needs_token(op: Operation) -> bool:
    """The operation declares security and no requirement of it is anonymous (``{}``)."""
    return bool(op.security) and all(op.security)


def curl_line(op: Operation, url: str, headers: dict[str, str], body: Any) -> str:
    parts = ["curl"]
    if op.method.upper() != "GET":
        parts += ["-X", op.method.upper()]
    if needs_token(op):
        parts += ["-H", f'"Authorization: Bearer {TOKEN_VARIABLE}"']
    for name, value in headers.items():
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body is not NO_BODY:
        parts += ["-H", "'Content-Type: application/json'",
                  "-d", shlex.quote(json.dumps(body, ensure_ascii=False))]
    return " ".join([*parts, f"'{url}'" if "'" not in url else shlex.quote(url)])


def _filled(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", quote(value, safe=""))
    return template


def _with_required(catalog: Catalog, fx: Fixture, op: Operation, location: str,
                   given: dict[str, str]) -> dict[str, str]:
    """``given``, plus a generated value for each required parameter it leaves out."""
    values = dict(given)
    have = {name.lower() for name in given}
    for param in op.parameters_in(location):
        if param.required and param.name.lower() not in have:
            value = _generated(catalog, param.schema, f"{fx.scenario}:{location}:{param.name}",
                               "{" + param.name + "}")
            values[param.name] = _text(value)
    return values


def _generated(catalog: Catalog, schema: dict[str, Any], seed: str, otherwise: Any) -> Any:
    """A generated value for the curl line; ``otherwise`` where none can be generated."""
    try:
        return catalog.generated(schema, seed)
    except LookupError:
        return otherwise


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)
