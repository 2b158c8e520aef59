"""A fixture's contents checked against its operation: every request value, the request body,
the response status, headers and body. Each problem names the JSON path and the rule.
"""

from __future__ import annotations

from typing import Any

from mockserver.core import rules
from mockserver.core.params import why_invalid
from mockserver.core.schemas import Finding, schema_findings, undeclared_fields
from mockserver.core.spec import DeclaredResponse, Operation, Parameter

LOCATIONS = {"path": "path", "query": "query", "headers": "header"}
"""Fixture request part -> the ``in`` of the parameters it may name."""


def value_reason(schema: dict[str, Any], value: str) -> str | None:
    """Why the string ``value`` (as sent on the wire) breaks ``schema``; None if it fits.

    Strings go through ``params.why_invalid`` (whole-value patterns, in words); integers,
    numbers and booleans are parsed first, then checked against the schema."""
    kind = schema.get("type")
    if kind not in ("integer", "number", "boolean"):
        reason = why_invalid(Parameter("", "", False, schema, ""), value)
        return reason if reason is not None or "format" not in schema else _format(schema, value)
    parsed = _parse(kind, value)
    if parsed is None:
        return f"{value!r} is not {'an' if kind == 'integer' else 'a'} {kind}"
    found = schema_findings(parsed, schema)
    return found[0][2] if found else None


def _format(schema: dict[str, Any], value: str) -> str | None:
    from openapi_schema_validator import OAS30Validator, oas30_format_checker

    errors = list(OAS30Validator(schema, format_checker=oas30_format_checker).iter_errors(value))
    return errors[0].message if errors else None


def _parse(kind: str, value: str) -> Any:
    if kind == "boolean":
        return {"true": True, "false": False}.get(value)
    try:
        return int(value) if kind == "integer" else float(value)
    except ValueError:
        return None


def declared_name(params: tuple[Parameter, ...], name: str, fold: bool) -> str | None:
    """The declared spelling of ``name`` (header names compare case-insensitively)."""
    for param in params:
        if param.name == name or (fold and param.name.lower() == name.lower()):
            return param.name
    return None


def request_findings(request: dict[str, Any], op: Operation) -> list[Finding]:
    """Every problem of ``request.path/query/headers/body`` against the operation."""
    found: list[Finding] = []
    for part, location in LOCATIONS.items():
        params = op.parameters_in(location)
        for name, value in (request.get(part) or {}).items():
            where = f"$.request.{part}.{name}"
            spelled = declared_name(params, name, fold=part == "headers")
            if spelled is None:
                known = ", ".join(p.name for p in params) or "none"
                found.append((where, "fixture:declared-parameter",
                              f"{op.operation_id} declares no {location} parameter {name!r} "
                              f"(declared: {known})"))
                continue
            param = next(p for p in params if p.name == spelled)
            if (reason := value_reason(param.schema, value)) is not None:
                found.append((where, "fixture:parameter-schema",
                              f"no request could match: {reason}"))
    if "body" in request:
        found += _request_body_findings(request["body"], op)
    return found


def _request_body_findings(body: Any, op: Operation) -> list[Finding]:
    where = "$.request.body"
    if op.request_body is None:
        return [(where, "fixture:declared-body", f"{op.operation_id} declares no request body")]
    if body is None:
        return [(where, "fixture:request-body", "null never matches: a request without a body "
                 "is matched by leaving request.body out")]
    schema = op.request_body.schema or {}
    return schema_findings(body, schema, where) + [
        (r.path, f"semantic:{r.rule}", f"{r.message} ({r.clause})")
        for r in rules.check(schema, body, where)]


def response_findings(response: dict[str, Any], op: Operation) -> list[Finding]:
    """Status declared (exact, ``4XX`` or ``default``), headers declared and valid, body
    valid against the schema declared for that status and its ``x-`` rules."""
    status = response["status"]
    declared = op.response_for(status)
    if declared is None:
        return [("$.response.status", "fixture:declared-status",
                 f"{op.operation_id} declares no {status} response "
                 f"(declared: {', '.join(sorted(op.responses))})")]
    found = _header_findings(response.get("headers") or {}, declared)
    if "body" not in response:
        if declared.schema is not None:
            found.append(("$.response", "fixture:response-body",
                          f"the spec declares a JSON body for {declared.status}; give "
                          "response.body"))
        return found
    return found + _body_findings(response["body"], declared)


def _header_findings(headers: dict[str, str], declared: DeclaredResponse) -> list[Finding]:
    found: list[Finding] = []
    by_lower = {name.lower(): name for name in declared.header_schemas}
    for name, value in headers.items():
        where = f"$.response.headers.{name}"
        spelled = by_lower.get(name.lower())
        if spelled is None:
            known = ", ".join(declared.header_schemas) or "none"
            found.append((where, "fixture:declared-header",
                          f"the {declared.status} response declares no header {name!r} "
                          f"(declared: {known})"))
        elif (reason := value_reason(declared.header_schemas[spelled], value)) is not None:
            found.append((where, "fixture:header-schema", reason))
    return found


def _body_findings(body: Any, declared: DeclaredResponse) -> list[Finding]:
    root = "$.response.body"
    if declared.schema is None:
        if declared.media_types:
            return []  # a non-JSON body: nothing here can check it
        return [(root, "fixture:declared-body",
                 f"the {declared.status} response declares no body; leave response.body out")]
    found = schema_findings(body, declared.schema, root)
    found += undeclared_fields(body, declared.schema, root)
    found += [(r.path, f"semantic:{r.rule}", f"{r.message} ({r.clause})")
              for r in rules.check(declared.schema, body, root)]
    return found
