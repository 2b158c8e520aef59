"""The `mockserver` command line. Each command returns an exit code; nothing runs at import."""

from __future__ import annotations

import gc
import signal
import socket
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from mockserver.core.errors import ConfigError, Problem
from mockserver.settings import (
    DEFAULT_HOST,
    DEFAULT_JOURNAL_SIZE,
    DEFAULT_PORT,
    DEFAULT_PROXY_PORT,
    ProxySettings,
    Settings,
)

if TYPE_CHECKING:
    from mockserver.mock.app import MockApp
    from mockserver.mock.preload import PendingCatalog
    from mockserver.mock.selection import Catalog

EXIT_OK, EXIT_INVALID, EXIT_CONFIG, EXIT_INTERRUPTED = 0, 1, 2, 130
"""Every code the CLI returns (the README lists them): 0 success; 1 ``validate`` found problems or
``contract`` found violations; 2 bad usage, an invalid spec/fixture/config, or a port that cannot
be bound; 130 interrupted (Ctrl+C) before serving."""

_spec = click.option("--spec", "spec_path", type=click.Path(path_type=Path),
                     help="OpenAPI 3.0 document. Default: the bundled openapi.yaml.")
_fixtures = click.option("--fixtures", "fixtures_dir", type=click.Path(path_type=Path),
                         help="Fixtures directory. Default: the bundled fixtures.")


def _delay(_ctx: object, _param: object, value: str | None) -> tuple[int, int] | None:
    from mockserver.mock.latency import parse_delay_range

    try:
        return None if value is None else parse_delay_range(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc}. Allowed: MS or LOW-HIGH, whole milliseconds "
                                 "from 0 to 60000 (60 s), e.g. 200 or 100-800.") from None


def _settings(**given: object) -> Settings:
    """Settings from the flags actually given; None means 'not given, keep the default'."""
    return Settings().with_changes(**{k: v for k, v in given.items() if v is not None})


@click.group()
@click.version_option(package_name="meetra-mockserver")
def cli() -> None:
    """Spec-first mock server and contract-testing kit: one OpenAPI 3.0 document serves
    fixture-backed answers, checks real implementations and validates live traffic."""


@cli.command(short_help="Serve fixture-backed answers for the spec on HOST:PORT.")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Interface to bind. Loopback by default; 0.0.0.0 is an explicit choice.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port to listen on; pick another when it is busy.")
@_spec
@_fixtures
@click.option("--token", "tokens", multiple=True, help="Extra accepted bearer token (repeatable).")
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Allowed CORS origin (repeatable). Default: any origin.")
@click.option("--no-cors", is_flag=True, help="Send no CORS headers at all.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="info prints one line per request; warning and above do not.")
@click.option("--dynamic", is_flag=True, default=None,
              help="Answer well-formed requests no fixture matches with data derived from "
                   "the request.")
@click.option("--delay", "delay_ms", callback=_delay, metavar="MS|LOW-HIGH",
              help="Wait before answering the spec's paths: 200, or uniform in 100-800 (ms).")
@click.option("--no-reload", is_flag=True, help="Don't watch the spec and fixtures for edits.")
@click.option("--no-admin", is_flag=True, help="Turn off the /__mock__/... endpoints.")
@click.option("--journal-size", type=click.IntRange(0, 100_000), default=None,
              help=f"Requests kept by GET /__mock__/requests. Default: {DEFAULT_JOURNAL_SIZE}.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes, e.g. one per core. Default: 1.")
@click.option("--no-response-cache", is_flag=True,
              help="Build every answer anew instead of replaying identical ones (same bytes).")
def serve(host: str, port: int, spec_path: Path | None, fixtures_dir: Path | None,
          tokens: tuple[str, ...], cors_origins: tuple[str, ...], no_cors: bool,
          log_level: str, dynamic: bool | None, delay_ms: tuple[int, int] | None,
          no_reload: bool, no_admin: bool, journal_size: int | None, workers: int | None,
          no_response_cache: bool) -> None:
    """Serve the mock on HOST:PORT from the spec and fixtures. The port is bound before anything
    is printed: a busy port exits 2 with one line naming --port."""
    from mockserver.mock.console import configure_logging

    settings = _settings(
        host=host, port=port, spec_path=spec_path, fixtures_dir=fixtures_dir,
        tokens=tokens or None, cors_origins=() if no_cors else (cors_origins or None),
        dynamic=dynamic, delay_ms=delay_ms, reload=False if no_reload else None,
        admin=False if no_admin else None, journal_size=journal_size,
        workers=workers, response_cache=False if no_response_cache else None,
    )
    sock = _bind(host, port)  # first: a busy port is one line at once, before any promise
    try:
        app, catalog = _build(settings, sock)
        from mockserver.mock.banner import banner

        _report_set_aside(catalog.spec.set_aside)
        click.echo(banner(settings, catalog))
        configure_logging(log_level)
        started = _run(sock, app, settings, log_level)
    finally:
        gc.unfreeze()  # see _import_frozen; matters only to a caller that goes on (tests)
    if not started:
        click.echo("mockserver: the server did not start (see the log above).", err=True)
        sys.exit(EXIT_CONFIG)


def _build(settings: Settings, sock: socket.socket) -> tuple[MockApp | None, Catalog]:
    """The app (one worker), or only the checked catalog (workers build their own apps); a bad
    spec or fixture exits 2 naming file, JSON path and rule."""
    from mockserver.mock.preload import PendingCatalog, load_checked

    pending = PendingCatalog(settings)  # new bytes are checked by a helper, Connexion imports
    if settings.workers == 1:
        _import_frozen()
    try:
        if settings.workers == 1:
            app = _app_once_checked(settings, pending)
            return app, app.catalog
        return None, pending.result() or load_checked(settings)
    except ConfigError as exc:
        sock.close()
        _report_config_error(exc)
        sys.exit(EXIT_CONFIG)


def _app_once_checked(settings: Settings, pending: PendingCatalog) -> MockApp:
    """The app, built (Connexion's ~1 s on a large document) from the helper's first catalog
    while openapi-spec-validator may still be checking it; returned only after a clean verdict.
    Findings raise ConfigError, whatever building an unchecked document did meanwhile."""
    from mockserver.mock.app import create_app

    catalog = pending.first()
    try:
        app = create_app(settings, catalog)
    except Exception:
        if catalog is None or pending.result() is not None:
            raise  # a verdict of problems is raised above; a clean one leaves this error
        return create_app(settings)  # the helper failed: load and check here
    if catalog is not pending.result():
        return create_app(settings)  # the helper failed before its verdict: check here
    return app


def _import_frozen() -> None:
    """Import the serving modules (Connexion, uvicorn) with the cyclic GC paused, then freeze
    what exists (``gc.freeze``): modules, classes and functions live as long as the process, and
    collections that walked them over and over were ~10% of the start-up CPU. The app is built
    after this, so a reload's old state is collected as usual. What stays for good: the ~1,800
    cyclic leftovers of the imports themselves (~0.4 MB; collecting them first costs 33 ms)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        import uvicorn.main  # noqa: F401  (what serve_on uses, imported here to be frozen)

        import mockserver.mock.app  # noqa: F401
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _run(sock: socket.socket, app: object, settings: Settings, log_level: str) -> bool:
    """uvicorn on the bound socket: the app itself, or the workers' factory (``app`` None)."""
    from mockserver.mock.listen import serve_on
    from mockserver.mock.workers import FACTORY

    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal at the handler it
    # found; with the default handler the process would die with -15. A requested stop that
    # finished every in-flight request is a success, so that handler just returns: exit 0.
    previous = signal.signal(signal.SIGTERM, _stopped)
    try:
        if app is None:
            _hand_settings_to_workers(settings, log_level)
        return serve_on(sock, FACTORY if app is None else app, settings.workers,
                        factory=app is None, log_level=log_level, server_header=False,
                        access_log=False, ws="none")  # no spec declares one; ~10 ms of imports
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


def _hand_settings_to_workers(settings: Settings, log_level: str) -> None:
    """Each worker's app factory reads these once, at start-up."""
    import os

    from mockserver.mock.workers import LOG_LEVEL_ENV
    from mockserver.settings import ENV, settings_to_env

    os.environ[ENV] = settings_to_env(settings)
    os.environ[LOG_LEVEL_ENV] = log_level


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, before anything is promised; a port we cannot have exits 2."""
    from mockserver.mock.listen import PortUnavailable, bind

    try:
        return bind(host, port)
    except PortUnavailable as exc:
        click.echo(f"mockserver: cannot serve: {exc}", err=True)
        sys.exit(EXIT_CONFIG)


def _stopped(_signum: int, _frame: object) -> None:
    """SIGTERM after uvicorn's graceful shutdown: nothing left to do."""


@cli.command(short_help="Check the spec, its examples and every fixture.")
@_spec
@_fixtures
def validate(spec_path: Path | None, fixtures_dir: Path | None) -> None:
    """Check the spec, its examples and every fixture; list every problem."""
    from mockserver.core.validation import validate_all

    settings = _settings(spec_path=spec_path, fixtures_dir=fixtures_dir)
    problems = validate_all(settings.spec_path, settings.fixtures_dir)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"OK: {settings.spec_path} and {settings.fixtures_dir} are valid.")


@cli.command(short_help="Forward to the real API and report contract violations.")
@click.option("--upstream", required=True, help="Base URL of the real API, e.g. https://api.example.com.")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Interface to bind.")
@click.option("--port", default=DEFAULT_PROXY_PORT, show_default=True,
              type=click.IntRange(0, 65535), help="TCP port the proxy listens on.")
@_spec
@click.option("--record", "record_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write each valid 200 as a new fixture file in this directory.")
@click.option("--timeout", type=float, help="Seconds to wait for the upstream. Default: 30.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="info prints one line per request; violations are warnings.")
def proxy(upstream: str, host: str, port: int, spec_path: Path | None, record_dir: Path | None,
          timeout: float | None, log_level: str) -> None:
    """Forward to the real API; report every contract violation of requests and answers."""
    from mockserver.proxy.app import create_proxy, log_to_stderr

    parts = urlsplit(upstream)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{upstream!r} is not an http(s) URL with a host",
                                 param_hint="--upstream")
    if record_dir is not None:
        record_dir.mkdir(parents=True, exist_ok=True)
    given = {"spec_path": spec_path, "record_dir": record_dir, "timeout": timeout}
    settings = ProxySettings(upstream=upstream, host=host, port=port).with_changes(
        **{k: v for k, v in given.items() if v is not None})
    sock = _bind(host, port)
    try:
        app = create_proxy(settings)
    except ConfigError as exc:
        sock.close()
        _report_config_error(exc)
        sys.exit(EXIT_CONFIG)
    from mockserver.mock.listen import serve_on

    log_to_stderr(log_level)
    click.echo(f"Validating proxy on http://{host}:{port} -> {upstream} (spec {settings.spec_path})"
               + (f", recording valid 200s into {record_dir}" if record_dir else ""))
    try:
        started = serve_on(sock, app, 1, log_level=log_level, server_header=False,
                           date_header=False)
    finally:
        sock.close()
    if not started:
        sys.exit(EXIT_CONFIG)


def _param(ctx: click.Context, param: click.Parameter,
           values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        name, sep, known = value.partition("=")
        if not sep or not name or not known:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE, e.g. id=42")
        pairs.append((name, known))
    return tuple(pairs)


def _phases(_ctx: object, _param: object, value: str | None) -> tuple[str, ...] | None:
    from mockserver.contract.config import PHASES

    if value is None:
        return None
    chosen = tuple(p.strip() for p in value.split(",") if p.strip())
    unknown = [p for p in chosen if p not in PHASES]
    if unknown or not chosen:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'} is not a phase. Allowed: "
                                 f"a comma-separated list of {', '.join(PHASES)}.")
    return chosen


@cli.command(short_help="Fuzz an implementation at URL against the spec.")
@click.option("--url", required=True, help="Base URL of the implementation under test.")
@click.option("--token", help="Bearer token the target accepts (sent as Authorization).")
@click.option("--param", "params", multiple=True, callback=_param, metavar="NAME=VALUE",
              help="A known-good value of a spec parameter, e.g. one that exists on the target "
                   "(repeatable). Default: the spec's examples of every parameter.")
@click.option("--strict-http", is_flag=True,
              help="Also fail on HTTP hygiene the spec does not state (405 vs 404, Allow).")
@click.option("--junit-xml", type=click.Path(path_type=Path, dir_okay=False),
              help="Write a JUnit XML report here.")
@click.option("--max-examples", type=click.IntRange(min=1), help="Fuzzing examples per phase.")
@click.option("--workers", type=click.IntRange(1, 64), help="Concurrent Schemathesis workers.")
@click.option("--seed", type=int, help="Random seed, to reproduce a run.")
@click.option("--phases", callback=_phases, metavar="PHASE,...",
              help="Schemathesis phases to run, of examples, coverage, fuzzing, stateful. "
                   "Default: all. Coverage ignores --max-examples; leave it out for a quick run "
                   "of a large spec.")
@_spec
def contract(url: str, token: str | None, params: tuple[tuple[str, str], ...], strict_http: bool,
             junit_xml: Path | None, max_examples: int | None, workers: int | None,
             seed: int | None, phases: tuple[str, ...] | None, spec_path: Path | None) -> None:
    """Fuzz an implementation at URL against the spec: exit 0 conforms, 1 violations, 2 errors."""
    from mockserver.contract.runner import ContractOptions, run_contract

    options = ContractOptions(url=url, spec_path=spec_path or Settings().spec_path, token=token,
                              params=params, strict_http=strict_http, junit_xml=junit_xml,
                              max_examples=max_examples, workers=workers, seed=seed,
                              phases=phases)
    sys.exit(run_contract(options, echo=click.echo, echo_err=lambda m: click.echo(m, err=True)))


def _report_set_aside(aside: Mapping[tuple[str, str], Problem]) -> None:
    """Operations not served (the rest is): which, and why, each problem once."""
    if aside:
        click.echo(f"mockserver: {len(aside)} operation(s) set aside, not served: "
                   + ", ".join(f"{method.upper()} {path}" for path, method in aside), err=True)
        for problem in dict.fromkeys(aside.values()):
            click.echo(f"  {problem}", err=True)


def _report_config_error(exc: ConfigError) -> None:
    click.echo("mockserver: cannot start, the spec or fixtures are invalid:", err=True)
    for problem in exc.problems:
        click.echo(f"  {problem}", err=True)


def main() -> int:
    # Connexion 3.3 imports starlette.testclient, which warns under Starlette 1.x; not our users'
    # concern, so keep it off their terminal.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_CONFIG
    except click.Abort:
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return int(exc.code or 0)
    return EXIT_OK
