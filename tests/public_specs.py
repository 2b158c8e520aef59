"""GitHub's and Stripe's published OpenAPI documents, as openapi-spec-validator 0.9.0's sdist
ships them (tests/bench/specs/), fetched with pip into a cache on first use, never committed."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

SDIST = "openapi-spec-validator==0.9.0"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "meetra-mockserver"


def bench_spec(name: str) -> Path:
    """tests/bench/specs/<name> from the sdist, downloaded with pip on first use."""
    target = CACHE / "osv-0.9.0" / name
    if not target.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             ":all:", SDIST, "-d", str(CACHE)], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            pytest.skip(f"pip could not fetch {SDIST}: {done.stderr.strip()[-300:]}")
        with tarfile.open(CACHE / "openapi_spec_validator-0.9.0.tar.gz") as sdist:
            for member in sdist.getmembers():
                if "/tests/bench/specs/" in member.name and member.name.endswith(".yaml"):
                    member.name = Path(member.name).name
                    sdist.extract(member, target.parent, filter="data")
    return target
