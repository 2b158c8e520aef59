"""``--workers N``: settings reach every worker through one environment variable, unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.settings import Settings, settings_from_env, settings_to_env
from tests.polling import poll
from tests.support import (
    AUTH,
    BALANCED,
    DEV_TOKEN,
    ROOT,
    free_port,
    stop,
    wait_until_up,
)


def test_settings_survive_the_trip_to_a_worker(tmp_path: Path) -> None:
    settings = Settings(spec_path=tmp_path / "spec.yaml", fixtures_dir=tmp_path, tokens=("a", "b"),
                        accept_jwt=False, cors_origins=(), port=4999, response_cache=False,
                        workers=3, dynamic=True, delay_ms=(100, 800), reload=False, admin=False,
                        journal_size=5)
    assert settings_from_env(settings_to_env(settings)) == settings


@pytest.fixture(scope="module")
def workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """One real ``serve --workers 2`` for this module (processes are the point here): its URL
    and its console log."""
    log = tmp_path_factory.mktemp("workers") / "serve.log"
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--port", str(port),
                                 "--workers", "2", "--no-reload", "--token", "worker-token"],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, proc)
            yield url, log
        finally:
            stop(proc, timeout=20)


def test_two_workers_serve_the_same_answers_with_the_given_token(
        workers: tuple[str, Path]) -> None:
    url, _ = workers
    answers = {httpx.get(f"{url}/speakers-balance?file-hash={BALANCED}",  # a new connection each
                         headers={"Authorization": "Bearer worker-token"}).content
               for _ in range(6)}
    assert len(answers) == 1
    assert b'"speakers"' in answers.pop()


def test_the_helper_process_loads_the_same_catalog_as_in_process() -> None:
    from mockserver.mock.preload import PendingCatalog, load_checked

    assert PendingCatalog(Settings()).result() == load_checked(Settings())


def test_the_helper_process_passes_config_errors_through_unchanged(tmp_path: Path) -> None:
    from mockserver.core.errors import ConfigError
    from mockserver.mock.preload import PendingCatalog, load_checked

    (tmp_path / "broken.json").write_text("{not json")
    settings = Settings(fixtures_dir=tmp_path)
    with pytest.raises(ConfigError) as in_process:
        load_checked(settings)
    with pytest.raises(ConfigError) as helper:
        PendingCatalog(settings).result()
    assert helper.value.problems == in_process.value.problems


def test_workers_print_the_masked_console_line_per_request(workers: tuple[str, Path]) -> None:
    """Workers are spawned and inherit no logging set-up: the level must travel to them."""
    url, log = workers
    marker = "ab" * 20  # a hash no other test sends
    for _ in range(4):
        httpx.get(f"{url}/speakers-balance?file-hash={marker}", headers=AUTH)
    poll(lambda: log.read_text().count(f"{marker} 404") >= 4, "four console lines")
    lines = [ln for ln in log.read_text().splitlines() if marker in ln]
    assert len(lines) == 4, log.read_text()[-2000:]
    assert all("auth=Bearer meet…(16 chars)" in ln for ln in lines)
    assert not any(DEV_TOKEN in ln for ln in lines)  # only the banner shows the dev token


def test_serve_hands_workers_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process: ``serve --workers 3`` runs three processes from the workers' factory."""
    from click.testing import CliRunner

    import mockserver.mock.listen
    from mockserver.cli import cli
    from mockserver.mock.workers import FACTORY

    seen: dict[str, Any] = {}

    def fake_serve_on(sock: Any, app: Any, workers: int, **options: Any) -> bool:
        seen.update(app=app, workers=workers, factory=options.get("factory"))
        return True

    monkeypatch.setattr(mockserver.mock.listen, "serve_on", fake_serve_on)
    monkeypatch.setenv("MOCKSERVER_SETTINGS", "")  # restored after the test: serve sets them
    monkeypatch.setenv("MOCKSERVER_LOG_LEVEL", "")
    result = CliRunner().invoke(cli, ["serve", "--port", "0", "--workers", "3", "--no-reload"])
    assert result.exit_code == 0, result.output
    assert seen == {"app": FACTORY, "workers": 3, "factory": True}
    assert settings_from_env(os.environ["MOCKSERVER_SETTINGS"]).workers == 3


def test_under_workers_the_journal_refuses_clearly_and_the_api_still_answers(
        workers: tuple[str, Path]) -> None:
    """Each worker would hold only part of the journal: both reads and clears get a 409 that
    names --workers; the API and the fixture catalog answer as with one process."""
    url, _ = workers
    for _ in range(6):
        assert httpx.get(f"{url}/speakers-balance?file-hash={BALANCED}",
                         headers=AUTH).status_code == 200
    for method in ("GET", "DELETE"):
        response = httpx.request(method, f"{url}/__mock__/requests",
                                 headers={"Origin": "http://localhost:5173"})
        assert response.status_code == 409
        assert "--workers 2" in response.json()["message"]
        assert response.headers["access-control-allow-origin"] == "*"  # a page can read why
    assert httpx.get(f"{url}/__mock__/fixtures").status_code == 200
