"""Latency: `--delay` and `Prefer: delay` parsing, limits, and where the wait applies.

Only lower bounds on elapsed time are asserted (a wait happened); "not delayed" is checked with a
margin of seconds, since the machine is shared and timings are noisy.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from mockserver.mock.latency import Latency, parse_delay_range
from tests.support import AUTH, BALANCED, mockserver, running_mock

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
    result = mockserver("serve", "--port", "1", "--delay", "100-90000")
    assert result.returncode == 2
    assert "Invalid value for '--delay'" in result.stderr
    assert "from 0 to 60000" in result.stderr


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
def slow_mock() -> Iterator[str]:
    with running_mock("--delay", str(CLI_DELAY_MS), "--no-reload") as (url, _proc):
        yield url


def elapsed(method: str, url: str, **kwargs: object) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    response = httpx.request(method, url, timeout=30, **kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - started, response


def test_flag_delays_a_200(slow_mock: str) -> None:
    took, response = elapsed("GET", f"{slow_mock}/speakers-balance?file-hash={BALANCED}",
                             headers=AUTH)
    assert response.status_code == 200
    assert took >= CLI_DELAY_MS / 1000


def test_flag_delays_errors_too(slow_mock: str) -> None:
    took, response = elapsed("GET", f"{slow_mock}/speakers-balance?file-hash={BALANCED}")
    assert response.status_code == 401
    assert took >= CLI_DELAY_MS / 1000


def test_prefer_delay_zero_cancels_the_flag(slow_mock: str) -> None:
    took, response = elapsed("GET", f"{slow_mock}/speakers-balance?file-hash={BALANCED}",
                             headers={**AUTH, "Prefer": "delay=0"})
    assert response.status_code == 200
    assert took < CLI_DELAY_MS / 1000


@pytest.mark.parametrize("path", [
    pytest.param("/", id="catalog-page"),
    pytest.param("/__mock__/fixtures", id="admin"),
    pytest.param("/openapi.json", id="spec"),
])
def test_mock_pages_are_never_delayed(slow_mock: str, path: str) -> None:
    took, response = elapsed("GET", f"{slow_mock}{path}")
    assert response.status_code == 200
    assert took < CLI_DELAY_MS / 1000


def test_cors_preflight_is_not_delayed(slow_mock: str) -> None:
    took, response = elapsed("OPTIONS", f"{slow_mock}/speakers-balance", headers={
        "Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, prefer"})
    assert response.status_code == 200
    assert took < CLI_DELAY_MS / 1000


def test_prefer_delay_applies_without_the_flag(mock_url: str) -> None:
    took, response = elapsed("GET", f"{mock_url}/speakers-balance?file-hash={BALANCED}",
                             headers={**AUTH, "Prefer": "delay=400"})
    assert response.status_code == 200
    assert took >= 0.4
