"""``--workers N``: settings reach every worker through one environment variable, unchanged."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mockserver.settings import Settings, settings_from_env, settings_to_env
from tests.support import (
    AUTH,
    BALANCED,
    DEV_TOKEN,
    ROOT,
    free_port,
    running_mock,
    wait_until_up,
)


def test_settings_survive_the_trip_to_a_worker(tmp_path: Path) -> None:
    settings = Settings(spec_path=tmp_path / "spec.yaml", fixtures_dir=tmp_path, tokens=("a", "b"),
                        accept_jwt=False, cors_origins=(), port=4999, response_cache=False,
                        workers=3, dynamic=True, delay_ms=(100, 800), reload=False, admin=False,
                        journal_size=5)
    assert settings_from_env(settings_to_env(settings)) == settings


def test_two_workers_serve_the_same_answers_with_the_given_token() -> None:
    with running_mock("--workers", "2", "--token", "worker-token") as (url, _):
        answers = {httpx.get(f"{url}/speakers-balance?file-hash={BALANCED}",
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


def test_workers_print_the_masked_console_line_per_request(tmp_path: Path) -> None:
    """Workers are spawned and inherit no logging set-up: the level must travel to them."""
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--port", str(port),
                                 "--workers", "2", "--no-reload"], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, proc)
            for _ in range(4):
                httpx.get(f"{url}/speakers-balance?file-hash={BALANCED}", headers=AUTH)
            time.sleep(0.5)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    lines = [ln for ln in log.read_text().splitlines() if "GET" in ln and "/speakers-balance" in ln]
    assert len(lines) >= 4, log.read_text()[-2000:]
    assert all("scenario=balanced-pair" in ln and "meet…(16 chars)" in ln for ln in lines)
    assert not any(DEV_TOKEN in ln for ln in lines)  # only the banner shows the dev token
