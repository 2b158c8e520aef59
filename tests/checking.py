"""Strict checking of generated or served values: JSON Schema with every format checked
(``core.schemas`` checks none), for the generator's tests and the public-spec tests."""

from __future__ import annotations

import re
from typing import Any

HOSTNAME = re.compile(r"(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*")
URI = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*")


def format_checker() -> Any:
    """Every format checked: jsonschema's (as installed), the OAS ones, and simple checks for
    those whose jsonschema checker needs a package we do not install."""
    from jsonschema import Draft202012Validator, FormatChecker
    from openapi_schema_validator._format import oas30_strict_format_checker

    checker = FormatChecker(())
    checker.checkers.update(oas30_strict_format_checker.checkers)  # also has draft 3's "time"
    checker.checkers.update(Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checks("hostname")(lambda v: not isinstance(v, str) or bool(HOSTNAME.fullmatch(v)))
    for name in ("uri", "url"):
        checker.checks(name)(lambda v: not isinstance(v, str) or bool(URI.fullmatch(v)))
    return checker


def strict_findings(schema: dict[str, Any], value: Any) -> list[str]:
    """OAS30Validator with every format checked (``core.schemas`` checks none)."""
    from openapi_schema_validator import OAS30Validator

    validator = OAS30Validator(schema, format_checker=format_checker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(value)]
