"""GitHub's and Stripe's published OpenAPI documents, served with no fixtures: a sample of at
least 200 operations per document answers a valid request with a 2xx whose body validates
against the schema the document declares.

The documents come from openapi-spec-validator 0.9.0's sdist (``bench_spec``, fetched with pip
once, not committed). Requests are built from each parameter's schema by ``core.generate`` and
sent in-process (``httpx.ASGITransport``) with ``Prefer: dynamic=true``: with no fixture, an
operation declaring a 404 answers it, by design, and the examples of these documents often break
their own schemas (``mockserver validate`` lists 624 on GitHub). Bodies are checked against the
document as written (``$ref``s intact), not against the engine's dereferenced view.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from mockserver.core.generate import generate, seed_for
from mockserver.core.spec import Dereferencer, Operation, Parameter, json_media
from mockserver.mock.app import create_app
from mockserver.settings import Settings
from tests.checking import format_checker
from tests.public_specs import bench_spec

TOKEN = "public-spec-token"
SAMPLE = 220


def sample(operations: dict[str, Operation]) -> list[Operation]:
    """Every k-th GET (sorted by path) declaring a 2xx, at least SAMPLE of them, and every
    fourth operation with a JSON body. Left out: a parameter we cannot write (an object in a
    query string) and form bodies (``test_stripe_form_posts``)."""
    usable = sorted((op for op in operations.values()
                     if _success(op) is not None and all(_writable(p) for p in op.parameters)),
                    key=lambda op: (op.path, op.method))
    gets = [op for op in usable if op.method == "get"]
    bodies = [op for op in usable if op.request_body is not None
              and op.request_body.media_types == ("application/json",)]
    return gets[::max(1, len(gets) // SAMPLE)] + bodies[::4]


def _success(op: Operation) -> str | None:
    return next((s for s in sorted(op.responses) if s.startswith("2")), None)


def _writable(param: Parameter) -> bool:
    kind = param.schema.get("type")
    return param.location in ("path", "query", "header") and kind != "object" and not (
        kind == "array" and param.location != "query")


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def request_for(op: Operation, base: str, resolve: Dereferencer) -> dict[str, Any]:
    """A valid request: required parameters and body from their schemas (a fixed seed)."""
    path = op.path
    query: list[tuple[str, str]] = []
    headers = {"Authorization": f"Bearer {TOKEN}", "Prefer": "dynamic=true"}
    for param in op.parameters:
        untyped = _scalar_branch(param.schema) if param.location == "query" else None
        if not param.required and param.location != "path" and untyped is None:
            continue
        value = generate(untyped or param.schema,
                         seed_for(f"{op.operation_id}.{param.name}", 0))
        if param.location == "path":
            path = path.replace("{" + param.name + "}", quote(_text(value), safe=""))
        elif param.location == "header":
            headers[param.name] = _text(value)
        else:
            values = value if isinstance(value, list) else [value]
            query += [(param.name, _text(v)) for v in values]
    request: dict[str, Any] = {"method": op.method.upper(), "url": base + path,
                               "params": query, "headers": headers}
    body = op.request_body
    if body is not None and body.schema is not None and "application/json" in body.media_types:
        request["json"] = generate(body.schema, seed_for(op.operation_id, 0))
    elif body is not None and "application/x-www-form-urlencoded" in body.media_types:
        raw = resolve.root["paths"][op.path][op.method]["requestBody"]
        schema = resolve(raw)["content"]["application/x-www-form-urlencoded"].get("schema")
        form = generate(schema or {}, seed_for(op.operation_id, 0))
        if isinstance(form, dict):  # flat fields only: a nested one is optional or refused
            request["data"] = {k: _text(v) for k, v in form.items()
                               if not isinstance(v, (dict, list))}
    return request


def _scalar_branch(schema: dict[str, Any]) -> dict[str, Any] | None:
    """For a schema without ``type`` (Stripe's ``created``: an object or an integer), its first
    scalar branch: sent even when optional, since Connexion 3.3 used to answer those 500."""
    if "type" in schema:
        return None
    branches = schema.get("anyOf") or schema.get("oneOf") or []
    return next((b for b in branches if b.get("type") not in (None, "object", "array")), None)


def form_posts(operations: dict[str, Operation]) -> list[Operation]:
    """Every eighth operation with a form body (Stripe's POSTs)."""
    forms = sorted((op for op in operations.values() if op.request_body is not None
                    and "application/x-www-form-urlencoded" in op.request_body.media_types
                    and _success(op) is not None and all(_writable(p) for p in op.parameters)),
                   key=lambda op: (op.path, op.method))
    return forms[::8]


def check(name: str, pick: Callable[[dict[str, Operation]], list[Operation]] = sample
          ) -> tuple[int, list[str], float, float]:
    from openapi_schema_validator import OAS30Validator

    path = bench_spec(name)
    empty = path.parent / "no-fixtures"
    empty.mkdir(exist_ok=True)
    started = time.perf_counter()
    app = create_app(Settings(spec_path=path, fixtures_dir=empty, reload=False,
                              tokens=(TOKEN,)))
    built = time.perf_counter() - started
    spec = app.catalog.spec
    # The mock's own pages win over a spec path they share: GitHub's GET / (its API root) is
    # the fixture catalog here (known; mockserver.mock.admin), so it is not sampled.
    picked = [op for op in pick(spec.operations)
              if not app.admin.handles(spec.base_path + op.path)]
    failures: list[str] = []
    checker = format_checker()
    resolve = Dereferencer(spec.raw)

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            for op in picked:
                failure = await one(client, op)
                if failure:
                    failures.append(f"{op.method.upper()} {op.path}: {failure}")

    async def one(client: httpx.AsyncClient, op: Operation) -> str | None:
        answer = await client.request(**request_for(op, spec.base_path, resolve))
        if not 200 <= answer.status_code < 300:
            return f"{answer.status_code} {answer.text[:300]}"
        raw = spec.raw["paths"][op.path][op.method]["responses"][str(answer.status_code)]
        if "$ref" in raw:
            raw = spec.raw["components"]["responses"][raw["$ref"].rsplit("/", 1)[1]]
        schema = json_media(raw.get("content") or {}).get("schema")
        if schema is None:
            return None
        try:
            body = answer.json()
        except ValueError:
            return (f"{answer.status_code} {answer.headers.get('content-type')}, not JSON: "
                    f"{answer.text[:100]!r}")
        root = {"components": spec.raw.get("components", {}), "x-target": schema,
                "$ref": "#/x-target"}
        errors = [f"{list(e.absolute_path)} {e.message[:200]}" for e in
                  OAS30Validator(root, format_checker=checker).iter_errors(body)]
        return "; ".join(errors[:2]) or None

    started = time.perf_counter()
    asyncio.run(run())
    return len(picked), failures, built, time.perf_counter() - started


@pytest.mark.slow
@pytest.mark.parametrize("name", ["github.yaml", "stripe.yaml"])
def test_a_sample_of_operations_answers_2xx_with_a_valid_body(name: str) -> None:
    count, failures, built, answered = check(name)
    print(f"\n{name}: app built in {built:.1f} s; {count} operations answered in "
          f"{answered:.1f} s; {count - len(failures)} 2xx with a valid body")
    for failure in failures:
        print("  ", failure)
    assert count >= 200
    assert failures == []


@pytest.mark.slow
def test_stripe_form_posts() -> None:
    """Form fields without ``type`` and required deepObject fields, which Connexion 3.3's form
    parser cannot read, are relaxed in its copy of the document (``core.untyped``)."""
    count, failures, _, _ = check("stripe.yaml", form_posts)
    print(f"\nstripe.yaml form POSTs: {count - len(failures)}/{count} answered 2xx")
    for failure in failures:
        print("  ", failure[:200])
    assert failures == []
