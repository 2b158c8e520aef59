"""Opt-in pytest route: the contract suite against an external implementation, with pytest's own
JUnit report. Skipped unless MEETRA_CONTRACT_URL is set::

    MEETRA_CONTRACT_URL=http://127.0.0.1:8000 MEETRA_CONTRACT_TOKEN=<token> \\
    MEETRA_CONTRACT_HASHES="<hash> <hash>" \\
        python -m pytest tests/contract/test_external.py --junit-xml=contract-junit.xml

MEETRA_CONTRACT_TOKEN, MEETRA_CONTRACT_HASHES (space- or comma-separated meetings known to exist;
default: the spec's examples), MEETRA_CONTRACT_MAX_EXAMPLES and MEETRA_CONTRACT_SPEC are optional.
Same checks and expected statuses as `mockserver contract` (mockserver/contract/config.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig

from mockserver._resources import bundled_spec_path
from mockserver.contract.config import contract_config

URL_VARIABLE = "MEETRA_CONTRACT_URL"
URL = os.environ.get(URL_VARIABLE, "").rstrip("/")

pytestmark = pytest.mark.skipif(
    not URL,
    reason=f"opt-in: set {URL_VARIABLE} to run the contract suite against an implementation",
)


def _schema() -> Any:
    """Loaded at collection (Schemathesis' lazy from_fixture route fails under pytest 9.2)."""
    spec = Path(os.environ.get("MEETRA_CONTRACT_SPEC") or bundled_spec_path())
    hashes = [h for h in re.split(r"[\s,]+", os.environ.get("MEETRA_CONTRACT_HASHES", "")) if h]
    max_examples = os.environ.get("MEETRA_CONTRACT_MAX_EXAMPLES")
    config = contract_config(
        spec,
        base_url=URL or None,
        token=os.environ.get("MEETRA_CONTRACT_TOKEN") or None,
        params={"file-hash": hashes} if hashes else {},
        max_examples=int(max_examples) if max_examples else None,
    )
    return schemathesis.openapi.from_path(spec, config=SchemathesisConfig.from_dict(config))


schema = _schema()


@schema.parametrize()
def test_contract(case: Any) -> None:
    case.call_and_validate()
