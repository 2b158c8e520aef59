"""Parse wrk output and render bench/RESULTS.md tables. Pure functions, no processes, no clock."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections.abc import Iterable, Sequence

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
_LATENCY = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_TOTAL = re.compile(r"^\s*(\d+) requests in", re.MULTILINE)

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


@dataclasses.dataclass(frozen=True)
class Run:
    """One wrk run against one system, path and connection count."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int = 0
    non_2xx: int = 0
    errors: int = 0


def parse_wrk(text: str) -> Run:
    """Read req/s, p50/p99 (ms), counts and errors from ``wrk --latency`` output."""
    rate = _RATE.search(text)
    latencies = {pct: float(value) * _UNITS[unit] for pct, value, unit in _LATENCY.findall(text)}
    if rate is None or "50" not in latencies or "99" not in latencies:
        raise ValueError(f"not wrk --latency output: {text[:200]!r}")
    total = _TOTAL.search(text)
    non_2xx = _NON_2XX.search(text)
    errors = _ERRORS.search(text)
    return Run(
        rps=float(rate.group(1)),
        p50_ms=latencies["50"],
        p99_ms=latencies["99"],
        requests=int(total.group(1)) if total else 0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def combine(runs: Sequence[Run]) -> Run:
    """Median over rounds (each figure on its own)."""
    return Run(
        rps=statistics.median(r.rps for r in runs),
        p50_ms=statistics.median(r.p50_ms for r in runs),
        p99_ms=statistics.median(r.p99_ms for r in runs),
        requests=sum(r.requests for r in runs),
        non_2xx=sum(r.non_2xx for r in runs),
        errors=sum(r.errors for r in runs),
    )


def paired_ratio(ours: Sequence[Run], theirs: Sequence[Run]) -> float | None:
    """The median of each round's ratio of req/s (round i of ``ours`` against round i of
    ``theirs``): two systems measured back to back share that moment's load."""
    pairs = [a.rps / b.rps for a, b in zip(ours, theirs, strict=False) if b.rps]
    return statistics.median(pairs) if pairs else None


def escape_cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def ratio(ours: float | None, theirs: float | None) -> str:
    if not ours or not theirs:
        return "–"
    return f"{ours / theirs:.2f}×"


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def throughput_table(systems: Sequence[str], paths: Sequence[str], conns: Sequence[int],
                     results: dict[tuple[str, str, int], Run],
                     statuses: dict[tuple[str, str], int], expected: dict[str, int],
                     cpu_us: dict[tuple[str, str, int], float] | None = None) -> str:
    """One row per (path, connections, system); a CPU µs/req column when ``cpu_us`` is given."""
    cpu_head, cpu_rule = (" CPU µs/req |", "---:|") if cpu_us is not None else ("", "")
    lines = [f"| path | conns | system | req/s | p50 ms | p99 ms |{cpu_head} status | errors |",
             f"|---|---:|---|---:|---:|---:|{cpu_rule}---:|---:|"]
    for path in paths:
        for conn in conns:
            for system in systems:
                run = results.get((system, path, conn))
                if run is None:
                    continue
                status = statuses.get((system, path))
                mark = "" if status == expected[path] else " ⚠"
                cpu = ""
                if cpu_us is not None:
                    used = cpu_us.get((system, path, conn))
                    cpu = f" {used:.0f} |" if used is not None else " – |"
                lines.append(f"| {path} | {conn} | {system} | {run.rps:,.0f} | {_ms(run.p50_ms)} "
                             f"| {_ms(run.p99_ms)} |{cpu} {status}{mark} | {run.errors} |")
    return "\n".join(lines)


def ratio_table(ours: Iterable[str], paths: Sequence[str], conns: Sequence[int],
                results: dict[tuple[str, str, int], Run], others: Sequence[str]) -> str:
    head = "| system | path | conns | " + " | ".join(f"÷ {o}" for o in others) + " |"
    lines = [head, "|---|---|---:|" + "---:|" * len(others)]
    for mine in ours:
        for path in paths:
            for conn in conns:
                run = results.get((mine, path, conn))
                if run is None:
                    continue
                cells = [ratio(run.rps, getattr(results.get((o, path, conn)), "rps", None))
                         for o in others]
                lines.append(f"| {mine} | {path} | {conn} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bar_chart(results: dict[tuple[str, str, int], Run], systems: Sequence[str], path: str,
              conn: int, width: int = 40) -> str:
    """A text bar chart of req/s for one path and connection count."""
    rates = {s: results[(s, path, conn)].rps for s in systems if (s, path, conn) in results}
    if not rates:
        return ""
    top = max(rates.values()) or 1.0
    name_width = max(len(s) for s in rates)
    rows = [f"{s:<{name_width}} {'█' * max(1, round(width * r / top))} {r:,.0f}"
            for s, r in sorted(rates.items(), key=lambda item: -item[1])]
    return "```\n" + "\n".join(rows) + "\n```"


def splice(document: str, generated: str) -> str:
    """Replace the generated part of RESULTS.md (between the markers), keep the rest."""
    block = f"{BEGIN}\n{generated.rstrip()}\n{END}"
    if BEGIN in document and END in document:
        head, _, rest = document.partition(BEGIN)
        _, _, tail = rest.partition(END)
        return head + block + tail
    return document.rstrip() + "\n\n" + block + "\n" if document.strip() else block + "\n"


@dataclasses.dataclass(frozen=True)
class Target:
    name: str
    measured: float | None
    limit: float
    at_least: bool
    unit: str = ""

    def met(self) -> str:
        if self.measured is None:
            return "not measured"
        ok = self.measured >= self.limit if self.at_least else self.measured <= self.limit
        return "met" if ok else "**missed**"


def targets_table(targets: Sequence[Target]) -> str:
    lines = ["| target | measured | limit | |", "|---|---:|---:|---|"]
    for t in targets:
        shown = "–" if t.measured is None else f"{t.measured:,.2f}{t.unit}"
        sign = "≥" if t.at_least else "≤"
        lines.append(f"| {t.name} | {shown} | {sign} {t.limit:g}{t.unit} | {t.met()} |")
    return "\n".join(lines)
