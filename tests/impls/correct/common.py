"""What every correct implementation shares: the data, the token, the hash rule, the bodies."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.impls.reference import MEETINGS, TOKEN

HASH_PATTERN = r"^[0-9a-fA-F]{16,128}$"
HASH = re.compile(r"[0-9a-fA-F]{16,128}")
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="meetra"'}
UNAUTHORIZED = "Unauthorized: send a valid bearer token"
NOT_FOUND = "Meeting not found"


def valid_token(header: str | None) -> bool:
    scheme, _, token = (header or "").partition(" ")
    return scheme.lower() == "bearer" and token == TOKEN


def hash_problem(values: list[str]) -> str | None:
    if len(values) != 1:
        return "file-hash is required, exactly once"
    if not HASH.fullmatch(values[0]):
        return "file-hash must be 16 to 128 hexadecimal characters"
    return None


def balance(file_hash: str) -> dict[str, Any] | None:
    """The body for a known meeting, or None (404)."""
    shares = MEETINGS.get(file_hash)
    if shares is None:
        return None
    return {"speakers": [{"id": i, "meeting_speaking_percentage": s} for i, s in shares]}


def message(text: str) -> str:
    return json.dumps({"message": text})
