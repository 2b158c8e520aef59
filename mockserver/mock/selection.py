"""Request + fixtures + Prefer header -> the reply. Pure: no HTTP, no I/O, no clock.

Order of decisions, after Connexion has routed, authenticated and validated the request:
1. ``Prefer: example=<scenario>`` picks that fixture, whatever the request values;
2. ``Prefer: code=<status>`` picks the spec's example for that declared status;
3. otherwise the fixture matching the request values answers;
4. otherwise, with ``--dynamic`` or ``Prefer: dynamic=true``, a body generated from the request
   values (``mockserver.mock.dynamic``);
5. otherwise 404, in the spec's error shape.

``Prefer: delay=<ms>`` is parsed here too, but applied by the app (``mockserver.mock.latency``).
"""

from __future__ import annotations

import dataclasses
import json
from typing import NoReturn

from mockserver.core.errors import RequestError, error_body, error_headers
from mockserver.core.fixtures import FixtureSet, serialize
from mockserver.core.params import echo
from mockserver.core.spec import Spec
from mockserver.mock import dynamic
from mockserver.mock.latency import DELAY_RULE, parse_delay_ms

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
    dynamic: bool | None = None
    delay: int | None = None
    """Milliseconds to wait before answering."""

    def over(self, defaults: Preferences) -> Preferences:
        """These preferences, with ``defaults`` filling the ones not given."""
        given = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        return dataclasses.replace(defaults, **given)


PREFERENCES = ("code", "example", "dynamic", "delay")


class PreferError(ValueError):
    """The Prefer header is malformed; the message says why."""


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


def read_prefer(values: list[str]) -> Preferences:
    """Parse ``Prefer`` header values (RFC 7240 syntax). Unknown or malformed -> PreferError."""
    found: dict[str, str] = {}
    for item in (part.strip() for value in values for part in value.split(",")):
        if not item:
            continue
        name, sep, raw = item.partition("=")
        name, raw = name.strip().lower(), raw.strip().strip('"')
        if name not in PREFERENCES or not sep or not raw:
            raise PreferError(f"{echo(item)} is not a supported preference")
        if name in found and found[name] != raw:
            raise PreferError(f"{name} is given twice")
        found[name] = raw
    code = found.get("code")
    if code is not None and not (code.isdigit() and len(code) == 3):
        raise PreferError(f"code={echo(code)} is not a status code")
    return Preferences(code=int(code) if code else None, example=found.get("example"),
                       dynamic=_flag(found.get("dynamic")), delay=_delay(found.get("delay")))


def _flag(raw: str | None) -> bool | None:
    if raw is None or raw.lower() in ("true", "false"):
        return None if raw is None else raw.lower() == "true"
    raise PreferError(f"dynamic={echo(raw)} is not true or false")


def _delay(raw: str | None) -> int | None:
    try:
        return None if raw is None else parse_delay_ms(raw)
    except ValueError as exc:
        raise PreferError(f"delay: {exc}") from None


def parse_prefer(values: list[str], catalog: Catalog, operation_id: str) -> Preferences:
    """``read_prefer``, with a malformed header refused as a 400 listing what is allowed."""
    try:
        return read_prefer(values)
    except PreferError as exc:
        _refuse(str(exc), catalog, operation_id)


def _refuse(reason: str, catalog: Catalog, operation_id: str) -> NoReturn:
    raise RequestError("prefer.invalid", reason=reason, allowed=allowed_preferences(
        catalog, operation_id))


def allowed_preferences(catalog: Catalog, operation_id: str) -> str:
    op = catalog.spec.operations[operation_id]
    codes = ", ".join(sorted(op.responses))
    scenarios = ", ".join(
        fx.scenario for fx in catalog.fixtures.fixtures if fx.operation_id == operation_id
    )
    return (f"code=<one of {codes}>; example=<one of {scenarios or 'no scenarios loaded'}>; "
            f"dynamic=<true or false>; delay=<{DELAY_RULE}>")


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
    if prefs.dynamic:
        reply = _dynamic_reply(catalog, operation_id, query)
        if reply is not None:
            return reply
    return _not_found(catalog, operation_id, query)


def _fixture_reply(status: int, body: bytes, scenario: str) -> Reply:
    return Reply(status, body, ((SCENARIO_HEADER, scenario),), scenario)


def _dynamic_reply(catalog: Catalog, operation_id: str, query: dict[str, str]) -> Reply | None:
    names = _match_names(catalog, operation_id)
    body = dynamic.generate(operation_id, tuple(query.get(n, "") for n in names))
    if body is None:
        return None
    return _fixture_reply(200, serialize(body), dynamic.DYNAMIC_SCENARIO)


def _example_reply(catalog: Catalog, operation_id: str, code: int) -> Reply:
    body = catalog.examples.get((operation_id, code))
    if body is None:
        _refuse(f"code={code} is not a declared response with an example", catalog, operation_id)
    assert body is not None
    return Reply(code, body, tuple(error_headers(code).items()))


def _match_names(catalog: Catalog, operation_id: str) -> tuple[str, ...]:
    return catalog.fixtures.match_names(operation_id) or tuple(
        p.name for p in catalog.spec.operations[operation_id].query_parameters()
    )


def _not_found(catalog: Catalog, operation_id: str, query: dict[str, str]) -> Reply:
    names = _match_names(catalog, operation_id)
    example = catalog.examples.get((operation_id, 404))
    base = json.loads(example)["message"] if example else "Not found"
    message = RequestError(
        "fixture.not_found",
        not_found=base,
        name="&".join(names),
        value="&".join(echo(query.get(n, "")) for n in names),
    ).message
    return Reply(404, error_body(message))
