"""Write a valid real 2xx as a new fixture file, so real answers become offline fixtures.

Any operation: the fixture's ``request`` holds the declared path, query and header values and
the JSON body the request carried (never a token: ``Authorization`` and API-key headers are not
parameters), its ``response`` the status, the declared headers and the body without undeclared
fields. The file name never comes from the request: the scenario is ``recorded-`` plus 16 hex
digits of a SHA-256 over the operationId and the request, and the file is created exclusively, so
an existing file is never overwritten. A request some fixture in the directory already answers
is not recorded again (``mockserver validate`` would refuse two fixtures for one request).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mockserver.core.requests import NO_BODY, RequestValues
from mockserver.core.schemas import undeclared_fields
from mockserver.core.spec import Operation

SCENARIO_PREFIX = "recorded-"


def scenario_name(operation_id: str, request: Mapping[str, Any] | None) -> str:
    """``recorded-<16 hex>`` from the operationId and the fixture's ``request`` part."""
    canonical = json.dumps([operation_id, request], ensure_ascii=True, sort_keys=True)
    return SCENARIO_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()[:16]


def request_part(values: RequestValues, secret_headers: frozenset[str] = frozenset()
                 ) -> dict[str, Any] | None:
    """The fixture's ``request``: only the parts the request carried; None if none."""
    headers = {k: v for k, v in values.headers.items() if k.lower() not in secret_headers}
    part: dict[str, Any] = {k: v for k, v in (("path", values.path), ("query", values.query),
                                               ("headers", headers)) if v}
    if values.body is not NO_BODY:
        part["body"] = values.body
    return part or None


def fixture_document(
    operation: Operation, values: RequestValues, status: int, headers: Mapping[str, str],
    body: Any, origin: str, now: dt.datetime, secret_headers: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """The fixture for a valid 2xx: declared response headers, declared body fields only.
    ``body`` is the decoded JSON body, or ``NO_BODY``."""
    declared = operation.response_for(status)
    assert declared is not None and 200 <= status < 300
    schema = declared.schema or {}
    request = request_part(values, secret_headers)
    description = f"Recorded from {origin} at {now.strftime('%Y-%m-%d %H:%M:%S')} UTC."
    dropped = sorted({path for path, _rule, _msg in undeclared_fields(body, schema)})
    if dropped:
        description += " Undeclared fields dropped: " + ", ".join(dropped[:5])
    response: dict[str, Any] = {"status": status}
    kept = {name: headers[name] for name in declared.headers
            if name.lower() != "content-type" and headers.get(name) is not None}
    if kept:
        response["headers"] = kept
    if body is not NO_BODY:
        response["body"] = declared_only(body, schema)
    document: dict[str, Any] = {
        "scenario": scenario_name(operation.operation_id, request),
        "description": description,
        "operationId": operation.operation_id,
    }
    if request is not None:
        document["request"] = request
    document["response"] = response
    return document


def declared_only(value: Any, schema: dict[str, Any]) -> Any:
    """``value`` without the object keys ``schema`` does not declare (fixtures hold only those)."""
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        props = schema["properties"]
        return {k: declared_only(v, props[k]) for k, v in value.items() if k in props}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [declared_only(item, schema["items"]) for item in value]
    return value


def already_answered(directory: Path, operation_id: str, request: Any) -> Path | None:
    """A fixture file in ``directory`` that already answers this request (the same ``request``
    part, or both none), if any."""
    for file in sorted(directory.glob("*.json")):
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if (isinstance(doc, dict) and doc.get("operationId") == operation_id
                and doc.get("request") == request):
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
    if already_answered(base, document["operationId"], document.get("request")):
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
