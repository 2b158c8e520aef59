"""Write a valid real 200 as a new fixture file, so real meetings become offline fixtures.

The file name never comes from the request: the scenario is ``recorded-`` plus 16 hex digits of
a SHA-256 over the operationId and the query, and the file is created exclusively (``x`` mode), so
an existing file is never overwritten. A request some fixture in the directory already answers is
not recorded again (``mockserver validate`` would refuse two fixtures for one request).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from mockserver.core.schemas import undeclared_fields
from mockserver.core.spec import Operation

SCENARIO_PREFIX = "recorded-"


def scenario_name(operation_id: str, query: dict[str, str]) -> str:
    canonical = json.dumps([operation_id, sorted(query.items())], ensure_ascii=True)
    return SCENARIO_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()[:16]


def fixture_document(
    operation: Operation, query: dict[str, str], body: Any, origin: str, now: dt.datetime
) -> dict[str, Any]:
    """The fixture for a valid 200, keeping only the fields the schema declares."""
    schema = operation.responses["200"].schema or {}
    dropped = sorted({path for path, _rule, _msg in undeclared_fields(body, schema)})
    description = f"Recorded from {origin} at {now.strftime('%Y-%m-%d %H:%M:%S')} UTC."
    if dropped:
        description += " Undeclared fields dropped: " + ", ".join(dropped[:5])
    return {
        "scenario": scenario_name(operation.operation_id, query),
        "description": description,
        "operationId": operation.operation_id,
        "request": {"query": dict(sorted(query.items()))},
        "response": {"status": 200, "body": declared_only(body, schema)},
    }


def declared_only(value: Any, schema: dict[str, Any]) -> Any:
    """``value`` without the object keys ``schema`` does not declare (fixtures hold only those)."""
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        props = schema["properties"]
        return {k: declared_only(v, props[k]) for k, v in value.items() if k in props}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [declared_only(item, schema["items"]) for item in value]
    return value


def already_answered(directory: Path, operation_id: str, query: dict[str, str]) -> Path | None:
    """A fixture file in ``directory`` that already answers this request, if any."""
    for file in sorted(directory.glob("*.json")):
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if (isinstance(doc, dict) and doc.get("operationId") == operation_id
                and isinstance(doc.get("request"), dict)
                and doc["request"].get("query") == query):
            return file
    return None


def record(directory: Path, document: dict[str, Any]) -> Path | None:
    """Create ``<scenario>.json`` in ``directory``; None if it exists or the request is known."""
    scenario = document["scenario"]
    assert scenario.startswith(SCENARIO_PREFIX) and scenario[len(SCENARIO_PREFIX):].isalnum()
    base = directory.resolve()
    target = (base / f"{scenario}.json").resolve()
    if target.parent != base:
        raise ValueError(f"refusing to write outside {base}: {target}")
    if already_answered(base, document["operationId"], document["request"]["query"]):
        return None
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    # Write a temporary file, then hard-link it into place: the link fails if the target exists
    # (never overwrite), and a reader never sees a half-written fixture.
    fd, temporary = tempfile.mkstemp(prefix=".recording-", suffix=".tmp", dir=base)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.link(temporary, target)
    except FileExistsError:
        return None
    finally:
        os.unlink(temporary)
    return target
