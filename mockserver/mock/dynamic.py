"""Generated bodies: deterministic, derived from the request alone, valid against the schema.

The values come from ``mockserver.core.generate`` (any OAS 3.0 schema and its ``x-`` rules);
this module only derives the seed: SHA-256 of the operationId and the request's canonical
values (path, query, declared headers, JSON body), so the same request gives the same bytes on
every run and every machine, and nothing here knows an operation, a path or a field.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mockserver.core.error_shape import Generate
from mockserver.core.matching import canonical_json
from mockserver.core.requests import NO_BODY, RequestValues

DYNAMIC_SCENARIO = "(dynamic)"
"""``X-Mock-Scenario`` of a body generated on request (``--dynamic``, ``Prefer: dynamic=true``).
Parentheses: no fixture name can look like it."""
GENERATED_SCENARIO = "(generated)"
"""No fixture matched and the operation declares no 404 nor an example: a generated body."""
EXAMPLE_SCENARIO = "(example)"
"""No fixture matched and the operation declares no 404: the spec's example."""


def seed_for(operation_id: str, values: RequestValues) -> str:
    """A hex seed from the request alone (header names case-folded, body by JSON equality)."""
    canonical = json.dumps({
        "operation": operation_id,
        "path": values.path,
        "query": values.query,
        "headers": {k.lower(): v for k, v in values.headers.items()},
        "body": None if values.body is NO_BODY else canonical_json(values.body),
    }, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def generator() -> Generate:
    """``core.generate.generate``: a value valid against any OAS 3.0 schema and its rules."""
    return _generate


def _generate(schema: dict[str, Any], seed: str) -> Any:
    # Imported on first use: the generators (rstr included) are start-up time a mock answering
    # from fixtures never needs. Module-level, so a catalog holding it pickles by reference.
    from mockserver.core.generate import generate

    return generate(schema, seed)
