"""The bench's parsing and report code (bench/report.py) on canned wrk output; runs no bench."""

from __future__ import annotations

import sys

import pytest

from tests.support import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from report import (
    BEGIN,
    END,
    Run,
    combine,
    paired_ratio,
    parse_wrk,
    ratio,
    splice,
    throughput_table,
)

WRK = """Running 2s test @ http://127.0.0.1:4010/speakers-balance?file-hash=7faa
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.86ms  620.00us  12.10ms   90.00%
    Req/Sec    17.52k     1.20k   19.01k    75.00%
  Latency Distribution
     50%  750.00us
     75%    1.90ms
     90%    2.30ms
     99%    1.20s
  35040 requests in 2.00s, 10.93MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 35040
Requests/sec:  17519.71
Transfer/sec:      5.46MB
"""


def test_parse_wrk_reads_rate_latencies_in_ms_and_counts() -> None:
    assert parse_wrk(WRK) == Run(rps=17519.71, p50_ms=0.75, p99_ms=1200.0, requests=35040,
                                 non_2xx=35040, errors=3)


def test_parse_wrk_refuses_output_without_latency_distribution() -> None:
    with pytest.raises(ValueError, match="not wrk --latency output"):
        parse_wrk(WRK.replace("99%", "98%"))


def test_combine_takes_the_median_of_each_figure() -> None:
    runs = [Run(1000, 1.0, 9.0), Run(3000, 2.0, 1.0), Run(2000, 3.0, 5.0)]
    assert combine(runs) == Run(2000, 2.0, 5.0)


@pytest.mark.parametrize(("ours", "theirs", "shown"), [
    pytest.param(3000.0, 1500.0, "2.00×", id="faster"),
    pytest.param(1000.0, None, "–", id="not-measured"),
])
def test_ratio(ours: float, theirs: float | None, shown: str) -> None:
    assert ratio(ours, theirs) == shown


def test_table_flags_a_status_other_than_the_mocks() -> None:
    results = {("mock", "404", 32): Run(10, 1, 2), ("prism", "404", 32): Run(5, 1, 2)}
    table = throughput_table(["mock", "prism"], ["404"], [32], results,
                             {("mock", "404"): 404, ("prism", "404"): 200}, {"404": 404})
    assert "| 404 | 32 | mock | 10 | 1.00 | 2.00 | 404 | 0 |" in table
    assert "| 404 | 32 | prism | 5 | 1.00 | 2.00 | 200 ⚠ | 0 |" in table


def test_table_shows_cpu_per_request_when_measured() -> None:
    results = {("mock", "200", 32): Run(10, 1, 2), ("bare", "200", 32): Run(20, 1, 2)}
    table = throughput_table(["mock", "bare"], ["200"], [32], results,
                             {("mock", "200"): 200, ("bare", "200"): 200}, {"200": 200},
                             {("mock", "200", 32): 61.4})
    assert "| 200 | 32 | mock | 10 | 1.00 | 2.00 | 61 | 200 | 0 |" in table
    assert "| 200 | 32 | bare | 20 | 1.00 | 2.00 | – | 200 | 0 |" in table


def test_paired_ratio_is_the_median_of_each_rounds_ratio() -> None:
    """Round 2 ran on a loaded machine for both: its ratio counts, not the medians' ratio."""
    ours = [Run(500, 1, 1), Run(100, 1, 1), Run(520, 1, 1)]
    theirs = [Run(1000, 1, 1), Run(200, 1, 1), Run(1300, 1, 1)]
    assert paired_ratio(ours, theirs) == 0.5
    assert paired_ratio(ours, []) is None


def test_splice_replaces_only_the_generated_block() -> None:
    document = f"# Results\n\nbefore\n\n{BEGIN}\nold table\n{END}\n\nafter, by hand\n"
    spliced = splice(document, "new table")
    assert spliced == f"# Results\n\nbefore\n\n{BEGIN}\nnew table\n{END}\n\nafter, by hand\n"
