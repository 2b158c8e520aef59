"""Load, validate (schema + semantic rules) and index fixtures. Nothing here touches HTTP.

A fixture is one JSON file: a scenario name, a one-line description, the operationId it answers,
the request values it matches and the response. ``tokens.json`` lists accepted bearer tokens.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from mockserver.core import rules
from mockserver.core.errors import ConfigError, Problem
from mockserver.core.fixture_format import fixture_file_problems, token_file_problems
from mockserver.core.params import why_invalid
from mockserver.core.schemas import schema_findings, undeclared_fields
from mockserver.core.spec import Operation, Spec

TOKENS_FILE = "tokens.json"

@dataclasses.dataclass(frozen=True)
class Fixture:
    scenario: str
    description: str
    operation_id: str
    query: dict[str, str]
    status: int
    body: Any
    file: str
    body_bytes: bytes
    """The body serialized once, at load."""


@dataclasses.dataclass(frozen=True)
class FixtureSet:
    fixtures: tuple[Fixture, ...]
    tokens: frozenset[str]
    by_scenario: dict[str, Fixture]
    by_match: dict[str, tuple[tuple[str, ...], dict[tuple[str, ...], Fixture]]]
    """operationId -> (matched parameter names, values -> fixture)."""

    def find(self, operation_id: str, query: dict[str, str]) -> Fixture | None:
        names, table = self.by_match.get(operation_id, ((), {}))
        if not names:
            return None
        return table.get(tuple(query.get(name, "") for name in names))

    def match_names(self, operation_id: str) -> tuple[str, ...]:
        return self.by_match.get(operation_id, ((), {}))[0]


def serialize(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode()


def load_fixtures(directory: Path, spec: Spec) -> FixtureSet:
    """Load every ``*.json`` in ``directory``. Raises ConfigError listing every problem."""
    if not directory.is_dir():
        raise ConfigError([Problem(str(directory), "$", "fixtures:directory",
                                   "the fixtures directory does not exist")])
    problems: list[Problem] = []
    fixtures: list[Fixture] = []
    tokens: set[str] = set()
    for file in sorted(directory.glob("*.json")):
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
        fixture, found = _check_fixture(file, doc, spec)
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
        return json.loads(file.read_text(encoding="utf-8"), parse_constant=_no_constants), []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(str(file), "$", "fixture:readable", str(exc))]
    except ValueError as exc:
        return None, [Problem(str(file), "$", "fixture:json", f"not valid JSON: {exc}")]


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (strict JSON has no NaN or Infinity)")


def _check_fixture(file: Path, doc: Any, spec: Spec) -> tuple[Fixture | None, list[Problem]]:
    problems = fixture_file_problems(file, doc)
    if problems:
        return None, problems
    operation = spec.operations.get(doc["operationId"])
    if operation is None:
        known = ", ".join(sorted(spec.operations))
        return None, [Problem(str(file), "$.operationId", "fixture:operation",
                              f"{doc['operationId']!r} is not in the spec (known: {known})")]
    problems += _request_problems(file, doc["request"]["query"], operation)
    problems += _response_problems(file, doc["response"], operation)
    if problems:
        return None, problems
    return Fixture(
        scenario=doc["scenario"],
        description=doc["description"],
        operation_id=operation.operation_id,
        query=dict(doc["request"]["query"]),
        status=doc["response"]["status"],
        body=doc["response"]["body"],
        file=str(file),
        body_bytes=serialize(doc["response"]["body"]),
    ), []


def _request_problems(file: Path, query: dict[str, str], op: Operation) -> list[Problem]:
    declared = {p.name: p for p in op.query_parameters()}
    problems = []
    for name, value in query.items():
        where = f"$.request.query.{name}"
        if name not in declared:
            problems.append(Problem(str(file), where, "fixture:declared-parameter",
                                    f"{op.operation_id} declares no query parameter {name!r}"))
        elif (reason := why_invalid(declared[name], value)) is not None:
            problems.append(Problem(str(file), where, "fixture:parameter-schema",
                                    f"no request could match: {reason}"))
    return problems


def _response_problems(file: Path, response: dict[str, Any], op: Operation) -> list[Problem]:
    status, body = str(response["status"]), response["body"]
    declared = op.responses.get(status)
    if declared is None:
        return [Problem(str(file), "$.response.status", "fixture:declared-status",
                        f"{op.operation_id} declares no {status} response "
                        f"(declared: {', '.join(sorted(op.responses))})")]
    root = "$.response.body"
    found = schema_findings(body, declared.schema or {}, root)
    found += undeclared_fields(body, declared.schema or {}, root)
    if status.startswith("2"):
        found += [(r.path, f"semantic:{r.rule}", f"{r.message} ({r.clause})")
                  for r in rules.check(declared.schema, body, root)]
    return [Problem(str(file), path, rule, message) for path, rule, message in found]


def _index(fixtures: list[Fixture]) -> tuple[FixtureSet, list[Problem]]:
    problems: list[Problem] = []
    by_scenario: dict[str, Fixture] = {}
    by_match: dict[str, tuple[tuple[str, ...], dict[tuple[str, ...], Fixture]]] = {}
    for fx in fixtures:
        if fx.scenario in by_scenario:
            problems.append(Problem(fx.file, "$.scenario", "fixture:unique-scenario",
                                    f"scenario {fx.scenario!r} is also defined in "
                                    f"{by_scenario[fx.scenario].file}"))
            continue
        by_scenario[fx.scenario] = fx
        names = tuple(sorted(fx.query))
        known_names, table = by_match.setdefault(fx.operation_id, (names, {}))
        values = tuple(fx.query[n] for n in names)
        if names != known_names:
            problems.append(Problem(fx.file, "$.request.query", "fixture:same-match-parameters",
                                    f"fixtures of {fx.operation_id} match on {list(known_names)}; "
                                    f"this one matches on {list(names)}"))
        elif values in table:
            problems.append(Problem(fx.file, "$.request.query", "fixture:unique-request",
                                    f"the same request is already answered by "
                                    f"{table[values].file}"))
        else:
            table[values] = fx
    return FixtureSet(tuple(by_scenario.values()), frozenset(), by_scenario, by_match), problems
