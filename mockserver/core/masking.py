"""Make request text safe for a log line: secrets masked, control characters escaped."""

from __future__ import annotations

import re

_SHOWN_PREFIX = 4
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
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


def escape_control(text: str) -> str:
    """Control characters (C0, DEL, C1, and the Unicode line and paragraph separators) as
    ``\\xNN``/``\\uNNNN``, so text that came from a request can never end a log line, start a
    forged one, or send a terminal escape sequence."""
    return _CONTROL.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
