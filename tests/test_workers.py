"""``--workers N``: settings reach every worker through one environment variable, unchanged."""

from __future__ import annotations

from pathlib import Path

import httpx

from mockserver.settings import Settings
from mockserver.workers import settings_from_env, settings_to_env
from tests.support import BALANCED, running_mock


def test_settings_survive_the_trip_to_a_worker(tmp_path: Path) -> None:
    settings = Settings(spec_path=tmp_path / "spec.yaml", fixtures_dir=tmp_path, tokens=("a", "b"),
                        accept_jwt=False, cors_origins=(), port=4999, response_cache=False,
                        workers=3)
    assert settings_from_env(settings_to_env(settings)) == settings


def test_two_workers_serve_the_same_answers_with_the_given_token() -> None:
    with running_mock("--workers", "2", "--token", "worker-token") as (url, _):
        answers = {httpx.get(f"{url}/speakers-balance?file-hash={BALANCED}",
                             headers={"Authorization": "Bearer worker-token"}).content
                   for _ in range(6)}
    assert len(answers) == 1
    assert b'"speakers"' in answers.pop()
