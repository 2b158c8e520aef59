"""Request checks shared by the mock and the proxy: parameter values against their schemas.

Stricter than Connexion where it is lenient: a repeated scalar, an empty value and a trailing
newline are refused, and each message says what was wrong and what is allowed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from mockserver.core.errors import RequestError
from mockserver.core.params import allowed_text, why_invalid
from mockserver.core.spec import Operation, Parameter

NO_BODY: Any = None
"""``RequestValues.body`` of a request without a body (JSON ``null`` bodies are refused)."""


@dataclasses.dataclass(frozen=True)
class RequestValues:
    """A request's checked values, by the names the spec declares: what fixtures match on.

    ``path``, ``query`` and ``headers`` hold the raw strings of declared parameters (header
    names as declared, whatever case the client used); ``body`` the decoded JSON body."""

    path: dict[str, str] = dataclasses.field(default_factory=dict)
    query: dict[str, str] = dataclasses.field(default_factory=dict)
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    body: Any = NO_BODY


def query_pairs(scope: Mapping[str, Any]) -> list[tuple[str, str]]:
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def check_query(operation: Operation, pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The declared query parameters, one value each; RequestError(400) on the first fault."""
    values: dict[str, str] = {}
    for param in operation.query_parameters():
        given = [v for k, v in pairs if k == param.name]
        if not given:
            if param.required:
                raise RequestError("query.missing", name=param.name, allowed=allowed_text(param))
            continue
        if len(given) > 1:
            raise RequestError("query.repeated", name=param.name, count=len(given),
                               allowed=allowed_text(param))
        values[param.name] = _check_one(param, given[0])
    return values


def _check_one(param: Parameter, value: str) -> str:
    if value == "" and param.schema.get("minLength", 1) > 0:
        raise RequestError("query.empty", name=param.name, allowed=allowed_text(param))
    reason = why_invalid(param, value)
    if reason is not None:
        raise RequestError("query.invalid", name=param.name, reason=reason,
                           allowed=allowed_text(param))
    return value
