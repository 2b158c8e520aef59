"""`mockserver contract`: run Schemathesis with the contract's checks against an implementation.

Schemathesis is driven in-process through its engine's event stream (the same one its CLI
consumes), so this module decides the exit code, the output and what counts as a usage error:

- 0: the target conforms; 1: violations (the summary lists each with check, clause, curl);
- 2: usage, spec or connection errors, each on one line, without a traceback.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from mockserver.contract.config import contract_config, spec_example_hashes
from mockserver.contract.progress import EngineErrors, Progress, one_line
from mockserver.contract.report import Echo, render_summary, violations

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2


class ContractUsageError(Exception):
    """The run cannot start: bad options, an unreadable spec or an unreachable target."""


@dataclasses.dataclass(frozen=True)
class ContractOptions:
    url: str
    spec_path: Path
    token: str | None = None
    hashes: tuple[str, ...] = ()
    junit_xml: Path | None = None
    max_examples: int | None = None
    workers: int | None = None
    seed: int | None = None


def run_contract(options: ContractOptions, echo: Echo, echo_err: Echo) -> int:
    try:
        url = _checked_url(options.url)
        hashes = options.hashes or _example_hashes(options.spec_path)
        _probe(url)
        config = _schemathesis_config(options, url, hashes)
        schema = _load_schema(options.spec_path, config)
    except ContractUsageError as exc:
        echo_err(f"mockserver contract: {exc}")
        return EXIT_ERROR
    given = "given with --hash" if options.hashes else "from the spec's examples"
    echo(f"Contract run: {options.spec_path} against {url}")
    echo(f"Known hashes ({given}): {', '.join(hashes) or 'none'}")
    return _execute(options, schema, config.seed, echo, echo_err)


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ContractUsageError(
            f"--url must be an http(s) URL such as http://127.0.0.1:4010, not {url!r}"
        )
    return url.rstrip("/")


def _example_hashes(spec_path: Path) -> tuple[str, ...]:
    from mockserver.core.errors import ConfigError

    if not spec_path.is_file():
        raise ContractUsageError(f"spec not found: {spec_path}")
    try:
        return tuple(spec_example_hashes(spec_path))
    except ConfigError as exc:
        raise ContractUsageError(
            f"cannot read the spec: {'; '.join(map(str, exc.problems))}"
        ) from None


def _probe(url: str) -> None:
    """One request, so an unreachable target gets one clear line instead of a failed run."""
    try:
        httpx.get(url + "/", timeout=5.0)
    except httpx.TransportError as exc:
        reason = str(exc) or type(exc).__name__
        raise ContractUsageError(f"cannot reach {url}: {reason}") from None


def _schemathesis_config(options: ContractOptions, url: str, hashes: tuple[str, ...]) -> Any:
    from schemathesis.config import ConfigError, SchemathesisConfig

    data = contract_config(
        base_url=url,
        token=options.token,
        hashes=hashes,
        max_examples=options.max_examples,
        workers=options.workers,
        seed=options.seed,
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


def _execute(options: ContractOptions, schema: Any, seed: int, echo: Echo, echo_err: Echo) -> int:
    from schemathesis.cli.commands.run.context import ExecutionContext
    from schemathesis.cli.commands.run.handlers.junitxml import JunitXMLHandler
    from schemathesis.engine import from_schema

    ctx = ExecutionContext(config=schema.config)
    progress, errors = Progress(echo), EngineErrors()
    handlers: list[Any] = [progress, errors]
    if options.junit_xml is not None:
        handlers.append(JunitXMLHandler(options.junit_xml))
    started = time.monotonic()
    stream = from_schema(schema).execute()
    try:
        for event in stream:
            ctx.on_event(event)
            for handler in handlers:
                handler.handle_event(ctx, event)
    except KeyboardInterrupt:
        stream.stop()
        echo_err("mockserver contract: interrupted")
        return 130
    finally:
        for handler in handlers[2:]:
            handler.shutdown(ctx)
    found = violations(ctx.statistic)
    problems = errors.lines()
    if not found and not problems and ctx.statistic.total_cases == 0:
        problems.append("no test case ran: is the spec's operation selectable?")
    echo(progress.status_line())
    if ctx.statistic.total_cases and not progress.statuses.get(200):
        echo(
            "warning: no 200 was seen, so the success path went untested: pass --hash with "
            "meetings that exist on the target"
        )
    echo(
        render_summary(
            found,
            cases=ctx.statistic.total_cases,
            errors=problems,
            url=schema.config.base_url,
            seconds=time.monotonic() - started,
            seed=seed,
        )
    )
    if options.junit_xml is not None:
        echo(f"JUnit report: {options.junit_xml}")
    if found:
        return EXIT_VIOLATIONS
    return EXIT_ERROR if problems or ctx.exit_code != EXIT_OK else EXIT_OK
