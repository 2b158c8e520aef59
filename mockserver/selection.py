"""Request + fixtures + Prefer header -> the reply. Pure: no HTTP, no I/O, no clock.

Order of decisions, after Connexion has routed, authenticated and validated the request:
1. ``Prefer: example=<scenario>`` picks that fixture, whatever the request values;
2. ``Prefer: code=<status>`` picks the spec's example for that declared status;
3. otherwise the fixture matching the request values answers;
4. otherwise 404, in the spec's error shape.
"""

from __future__ import annotations

import dataclasses
import json

from mockserver.errors import WWW_AUTHENTICATE, RequestError, error_body
from mockserver.fixtures import FixtureSet, serialize
from mockserver.params import echo
from mockserver.spec import Spec

SCENARIO_HEADER = "X-Mock-Scenario"


@dataclasses.dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    scenario: str | None = None


@dataclasses.dataclass(frozen=True)
class Preferences:
    code: int | None = None
    example: str | None = None


@dataclasses.dataclass(frozen=True)
class Catalog:
    """Everything selection needs, built once per load of spec + fixtures."""

    spec: Spec
    fixtures: FixtureSet
    examples: dict[tuple[str, int], bytes]
    """(operationId, status) -> the first example body declared in the spec, serialized."""

    @classmethod
    def build(cls, spec: Spec, fixtures: FixtureSet) -> Catalog:
        examples = {
            (op.operation_id, int(status)): serialize(next(iter(resp.examples.values())))
            for op in spec.operations.values()
            for status, resp in op.responses.items()
            if resp.examples and status.isdigit()
        }
        return cls(spec, fixtures, examples)


def parse_prefer(values: list[str], catalog: Catalog, operation_id: str) -> Preferences:
    """Parse ``Prefer`` header values (RFC 7240 syntax). Unknown or malformed -> 400."""
    found: dict[str, str] = {}
    for item in (part.strip() for value in values for part in value.split(",")):
        if not item:
            continue
        name, sep, raw = item.partition("=")
        name, raw = name.strip().lower(), raw.strip().strip('"')
        if name not in ("code", "example") or not sep or not raw:
            _refuse(f"{echo(item)} is not a supported preference", catalog, operation_id)
        if name in found and found[name] != raw:
            _refuse(f"{name} is given twice", catalog, operation_id)
        found[name] = raw
    code = found.get("code")
    if code is not None and not (code.isdigit() and len(code) == 3):
        _refuse(f"code={echo(code)} is not a status code", catalog, operation_id)
    return Preferences(code=int(code) if code else None, example=found.get("example"))


def _refuse(reason: str, catalog: Catalog, operation_id: str) -> None:
    raise RequestError("prefer.invalid", reason=reason, allowed=allowed_preferences(
        catalog, operation_id))


def allowed_preferences(catalog: Catalog, operation_id: str) -> str:
    op = catalog.spec.operations[operation_id]
    codes = ", ".join(sorted(op.responses))
    scenarios = ", ".join(
        fx.scenario for fx in catalog.fixtures.fixtures if fx.operation_id == operation_id
    )
    return f"code=<one of {codes}>; example=<one of {scenarios or 'no scenarios loaded'}>"


def select(
    catalog: Catalog, operation_id: str, query: dict[str, str], prefs: Preferences
) -> Reply:
    fixtures = catalog.fixtures
    if prefs.example is not None:
        fixture = fixtures.by_scenario.get(prefs.example)
        if fixture is None or fixture.operation_id != operation_id:
            _refuse(f"example={echo(prefs.example)} is not a scenario of {operation_id}",
                    catalog, operation_id)
        assert fixture is not None
        if prefs.code is not None and prefs.code != fixture.status:
            _refuse(f"example={fixture.scenario} answers {fixture.status}, not code={prefs.code}",
                    catalog, operation_id)
        return _fixture_reply(fixture.status, fixture.body_bytes, fixture.scenario)
    if prefs.code is not None:
        return _example_reply(catalog, operation_id, prefs.code)
    fixture = fixtures.find(operation_id, query)
    if fixture is not None:
        return _fixture_reply(fixture.status, fixture.body_bytes, fixture.scenario)
    return _not_found(catalog, operation_id, query)


def _fixture_reply(status: int, body: bytes, scenario: str) -> Reply:
    return Reply(status, body, ((SCENARIO_HEADER, scenario),), scenario)


def _example_reply(catalog: Catalog, operation_id: str, code: int) -> Reply:
    body = catalog.examples.get((operation_id, code))
    if body is None:
        _refuse(f"code={code} is not a declared response with an example", catalog, operation_id)
    assert body is not None
    headers = (("WWW-Authenticate", WWW_AUTHENTICATE),) if code == 401 else ()
    return Reply(code, body, headers)


def _not_found(catalog: Catalog, operation_id: str, query: dict[str, str]) -> Reply:
    names = catalog.fixtures.match_names(operation_id) or tuple(
        p.name for p in catalog.spec.operations[operation_id].query_parameters()
    )
    example = catalog.examples.get((operation_id, 404))
    base = json.loads(example)["message"] if example else "Not found"
    message = RequestError(
        "fixture.not_found",
        not_found=base,
        name="&".join(names),
        value="&".join(echo(query.get(n, "")) for n in names),
    ).message
    return Reply(404, error_body(message))
