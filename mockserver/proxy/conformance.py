"""Check one real request/response exchange against the spec. Pure: no HTTP, no I/O.

Used by the validating proxy. Reuses the core checks the mock uses, so the two never disagree:
parameters in every location and the JSON body (``core.requests``, ``core.bodies``), the
response declared for the status (``Operation.response_for``), its headers, media type, schema
(``schemas.schema_findings``) and the semantic rules the spec declares (``rules.check``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any

from mockserver.core import rules
from mockserver.core.bodies import accepted, check_body, is_json, media_type
from mockserver.core.errors import RequestError
from mockserver.core.params import why_not
from mockserver.core.requests import (
    RequestValues,
    check_cookies,
    check_headers,
    check_path,
    check_query,
    cookie_pairs,
)
from mockserver.core.schemas import schema_findings
from mockserver.core.spec import Operation, Spec


@dataclasses.dataclass(frozen=True)
class Violation:
    """One way an exchange breaks the contract."""

    side: str
    """"request" or "response"."""
    path: str
    """JSON path into the body, or the part of the message concerned (e.g. ``$.status``)."""
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.side} {self.path}: [{self.rule}] {self.message}"


def find_operation(spec: Spec, method: str, path: str) -> tuple[Operation | None, dict[str, str]]:
    """The operation declared for ``method`` on ``path`` and its path values. The path may carry
    the ``servers`` base path or not (an upstream URL may end with it)."""
    operation, values = spec.find(method, path)
    if operation is None and spec.base_path:
        operation, values = spec.find(method, spec.base_path + path)
    return operation, values


def request_violations(
    spec: Spec, method: str, path: str, query: list[tuple[str, str]], authorization: str | None,
    headers: list[tuple[str, str]] | None = None, body: bytes = b"",
) -> tuple[Operation | None, list[Violation]]:
    """The routed operation (None if the spec declares none) and the request's violations."""
    operation, _values, found = checked_request(spec, method, path, query, authorization,
                                                headers or [], body)
    return operation, found


def checked_request(
    spec: Spec, method: str, path: str, query: list[tuple[str, str]], authorization: str | None,
    headers: list[tuple[str, str]], body: bytes,
) -> tuple[Operation | None, RequestValues | None, list[Violation]]:
    """Operation, the request's declared values (None unless it is valid) and its violations."""
    operation, path_values = find_operation(spec, method, path)
    if operation is None:
        routes = ", ".join(f"{'/'.join(m)} {p}" for p, m in spec.served_routes.items())
        return None, None, [Violation("request", "$.route", "request:route",
                                      f"the spec declares no {method} {path} (declared: {routes})")]
    found: list[Violation] = []
    op = operation
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    checks: list[tuple[str, Callable[[], Any]]] = [
        ("$.path", lambda: check_path(op, path_values)),
        ("$.query", lambda: check_query(op, query)),
        ("$.headers", lambda: check_headers(op, headers)),
        ("$.cookies", lambda: check_cookies(op, cookie_pairs(headers))),
        ("$.body", lambda: check_body(op, content_type, body)),
    ]
    results = []
    for where, check in checks:
        try:
            results.append(check())
        except RequestError as exc:
            found.append(Violation("request", where, f"request:{exc.code}", exc.message))
    if _needs_bearer(spec, operation) and not _is_bearer(authorization):
        found.append(Violation("request", "$.headers.Authorization", "request:security",
                               "the spec requires 'Authorization: Bearer <token>'"))
    if found:
        return operation, None, found
    return operation, RequestValues(results[0], results[1], results[2], results[4]), found


def _needs_bearer(spec: Spec, operation: Operation) -> bool:
    raw = spec.raw["paths"][operation.path][operation.method]
    requirements = raw.get("security", spec.raw.get("security", []))
    schemes = spec.raw.get("components", {}).get("securitySchemes", {})
    if not requirements or any(not req for req in requirements):
        return False  # no security, or an empty requirement: anonymous access is allowed
    return all(
        str(schemes.get(name, {}).get("scheme", "")).lower() == "bearer"
        for req in requirements for name in req
    )


def _is_bearer(authorization: str | None) -> bool:
    scheme, _, token = (authorization or "").strip().partition(" ")
    return scheme.lower() == "bearer" and bool(token.strip())


def response_violations(
    operation: Operation, status: int, content_type: str | None, body: bytes,
    headers: Mapping[str, str] | None = None,
) -> list[Violation]:
    """Every violation of the response declared for ``status`` (exact, ``4XX``, ``default``).
    ``headers``: the response's headers (any mapping with case-insensitive ``get``)."""
    declared = operation.response_for(status)
    if declared is None:
        allowed = ", ".join(sorted(operation.responses))
        return [Violation("response", "$.status", "response:declared-status",
                          f"{status} is not declared for {operation.operation_id} "
                          f"(declared: {allowed})")]
    found = _header_violations(declared.header_schemas, declared.required_headers, headers)
    if declared.schema is None:
        return found  # declared without a JSON body: nothing more to check
    media = media_type(content_type)
    if not (is_json(media) and accepted(declared.media_types, media)):
        found.append(Violation("response", "$.headers.Content-Type", "response:content-type",
                               f"{content_type or 'no Content-Type'} is not "
                               f"{' or '.join(declared.media_types)}"))
    decoded = _decode(body)
    if decoded is _NOT_JSON:
        return [*found, Violation("response", "$", "response:json", "the body is not valid JSON")]
    found += [Violation("response", path, f"response:{rule}", message)
              for path, rule, message in schema_findings(decoded, declared.schema)]
    found += [Violation("response", r.path, f"response:semantic:{r.rule}",
                        f"{r.message} ({r.clause})")
              for r in rules.check(declared.schema, decoded)]
    return found


def _header_violations(schemas: dict[str, dict[str, Any]], required: tuple[str, ...],
                       headers: Mapping[str, str] | None) -> list[Violation]:
    if headers is None:
        return []
    found = []
    for name, schema in schemas.items():
        if name.lower() == "content-type":
            continue  # OpenAPI 3.0: a Content-Type response header definition is ignored
        value = headers.get(name)
        if value is None:
            if name in required:
                found.append(Violation("response", f"$.headers.{name}", "response:header",
                                       f"the required header {name} is missing"))
            continue
        reason = why_not(schema, value)
        if reason is not None:
            found.append(Violation("response", f"$.headers.{name}", "response:header",
                                   f"{name}: {reason}"))
    return found


_NOT_JSON: Any = object()


def _decode(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError):
        return _NOT_JSON


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def header_value(violations: list[Violation], limit: int = 400) -> str:
    """``X-Contract-Violations``: the count, then ``side path [rule]`` items; ASCII, one line."""
    items = [str(len(violations)), *(f"{v.side} {v.path} [{v.rule}]" for v in violations)]
    text = "; ".join(items)
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    text = "".join(c if " " <= c <= "~" else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
