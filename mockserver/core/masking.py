"""Mask secrets before they reach a log line, the journal or an error message."""

from __future__ import annotations

import re

_SHOWN_PREFIX = 4
_SECRET_QUERY = re.compile(
    r"((?:^|&)[^=&]*(?:token|key|secret|password|passwd|auth|jwt)[^=&]*=)([^&]*)", re.IGNORECASE
)


def mask_secret(secret: str) -> str:
    """``meetra-dev-token`` -> ``meet…(16 chars)``: the first 4 characters of secrets of 16 or more,
    none of shorter ones, and the length. Never the whole value."""
    shown = secret[:_SHOWN_PREFIX] if len(secret) >= 16 else ""
    return f"{shown}…({len(secret)} chars)"


def mask_authorization(value: str | None) -> str | None:
    """The ``Authorization`` header with its credentials masked: ``Bearer meet…(16 chars)``."""
    if value is None:
        return None
    scheme, _, credentials = value.strip().partition(" ")
    credentials = credentials.strip()
    if not credentials:
        return scheme[:20]
    return f"{scheme[:20]} {mask_secret(credentials)}"


def mask_query(query: str) -> str:
    """The query string with the values of credential-like parameters masked."""
    return _SECRET_QUERY.sub(lambda m: m.group(1) + mask_secret(m.group(2)), query)
