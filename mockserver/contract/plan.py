"""What the spec states per operation, as the contract run needs it: statuses, parameters, auth.

Everything here is read from the document: no operation, parameter or status is named in code.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from mockserver.core.spec import Dereferencer, parse_document

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
LOCATIONS = ("path", "query", "header", "cookie")
# Statuses a valid request may still get, where the operation declares them (a missing or
# conflicting resource), besides its 2xx.
VALID_REQUEST_4XX = ("404", "409", "410")
# Statuses that reject a request the spec forbids, where the operation declares them.
REJECTION_4XX = ("400", "401", "403", "404", "405", "406", "409", "415", "422")
MISSING_HEADER_4XX = ("400", "401", "403", "406", "422")


@dataclasses.dataclass(frozen=True)
class KnownValues:
    location: str
    name: str
    values: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class OperationPlan:
    method: str
    path: str
    operation_id: str | None
    statuses: tuple[str, ...]  # the `responses` keys as written: "200", "4XX", "default"
    secured: bool
    parameters: tuple[KnownValues, ...]
    # `responses` key -> the dereferenced JSON schema of its application/json content, if any
    schemas: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def declares(self, status: int) -> bool:
        code = str(status)
        return code in self.statuses or f"{code[0]}XX" in self.statuses

    def positive_statuses(self) -> list[str]:
        success = [s for s in self.statuses if s.startswith("2")]
        others = [s for s in self.statuses if s in VALID_REQUEST_4XX or s == "4XX"]
        if "default" in self.statuses and not others:
            others = list(VALID_REQUEST_4XX)  # `default` declares every status
        return [*success, *others]

    def rejection_statuses(self, candidates: tuple[str, ...] = REJECTION_4XX) -> list[str] | None:
        """The declared statuses among ``candidates``; None where the spec declares none of them
        or declares `default`/`4XX` (then Schemathesis' defaults apply)."""
        if "default" in self.statuses or "4XX" in self.statuses:
            return None
        declared = [s for s in candidates if s in self.statuses]
        if candidates is REJECTION_4XX and not self.has_path_parameters:
            # Only a malformed *path* parameter may fairly get 404 (no such resource path); a
            # malformed query, header or body answered 404 was not validated.
            declared = [s for s in declared if s != "404"]
        return declared or None

    @property
    def has_path_parameters(self) -> bool:
        return any(p.location == "path" for p in self.parameters)


def load_plan(spec_path: Path) -> list[OperationPlan]:
    _text, doc = parse_document(spec_path)
    default_security = doc.get("security") or []
    plans = []
    resolve = Dereferencer(doc)  # one for the document: each $ref target resolved once
    for path, item in (doc.get("paths") or {}).items():
        item = resolve(item)
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            params = [*(item.get("parameters") or []), *(op.get("parameters") or [])]
            plans.append(
                OperationPlan(
                    method=method,
                    path=path,
                    operation_id=op.get("operationId"),
                    statuses=tuple(str(s) for s in (op.get("responses") or {})),
                    secured=bool(op.get("security", default_security)),
                    parameters=tuple(_known_values(params)),
                    schemas=_response_schemas(op.get("responses") or {}),
                )
            )
    return plans


def base_path(spec_path: Path) -> str:
    """The path of the spec's first ``servers`` URL (``/v1``); "" if none."""
    from urllib.parse import urlsplit

    _text, doc = parse_document(spec_path)
    servers = doc.get("servers") or [{}]
    url = str(servers[0].get("url", "")) if isinstance(servers[0], dict) else ""
    path = urlsplit(url).path if "://" in url else url
    return path.rstrip("/")


def _response_schemas(responses: dict[Any, Any]) -> dict[str, Any]:
    """From dereferenced responses: never dereference twice, a resolved schema may contain
    itself (Stripe's do; walking one again never ends)."""
    found = {}
    for status, response in responses.items():
        content = (response if isinstance(response, dict) else {}).get("content") or {}
        schema = (content.get("application/json") or {}).get("schema")
        if schema is not None:
            found[str(status)] = schema
    return found


def _known_values(parameters: list[Any]) -> list[KnownValues]:
    merged = {(p.get("in"), p.get("name")): p for p in parameters if isinstance(p, dict)}
    found = []
    for (location, name), parameter in merged.items():
        if location not in LOCATIONS or not isinstance(name, str):
            continue
        found.append(KnownValues(location, name, tuple(parameter_examples(parameter))))
    return found


def parameter_examples(parameter: dict[str, Any]) -> list[Any]:
    """Every value the spec gives as an example of the parameter (its own or its schema's)."""
    values = [e.get("value") for e in (parameter.get("examples") or {}).values()
              if isinstance(e, dict) and "value" in e]
    for holder in (parameter, parameter.get("schema") or {}):
        if "example" in holder:
            values.append(holder["example"])
    unique: list[Any] = []
    for value in values:
        if value is not None and value not in unique:
            unique.append(value)
    return unique
