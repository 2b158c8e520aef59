"""Replies built from what the spec declares: examples, generated bodies, spec-shaped errors.

``Catalog`` is everything selection needs, built once per load of spec + fixtures; its error
shapes (``core.error_shape``) are planned on first use per (operation, status) and kept.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mockserver.core.error_shape import ErrorShape, Generate, plan
from mockserver.core.errors import JSON, error_headers
from mockserver.core.fixtures import FixtureSet, serialize
from mockserver.core.requests import RequestValues
from mockserver.core.spec import DeclaredResponse, Operation, Spec
from mockserver.mock import dynamic

SCENARIO_HEADER = "X-Mock-Scenario"
INVALID_EXAMPLE_SCENARIO = "(generated; the spec's example breaks its schema)"
"""A body generated because every example the spec gives for that response breaks the
response's own schema or ``x-`` rules (``mockserver validate`` lists each one)."""


@dataclasses.dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    scenario: str | None = None
    media_type: str | None = JSON
    """None: an answer without a body, and without a content type."""


@dataclasses.dataclass(frozen=True)
class Catalog:
    """Spec, fixtures, the spec's examples serialized, the generator; built once per load."""

    spec: Spec
    fixtures: FixtureSet
    examples: dict[tuple[str, str], bytes | None] = dataclasses.field(default_factory=dict)
    """(operationId, status key) -> the first example the spec declares for it that is valid
    against its schema and rules, serialized; None: it declares none valid. Filled on first
    use (``example``): checking GitHub's ~2,000 examples at start-up would cost ~0.5 s."""
    generate: Generate | None = None
    shapes: dict[tuple[str | None, int], ErrorShape] = dataclasses.field(default_factory=dict)
    """(operationId, status) -> how its errors are shaped; filled on first use."""

    @classmethod
    def build(cls, spec: Spec, fixtures: FixtureSet) -> Catalog:
        return cls(spec, fixtures, {}, dynamic.generator())

    def example(self, operation_id: str, declared: DeclaredResponse) -> bytes | None:
        """The first of the spec's examples for ``declared`` that its schema and ``x-`` rules
        accept, serialized; None if there is none. An example that breaks its own schema
        (GitHub has 637) is not served: the answer would contradict the spec it mocks."""
        key = (operation_id, declared.status)
        if key not in self.examples:
            self.examples[key] = next((serialize(value) for value in declared.examples.values()
                                       if _valid(value, declared.schema)), None)
        return self.examples[key]

    def invalid_example(self, operation_id: str, declared: DeclaredResponse) -> bool:
        """Whether ``declared`` has examples, none of them valid."""
        return bool(declared.examples) and self.example(operation_id, declared) is None

    def error_shape(self, operation_id: str | None, status: int) -> ErrorShape:
        key = (operation_id, status)
        shape = self.shapes.get(key)
        if shape is None:
            op = self.spec.operations.get(operation_id or "")
            declared = op.response_for(status) if op is not None else None
            shape = plan(declared.schema if declared else None, status, self.generate)
            self.shapes[key] = shape
        return shape

    def error_body(self, operation_id: str | None, status: int, message: str) -> bytes:
        """``message`` in the shape ``operation_id`` declares for ``status``; else
        ``{"message": …}``."""
        return serialize(self.error_shape(operation_id, status).body(status, message))

    def error_reply(self, op: Operation, status: int, message: str) -> Reply:
        return Reply(status, self.error_body(op.operation_id, status, message),
                     tuple(error_headers(status).items()))

    def generated(self, schema: dict[str, Any], seed: str) -> Any:
        """A value for ``schema``; LookupError where no generator can give one."""
        if self.generate is None:
            raise LookupError("no generator in this build (mockserver.core.generate)")
        try:
            return self.generate(schema, seed)
        except Exception as exc:  # a schema no value satisfies, or a generator fault
            raise LookupError(f"no value can be generated for this schema ({exc})") from exc


def _valid(value: Any, schema: dict[str, Any] | None) -> bool:
    from mockserver.core import rules
    from mockserver.core.schemas import schema_findings

    return schema is None or not (schema_findings(value, schema) or rules.check(schema, value))


def success_status(op: Operation) -> tuple[int, DeclaredResponse] | None:
    """The lowest declared 2xx (``2XX`` counts as 200), with its declaration."""
    found = sorted((int(k), r) for k, r in op.responses.items() if k.isdigit() and k[0] == "2")
    if found:
        return found[0]
    ranged = op.responses.get("2XX")
    return (200, ranged) if ranged is not None else None


def body_reply(catalog: Catalog, op: Operation, status: int, declared: DeclaredResponse,
               values: RequestValues, dynamic_only: bool = False,
               example_label: str | None = dynamic.EXAMPLE_SCENARIO) -> Reply:
    """The spec's first valid example for ``declared`` (labelled ``example_label``), else a body
    generated from its schema, seeded by the request (``(generated)``, or
    ``INVALID_EXAMPLE_SCENARIO`` where its examples all break it; ``dynamic_only``: always
    generated, ``(dynamic)``); no schema: an empty answer. LookupError if nothing can be
    generated."""
    seed = dynamic.seed_for(op.operation_id, values)
    headers = required_headers(catalog, declared, seed, ())
    example = None if dynamic_only else catalog.example(op.operation_id, declared)
    if example is not None:
        return Reply(status, example, headers, example_label)
    label = dynamic.DYNAMIC_SCENARIO if dynamic_only else (
        INVALID_EXAMPLE_SCENARIO if catalog.invalid_example(op.operation_id, declared)
        else dynamic.GENERATED_SCENARIO)
    if declared.schema is None:
        return Reply(status, b"", headers, label, None)
    return Reply(status, serialize(catalog.generated(declared.schema, seed)), headers, label)


def required_headers(catalog: Catalog, declared: DeclaredResponse | None, seed: str,
                     given: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """``given``, plus a generated value for each required response header not given."""
    if declared is None or not declared.required_headers:
        return given
    have = {name.lower() for name, _ in given}
    extra = []
    for name in declared.required_headers:
        if name.lower() in have:
            continue
        try:
            value = catalog.generated(declared.header_schemas.get(name) or {}, f"{seed}:{name}")
        except LookupError:  # no value satisfies its schema: leave the header out
            continue
        extra.append((name, _header_text(value)))
    return (*given, *extra)


def _header_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def path_operation(spec: Spec, path: str) -> str | None:
    """The first operation (declared order) of the path template ``path`` falls under, the
    servers base path included; None if none does. For errors answered before routing."""
    template = spec.template_for(path)
    return next((op.operation_id for op in spec.operations.values() if op.path == template),
                None)
