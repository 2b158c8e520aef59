"""``mockserver contract`` against the mock serving Stripe's document, on a budget: runs to the end?

    python bench/stripe_contract.py [--max-examples 3] [--phases examples,fuzzing] [--limit 300]

Starts ``mockserver serve`` on Stripe's document (openapi-spec-validator 0.9.0's sdist, as the
slow tests fetch it; no fixtures, a ``--token``), waits for its first 2xx, then runs
``mockserver contract --spec <stripe> --url <mock> --max-examples N --phases …`` with a fixed
seed and prints: wall time, exit code, test cases, findings per check. The coverage phase is
left out by default: it walks every schema's boundaries whatever the budget (tens of thousands
of requests on 588 operations). A benchmark (minutes), not a test.
"""

from __future__ import annotations

import argparse
import collections
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, free_port, stop
from spec_size import first_answer

TOKEN = "stripe-bench-token"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-examples", type=int, default=3)
    parser.add_argument("--phases", default="examples,fuzzing")
    parser.add_argument("--limit", type=float, default=600, help="seconds before giving up")
    parser.add_argument("--report", type=Path, help="also write the contract's whole report here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.public_specs import bench_spec

    spec = bench_spec("stripe.yaml")
    empty = spec.parent / "no-fixtures"
    empty.mkdir(exist_ok=True)
    port = free_port()
    mockserver = str(ROOT / ".venv/bin/mockserver")
    began = time.perf_counter()
    server = subprocess.Popen([mockserver, "serve", "--spec", str(spec), "--fixtures", str(empty),
                               "--port", str(port), "--no-reload", "--log-level", "warning",
                               "--token", TOKEN], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        startup = first_answer(f"{url}/v1/balance", {"Authorization": f"Bearer {TOKEN}"},
                               server, began)
        began = time.perf_counter()
        done = subprocess.run([mockserver, "contract", "--spec", str(spec), "--url", url,
                               "--token", TOKEN, "--max-examples", str(args.max_examples),
                               "--phases", args.phases, "--seed", "1"],
                              capture_output=True, text=True, timeout=args.limit)
        took = time.perf_counter() - began
    finally:
        stop(server)
    if args.report:
        args.report.write_text(done.stdout)
    summary = next((line for line in done.stdout.splitlines()
                    if line.startswith(("PASS", "FAIL"))), "(no summary line)")
    found = collections.Counter(re.findall(r"^\d+\. \[([a-z_]+)\]", done.stdout, re.M))
    print(f"mock start-up {startup:.1f} s; contract --max-examples {args.max_examples} "
          f"--phases {args.phases}: exit {done.returncode} in {took:.0f} s")
    print(summary[:300])
    for check, count in found.most_common():
        print(f"  {count:5d} {check}")
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:], file=sys.stderr)
    return 0 if done.returncode in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
