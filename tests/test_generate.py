"""Generated data is valid against its schema and the spec's x- rules, and deterministic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mockserver.core import rules
from mockserver.core.generate import generate, seed_for
from mockserver.core.schemas import schema_findings
from mockserver.core.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = [ROOT / "openapi.yaml", ROOT / "tests/specs/meetra-plus/openapi.yaml",
         ROOT / "tests/specs/petstore.yaml"]
SEEDS = 500


def spec_schemas() -> list[Any]:
    cases = []
    for path in SPECS:
        spec = load_spec(path)
        for op in spec.operations.values():
            for status, response in op.responses.items():
                if response.schema:
                    cases.append(pytest.param(response.schema, id=f"{path.parent.name}:{op.operation_id}:{status}"))
            if op.request_body and op.request_body.schema:
                cases.append(pytest.param(op.request_body.schema, id=f"{path.parent.name}:{op.operation_id}:body"))
    return cases


def problems(schema: dict[str, Any], value: Any) -> list[Any]:
    return [*schema_findings(value, schema), *rules.check(schema, value)]


@pytest.mark.parametrize("schema", spec_schemas())
def test_every_spec_schema_gets_valid_values(schema: dict[str, Any]) -> None:
    for index in range(SEEDS):
        value = generate(schema, seed_for("op", index))
        assert problems(schema, value) == [], (index, value)


def test_the_same_seed_gives_the_same_value() -> None:
    schema = load_spec(SPECS[0]).operations["getSpeakersBalance"].responses["200"].schema
    assert schema is not None
    assert generate(schema, b"x") == generate(schema, b"x")
    assert generate(schema, b"x") != generate(schema, b"y")


def test_another_process_with_another_hash_seed_gives_the_same_value() -> None:
    schema = {"type": "array", "items": {"type": "string", "pattern": r"^[^a-z]{4}\W{3}$"}}
    script = ("import json, sys; from mockserver.core.generate import generate;"
              "print(json.dumps(generate(json.loads(sys.argv[1]), 'seed')))")
    outputs = {
        subprocess.run([sys.executable, "-c", script, json.dumps(schema)], check=True,
                       capture_output=True, text=True, env={"PYTHONHASHSEED": str(hash_seed)},
                       cwd=ROOT).stdout
        for hash_seed in (1, 2, 3)
    }
    assert outputs == {json.dumps(generate(schema, "seed")) + "\n"}
