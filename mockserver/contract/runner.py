"""`mockserver contract`: run Schemathesis with the contract's checks against an implementation.

Schemathesis is driven in-process (``schemathesis.engine.from_schema(...).execute()``), and its
event stream feeds our event handlers (``Findings``, ``Progress``, ``EngineErrors``), so this
module decides the exit code, the output and what counts as a usage error:

- 0: the target conforms (HTTP-hygiene warnings may be listed);
- 1: violations of the spec (or, with --strict-http, hygiene warnings), each listed once;
- 2: usage, spec or connection errors, or credentials that every request got refused with.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from mockserver.contract.config import contract_config, known_values
from mockserver.contract.findings import Findings
from mockserver.contract.junit import write_junit
from mockserver.contract.plan import OperationPlan, base_path, load_plan
from mockserver.contract.policy import keep_hygiene_findings
from mockserver.contract.progress import EngineErrors, Progress, one_line
from mockserver.contract.report import Echo, render_summary

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


class ContractUsageError(Exception):
    """The run cannot start: bad options, an unreadable spec or an unreachable target."""


@dataclasses.dataclass(frozen=True)
class ContractOptions:
    url: str
    spec_path: Path
    token: str | None = None
    params: tuple[tuple[str, str], ...] = ()  # (parameter name, known-good value)
    strict_http: bool = False
    junit_xml: Path | None = None
    max_examples: int | None = None
    workers: int | None = None
    seed: int | None = None
    phases: tuple[str, ...] | None = None
    """Schemathesis phases to run (None: its default, all of them)."""

    def param_values(self) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        for name, value in self.params:
            values.setdefault(name, []).append(value)
        return values


def run_contract(options: ContractOptions, echo: Echo, echo_err: Echo) -> int:
    try:
        url = _checked_url(options.url)
        plans = _plans(options)
        url = _with_base_path(url, options.spec_path, echo)
        _probe(url)
        config = _schemathesis_config(options, url)
        schema = _load_schema(options.spec_path, config)
    except ContractUsageError as exc:
        echo_err(f"mockserver contract: {exc}")
        return EXIT_ERROR
    echo(f"Contract run: {options.spec_path} against {url}")
    for key, values in known_values(plans, options.param_values()).items():
        echo(f"Known values for {key}: {', '.join(map(str, values))}")
    return _execute(options, plans, schema, echo, echo_err)


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ContractUsageError(
            f"--url must be an http(s) URL such as http://127.0.0.1:4010, not {url!r}"
        )
    return url.rstrip("/")


def _with_base_path(url: str, spec_path: Path, echo: Echo) -> str:
    """A URL without a path gets the spec's `servers` base path (``/v1``), as the mock serves it;
    a URL with a path is taken as given."""
    path = base_path(spec_path)
    if not path or urlsplit(url).path not in ("", "/"):
        return url
    echo(f"Base path from the spec's servers: {path} (give --url with a path to override)")
    return url + path


def _plans(options: ContractOptions) -> list[OperationPlan]:
    from mockserver.core.errors import ConfigError

    if not options.spec_path.is_file():
        raise ContractUsageError(f"spec not found: {options.spec_path}")
    try:
        plans = load_plan(options.spec_path)
    except ConfigError as exc:
        raise ContractUsageError(
            f"cannot read the spec: {'; '.join(map(str, exc.problems))}"
        ) from None
    names = {p.name for plan in plans for p in plan.parameters}
    unknown = sorted({name for name, _ in options.params} - names)
    if unknown:
        raise ContractUsageError(
            f"--param {', '.join(unknown)}: no such parameter in the spec "
            f"(its parameters: {', '.join(sorted(names)) or 'none'})"
        )
    return plans


def _probe(url: str) -> None:
    """One request, so an unreachable target gets one clear line instead of a failed run."""
    try:
        httpx.get(url + "/", timeout=5.0)
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        raise ContractUsageError(f"cannot reach {url}: {reason}") from None


def _schemathesis_config(options: ContractOptions, url: str) -> Any:
    from schemathesis.config import ConfigError, SchemathesisConfig

    data = contract_config(
        options.spec_path,
        base_url=url,
        token=options.token,
        params=options.param_values(),
        max_examples=options.max_examples,
        workers=options.workers,
        seed=options.seed,
        phases=options.phases,
    )
    try:
        return SchemathesisConfig.from_dict(data)
    except ConfigError as exc:
        raise ContractUsageError(f"invalid contract settings: {exc}") from None


def _load_schema(spec_path: Path, config: Any) -> Any:
    import schemathesis

    try:
        return schemathesis.openapi.from_path(spec_path, config=config)
    except Exception as exc:  # any loader failure is a usage error: one line, no traceback
        raise ContractUsageError(f"cannot load the spec {spec_path}: {one_line(exc)}") from None


def _stream(schema: Any, handlers: list[Any], echo_err: Echo) -> bool:
    """Run every phase, feeding each event to the handlers; False when interrupted."""
    from schemathesis.engine import from_schema

    keep_hygiene_findings(True)
    stream = from_schema(schema).execute()
    try:
        for event in stream:
            for handler in handlers:
                handler.handle_event(None, event)
    except KeyboardInterrupt:
        stream.stop()
        echo_err("mockserver contract: interrupted")
        return False
    finally:
        keep_hygiene_findings(False)
    return True


def _execute(
    options: ContractOptions, plans: list[OperationPlan], schema: Any, echo: Echo, echo_err: Echo
) -> int:
    authorization = f"Bearer {options.token}" if options.token is not None else None
    findings, errors = Findings(plans, authorization), EngineErrors()
    started = time.monotonic()
    if not _stream(schema, [Progress(echo), findings, errors], echo_err):
        return 130
    seconds = time.monotonic() - started
    cases = len(findings.case_ids)
    problems = errors.lines()
    if not problems and cases == 0:
        problems.append("no test case ran: does the spec declare any operation?")
    if cases and findings.token_refused() and any(plan.secured for plan in plans):
        given = "the --token was refused" if options.token else "no --token was given"
        echo_err(
            f"mockserver contract: {given}: every request sent with it got 401/403, so the "
            "success path could not be tested; pass a token the target accepts"
        )
        return EXIT_ERROR
    seen = ", ".join(f"{s}×{n}" for s, n in sorted(findings.statuses.items()))
    echo(f"Responses by status: {seen or 'none'}")
    for plan in plans:
        if cases and plan.label not in findings.succeeded:
            echo(f"note: {plan.label} never answered a 2xx, so its success path went untested; "
                 "--param NAME=VALUE gives values that exist on the target")
    violations, warnings = findings.violations(), findings.warnings()
    failing = [*violations, *(warnings if options.strict_http else ())]
    echo(render_summary(violations, warnings, strict=options.strict_http, cases=cases,
                        errors=problems, url=schema.config.base_url, seconds=seconds,
                        seed=getattr(schema.config, "seed", options.seed)))
    if options.junit_xml is not None:
        write_junit(options.junit_xml, plans, failing, warnings, seconds)
        echo(f"JUnit report: {options.junit_xml}")
    if failing:
        return EXIT_VIOLATIONS
    return EXIT_ERROR if problems else EXIT_OK
