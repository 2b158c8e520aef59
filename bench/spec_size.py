"""Start-up, peak RSS and req/s of ``mockserver serve`` by size of spec and of fixture set.

    python bench/spec_size.py [--only meetra,petstore,stripe,github,meetra-10k] [--duration 3]

For each case: start ``mockserver serve`` (its own session, no reload), poll one of the spec's
GETs until it answers 2xx (start-up = launch to that answer), sample the process tree's RSS
(the server and its preload helper) until then and during a wrk run of ``--duration`` s at 32
connections on that GET. Each document runs twice: cold (an empty cache directory) and warm
(the parse and openapi-spec-validator findings cached by ``core.spec_cache``). GitHub's and
Stripe's documents come from openapi-spec-validator 0.9.0's sdist, as the slow tests fetch it.
Prints a Markdown table; a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import parse_wrk
from run import ROOT, PeakRss, free_port, stop

TOKEN = "meetra-dev-token"
BALANCED = "7faa938dfb14e7ca8129a40a7e47bb02"


def cases(work: Path) -> dict[str, tuple[Path, Path, str, dict[str, str]]]:
    """label -> (spec, fixtures, probe path, headers)."""
    sys.path.insert(0, str(ROOT))
    from tests.test_generate_public_specs import bench_spec

    empty = work / "no-fixtures"
    empty.mkdir(exist_ok=True)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    dynamic = {**auth, "Prefer": "dynamic=true"}
    return {
        "meetra": (ROOT / "openapi.yaml", ROOT / "fixtures",
                   f"/speakers-balance?file-hash={BALANCED}", auth),
        "meetra-10k": (ROOT / "openapi.yaml", many_fixtures(work / "10k", 10_000),
                       f"/speakers-balance?file-hash={BALANCED}", auth),
        "petstore": (ROOT / "tests/specs/petstore.yaml", empty, "/v1/pets", {}),
        "stripe": (bench_spec("stripe.yaml"), empty, "/v1/balance", dynamic),
        "github": (bench_spec("github.yaml"), empty, "/users/octocat", dynamic),
    }


def many_fixtures(target: Path, count: int) -> Path:
    """The bundled fixtures plus ``count`` - 8 copies of one, each for another file hash."""
    if target.exists():
        return target
    shutil.copytree(ROOT / "fixtures", target)
    model = json.loads((ROOT / "fixtures/balanced-pair.json").read_text())
    for index in range(count - 8):
        model["scenario"] = f"copy-{index}"
        model["request"]["query"]["file-hash"] = f"{index:032x}"
        (target / f"copy-{index}.json").write_text(json.dumps(model))
    return target


def measure(spec: Path, fixtures: Path, probe: str, headers: dict[str, str], cache: Path,
            duration: float) -> tuple[float, float, float, float, float]:
    """(start-up s, CPU s to first answer, peak tree RSS MB to first answer, peak under load
    MB, req/s)."""
    port = free_port()
    argv = [str(ROOT / ".venv/bin/mockserver"), "serve", "--spec", str(spec), "--fixtures",
            str(fixtures), "--port", str(port), "--no-reload", "--log-level", "warning",
            "--token", TOKEN]
    url = f"http://127.0.0.1:{port}{probe}"
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env={**os.environ, "XDG_CACHE_HOME": str(cache)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        with PeakRss(proc.pid) as rss:
            startup = first_answer(url, headers, proc, began)
            cpu = cpu_seconds(proc.pid)
            rss.sample()
            at_start = rss.peak
            argv = ["wrk", "-t1", "-c32", f"-d{round(duration)}s", "--latency"]
            for name, value in headers.items():
                argv += ["-H", f"{name}: {value}"]
            out = subprocess.run([*argv, url], capture_output=True, text=True, check=True)
            run = parse_wrk(out.stdout)
        if run.non_2xx or run.errors:
            print(f"  warning: {run.non_2xx} non-2xx, {run.errors} errors", file=sys.stderr)
        return startup, cpu, at_start, rss.peak, run.rps
    finally:
        stop(proc)


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the server and its finished children (the preload helper): the
    start-up's work, whatever else the machine is doing (wall time is not, on 2 cores)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def first_answer(url: str, headers: dict[str, str], proc: subprocess.Popen[bytes],
                 began: float, limit: float = 180) -> float:
    while time.perf_counter() - began < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"mockserver exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                        timeout=2) as answer:
                if 200 <= answer.status < 300:
                    return time.perf_counter() - began
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.02)
    raise RuntimeError(f"no 2xx from {url} within {limit} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="meetra,meetra-10k,petstore,stripe,github")
    parser.add_argument("--duration", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        chosen = cases(work)
        print("| spec | fixtures | start | start-up to first 2xx | CPU to first 2xx "
              "| peak RSS to first 2xx | peak RSS under load | 200-path req/s (32 conns) "
              "| load avg |")
        print("|---|---|---|---|---|---|---|---|---|")
        for label in args.only.split(","):
            spec, fixtures, probe, headers = chosen[label]
            cache = work / f"cache-{label}"
            count = len(list(fixtures.glob("*.json")))
            for start in ("cold", "warm"):
                startup, cpu, at_start, peak, rps = measure(spec, fixtures, probe, headers,
                                                            cache, args.duration)
                print(f"| {label} ({spec.stat().st_size / 1e6:.1f} MB) | {count} | {start} "
                      f"| {startup:.1f} s | {cpu:.1f} s | {at_start:.0f} MB | {peak:.0f} MB "
                      f"| {rps:,.0f} | {os.getloadavg()[0]:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
