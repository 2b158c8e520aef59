"""Human output of a contract run: progress lines while it runs, then the violations found.

Each violation names the check, the spec clause it enforces and Schemathesis' curl reproducer.
"""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from typing import Any

from mockserver.contract.clauses import clause_for

Echo = Callable[[str], None]


@dataclasses.dataclass(frozen=True)
class Violation:
    check: str
    title: str
    message: str
    status: int | None
    curl: str | None

    @property
    def clause(self) -> str:
        return clause_for(self.check)


def check_name(failure: Any, observed: dict[int, str]) -> str:
    """The check that raised `failure`: as recorded by Schemathesis, else from the failure class."""
    if id(failure) in observed:
        return observed[id(failure)]
    title = str(getattr(failure, "title", ""))
    if title.startswith("Custom check failed: `"):
        return title.split("`")[1]
    names = getattr(type(failure), "checks", ()) or ("unknown",)
    return str(names[0])


def violations(statistic: Any) -> list[Violation]:
    """Every distinct failure Schemathesis recorded, in a stable order."""
    observed = {id(failure): name for failure, name in statistic.observed_failures.values()}
    found = []
    for label in sorted(statistic.failures):
        for group in statistic.failures[label].values():
            status = group.response.status_code if group.response is not None else None
            for failure in group.failures:
                found.append(
                    Violation(
                        check=check_name(failure, observed),
                        title=str(failure.title),
                        message=str(failure.message or "").strip(),
                        status=status,
                        curl=group.code_sample,
                    )
                )
    return found


def render_violation(index: int, violation: Violation) -> str:
    lines = [
        f"{index}. [{violation.check}] {violation.title}",
        f"   Spec clause: {violation.clause}",
    ]
    if violation.status is not None:
        lines.append(f"   Response status: {violation.status}")
    if violation.message:
        message = violation.message.split("\nSpec clause:", 1)[0]
        lines.append(textwrap.indent(_clip(message), "   | "))
    if violation.curl:
        lines.append("   Reproduce with:")
        lines.append(textwrap.indent(violation.curl.strip(), "     "))
    return "\n".join(lines)


def _clip(text: str, limit: int = 1200) -> str:
    return text if len(text) <= limit else text[:limit] + " …(truncated)"


def render_summary(
    found: list[Violation],
    *,
    cases: int,
    errors: list[str],
    url: str,
    seconds: float,
    seed: int | None,
) -> str:
    parts = []
    if found:
        parts.append(f"{len(found)} contract violation(s) found:\n")
        parts.extend(render_violation(i, v) + "\n" for i, v in enumerate(found, 1))
    for error in errors:
        parts.append(f"error: {error}")
    caught = sorted({v.check for v in found})
    verdict = ("FAIL: " + ", ".join(caught)) if found else ("ERROR" if errors else "PASS")
    tail = f" (seed {seed})" if seed is not None else ""
    parts.append(f"{verdict} — {cases} test cases against {url} in {seconds:.1f} s{tail}")
    return "\n".join(parts)
