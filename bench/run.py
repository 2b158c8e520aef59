"""Benchmark the mock against Prism, WireMock and a bare-ASGI baseline, in one run.

    python bench/run.py [--rounds 2] [--duration 2] [--only mock,bare] [--profile LABEL]

Installs what it lacks (wrk from Debian; Prism and WireMock from npm into bench/.tools/), starts
every system on loopback, and measures in alternating rounds after a warm-up: req/s, p50/p99 and
CPU µs per request at 1, 32 and 128 connections on the 200, 404 and 401 paths, start-up time to
the first 200, peak RSS (summed over the process tree), and the time of a default
``mockserver contract`` run against the mock. The ceiling is ``bare``: a bare ASGI callable
answering the mock's bytes on the same uvicorn with no access log. Writes the tables into
bench/RESULTS.md between the ``bench:begin``/``bench:end`` markers; the hand-written analysis
around them is kept.
A benchmark, not a test: figures depend on the machine and its load, and nothing fails on speed.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import Session, reload_session, session_flat
from memory import render as render_session
from procs import PeakRss, stop, tree_cpu_seconds
from report import (
    Run,
    Target,
    bar_chart,
    combine,
    escape_cell,
    paired_ratio,
    parse_wrk,
    ratio_table,
    splice,
    targets_table,
    throughput_table,
)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
TOOLS = BENCH / ".tools"
WORK = BENCH / ".work"
RESULTS = BENCH / "RESULTS.md"
PY = sys.executable

TOKEN = "meetra-dev-token"
BALANCED = "7faa938dfb14e7ca8129a40a7e47bb02"
UNKNOWN = "fa38ce9d1c53b054b3ff510c370bda5c"
AUTH = f"Authorization: Bearer {TOKEN}"
# path label -> (query, send the token?, expected status)
PATHS = {
    "200": (f"file-hash={BALANCED}", True, 200),
    "404": (f"file-hash={UNKNOWN}", True, 404),
    "401": (f"file-hash={BALANCED}", False, 401),
}
CONNECTIONS = (1, 32, 128)
ROUTE = "/speakers-balance"


@dataclasses.dataclass(frozen=True)
class System:
    name: str
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    note: str = ""
    warmup: int = 1
    """Seconds of load per path before measuring (the JVM needs longer to compile hot code)."""
    default: bool = True
    """Measured by a plain ``make bench``; otherwise only when named with ``--only``."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- tools -----------------------------------------------------------------------------------

def ensure_tools(need_npm: bool) -> None:
    if shutil.which("wrk") is None:
        print("bench: installing wrk from Debian", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    have = (TOOLS / "node_modules" / ".bin" / "prism").exists() and any(
        (TOOLS / "node_modules" / "wiremock").glob("build/wiremock-standalone-*.jar"))
    if need_npm and not have:
        print("bench: installing @stoplight/prism-cli and wiremock into bench/.tools", flush=True)
        TOOLS.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS),
                        "@stoplight/prism-cli", "wiremock"], check=True)


def wiremock_jar() -> Path:
    return sorted((TOOLS / "node_modules" / "wiremock").glob("build/wiremock-standalone-*.jar"))[-1]


# --- systems ---------------------------------------------------------------------------------

def record_answers(url: str) -> list[dict[str, object]]:
    """The mock's exact answers on the measured paths: what bare ASGI and WireMock replay."""
    rows = []
    for query, auth, _ in PATHS.values():
        status, headers, body = fetch(f"{url}{ROUTE}?{query}", auth)
        rows.append({"query": query, "auth": auth, "status": status, "body": body.decode(),
                     "headers": [(k.lower(), v) for k, v in headers
                                 if k.lower() not in ("date", "server", "connection")]})
    return rows


def wiremock_root(answers: list[dict[str, object]]) -> Path:
    """One stub mapping per measured request, returning the mock's bytes."""
    root = WORK / "wiremock"
    (root / "mappings").mkdir(parents=True, exist_ok=True)
    for old in (root / "mappings").glob("*.json"):
        old.unlink()
    for index, row in enumerate(answers):
        request: dict[str, object] = {
            "method": "GET", "urlPath": ROUTE,
            "queryParameters": {"file-hash": {"equalTo": str(row["query"]).split("=", 1)[1]}},
        }
        if row["auth"]:
            request["headers"] = {"Authorization": {"equalTo": f"Bearer {TOKEN}"}}
        else:
            request["headers"] = {"Authorization": {"absent": True}}
        mapping = {"priority": 1 if row["auth"] else 2, "request": request, "response": {
            "status": row["status"], "body": row["body"],
            "headers": {k: v for k, v in row["headers"]}}}  # type: ignore[union-attr]
        (root / "mappings" / f"stub-{index}.json").write_text(json.dumps(mapping, indent=1))
    return root


def systems(answers_file: Path, only: set[str] | None) -> list[System]:
    prism = str(TOOLS / "node_modules" / ".bin" / "prism")
    jar = str(wiremock_jar()) if only is None or "wiremock" in only else "wiremock.jar"
    serve = (PY, "-m", "mockserver", "serve", "--port", "{port}")
    bare = (PY, "-m", "uvicorn", "bare_asgi:app", "--host", "127.0.0.1", "--port", "{port}",
            "--lifespan", "off", "--no-server-header", "--app-dir", str(BENCH))
    answers = (("BENCH_BARE_ANSWERS", str(answers_file)),)
    candidates = [
        System("mock", serve, note="one worker, default settings: one console line per request "
                                   "(stdout to a file, so buffered)"),
        System("mock-warning", (*serve, "--log-level", "warning"),
               note="one worker, --log-level warning: no request lines"),
        System("mock-w2", (*serve, "--workers", "2"), note="--workers 2, default settings"),
        System("mock-nocache", (*serve, "--no-response-cache"), default=False,
               note="one worker, --no-response-cache: Connexion answers every request"),
        System("bare", (*bare, "--no-access-log"), env=answers,
               note="**the ceiling**: a bare ASGI callable answering the same bytes, same uvicorn "
                    "(uvloop, httptools), no access log"),
        System("bare-log", bare, env=answers,
               note="the same bare callable with uvicorn's access log on (issue 6's baseline)"),
        System("prism", (prism, "mock", str(ROOT / "openapi.yaml"), "-h", "127.0.0.1",
                         "-p", "{port}"), note="Prism static mock, default logging"),
        System("prism-quiet", (prism, "mock", str(ROOT / "openapi.yaml"), "-h", "127.0.0.1",
                               "-p", "{port}", "-v", "silent"), note="Prism, logging off"),
        System("wiremock", ("java", "-jar", jar, "--port", "{port}",
                            "--bind-address", "127.0.0.1", "--root-dir", str(WORK / "wiremock"),
                            "--disable-banner"),
               note="WireMock standalone, default settings (request journal on), 4 s warm-up "
                    "per path for the JIT", warmup=4),
    ]
    if only is None:
        return [s for s in candidates if s.default]
    return [s for s in candidates if s.name in only]


def fetch(url: str, auth: bool, timeout: float = 2.0) -> tuple[int, list[tuple[str, str]], bytes]:
    headers = {"Authorization": f"Bearer {TOKEN}"} if auth else {}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, list(response.headers.items()), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, list(exc.headers.items()), exc.read()


@contextlib.contextmanager
def started(system: System, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], float]]:
    """Start ``system`` on a free port; yield (url, process, seconds to the first 200)."""
    port = free_port()
    argv = [a.replace("{port}", str(port)) for a in system.argv]
    url = f"http://127.0.0.1:{port}"
    with log.open("ab") as out:
        began = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, **dict(system.env)},
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            startup = wait_for_200(url, proc, began)
            yield url, proc, startup
        finally:
            stop(proc)


def wait_for_200(url: str, proc: subprocess.Popen[bytes], began: float, limit: float = 60) -> float:
    query = PATHS["200"][0]
    while time.perf_counter() - began < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            if fetch(f"{url}{ROUTE}?{query}", True, timeout=1.0)[0] == 200:
                return time.perf_counter() - began
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.005)
    raise RuntimeError(f"{url} gave no 200 within {limit} s")


# --- measuring -------------------------------------------------------------------------------

def wrk(url: str, path: str, conns: int, duration: float) -> Run:
    query, auth, _ = PATHS[path]
    argv = ["wrk", "-t1", f"-c{conns}", f"-d{max(1, round(duration))}s", "--latency",
            "--timeout", "5s"]
    if auth:
        argv += ["-H", AUTH]
    out = subprocess.run([*argv, f"{url}{ROUTE}?{query}"], capture_output=True, text=True,
                         check=True, timeout=duration + 30)
    return parse_wrk(out.stdout)


@dataclasses.dataclass
class Collected:
    runs: dict[tuple[str, str, int], list[Run]] = dataclasses.field(default_factory=dict)
    cpu_us: dict[tuple[str, str, int], list[float]] = dataclasses.field(default_factory=dict)
    """CPU time of the system's process tree per request answered, µs, one figure per round."""
    contract: list[tuple[float, int, str]] = dataclasses.field(default_factory=list)
    """``mockserver contract`` against the mock: (seconds, exit code, its last line)."""
    startup: dict[str, list[float]] = dataclasses.field(default_factory=dict)
    rss: dict[str, list[tuple[float, float, float]]] = dataclasses.field(default_factory=dict)
    statuses: dict[tuple[str, str], int] = dataclasses.field(default_factory=dict)


def measure_startups(chosen: list[System], times: int, collected: Collected) -> None:
    """Start and stop each system ``times`` times, in turn, with nothing else of ours running."""
    for _ in range(times):
        for system in chosen:
            with started(system, WORK / f"{system.name}.log") as (_, _, startup):
                collected.startup.setdefault(system.name, []).append(startup)
    print("start-up (median s): " + ", ".join(
        f"{name} {statistics.median(v):.2f}" for name, v in collected.startup.items()), flush=True)


def measure_round(order: list[System], duration: float, conns_list: tuple[int, ...],
                  collected: Collected) -> None:
    """Start every system (one at a time, timing each start-up while the others idle), warm each
    up, then take each (path, connections) measurement on every system in turn, so a change in
    the machine's load hits all systems alike."""
    with contextlib.ExitStack() as stack:
        running: list[tuple[System, str, PeakRss]] = []
        for system in order:
            url, proc, _ = stack.enter_context(started(system, WORK / f"{system.name}.log"))
            for path, (query, auth, _) in PATHS.items():
                collected.statuses[(system.name, path)] = fetch(f"{url}{ROUTE}?{query}", auth)[0]
            running.append((system, url, stack.enter_context(PeakRss(proc.pid))))
        for system, url, _ in running:  # warm-up: JIT, caches, connection pools
            for path in PATHS:
                wrk(url, path, 32, system.warmup)
        for _, _, rss in running:
            rss.first = rss.peak = rss.peak_one = 0.0
            rss.sample_first()
        for path in PATHS:
            for conns in conns_list:
                for system, url, rss in running:
                    cpu_before = tree_cpu_seconds(rss.pid)
                    run = wrk(url, path, conns, duration)
                    cpu = (tree_cpu_seconds(rss.pid) - cpu_before) / max(run.requests, 1) * 1e6
                    collected.runs.setdefault((system.name, path, conns), []).append(run)
                    collected.cpu_us.setdefault((system.name, path, conns), []).append(cpu)
        for system, _, rss in running:
            rss.sample()
            collected.rss.setdefault(system.name, []).append((rss.first, rss.peak, rss.peak_one))
            print(f"  {system.name}: peak RSS {rss.peak:.0f} MB, 200@32: "
                  f"{collected.runs[(system.name, '200', 32)][-1].rps:,.0f} req/s", flush=True)


def measure_contract(times: int, collected: Collected) -> None:
    """``mockserver contract`` (default run) against the mock with default settings, timed from
    the command's start to its exit, as a user runs it."""
    system = System("mock", (PY, "-m", "mockserver", "serve", "--port", "{port}"))
    for _ in range(times):
        with started(system, WORK / "contract-serve.log") as (url, _, _):
            began = time.perf_counter()
            done = subprocess.run([PY, "-m", "mockserver", "contract", "--url", url, "--token",
                                   TOKEN], cwd=ROOT, capture_output=True, text=True, timeout=600)
            took = time.perf_counter() - began
        last = (done.stdout.strip().splitlines() or [""])[-1]
        collected.contract.append((took, done.returncode, last))
        print(f"contract: {took:.1f} s, exit {done.returncode}: {last}", flush=True)


def profile(label: str, mock_args: list[str], path: str, seconds: int = 8) -> Path:
    """py-spy the mock (one worker) under wrk load: samples only while a thread holds the GIL
    (``--gil``: the watcher's thread waiting in native code is not CPU), and the CPU time per
    request over the same load, so each component's share reads as µs per request."""
    from profile_summary import summarise

    spy = Path(PY).parent / "py-spy"
    if not spy.exists():
        raise SystemExit("bench: py-spy missing; run `make bench` or pip install -e '.[bench]'")
    out = BENCH / "profiles" / f"{label}.txt"
    out.parent.mkdir(exist_ok=True)
    system = System("mock", (PY, "-m", "mockserver", "serve", "--port", "{port}", *mock_args))
    with started(system, WORK / "profile.log") as (url, proc, _):
        wrk(url, path, 32, 1.0)
        query, auth, _ = PATHS[path]
        cpu_before = tree_cpu_seconds(proc.pid)
        load = subprocess.Popen(["wrk", "-t1", "-c32", f"-d{seconds + 2}s", "--latency",
                                 *(["-H", AUTH] if auth else []), f"{url}{ROUTE}?{query}"],
                                stdout=subprocess.PIPE, text=True)
        subprocess.run([str(spy), "record", "-p", str(proc.pid), "-r", "200", "-d", str(seconds),
                        "-f", "raw", "--gil", "-o", str(out)], check=True, capture_output=True)
        run = parse_wrk(load.communicate()[0])
        cpu_us = (tree_cpu_seconds(proc.pid) - cpu_before) / max(run.requests, 1) * 1e6
    summary = out.with_suffix(".md")
    flags = " ".join(mock_args) or "(default settings)"
    summary.write_text(f"# Profile `{label}`: {path} path, 32 connections, mock {flags}; "
                       f"{run.rps:,.0f} req/s and {cpu_us:.0f} µs of CPU per request under "
                       f"py-spy (load average {os.getloadavg()[0]:.2f})\n\n"
                       + summarise(out.read_text(), 25, cpu_us))
    print(f"bench: wrote {summary.relative_to(ROOT)}")
    return summary


# --- the run ---------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=float, default=2.0, help="seconds per wrk run")
    parser.add_argument("--only", help="comma-separated system names")
    parser.add_argument("--starts", type=int, default=3, help="start-up measurements per system")
    parser.add_argument("--reload-session", type=float, default=60.0,
                        help="seconds of varied-hash load with 10 hot reloads for the memory "
                             "target (bench/memory.py; 0: skip)")
    parser.add_argument("--contract-runs", type=int, default=1,
                        help="timed `mockserver contract` runs against the mock (0: skip)")
    parser.add_argument("--conns", default=",".join(map(str, CONNECTIONS)),
                        help="comma-separated connection counts (the targets use 32)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--profile", metavar="LABEL",
                        help="instead of benchmarking, py-spy the mock under load into "
                             "bench/profiles/LABEL.{txt,md}")
    parser.add_argument("--path", default="200", choices=list(PATHS), help="for --profile")
    parser.add_argument("--mock-args", default="", help="extra serve flags for --profile")
    args = parser.parse_args()
    if args.profile:
        ensure_tools(False)
        WORK.mkdir(parents=True, exist_ok=True)
        profile(args.profile, args.mock_args.split(), args.path)
        return 0
    args.conns = tuple(int(c) for c in args.conns.split(","))
    only = set(args.only.split(",")) if args.only else None
    need_npm = only is None or bool(only & {"prism", "prism-quiet", "wiremock"})
    ensure_tools(need_npm)
    WORK.mkdir(parents=True, exist_ok=True)

    load_before = os.getloadavg()
    began = time.time()
    with started(System("mock", (PY, "-m", "mockserver", "serve", "--port", "{port}",
                                 "--log-level", "warning")), WORK / "record.log") as (url, _, _):
        answers = record_answers(url)
    answers_file = WORK / "bare-answers.json"
    answers_file.write_text(json.dumps(answers))
    if need_npm:
        wiremock_root(answers)
    chosen = systems(answers_file, only)

    collected = Collected()
    measure_startups(chosen, args.starts, collected)
    for round_no in range(args.rounds):
        order = chosen[round_no % len(chosen):] + chosen[: round_no % len(chosen)]
        print(f"round {round_no + 1}/{args.rounds}: {', '.join(s.name for s in order)}", flush=True)
        measure_round(order, args.duration, args.conns, collected)
    session = reload_session(PY, args.reload_session, 10) if args.reload_session > 0 else None
    measure_contract(args.contract_runs, collected)
    load_after = os.getloadavg()
    text = render(chosen, collected, args, load_before, load_after, time.time() - began, session)
    old = args.output.read_text() if args.output.exists() else "# Benchmark results\n"
    args.output.write_text(splice(old, text))
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"bench: wrote {shown} in {time.time() - began:.0f} s")
    return 0


def targets(collected: Collected,
            session: Session | None) -> tuple[list[Target], list[Target]]:
    """Issue 12's targets, then issue 6's that still give context. Ratios of req/s are the median
    of each round's ratio (the two systems measured back to back in that round)."""
    def over(ours: str, theirs: str, path: str = "200") -> float | None:
        return paired_ratio(collected.runs.get((ours, path, 32), []),
                            collected.runs.get((theirs, path, 32), []))

    runs = collected.runs.get(("mock", "200", 32))
    floor = collected.runs.get(("bare", "200", 32))
    p99_name = "mock p99 latency" + (f" (bare in this run: {combine(floor).p99_ms:.2f} ms)"
                                     if floor else "")
    starts = collected.startup.get("mock", [])
    worker_rss = [r[2] for name in ("mock", "mock-warning", "mock-w2")
                  for r in collected.rss.get(name, [])]
    contract = [took for took, code, _ in collected.contract if code == 0]
    issue12 = [
        Target("mock ÷ bare, default settings (console line on)", over("mock", "bare"), 0.5,
               True, "×"),
        Target("mock-warning ÷ bare (`--log-level warning`)", over("mock-warning", "bare"), 0.7,
               True, "×"),
        Target("mock ÷ bare, 404 path", over("mock", "bare", "404"), 0.4, True, "×"),
        Target("mock ÷ bare, 401 path", over("mock", "bare", "401"), 0.4, True, "×"),
        Target(p99_name, combine(runs).p99_ms if runs else None, 5, False, " ms"),
        Target("`mockserver contract` default run against the mock (median)",
               statistics.median(contract) if contract else None, 10, False, " s"),
        Target("mock start-up to the first 200 (median)",
               statistics.median(starts) if starts else None, 0.5, False, " s"),
        Target("peak RSS of the largest mock process under load (no reloads here)",
               max(worker_rss) if worker_rss else None, 80, False, " MB"),
        Target(f"peak RSS of one worker over {session.seconds:g} s of load and "
               f"{len(session.reloads_mb)} hot reloads (flat after the first: "
               f"{'yes' if session_flat(session) else 'no'})" if session else
               "peak RSS over a load + hot reload session",
               session.peak_mb if session else None, 80, False, " MB"),
    ]
    issue6 = [
        Target("mock ÷ Prism with logging off", over("mock", "prism-quiet"), 2, True, "×"),
        Target("mock --workers 2 ÷ WireMock default", over("mock-w2", "wiremock"), 1, True, "×"),
    ]
    return issue12, issue6


def render(chosen: list[System], collected: Collected, args: argparse.Namespace,
           load_before: tuple[float, float, float], load_after: tuple[float, float, float],
           elapsed: float, session: Session | None) -> str:
    names = [s.name for s in chosen]
    results = {key: combine(runs) for key, runs in collected.runs.items()}
    cpu = {key: statistics.median(v) for key, v in collected.cpu_us.items()}
    expected = {path: status for path, (_, _, status) in PATHS.items()}
    ours = [n for n in names if n.startswith("mock")]
    others = [n for n in ("bare", "bare-log", "prism-quiet", "prism", "wiremock") if n in names]
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    issue12, issue6 = targets(collected, session)
    out = [
        f"Generated by `make bench` on {when}: {platform.node()} ({os.cpu_count()} cores), "
        f"Python {platform.python_version()}, load average {load_before[0]:.2f} before and "
        f"{load_after[0]:.2f} after; {args.rounds} alternating rounds of {args.duration:g} s per "
        f"wrk run (one wrk thread, on the same machine), median over rounds; whole run "
        f"{elapsed:.0f} s. Compare figures within this run only.",
        "",
        "| system | what runs |", "|---|---|",
        *[f"| {s.name} | {s.note} |" for s in chosen],
        "",
        "### Targets (issue 12; one worker, 32 connections, 200 path unless said)",
        "",
        "Ratios: the median over rounds of each round's ratio (both systems measured back to "
        "back).",
        "",
        targets_table(issue12),
        "",
        "Issue 6's targets, for context:",
        "",
        targets_table(issue6),
        "",
        "### Throughput, latency and CPU per request",
        "",
        "CPU µs/req: user + system CPU time of the system's process tree during the wrk run, "
        "divided by the requests answered (the server's cost per request, less sensitive to the "
        "machine's load than req/s). ⚠ = the system answered another status than the mock does "
        "for that request (Prism has no fixtures, so the unknown hash gets its 200 example).",
        "",
        throughput_table(names, list(PATHS), args.conns, results, collected.statuses, expected,
                         cpu),
        "",
        "### Ratios of req/s (mock ÷ other, same path and connections; medians)",
        "",
        ratio_table(ours, list(PATHS), args.conns, results, others),
        "",
        "### 200 path, 32 connections",
        "",
        bar_chart(results, names, "200", 32),
        "",
        *contract_lines(collected),
        "### Start-up to the first 200, and memory",
        "",
        f"Start-up: {args.starts} starts per system, in turn, nothing else of ours running; from "
        "spawning the process to the first 200 on the measured request (polled every 5 ms). "
        "RSS: sampled every 0.25 s over the measured rounds, summed over the process tree.",
        "",
        "| system | start-up s (median) | start-up s (min) | RSS after warm-up MB "
        "| peak RSS MB (sum, all processes) | peak RSS MB (largest process) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in names:
        starts = collected.startup.get(name, [])
        rss = collected.rss.get(name, [])
        if not starts or not rss:
            continue
        out.append(f"| {name} | {statistics.median(starts):.2f} | {min(starts):.2f} | "
                   f"{max(r[0] for r in rss):.0f} | {max(r[1] for r in rss):.0f} | "
                   f"{max(r[2] for r in rss):.0f} |")
    if session is not None:
        out += ["", render_session(session)]
    return "\n".join(out) + "\n"


def contract_lines(collected: Collected) -> list[str]:
    if not collected.contract:
        return []
    rows = [f"| {took:.1f} | {code} | {escape_cell(last)} |" for took, code, last in
            collected.contract]
    return ["### `mockserver contract` against the mock", "",
            "The default run (`mockserver contract --url URL --token meetra-dev-token`) against "
            "the mock with default settings, from the command's start to its exit, after the "
            "throughput rounds.", "",
            "| seconds | exit code | last line |", "|---:|---:|---|", *rows, ""]


if __name__ == "__main__":
    sys.exit(main())
