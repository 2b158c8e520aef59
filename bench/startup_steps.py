"""Where a serving process's start-up CPU time goes, step by step (issue 12).

    python bench/startup_steps.py [--runs 7]

Each run is a fresh interpreter that imports what ``mockserver serve`` imports, one library at a
time in the order Connexion pulls them in, then loads the catalog and builds the app, timing
each step in CPU seconds (``getrusage``: a busy machine stretches wall-clock time, much less
CPU time). Prints a markdown table of the medians. Interpreter start-up (~20 ms) and uvicorn's
own start and first request (a few ms) are not in it; ``run.py`` measures the whole start.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

STEPS = (
    ("click and mockserver.cli", "mockserver.cli"),
    ("asyncio, anyio, starlette (serving needs them)", "starlette.routing"),
    ("rich, pygments (httpx's command line, imported by httpx)", "rich.progress"),
    ("httpx (imported by starlette.testclient)", "httpx"),
    ("starlette.testclient (imported by connexion.apps.abstract)", "starlette.testclient"),
    ("requests (imported by connexion.json_schema)", "requests"),
    ("jsonschema", "jsonschema"),
    ("werkzeug", "werkzeug"),
    ("jinja2", "jinja2"),
    ("flask (imported via connexion.frameworks.flask)", "flask"),
    ("connexion's own modules", "connexion"),
    ("mockserver.mock.app: our modules, PyJWT", "mockserver.mock.app"),
    ("uvicorn", "uvicorn.main"),
)

_RUN = """
import importlib, resource, sys, warnings
warnings.simplefilter("ignore")
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
taken = []
for module in sys.argv[1:]:
    began = cpu(); importlib.import_module(module); taken.append(cpu() - began)
from mockserver.mock.app import create_app
from mockserver.mock.preload import PendingCatalog
from mockserver.settings import Settings
began = cpu(); settings = Settings(); pending = PendingCatalog(settings)
catalog = pending.result(); taken.append(cpu() - began)
began = cpu(); create_app(settings, catalog); taken.append(cpu() - began)
print(int(getattr(pending, "checking", True)), *taken)
"""


def measure(runs: int) -> tuple[list[float], bool]:
    rows, checked = [], False
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _RUN, *(m for _, m in STEPS)],
                             capture_output=True, text=True, check=True).stdout.split()
        checked = checked or out[0] == "1"
        rows.append([float(v) for v in out[1:]])
    return [statistics.median(column) for column in zip(*rows, strict=True)], checked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    medians, checked = measure(args.runs)
    catalog = ("catalog: checked by the helper process (new bytes)" if checked else
               "catalog: known-good bytes, loaded without the validators")
    labels = [label for label, _ in STEPS] + [catalog, "create_app (Connexion add_api, middleware)"]
    print("| step | CPU ms (median) |\n|---|---:|")
    for label, value in zip(labels, medians, strict=True):
        print(f"| {label} | {value * 1000:.0f} |")
    print(f"| **total** | **{sum(medians) * 1000:.0f}** |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
