"""The `mockserver` command line. Each command returns an exit code; nothing runs at import."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from mockserver.errors import ConfigError
from mockserver.settings import DEFAULT_HOST, DEFAULT_PORT, Settings

EXIT_OK, EXIT_INVALID, EXIT_CONFIG = 0, 1, 2

_spec = click.option("--spec", "spec_path", type=click.Path(path_type=Path),
                     help="OpenAPI 3.0 document. Default: the bundled openapi.yaml.")
_fixtures = click.option("--fixtures", "fixtures_dir", type=click.Path(path_type=Path),
                         help="Fixtures directory. Default: the bundled fixtures.")


def _settings(**given: object) -> Settings:
    """Settings from the flags actually given; None means 'not given, keep the default'."""
    return Settings().with_changes(**{k: v for k, v in given.items() if v is not None})


@click.group()
@click.version_option(package_name="meetra-mockserver")
def cli() -> None:
    """Spec-first mock and contract-testing kit for Meetra's GET /speakers-balance."""


@cli.command()
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Interface to bind. Loopback by default; 0.0.0.0 is an explicit choice.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@_spec
@_fixtures
@click.option("--token", "tokens", multiple=True, help="Extra accepted bearer token (repeatable).")
@click.option("--cors-origin", "cors_origins", multiple=True,
              help="Allowed CORS origin (repeatable). Default: any origin.")
@click.option("--no-cors", is_flag=True, help="Send no CORS headers at all.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes, e.g. one per core. Default: 1.")
@click.option("--no-response-cache", is_flag=True,
              help="Build every answer anew instead of replaying identical ones (same bytes).")
def serve(host: str, port: int, spec_path: Path | None, fixtures_dir: Path | None,
          tokens: tuple[str, ...], cors_origins: tuple[str, ...], no_cors: bool,
          log_level: str, workers: int | None, no_response_cache: bool) -> None:
    """Serve the mock on HOST:PORT from the spec and fixtures."""
    from mockserver.preload import PendingCatalog, load_checked

    settings = _settings(
        host=host, port=port, spec_path=spec_path, fixtures_dir=fixtures_dir,
        tokens=tokens or None, cors_origins=() if no_cors else (cors_origins or None),
        workers=workers, response_cache=False if no_response_cache else None,
    )
    pending = PendingCatalog(settings)  # checks spec + fixtures while Connexion is imported
    try:
        if settings.workers == 1:
            from mockserver.app import create_app

            app = create_app(settings, pending.result())
            catalog = app.catalog
        else:
            app, catalog = None, pending.result() or load_checked(settings)
    except ConfigError as exc:
        _report_config_error(exc)
        sys.exit(EXIT_CONFIG)
    import uvicorn

    from mockserver.banner import banner

    click.echo(banner(settings, catalog))
    if app is not None:
        uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
        return
    import os

    from mockserver.workers import ENV, FACTORY, settings_to_env

    os.environ[ENV] = settings_to_env(settings)  # read once by each worker's app factory
    uvicorn.run(FACTORY, factory=True, workers=settings.workers, host=host, port=port,
                log_level=log_level, server_header=False)


@cli.command()
@_spec
@_fixtures
def validate(spec_path: Path | None, fixtures_dir: Path | None) -> None:
    """Check the spec, its examples and every fixture; list every problem."""
    from mockserver.validation import validate_all

    settings = _settings(spec_path=spec_path, fixtures_dir=fixtures_dir)
    problems = validate_all(settings.spec_path, settings.fixtures_dir)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(EXIT_INVALID)
    click.echo(f"OK: {settings.spec_path} and {settings.fixtures_dir} are valid.")


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
        return 130
    except SystemExit as exc:
        return int(exc.code or 0)
    return EXIT_OK
