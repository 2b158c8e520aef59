"""Which findings are contract violations and which are HTTP-hygiene warnings.

A finding fails a run by default only if the implementation broke something the spec states for a
declared operation. Behaviour the spec does not cover (a method the path does not declare, 404 vs
405, ``Allow``) is hygiene: a warning naming its RFC, failing the run only in strict mode
(``mockserver contract --strict-http``, or ``MEETRA_STRICT_HTTP=1`` for plain ``schemathesis run``).
"""

from __future__ import annotations

import os
from typing import Any

from mockserver.contract.clauses import HYGIENE_RFC

STRICT_HTTP_ENV = "MEETRA_STRICT_HTTP"
_runner_keeps_hygiene = False


def strict_from_env() -> bool:
    return os.environ.get(STRICT_HTTP_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def keep_hygiene_findings(keep: bool) -> None:
    """`mockserver contract` keeps hygiene findings to report them as warnings itself."""
    global _runner_keeps_hygiene
    _runner_keeps_hygiene = keep


def undeclared_method(case: Any) -> bool:
    """A request whose method the spec does not declare on this path (the coverage phase's probe
    of unexpected methods): the spec states nothing about its answer."""
    return str(case.method).lower() != str(case.operation.method).lower()


def is_hygiene(check: str, case: Any) -> bool:
    return check in HYGIENE_RFC or undeclared_method(case)


def keep_failure(failure: Any, case: Any) -> bool:
    """The `filter_failure` predicate for plain Schemathesis runs: drop hygiene unless strict."""
    if _runner_keeps_hygiene or strict_from_env():
        return True
    names = getattr(type(failure), "checks", ()) or ("",)
    return not any(is_hygiene(name, case) for name in names)
