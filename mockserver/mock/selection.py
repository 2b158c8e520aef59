"""Request values + fixtures + Prefer header -> the reply. Pure: no HTTP, no I/O, no clock.

Order of decisions, after Connexion has routed, authenticated and the guard has checked the
request:
1. ``Prefer: example=<scenario>`` picks that fixture of the operation, whatever the request;
2. ``Prefer: code=<status>`` picks the spec's example for that declared status, else a body
   generated from its schema (an error status: the error shape, with the response's
   description as message);
3. otherwise the most specific fixture matching the request (``FixtureSet.find``), a fixture
   without ``request`` being the fallback;
4. otherwise, with ``--dynamic`` or ``Prefer: dynamic=true``, a body generated from the lowest
   declared 2xx schema, seeded by the request (``(dynamic)``);
5. otherwise the operation's declared 404, in its error shape; without one, the spec's example
   of the lowest declared 2xx (``(example)``) or a body generated from its schema
   (``(generated)``). Never a status the operation does not declare.

``Prefer: delay=<ms>`` is parsed here too, but applied by the app (``mockserver.mock.latency``).
"""

from __future__ import annotations

from typing import NoReturn

from mockserver.core.errors import RequestError, error_headers
from mockserver.core.fixtures import Fixture
from mockserver.core.matching import canonical_json
from mockserver.core.params import echo
from mockserver.core.requests import NO_BODY, RequestValues
from mockserver.core.spec import Operation
from mockserver.mock import dynamic
from mockserver.mock.answers import (
    SCENARIO_HEADER,
    Catalog,
    Reply,
    body_reply,
    required_headers,
    success_status,
)
from mockserver.mock.latency import DELAY_RULE
from mockserver.mock.prefer import PREFERENCES, Preferences, PreferError, read_prefer

__all__ = ["PREFERENCES", "SCENARIO_HEADER", "Catalog", "PreferError", "Preferences", "Reply",
           "allowed_preferences", "parse_prefer", "read_prefer", "select"]


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
    """What ``Prefer`` may say for this operation: its statuses and its scenarios."""
    op = catalog.spec.operations[operation_id]
    codes = ", ".join(sorted(k for k in op.responses if k != "default"))
    if "default" in op.responses:
        codes = f"{codes}, or any other status (default)" if codes else "any status (default)"
    scenarios = ", ".join(
        fx.scenario for fx in catalog.fixtures.fixtures if fx.operation_id == operation_id
    )
    return (f"code=<one of {codes}>; example=<one of {scenarios or 'no scenarios loaded'}>; "
            f"dynamic=<true or false>; delay=<{DELAY_RULE}>")


def select(
    catalog: Catalog, operation_id: str, values: RequestValues, prefs: Preferences
) -> Reply:
    op = catalog.spec.operations[operation_id]
    if prefs.example is not None:
        return _fixture_reply(catalog, _preferred_fixture(catalog, op, prefs), values)
    if prefs.code is not None:
        return _code_reply(catalog, op, prefs.code, values)
    fixture = catalog.fixtures.find(operation_id, values)
    if fixture is not None:
        return _fixture_reply(catalog, fixture, values)
    success = success_status(op)
    if prefs.dynamic and success is not None:
        try:
            return body_reply(catalog, op, *success, values, dynamic_only=True)
        except LookupError:
            pass
    return _unmatched(catalog, op, values)


def _preferred_fixture(catalog: Catalog, op: Operation, prefs: Preferences) -> Fixture:
    fixture = catalog.fixtures.by_scenario.get(prefs.example or "")
    if fixture is None or fixture.operation_id != op.operation_id:
        _refuse(f"example={echo(prefs.example or '')} is not a scenario of {op.operation_id}",
                catalog, op.operation_id)
    if prefs.code is not None and prefs.code != fixture.status:
        _refuse(f"example={fixture.scenario} answers {fixture.status}, not code={prefs.code}",
                catalog, op.operation_id)
    return fixture


def _fixture_reply(catalog: Catalog, fixture: Fixture, values: RequestValues) -> Reply:
    headers = fixture.headers
    declared = catalog.spec.operations[fixture.operation_id].response_for(fixture.status)
    if declared is not None and declared.required_headers:
        seed = dynamic.seed_for(fixture.operation_id, values)
        headers = required_headers(catalog, declared, seed, headers)
    if fixture.status == 401:
        headers = tuple(error_headers(fixture.status, dict(headers)).items())
    return Reply(fixture.status, fixture.body_bytes, headers, fixture.scenario,
                 None if not fixture.has_body else "application/json")


def _code_reply(catalog: Catalog, op: Operation, code: int, values: RequestValues) -> Reply:
    declared = op.response_for(code)
    if declared is None or not 100 <= code <= 599:
        _refuse(f"code={code} is not a declared response with an example", catalog,
                op.operation_id)
    example = catalog.example(op.operation_id, declared)
    if code >= 400 and example is None and declared.schema is not None:
        return catalog.error_reply(op, code, declared.description or f"Prefer: code={code}")
    try:
        reply = body_reply(catalog, op, code, declared, values, example_label=None)
    except LookupError as exc:
        _refuse(f"code={code} has no example and no body can be generated ({exc})",
                catalog, op.operation_id)
    return Reply(reply.status, reply.body, tuple(error_headers(code, dict(reply.headers)).items()),
                 reply.scenario, reply.media_type)


def _unmatched(catalog: Catalog, op: Operation, values: RequestValues) -> Reply:
    declared_404 = op.responses.get("404") or op.responses.get("4XX")
    success = success_status(op)
    if declared_404 is None and success is not None:
        try:
            return body_reply(catalog, op, *success, values)
        except LookupError:
            pass  # nothing can be generated: answer the not-found error where declared
    status = 404 if declared_404 is not None or op.response_for(404) else _lowest(op)
    return catalog.error_reply(op, status, _not_found_message(catalog, op, values, status))


def _lowest(op: Operation) -> int:
    return min((int(k) for k in op.responses if k.isdigit()), default=404)


def _not_found_message(catalog: Catalog, op: Operation, values: RequestValues,
                       status: int) -> str:
    pairs = _request_pairs(catalog, op, values)
    base = _base_message(catalog, op, status)
    if not pairs:
        return RequestError("fixture.none", not_found=base, method=op.method.upper(),
                            path=op.path).message
    return RequestError(
        "fixture.not_found", not_found=base, name="&".join(n for n, _ in pairs),
        value="&".join(v for _, v in pairs)).message


def _request_pairs(catalog: Catalog, op: Operation, values: RequestValues
                   ) -> list[tuple[str, str]]:
    """The request values fixtures of ``op`` match on (else its declared parameters)."""
    names: list[tuple[str, str]] = []
    shapes = catalog.fixtures.shapes(op.operation_id) or [(
        tuple(p.name for p in op.parameters_in("path")),
        tuple(p.name for p in op.parameters_in("query")),
        tuple(p.name.lower() for p in op.parameters_in("header")),
        op.request_body is not None)]
    headers = {k.lower(): v for k, v in values.headers.items()}
    for path, query, header, body in shapes:
        for name, given in [*((n, values.path) for n in path), *((n, values.query) for n in query),
                            *((n, headers) for n in header)]:
            names.append((name, echo(given.get(name, ""))))
        if body:
            shown = "" if values.body is NO_BODY else canonical_json(values.body)
            names.append(("body", echo(shown)))
    return list(dict.fromkeys(names))


def _base_message(catalog: Catalog, op: Operation, status: int) -> str:
    """The start of a not-found message: the message of the spec's own 404 example, else the
    404's description, else "Not found"."""
    declared = op.response_for(status)
    example = catalog.example(op.operation_id, declared) if declared else None
    if example is not None:
        import json

        doc = json.loads(example)
        for key in catalog.error_shape(op.operation_id, status).message_keys:
            if isinstance(doc, dict) and isinstance(doc.get(key), str):
                return str(doc[key])
    return (declared.description if declared and declared.description else "") or "Not found"
