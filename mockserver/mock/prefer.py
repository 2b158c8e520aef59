"""The ``Prefer`` header (RFC 7240, Prism-compatible): code, example, dynamic, delay.

Parsing only; which values an operation allows is ``selection.allowed_preferences``.
"""

from __future__ import annotations

import dataclasses

from mockserver.core.params import echo
from mockserver.mock.latency import parse_delay_ms

PREFERENCES = ("code", "example", "dynamic", "delay")


@dataclasses.dataclass(frozen=True)
class Preferences:
    code: int | None = None
    example: str | None = None
    dynamic: bool | None = None
    delay: int | None = None
    """Milliseconds to wait before answering."""

    def over(self, defaults: Preferences) -> Preferences:
        """These preferences, with ``defaults`` filling the ones not given."""
        given = {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
        return dataclasses.replace(defaults, **given)


class PreferError(ValueError):
    """The Prefer header is malformed; the message says why."""


def read_prefer(values: list[str]) -> Preferences:
    """Parse ``Prefer`` header values (RFC 7240 syntax). Unknown or malformed -> PreferError."""
    found: dict[str, str] = {}
    for item in (part.strip() for value in values for part in value.split(",")):
        if not item:
            continue
        name, sep, raw = item.partition("=")
        name, raw = name.strip().lower(), raw.strip().strip('"')
        if name not in PREFERENCES or not sep or not raw:
            raise PreferError(f"{echo(item)} is not a supported preference")
        if name in found and found[name] != raw:
            raise PreferError(f"{name} is given twice")
        found[name] = raw
    code = found.get("code")
    if code is not None and not (code.isdigit() and len(code) == 3):
        raise PreferError(f"code={echo(code)} is not a status code")
    return Preferences(code=int(code) if code else None, example=found.get("example"),
                       dynamic=_flag(found.get("dynamic")), delay=_delay(found.get("delay")))


def _flag(raw: str | None) -> bool | None:
    if raw is None or raw.lower() in ("true", "false"):
        return None if raw is None else raw.lower() == "true"
    raise PreferError(f"dynamic={echo(raw)} is not true or false")


def _delay(raw: str | None) -> int | None:
    try:
        return None if raw is None else parse_delay_ms(raw)
    except ValueError as exc:
        raise PreferError(f"delay: {exc}") from None
