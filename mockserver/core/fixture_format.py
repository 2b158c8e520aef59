"""The shape of a fixture file and of ``tokens.json``, checked before their contents.

Problems in ``tokens.json`` are reported with every token masked: jsonschema's messages echo
the offending value, and a token must never reach a log line.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator

from mockserver.core.errors import Problem
from mockserver.core.masking import mask_secret
from mockserver.core.schemas import json_path, valid_as_json

_STRINGS: dict[str, Any] = {
    "type": "object", "minProperties": 1, "additionalProperties": {"type": "string"},
}
FIXTURE_FORMAT: dict[str, Any] = {
    "type": "object",
    "required": ["scenario", "description", "operationId", "response"],
    "additionalProperties": False,
    "properties": {
        "scenario": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"},
        "description": {"type": "string", "minLength": 1, "pattern": "^[^\\n]*$"},
        "operationId": {"type": "string", "minLength": 1},
        "request": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {"path": _STRINGS, "query": _STRINGS, "headers": _STRINGS, "body": {}},
        },
        "response": {
            "type": "object",
            "required": ["status"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "integer", "minimum": 100, "maximum": 599},
                "headers": _STRINGS,
                "body": {},
            },
        },
    },
}
"""A fixture file: ``request`` (all parts optional; absent: it answers every request to its
operation) and ``response`` (``body`` absent: an answer without a body)."""
TOKENS_FORMAT: dict[str, Any] = {
    "type": "object",
    "required": ["tokens"],
    "additionalProperties": False,
    "properties": {
        "tokens": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["token"],
                "additionalProperties": False,
                "properties": {
                    "token": {"type": "string", "pattern": "^[\\x21-\\x7e]+$"},
                    "description": {"type": "string"},
                },
            },
        }
    },
}


def fixture_file_problems(file: Path, doc: Any) -> list[Problem]:
    return _format_problems(file, doc, FIXTURE_FORMAT)


def token_file_problems(file: Path, doc: Any) -> list[Problem]:
    return _mask_tokens(doc, _format_problems(file, doc, TOKENS_FORMAT))


def _mask_tokens(doc: Any, problems: list[Problem]) -> list[Problem]:
    """Problems of tokens.json with every token value masked: messages echo the bad value."""
    entries = doc.get("tokens") if isinstance(doc, dict) else None
    found = {
        e["token"] for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, dict) and isinstance(e.get("token"), str) and e["token"]
    }
    secrets = sorted(found, key=len, reverse=True)
    masked = []
    for problem in problems:
        message = problem.message
        for secret in secrets:
            message = message.replace(secret, mask_secret(secret))
        masked.append(dataclasses.replace(problem, message=message))
    return masked


def _format_problems(file: Path, doc: Any, schema: dict[str, Any]) -> list[Problem]:
    if valid_as_json(_quick(schema is TOKENS_FORMAT).is_valid, doc):
        return []
    errors = sorted(Draft7Validator(schema).iter_errors(doc), key=lambda e: list(map(str, e.path)))
    return [
        Problem(str(file), json_path(e.path), f"format:{e.validator}", e.message) for e in errors
    ]


@functools.cache
def _quick(tokens: bool) -> Any:
    """A compiled jsonschema-rs validator for one of the two formats above: 1 us instead of
    ~100 us per valid file. It is never more lenient than jsonschema here (its ``$`` does not
    accept a trailing line break, Python's does); a file it refuses gets jsonschema's own
    findings."""
    import jsonschema_rs

    return jsonschema_rs.Draft7Validator(TOKENS_FORMAT if tokens else FIXTURE_FORMAT)
