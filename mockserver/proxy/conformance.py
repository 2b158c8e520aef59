"""Check one real request/response exchange against the spec. Pure: no HTTP, no I/O.

Used by the validating proxy. Reuses the mock's own checks so the two never disagree: the query
guard (``guards.check_query``), the response schema (``schemas.schema_findings``) and the
semantic rules the spec declares (``rules.check``).
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from mockserver.core import rules
from mockserver.core.errors import JSON, RequestError
from mockserver.core.requests import check_query
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


def find_operation(spec: Spec, method: str, path: str) -> Operation | None:
    """The operation declared for ``method`` on ``path`` (``{templated}`` segments match one)."""
    for op in spec.operations.values():
        if op.method.upper() == method.upper() and _path_pattern(op.path).fullmatch(path):
            return op
    return None


def _path_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def request_violations(
    spec: Spec, method: str, path: str, query: list[tuple[str, str]], authorization: str | None
) -> tuple[Operation | None, list[Violation]]:
    """The routed operation (None if the spec declares none) and the request's violations."""
    operation = find_operation(spec, method, path)
    if operation is None:
        routes = ", ".join(f"{'/'.join(m)} {p}" for p, m in spec.routes.items())
        return None, [Violation("request", "$.route", "request:route",
                                f"the spec declares no {method} {path} (declared: {routes})")]
    found: list[Violation] = []
    try:
        check_query(operation, query)
    except RequestError as exc:
        found.append(Violation("request", "$.query", f"request:{exc.code}", exc.message))
    if _needs_bearer(spec, operation) and not _is_bearer(authorization):
        found.append(Violation("request", "$.headers.Authorization", "request:security",
                               "the spec requires 'Authorization: Bearer <token>'"))
    return operation, found


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
    operation: Operation, status: int, content_type: str | None, body: bytes
) -> list[Violation]:
    """Every violation of the response declared for ``status``."""
    declared = operation.responses.get(str(status)) or operation.responses.get("default")
    if declared is None:
        allowed = ", ".join(sorted(operation.responses))
        return [Violation("response", "$.status", "response:declared-status",
                          f"{status} is not declared for {operation.operation_id} "
                          f"(declared: {allowed})")]
    if declared.schema is None:
        return []  # declared without a JSON body: nothing more to check
    media = (content_type or "").split(";")[0].strip().lower()
    found: list[Violation] = []
    if media != JSON:
        found.append(Violation("response", "$.headers.Content-Type", "response:content-type",
                               f"{content_type or 'no Content-Type'} is not {JSON}"))
    decoded = _decode(body)
    if decoded is _NOT_JSON:
        return [*found, Violation("response", "$", "response:json", "the body is not valid JSON")]
    found += [Violation("response", path, f"response:{rule}", message)
              for path, rule, message in schema_findings(decoded, declared.schema)]
    found += [Violation("response", r.path, f"response:semantic:{r.rule}",
                        f"{r.message} ({r.clause})")
              for r in rules.check(declared.schema, decoded)]
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
