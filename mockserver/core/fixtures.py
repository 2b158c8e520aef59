"""Load, check and index fixtures; find the one matching a request. Nothing here touches HTTP.

A fixture is one JSON file: a scenario name, a one-line description, the operationId it answers,
the request parts it matches (path, query, headers, body; none: it answers every request) and
the response. ``tokens.json`` lists accepted bearer tokens. Matching: every part a fixture
gives equals the request's (strings; header names in any case; the body by JSON equality), and
the most specific fixture wins. Fixtures are indexed per operation by *shape* (which parts they
constrain), so a request costs one dict lookup per shape, not one comparison per fixture.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from mockserver.core.errors import ConfigError, Problem
from mockserver.core.fixture_checks import declared_name, request_findings, response_findings
from mockserver.core.fixture_format import fixture_file_problems, token_file_problems
from mockserver.core.matching import (
    Shape,
    canonical_json,
    match_key,
    shape_of,
    specificity,
)
from mockserver.core.requests import NO_BODY, RequestValues
from mockserver.core.spec import Operation, Spec

TOKENS_FILE = "tokens.json"

@dataclasses.dataclass(frozen=True)
class Fixture:
    scenario: str
    description: str
    operation_id: str
    request: RequestValues
    """The request parts it matches; a part it does not give is empty (``body``: NO_BODY)."""
    status: int
    body: Any
    """The response body (None with ``has_body`` False: an answer without a body)."""
    file: str
    body_bytes: bytes
    """The body serialized once, at load (b"" without a body)."""
    has_body: bool = True
    headers: tuple[tuple[str, str], ...] = ()
    """Response headers, as given in the fixture."""

    @property
    def query(self) -> dict[str, str]:
        return self.request.query

    @property
    def shape(self) -> Shape:
        return shape_of(self.request)


Table = tuple[tuple[Shape, dict[tuple[str, ...], Fixture]], ...]
"""Per operation: (shape, values -> fixture), most specific shape first."""


@dataclasses.dataclass(frozen=True)
class FixtureSet:
    fixtures: tuple[Fixture, ...]
    tokens: frozenset[str]
    by_scenario: dict[str, Fixture]
    by_operation: dict[str, Table]
    """operationId -> (shape, values -> fixture), most specific shape first."""

    def find(self, operation_id: str, values: RequestValues) -> Fixture | None:
        """The most specific fixture whose every given part equals the request's. Cost: one
        dict lookup per shape of the operation's fixtures, whatever their number."""
        table = self.by_operation.get(operation_id, ())
        body_key = None if values.body is NO_BODY else canonical_json(values.body)
        for shape, fixtures in table:
            key = match_key(shape, values, body_key)
            if key is not None and (found := fixtures.get(key)) is not None:
                return found
        return None

    def shapes(self, operation_id: str) -> tuple[Shape, ...]:
        return tuple(shape for shape, _ in self.by_operation.get(operation_id, ()))


def serialize(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode()


def load_fixtures(directory: Path, spec: Spec, *, passed: bool = False) -> FixtureSet:
    """Load every ``*.json`` in ``directory``. Raises ConfigError listing every problem.

    ``passed``: these bytes passed the schema checks against this spec before
    (``core.verdicts``); skip those (the file format and uniqueness are still checked)."""
    if not directory.is_dir():
        raise ConfigError([Problem(str(directory), "$", "fixtures:directory",
                                   "the fixtures directory does not exist")])
    problems: list[Problem] = []
    fixtures: list[Fixture] = []
    tokens: set[str] = set()
    try:
        names = sorted(n for n in os.listdir(directory) if n.endswith(".json"))
    except OSError as exc:
        raise ConfigError([Problem(str(directory), "$", "fixtures:directory",
                                   f"the fixtures directory cannot be listed: {exc}")]) from exc
    for name in names:
        file = directory / name  # listdir + sort by name: glob's order, without its cost
        doc, found = _read_json(file)
        problems.extend(found)
        if doc is None:
            continue
        if file.name == TOKENS_FILE:
            found = token_file_problems(file, doc)
            problems.extend(found)
            if not found:
                tokens.update(t["token"] for t in doc["tokens"])
            continue
        fixture, found = _check_fixture(file, doc, spec, passed)
        problems.extend(found)
        if fixture is not None:
            fixtures.append(fixture)
    fixture_set, found = _index(fixtures)
    problems.extend(found)
    if problems:
        raise ConfigError(problems)
    return dataclasses.replace(fixture_set, tokens=frozenset(tokens))


def _read_json(file: Path) -> tuple[Any, list[Problem]]:
    try:
        with open(file, "rb") as stream:  # not Path.read_text: 10,000 files, a third faster
            text = stream.read().decode("utf-8")
        return json.loads(text, parse_constant=_no_constants), []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(file), "$", "fixture:readable", str(exc))]
    except ValueError as exc:
        return None, [Problem(str(file), "$", "fixture:json", f"not valid JSON: {exc}")]


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (strict JSON has no NaN or Infinity)")


def _check_fixture(file: Path, doc: Any, spec: Spec,
                   passed: bool = False) -> tuple[Fixture | None, list[Problem]]:
    problems = fixture_file_problems(file, doc)
    if problems:
        return None, problems
    operation = spec.operations.get(doc["operationId"])
    if operation is None:
        known = ", ".join(sorted(spec.operations))
        return None, [Problem(str(file), "$.operationId", "fixture:operation",
                              f"{doc['operationId']!r} is not in the spec (known: {known})")]
    request, response = doc.get("request") or {}, doc["response"]
    found = [] if passed else request_findings(request, operation) + response_findings(
        response, operation)
    if found:
        return None, [Problem(str(file), path, rule, message) for path, rule, message in found]
    has_body = "body" in response
    return Fixture(
        scenario=doc["scenario"],
        description=doc["description"],
        operation_id=operation.operation_id,
        request=_request_values(request, operation),
        status=response["status"],
        body=response.get("body"),
        file=str(file),
        body_bytes=serialize(response["body"]) if has_body else b"",
        has_body=has_body,
        headers=tuple((response.get("headers") or {}).items()),
    ), []


def _request_values(request: dict[str, Any], op: Operation) -> RequestValues:
    """The fixture's request parts, header names spelled as the spec declares them."""
    params = op.parameters_in("header")
    headers = {declared_name(params, name, fold=True) or name: value
               for name, value in (request.get("headers") or {}).items()}
    return RequestValues(path=dict(request.get("path") or {}),
                         query=dict(request.get("query") or {}), headers=headers,
                         body=request.get("body", NO_BODY))


def _index(fixtures: list[Fixture]) -> tuple[FixtureSet, list[Problem]]:
    problems: list[Problem] = []
    by_scenario: dict[str, Fixture] = {}
    tables: dict[str, dict[Shape, dict[tuple[str, ...], Fixture]]] = {}
    for fx in fixtures:
        if fx.scenario in by_scenario:
            problems.append(Problem(fx.file, "$.scenario", "fixture:unique-scenario",
                                    f"scenario {fx.scenario!r} is also defined in "
                                    f"{by_scenario[fx.scenario].file}"))
            continue
        by_scenario[fx.scenario] = fx
        shape = fx.shape
        body_key = None if fx.request.body is NO_BODY else canonical_json(fx.request.body)
        key = match_key(shape, fx.request, body_key) or ()
        table = tables.setdefault(fx.operation_id, {}).setdefault(shape, {})
        if key in table:
            problems.append(Problem(fx.file, _request_path(fx), "fixture:unique-request",
                                    f"the same request is already answered by "
                                    f"{table[key].file}"))
        else:
            table[key] = fx
    by_operation = {
        op: tuple(sorted(shapes.items(), key=lambda item: specificity(item[0])))
        for op, shapes in tables.items()
    }
    return FixtureSet(tuple(by_scenario.values()), frozenset(), by_scenario,
                      by_operation), problems


def _request_path(fx: Fixture) -> str:
    """Where a duplicate request is reported: the one part it gives, else the whole request."""
    given = [part for part, values in (("path", fx.request.path), ("query", fx.request.query),
                                       ("headers", fx.request.headers)) if values]
    given += ["body"] if fx.request.body is not NO_BODY else []
    if not given:
        return "$"
    return f"$.request.{given[0]}" if len(given) == 1 else "$.request"
