"""Generated data for every response schema of two large public APIs (GitHub, Stripe).

Their OpenAPI documents ship in openapi-spec-validator 0.9.0's source distribution, fetched once
with pip into a cache directory (not committed: 15 MB). Prints the generation time and the
validity rate; the values are validated against the documents as written (``$ref``s intact),
so the check does not share the generator's view of the schema.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from mockserver.core import rules
from mockserver.core.generate import generate, seed_for
from mockserver.core.spec import HTTP_METHODS, json_media
from tests.test_generate import format_checker

SDIST = "openapi-spec-validator==0.9.0"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "meetra-mockserver"
SEEDS = 3


def bench_spec(name: str) -> Path:
    """tests/bench/specs/<name> from the sdist, downloaded with pip on first use."""
    target = CACHE / "osv-0.9.0" / name
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             ":all:", SDIST, "-d", str(CACHE)], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            pytest.skip(f"pip could not fetch {SDIST}: {done.stderr.strip()[-300:]}")
        with tarfile.open(CACHE / "openapi_spec_validator-0.9.0.tar.gz") as sdist:
            for member in sdist.getmembers():
                if "/tests/bench/specs/" in member.name and member.name.endswith(".yaml"):
                    member.name = Path(member.name).name
                    sdist.extract(member, target.parent, filter="data")
    return target


def shared_deref(doc: dict[str, Any]) -> Callable[[Any], Any]:
    """A dereferencer that resolves each ``$ref`` to one shared object (a cycle becomes a
    self-referencing dict). ``core.spec.deref`` copies every use instead, which takes Stripe's
    document past 8 GB."""
    memo: dict[str, Any] = {}

    def lookup(ref: str) -> Any:
        target: Any = doc
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        return target

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                if ref not in memo:
                    memo[ref] = {}
                    memo[ref].update(walk(lookup(ref)))
                return memo[ref]
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk


def response_schemas(doc: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(name, schema as written, schema dereferenced) of every JSON response."""
    walk = shared_deref(doc)
    found = []
    for path, item in doc["paths"].items():
        for method in HTTP_METHODS:
            for status, response in ((item.get(method) or {}).get("responses") or {}).items():
                response = walk(response) if "$ref" in response else response
                raw = json_media(response.get("content") or {}).get("schema")
                if raw:
                    found.append((f"{method.upper()} {path} {status}", raw, walk(raw)))
    return found


def measure(doc: dict[str, Any]) -> tuple[int, dict[str, list[str]], list[float]]:
    from openapi_schema_validator import OAS30Validator

    cases, checker = response_schemas(doc), format_checker()
    for _, _, schema in cases:  # warm up: imports and the merge cache
        generate(schema, b"warm-up")
    invalid: dict[str, list[str]] = {}
    times: list[float] = []
    for name, raw, schema in cases:
        root = {"components": doc.get("components", {}), "x-target": raw, "$ref": "#/x-target"}
        validator = OAS30Validator(root, format_checker=checker)
        for index in range(SEEDS):
            seed = seed_for(name, index)
            times.append(min(_timed(schema, seed) for _ in range(3)))  # best of 3: a busy CI
            value = generate(schema, seed)
            errors = [f"{list(e.absolute_path)} {e.validator}: {e.message[:200]}"
                      for e in validator.iter_errors(value)]
            errors += [finding.message for finding in rules.check(schema, value)]
            if errors:
                invalid.setdefault(name, errors[:2])
    return len(cases), invalid, sorted(times)


def _timed(schema: Any, seed: bytes) -> float:
    start = time.perf_counter()
    generate(schema, seed)
    return time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize(("name", "least_valid"), [
    pytest.param("github.yaml", 0.999, id="github"),
    pytest.param("stripe.yaml", 1.0, id="stripe"),
])
def test_public_api_response_schemas(name: str, least_valid: float) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(bench_spec(name).read_text(encoding="utf-8"), Loader=loader)
    total, invalid, times = measure(doc)
    count = len(times)

    def ms(q: float) -> float:
        return times[min(count - 1, math.floor(count * q))] * 1e3

    print(f"\n{name}: {total} response schemas x {SEEDS} seeds; median {ms(0.5):.3f} ms, "
          f"p90 {ms(0.9):.3f} ms, p99 {ms(0.99):.3f} ms, max {times[-1] * 1e3:.2f} ms, "
          f"mean {statistics.fmean(times) * 1e3:.3f} ms; valid for every seed: "
          f"{total - len(invalid)}/{total}")
    for where, errors in invalid.items():
        print("  invalid:", where, errors)
    assert (total - len(invalid)) / total >= least_valid, invalid
    assert ms(0.5) < 1.0 and ms(0.99) < 15.0
