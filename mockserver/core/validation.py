"""`mockserver validate`: spec, spec examples and fixtures, every problem listed.

openapi-spec-validator does not check examples; this module checks each parameter and response
example against its schema, and 2xx examples against the semantic rules too.
"""

from __future__ import annotations

from pathlib import Path

from mockserver.core import rules
from mockserver.core.errors import ConfigError, Problem
from mockserver.core.fixtures import load_fixtures
from mockserver.core.params import why_invalid
from mockserver.core.schemas import schema_findings
from mockserver.core.spec import Dereferencer, Spec, load_spec


def validate_all(spec_path: Path, fixtures_dir: Path) -> list[Problem]:
    try:
        spec = load_spec(spec_path)
    except ConfigError as exc:
        return exc.problems
    problems = [*dict.fromkeys(spec.set_aside.values()), *example_problems(spec)]
    try:
        load_fixtures(fixtures_dir, spec)
    except ConfigError as exc:
        problems += exc.problems
    return problems


def example_problems(spec: Spec) -> list[Problem]:
    file = str(spec.path)
    problems: list[Problem] = []
    resolve = Dereferencer(spec.raw)
    for op in spec.operations.values():
        base = f"$.paths.{op.path}.{op.method}"
        for param in op.parameters:
            examples = _param_examples(resolve, op.path, op.method, param.name)
            for name, value in examples.items():
                where = f"{base}.parameters[{param.name}].examples.{name}"
                reason = why_invalid(param, value) if isinstance(value, str) else "not a string"
                if reason is not None:
                    problems.append(Problem(file, where, "example:parameter-schema", reason))
        if op.request_body is not None:
            for name, value in op.request_body.examples.items():
                where = f"{base}.requestBody.examples.{name}.value"
                for path, rule, message in schema_findings(value, op.request_body.schema or {},
                                                           where):
                    problems.append(Problem(file, path, f"example:{rule}", message))
        for status, resp in op.responses.items():
            for name, value in resp.examples.items():
                where = f"{base}.responses.{status}.examples.{name}.value"
                for path, rule, message in schema_findings(value, resp.schema or {}, where):
                    problems.append(Problem(file, path, f"example:{rule}", message))
                for found in rules.check(resp.schema, value, where):
                    problems.append(Problem(file, found.path, f"example:semantic:{found.rule}",
                                            f"{found.message} ({found.clause})"))
    return problems


def _param_examples(resolve: Dereferencer, path: str, method: str,
                    name: str) -> dict[str, object]:
    """Parameter examples, read from the raw document (the index keeps schemas only)."""
    item = resolve(resolve.root["paths"][path])
    params = [*item.get("parameters", []), *item[method].get("parameters", [])]
    found: dict[str, object] = {}
    for p in params:
        if p.get("name") == name:
            if "example" in p:
                found["example"] = p["example"]
            found.update({k: v.get("value") for k, v in p.get("examples", {}).items()})
    return found
