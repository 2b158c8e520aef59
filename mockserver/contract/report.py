"""Human output of a contract run: the violations, then the warnings, then one verdict line.

Each finding names the check, the operation and status, the clause it breaks (quoted from the spec,
or the RFC for a hygiene warning), how many cases hit it, and one curl reproducer.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

from mockserver.contract.findings import Finding

Echo = Callable[[str], None]


def render_finding(index: int, finding: Finding) -> str:
    where = f"{finding.operation}" + (f" → {finding.status}" if finding.status else "")
    lines = [
        f"{index}. [{finding.check}] {where}: {finding.title}",
        f"   {'RFC' if finding.hygiene else 'Spec'} clause: {finding.clause}",
        f"   Cases: {len(finding.cases)}",
    ]
    if finding.undeclared_methods:
        methods = ", ".join(sorted(finding.undeclared_methods))
        lines.append(f"   Methods the spec does not declare on this path, sent: {methods}")
    if finding.message:
        message = finding.message.split("\nSpec clause:", 1)[0]
        lines.append(textwrap.indent(_clip(message), "   | "))
    if finding.curl:
        lines.append("   Reproduce with:")
        lines.append(textwrap.indent(finding.curl.strip(), "     "))
    return "\n".join(lines)


def _clip(text: str, limit: int = 800) -> str:
    return text if len(text) <= limit else text[:limit] + " …(truncated)"


def render_summary(
    violations: Sequence[Finding],
    warnings: Sequence[Finding],
    *,
    strict: bool,
    cases: int,
    errors: Sequence[str],
    url: str,
    seconds: float,
    seed: int | None,
) -> str:
    parts = []
    if violations:
        parts.append(f"{len(violations)} contract violation(s) — the spec states otherwise:\n")
        parts.extend(render_finding(i, v) + "\n" for i, v in enumerate(violations, 1))
    if warnings:
        effect = "failing the run (--strict-http)" if strict else "not failing the run"
        parts.append(
            f"{len(warnings)} HTTP warning(s) — the spec does not cover this, {effect}:\n"
        )
        start = len(violations) + 1
        parts.extend(render_finding(i, w) + "\n" for i, w in enumerate(warnings, start))
    for error in errors:
        parts.append(f"error: {error}")
    failing = [*violations, *(warnings if strict else ())]
    caught = sorted({f.check for f in failing})
    verdict = ("FAIL: " + ", ".join(caught)) if failing else ("ERROR" if errors else "PASS")
    extra = f", {len(warnings)} warning(s)" if warnings and not strict else ""
    tail = f" (seed {seed})" if seed is not None else ""
    parts.append(f"{verdict}{extra} — {cases} test cases against {url} in {seconds:.1f} s{tail}")
    return "\n".join(parts)
