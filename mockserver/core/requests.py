"""Request checks shared by the mock and the proxy: parameter values against their schemas.

Every location (path, query, header, cookie) is checked the same strict way: a repeated scalar,
an empty value and a line break or NUL are refused, a value is read as its schema's type, and
each message says what was wrong and what is allowed. Bodies: ``mockserver.core.bodies``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from mockserver.core.errors import RequestError
from mockserver.core.params import allowed_by, allowed_text, why_invalid, why_not
from mockserver.core.spec import Operation, Parameter

NO_BODY: Any = None
"""``RequestValues.body`` of a request without a body (JSON ``null`` bodies are refused)."""
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
"""Header parameters OpenAPI 3.0 says to ignore (the request's own machinery carries them)."""


@dataclasses.dataclass(frozen=True)
class RequestValues:
    """A request's checked values, by the names the spec declares: what fixtures match on.

    ``path``, ``query`` and ``headers`` hold the raw strings of declared parameters (header
    names as declared, whatever case the client used; an exploded array as its items joined by
    commas); ``body`` the decoded JSON body."""

    path: dict[str, str] = dataclasses.field(default_factory=dict)
    query: dict[str, str] = dataclasses.field(default_factory=dict)
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    body: Any = NO_BODY


def query_pairs(scope: Mapping[str, Any]) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def header_pairs(scope: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", ())]


def cookie_pairs(headers: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``name=value`` pairs of every ``Cookie`` header (RFC 6265 section 4.2.1)."""
    pairs = []
    for name, value in headers:
        if name.lower() == "cookie":
            for item in value.split(";"):
                key, _, val = item.strip().partition("=")
                if key:
                    pairs.append((key, val))
    return pairs


def check_query(operation: Operation, pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The declared query parameters, one value each; RequestError(400) on the first fault."""
    return check_location(operation, "query", pairs)


def check_path(operation: Operation, values: Mapping[str, str]) -> dict[str, str]:
    return check_location(operation, "path", list(values.items()))


def check_headers(operation: Operation, pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Declared header parameters, keyed as the spec spells them (names match in any case)."""
    declared = {p.name.lower(): p.name for p in operation.parameters_in("header")}
    keyed = [(declared.get(k.lower(), ""), v) for k, v in pairs]
    return check_location(operation, "header", [(k, v) for k, v in keyed if k])


def check_cookies(operation: Operation, pairs: list[tuple[str, str]]) -> dict[str, str]:
    return check_location(operation, "cookie", pairs)


def check_location(
    operation: Operation, location: str, pairs: list[tuple[str, str]]
) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in operation.parameters_in(location):
        if location == "header" and param.name.lower() in IGNORED_HEADERS:
            continue
        if _deep_object(param):
            fields = _deep_fields(param.name, pairs)
            if fields:
                values[param.name] = _check_deep_object(param, fields)
                continue
        given = [v for k, v in pairs if k == param.name]
        if not given:
            if param.required:
                raise RequestError(f"{location}.missing", name=param.name,
                                   allowed=allowed_text(param))
            continue
        if param.schema.get("type") == "array":
            values[param.name] = _check_array(param, given)
            continue
        if len(given) > 1:
            raise RequestError(f"{location}.repeated", name=param.name, count=len(given),
                               allowed=allowed_text(param))
        values[param.name] = _check_one(param, given[0])
    return values


def _deep_object(param: Parameter) -> bool:
    return (param.location == "query" and param.style == "deepObject"
            and param.schema.get("type") != "array")


def _deep_fields(name: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``name[field]=value`` pairs of a ``deepObject`` parameter, as (field, value)."""
    prefix = name + "["
    return [(key[len(prefix):-1], value) for key, value in pairs
            if key.startswith(prefix) and key.endswith("]")]


def _check_deep_object(param: Parameter, fields: list[tuple[str, str]]) -> str:
    """A ``deepObject`` object: each field read as its property's schema, the required ones
    present. Returned as ``field=value`` pairs joined by ``&``, in the order sent."""
    schema: dict[str, Any] = param.schema
    props = schema.get("properties") or {}
    fault = next((f"the field {field!r} is not one of {sorted(props)}" for field, _ in fields
                  if "[" not in field and field not in props
                  and schema.get("additionalProperties") is False), None)
    sent = {field for field, _ in fields}
    fault = fault or next((f"the field {field!r} is required" for field in
                           schema.get("required") or [] if field not in sent), None)
    for field, value in fields:
        sub = props.get(field)
        if fault is None and isinstance(sub, dict) and "[" not in field:
            if (reason := why_not(sub, value)) is not None:
                fault = f"{field}: {reason}"
    if fault is not None:
        raise RequestError(f"{param.location}.invalid", name=param.name, reason=fault,
                           allowed=f"an object sent as '{param.name}[field]=value' pairs")
    return "&".join(f"{field}={value}" for field, value in fields)


def _check_one(param: Parameter, value: str) -> str:
    if value == "" and param.schema.get("minLength", 1) > 0 and not param.allow_empty:
        raise RequestError(f"{param.location}.empty", name=param.name,
                           allowed=allowed_text(param))
    reason = why_invalid(param, value)
    if reason is not None:
        raise RequestError(f"{param.location}.invalid", name=param.name, reason=reason,
                           allowed=allowed_text(param))
    return value


def _check_array(param: Parameter, given: list[str]) -> str:
    """An array: repeated ``name=item`` pairs (``form``, exploded) or one comma-separated
    value (any other style, or ``explode: false``). Returned as the items joined by commas."""
    repeated = _repeated(param)
    if not repeated and len(given) > 1:
        raise RequestError(f"{param.location}.repeated", name=param.name, count=len(given),
                           allowed=_array_allowed(param))
    items = given if repeated else given[0].split(",")
    schema: dict[str, Any] = param.schema
    count = len(items) if items != [""] else 0
    fault = None
    if count < schema.get("minItems", 0):
        fault = f"{count} item(s) given, at least {schema['minItems']} required"
    elif "maxItems" in schema and count > schema["maxItems"]:
        fault = f"{count} items given, at most {schema['maxItems']} allowed"
    elif schema.get("uniqueItems") and len(set(items)) != len(items):
        fault = "the items are not unique"
    for index, item in enumerate(items if count else []):
        if fault is None and (reason := why_not(schema.get("items") or {}, item)) is not None:
            fault = f"item {index}: {reason}"
    if fault is not None:
        raise RequestError(f"{param.location}.invalid", name=param.name, reason=fault,
                           allowed=_array_allowed(param))
    return ",".join(items)


def _repeated(param: Parameter) -> bool:
    """Whether the array comes as repeated ``name=item`` pairs: ``form`` exploded, and an
    exploded ``deepObject`` array too (OpenAPI defines deepObject for objects only; Stripe
    declares its ``expand`` lists so, and clients, Schemathesis included, repeat the name)."""
    return (param.location in ("query", "cookie") and param.explode
            and param.style in ("form", "deepObject"))


def _array_allowed(param: Parameter) -> str:
    repeated = _repeated(param)
    how = f"repeated '{param.name}=…' pairs" if repeated else "one comma-separated value"
    return f"a list of {allowed_by(param.schema.get('items') or {})}, as {how}"
