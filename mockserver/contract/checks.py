"""The contract's semantic checks, as plain Schemathesis check functions ``(ctx, response, case)``.

JSON Schema cannot say these; the spec states them in prose. The rules themselves live in
``mockserver.core.rules`` (shared with fixture loading): the mock and the contract never disagree.
Each check raises ``ContractViolation`` (an ``AssertionError``) naming the check and the clause.
Registration with Schemathesis happens in ``mockserver.contract.hooks``, not here.
"""

from __future__ import annotations

import json
from typing import Any

from mockserver.core import rules

STRICT_JSON_CLAUSE = (
    "responses.*.content.application/json: the body is RFC 8259 JSON, which has no NaN, "
    "Infinity or -Infinity tokens"
)
REJECTED_TOKEN_CLAUSE = (
    "security.bearerAuth + responses.401: a request with an invalid bearer token gets 401 "
    "(not 403, which the spec does not declare)"
)
INVALID_TOKEN = "meetra-contract-invalid-token"
ERROR_MESSAGE_CLAUSE = (
    "components.schemas.Error: every error body (4xx/5xx) is application/json with a required "
    "`message`, a non-empty string"
)


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


def _response_schema(case: Any, status: int) -> Any:
    """The JSON schema the spec declares for ``status`` (or ``default``) of the case's operation,
    dereferenced; None when it declares none."""
    from mockserver.core.spec import deref

    root = getattr(case.operation.schema, "raw_schema", None)
    raw = getattr(getattr(case.operation, "definition", None), "raw", None)
    if not isinstance(root, dict) or not isinstance(raw, dict):
        return None
    responses = raw.get("responses") or {}
    declared = responses.get(str(status), responses.get(status, responses.get("default")))
    declared = deref(declared, root)
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
        raise ContractViolation("spec_rules", findings[0].clause, detail)


def strict_json(ctx: Any, response: Any, case: Any) -> None:
    """A JSON body must not contain NaN or Infinity, which Python's json module accepts."""
    if not response.content or not _is_json_media_type(_media_type(response)):
        return
    try:
        json.loads(response.content, parse_constant=_refuse_constant)
    except _NonStandardConstant as exc:
        raise ContractViolation(
            "strict_json", STRICT_JSON_CLAUSE, f"the body contains the non-JSON token {exc}"
        ) from None
    except ValueError:
        return  # not JSON at all: content_type/response_schema conformance report that


def error_has_message(ctx: Any, response: Any, case: Any) -> None:
    """Every 4xx/5xx body is a JSON object with a non-empty string `message`."""
    if response.status_code < 400:
        return
    body = _body(response)
    if not isinstance(body, dict):
        shown = response.content[:80].decode("utf-8", "replace") or "an empty body"
        detail = f"a {response.status_code} answered {shown!r}, not a JSON object"
    elif not isinstance(body.get("message"), str) or not body["message"]:
        detail = (
            f"a {response.status_code} body has no non-empty string `message` "
            f"(message: {body.get('message')!r}; keys: {sorted(body)})"
        )
    else:
        return
    raise ContractViolation("error_has_message", ERROR_MESSAGE_CLAUSE, detail)


# Lower-case like the function checks: Schemathesis names a check after its class.
class rejected_token_gets_401:
    """Once per operation, replay a successful authenticated request with an invalid token.

    Schemathesis' own ``ignored_auth`` accepts 401 or 403 for bad credentials; this contract
    declares only 401, and a probe's status is never seen by ``status_code_conformance``.
    """

    def __init__(self) -> None:
        self.probed: set[str] = set()

    def after_response(self, ctx: Any, response: Any, case: Any) -> None:
        label = case.operation.label
        if not 200 <= response.status_code < 300 or label in self.probed:
            return
        if "authorization" not in {name.lower() for name in response.request.headers}:
            return
        self.probed.add(label)
        import requests

        probe = response.request.copy()
        probe.headers["Authorization"] = f"Bearer {INVALID_TOKEN}"
        with requests.Session() as session:
            answer = session.send(probe, timeout=10, verify=response.verify, allow_redirects=False)
        if answer.status_code != 401:
            raise ContractViolation(
                "rejected_token_gets_401",
                REJECTED_TOKEN_CLAUSE,
                f"an invalid token got {answer.status_code}, not 401: curl -H 'Authorization: "
                f"Bearer {INVALID_TOKEN}' '{probe.url}'",
            )


SEMANTIC_CHECKS: tuple[Any, ...] = (
    spec_rules,
    strict_json,
    error_has_message,
    rejected_token_gets_401,
)
