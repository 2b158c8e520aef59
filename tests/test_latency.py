"""Latency: `--delay` and `Prefer: delay` parsing, limits, and where the wait applies.

Where the wait applies is checked in-process on the real app with the event loop's sleep
recorded instead of waited: exact, and no test spends real seconds.
"""

from __future__ import annotations

import time

import httpx
import pytest
from click.testing import CliRunner

from mockserver.cli import cli
from mockserver.mock.app import MockApp, create_app
from mockserver.mock.latency import Latency, parse_delay_range
from mockserver.settings import Settings
from tests.asgi import Client
from tests.support import AUTH, BALANCED

CLI_DELAY_MS = 1000


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("200", (200, 200), id="fixed"),
    pytest.param("100-800", (100, 800), id="range"),
    pytest.param("0", (0, 0), id="zero"),
    pytest.param("60000", (60000, 60000), id="the-limit"),
])
def test_delay_flag_accepts(text: str, expected: tuple[int, int]) -> None:
    assert parse_delay_range(text) == expected


@pytest.mark.parametrize(("text", "says"), [
    pytest.param("60001", "more than the 60000 ms (60 s) allowed", id="over-60-s"),
    pytest.param("100-60001", "more than the 60000 ms", id="range-over-60-s"),
    pytest.param("800-100", "LOW <= HIGH", id="reversed-range"),
    pytest.param("2s", "not a whole number of milliseconds", id="unit"),
    pytest.param("-5", "not a whole number", id="negative"),
])
def test_delay_flag_refuses(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_delay_range(text)


def test_cli_refuses_a_delay_over_60_s_as_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "1", "--delay", "100-90000"])
    assert result.exit_code == 2
    assert "Invalid value for '--delay'" in result.output
    assert "from 0 to 60000" in result.output


def test_range_draws_stay_in_range_and_a_seed_repeats_them() -> None:
    draws = [Latency((100, 800), seed=7).seconds(None) for _ in range(3)]
    assert len(set(draws)) == 1
    many = Latency((100, 800), seed=1)
    values = [many.seconds(None) for _ in range(500)]
    assert all(0.1 <= v <= 0.8 for v in values)
    assert len(set(values)) > 100


def test_prefer_wins_over_the_flag() -> None:
    assert Latency((100, 800)).seconds(0) == 0.0
    assert Latency(None).seconds(250) == 0.25
    assert Latency(None).seconds(None) == 0.0


@pytest.fixture(scope="module")
def slow_app() -> MockApp:
    return create_app(Settings(reload=False, delay_ms=(CLI_DELAY_MS, CLI_DELAY_MS)))


@pytest.fixture(scope="module")
def plain_app() -> MockApp:
    return create_app(Settings(reload=False))


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait the traffic layer asks the event loop for, recorded instead of slept."""
    import mockserver.mock.traffic

    asked: list[float] = []

    async def sleep(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(mockserver.mock.traffic.asyncio, "sleep", sleep)
    return asked


def test_flag_delays_a_200(slow_app: MockApp, waits: list[float]) -> None:
    response = Client(slow_app).get(f"/speakers-balance?file-hash={BALANCED}", headers=AUTH)
    assert response.status_code == 200
    assert waits == [CLI_DELAY_MS / 1000]


def test_flag_delays_errors_too(slow_app: MockApp, waits: list[float]) -> None:
    response = Client(slow_app).get(f"/speakers-balance?file-hash={BALANCED}")
    assert response.status_code == 401
    assert waits == [CLI_DELAY_MS / 1000]


def test_prefer_delay_zero_cancels_the_flag(slow_app: MockApp, waits: list[float]) -> None:
    response = Client(slow_app).get(f"/speakers-balance?file-hash={BALANCED}",
                                    headers={**AUTH, "Prefer": "delay=0"})
    assert response.status_code == 200
    assert waits == []


@pytest.mark.parametrize("path", [
    pytest.param("/", id="catalog-page"),
    pytest.param("/__mock__/fixtures", id="admin"),
    pytest.param("/openapi.json", id="spec"),
])
def test_mock_pages_are_never_delayed(slow_app: MockApp, waits: list[float], path: str) -> None:
    assert Client(slow_app).get(path).status_code == 200
    assert waits == []


def test_cors_preflight_is_not_delayed(slow_app: MockApp, waits: list[float]) -> None:
    response = Client(slow_app).options("/speakers-balance", headers={
        "Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, prefer"})
    assert response.status_code == 200
    assert waits == []


def test_prefer_delay_applies_without_the_flag(plain_app: MockApp, waits: list[float]) -> None:
    response = Client(plain_app).get(f"/speakers-balance?file-hash={BALANCED}",
                                     headers={**AUTH, "Prefer": "delay=400"})
    assert response.status_code == 200
    assert waits == [0.4]


def test_a_delay_really_waits_on_a_real_server(mock_url: str) -> None:
    """One end-to-end check that the recorded wait is a real one (lower bound only)."""
    started = time.perf_counter()
    response = httpx.get(f"{mock_url}/speakers-balance?file-hash={BALANCED}",
                         headers={**AUTH, "Prefer": "delay=300"}, timeout=30)
    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.3
