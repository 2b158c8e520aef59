"""bench/memory.py's report on canned figures; runs no bench."""

from __future__ import annotations

import sys

import pytest

from tests.support import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from memory import Session, render


def session(reloads: list[float], peak: float) -> Session:
    return Session(seconds=60, load="a new file-hash per request", start_mb=57, warm_mb=61,
                   reloads_mb=reloads, reload_s=[0.4, 0.5, 0.6], end_mb=reloads[-1],
                   peak_mb=peak, peak_tree_mb=peak + 60, requests=35_440, load_avg=(1.0, 2.0))


@pytest.mark.parametrize(("reloads", "peak", "verdict"), [
    pytest.param([63, 63, 63.4], 63.4, "met", id="flat-and-low"),
    pytest.param([86, 86, 86.2], 86.2, "missed", id="flat-but-over-80"),
    pytest.param([63, 70, 77], 77, "missed", id="growing-after-the-first-reload"),
])
def test_the_target_row_says_met_only_when_low_and_flat(reloads: list[float], peak: float,
                                                         verdict: str) -> None:
    text = render(session(reloads, peak))
    target = next(line for line in text.splitlines() if line.startswith("| peak (target"))
    assert f"({verdict};" in target


def test_the_report_lists_every_reload_and_the_latency() -> None:
    text = render(session([63, 64, 65], 65))
    assert "| after each reload | 63, 64, 65 |" in text
    assert "35,440 requests" in text
    assert "median 0.50 s, max 0.60 s" in text
