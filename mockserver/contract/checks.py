"""The contract's own checks, as plain Schemathesis check functions ``(ctx, response, case)``.

Each enforces something the spec states that Schemathesis' built-in checks do not see: the
``x-`` rules, RFC 8259 JSON for declared JSON bodies, 401 (not 403) where only 401 is declared.
The rules live in ``mockserver.core.rules`` (shared with fixture loading): the mock and the
contract never disagree.
Each check raises ``ContractViolation`` (an ``AssertionError``) naming the check and the clause.
Registration with Schemathesis happens in ``mockserver.contract.hooks``, not here.
"""

from __future__ import annotations

import json
from typing import Any

from mockserver.contract.policy import undeclared_method
from mockserver.core import rules

INVALID_TOKEN = "meetra-contract-invalid-token"


class ContractViolation(AssertionError):
    """A response broke a clause of the contract that Schemathesis' built-in checks cannot see."""

    def __init__(self, check: str, clause: str, detail: str) -> None:
        super().__init__(f"{detail}\nSpec clause: {clause}")
        self.check = check
        self.clause = clause
        self.detail = detail


class _NonStandardConstant(ValueError):
    pass


def _refuse_constant(token: str) -> Any:
    raise _NonStandardConstant(token)


def _media_type(response: Any) -> str:
    values = response.headers.get("content-type") or [""]
    return str(values[0]).split(";", 1)[0].strip().lower()


def _is_json_media_type(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _body(response: Any) -> Any:
    """The decoded JSON body, or None when it is not JSON (other checks report that)."""
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _operation_at(case: Any) -> str:
    return f"paths.{case.operation.path}.{case.operation.method.lower()}"


def _declared_responses(case: Any) -> dict[str, Any]:
    """The operation's `responses`, keyed by strings (YAML may have read `200` as a number)."""
    raw = getattr(getattr(case.operation, "definition", None), "raw", None)
    responses = (raw.get("responses") or {}) if isinstance(raw, dict) else {}
    return {str(key): value for key, value in responses.items()}


def declared_key(case: Any, status: int) -> str | None:
    """The `responses` key that covers ``status`` for the case's operation (``200``, ``4XX``,
    ``default``), or None. A method the path does not declare has no declared responses."""
    if undeclared_method(case):
        return None
    responses = _declared_responses(case)
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return key
    return None


def _response_schema(case: Any, status: int) -> Any:
    """The JSON schema the spec declares for ``status`` (or ``default``) of the case's operation,
    dereferenced; None when it declares none."""
    from mockserver.core.spec import deref

    key = declared_key(case, status)
    root = getattr(case.operation.schema, "raw_schema", None)
    if key is None or not isinstance(root, dict):
        return None
    responses = _declared_responses(case)
    declared = deref(responses.get(key), root)
    if not isinstance(declared, dict):
        return None
    return ((declared.get("content") or {}).get("application/json") or {}).get("schema")


def spec_rules(ctx: Any, response: Any, case: Any) -> None:
    """Every semantic rule (``x-`` extension) the spec declares on the response's schema."""
    schema = _response_schema(case, response.status_code)
    if schema is None:
        return
    findings = rules.check(schema, _body(response))
    if findings:
        detail = "; ".join(f"{f.path}: {f.message}" for f in findings)
        key = declared_key(case, response.status_code)
        where = f"{_operation_at(case)}.responses.{key}.content.application/json.schema"
        raise ContractViolation("spec_rules", f"{where} {findings[0].clause}", detail)


def strict_json(ctx: Any, response: Any, case: Any) -> None:
    """A JSON body of a declared status must not contain NaN or Infinity (RFC 8259), which
    Python's json module accepts and JSON Schema validators may let through."""
    key = declared_key(case, response.status_code)
    if key is None or not response.content or not _is_json_media_type(_media_type(response)):
        return
    try:
        json.loads(response.content, parse_constant=_refuse_constant)
    except _NonStandardConstant as exc:
        clause = (
            f"{_operation_at(case)}.responses.{key}.content.application/json: "
            "JSON (RFC 8259 has no NaN, Infinity or -Infinity)"
        )
        raise ContractViolation(
            "strict_json", clause, f"the body contains the non-JSON token {exc}"
        ) from None
    except ValueError:
        return  # not JSON at all: content_type/response_schema conformance report that


def _declares_401_not_403(case: Any) -> bool:
    responses = {str(k) for k in _declared_responses(case)}
    return "401" in responses and "403" not in responses


# Lower-case like the function checks: Schemathesis names a check after its class.
class rejected_token_gets_401:
    """Once per operation, replay a successful authenticated request with an invalid token.

    Schemathesis' own ``ignored_auth`` accepts 401 or 403 for bad credentials; where the operation
    declares 401 and not 403, the spec allows only 401, and a probe's status is never seen by
    ``status_code_conformance``.
    """

    def __init__(self) -> None:
        self.probed: set[str] = set()

    def after_response(self, ctx: Any, response: Any, case: Any) -> None:
        label = case.operation.label
        if not 200 <= response.status_code < 300 or label in self.probed:
            return
        if "authorization" not in {name.lower() for name in response.request.headers}:
            return
        if not _declares_401_not_403(case) or undeclared_method(case):
            return
        self.probed.add(label)
        import requests

        probe = response.request.copy()
        probe.headers["Authorization"] = f"Bearer {INVALID_TOKEN}"
        with requests.Session() as session:
            answer = session.send(probe, timeout=10, verify=response.verify, allow_redirects=False)
        if answer.status_code != 401:
            clause = (
                f"{_operation_at(case)}: security + responses declare 401 and no 403, so "
                "invalid credentials get 401"
            )
            raise ContractViolation(
                "rejected_token_gets_401",
                clause,
                f"an invalid token got {answer.status_code}, not 401: curl -X "
                f"{probe.method} -H 'Authorization: Bearer {INVALID_TOKEN}' '{probe.url}'",
            )


SEMANTIC_CHECKS: tuple[Any, ...] = (
    spec_rules,
    strict_json,
    rejected_token_gets_401,
)
