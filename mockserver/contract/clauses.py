"""The clause a finding breaks, quoted from the spec (operation, status, schema path, keyword or
``x-`` rule), or for HTTP hygiene the RFC it comes from. Never hand-written per operation."""

from __future__ import annotations

import json
from typing import Any

from mockserver.contract.plan import OperationPlan

# Behaviour the spec does not state: reported as warnings (failing only with --strict-http).
HYGIENE_RFC: dict[str, str] = {
    "unsupported_method": "RFC 9110 §15.5.6: a method the resource does not support gets 405 "
    "Method Not Allowed with an Allow header",
    "allow_header_conformance": "RFC 9110 §10.2.1: Allow lists the methods the resource "
    "supports",
}
UNDECLARED_METHOD_RFC = (
    "RFC 9110 §9.1/§15.5.6: the spec declares no such method on this path, so it states "
    "nothing about the answer; HTTP says 405 with Allow (404 or 501 are common)"
)


def clause(plan: OperationPlan | None, check: str, status: int | None, failure: Any) -> str:
    """Where the spec (or an RFC, for hygiene) states what the finding breaks."""
    own = getattr(getattr(failure, "exception", None), "clause", None)
    if isinstance(own, str):
        return own  # our checks quote the spec themselves
    if check in HYGIENE_RFC:
        return HYGIENE_RFC[check]
    if plan is None:
        return "(the operation is not in the spec)"
    at = f"paths.{plan.path}.{plan.method}"
    declared = ", ".join(plan.statuses) or "none"
    response = f"{at}.responses.{_declared_key(plan, status)}"
    if check == "status_code_conformance" or check == "not_a_server_error":
        return f"{at}.responses: declared {declared}"
    if check == "content_type_conformance":
        return f"{response}.content: the declared media types"
    if check == "response_headers_conformance":
        return f"{response}.headers: {_schema_keyword(failure, None) or 'the declared headers'}"
    if check == "response_schema_conformance":
        schema = plan.schemas.get(_declared_key(plan, status))
        keyword = _schema_keyword(failure, schema)
        return f"{response}.content.application/json.schema" + (f" {keyword}" if keyword else "")
    if check == "positive_data_acceptance":
        return f"{at}: a request the spec allows gets a declared status ({_expected(failure)})"
    if check == "negative_data_rejection":
        return f"{at}.parameters/requestBody: a request the spec forbids gets {_expected(failure)}"
    if check == "missing_required_header":
        return f"{at}: a request without a required header gets {_expected(failure)}"
    if check == "ignored_auth":
        return f"{at}.security: a request with missing or invalid credentials is refused (401)"
    return f"{at}: the `{check}` check"


def _declared_key(plan: OperationPlan, status: int | None) -> str:
    code = str(status)
    for key in (code, f"{code[:1]}XX", "default"):
        if key in plan.statuses:
            return key
    return code


def _schema_keyword(failure: Any, schema: Any) -> str:
    """``/path/in/schema: keyword <its value in the spec>``, e.g. ``/: required ["message"]``."""
    path = getattr(failure, "schema_path", None)
    if not path:
        return ""
    *where, keyword = [str(p) for p in path]
    if any(part.startswith("x-bundled") for part in where):  # Schemathesis' inlined $refs
        where = _schema_location(schema, getattr(failure, "instance_path", None) or [])
    text = f"/{'/'.join(where)}: {keyword}"
    value = _walk(schema, [*where, keyword])
    return text if value is _MISSING else f"{text} {json.dumps(value, default=str)}"


_MISSING = object()


def _schema_location(schema: Any, instance_path: list[Any]) -> list[str]:
    """The spec's schema path that validates the value at ``instance_path``."""
    where: list[str] = []
    node = schema
    for part in instance_path:
        step = ["items"] if isinstance(part, int) else ["properties", str(part)]
        if _walk(node, step) is _MISSING:
            break
        where += step
        node = _walk(node, step)
    return where


def _walk(node: Any, path: list[str]) -> Any:
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return _MISSING
    return node


def _expected(failure: Any) -> str:
    statuses = getattr(failure, "expected_statuses", None) or getattr(
        failure, "allowed_statuses", None
    )
    return "one of " + ", ".join(map(str, statuses)) if statuses else "a declared status"
