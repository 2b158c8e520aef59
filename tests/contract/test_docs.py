"""docs/contract.md's defect table says what the test asserts."""

from __future__ import annotations

import re

from tests.contract.test_implementations import CAUGHT_BY
from tests.support import ROOT

ROW = re.compile(r"^\| `([\w-]+)` \| `(\w+)` \|", re.MULTILINE)


def test_the_defect_table_matches_the_golden_table() -> None:
    text = (ROOT / "docs" / "contract.md").read_text()
    section = text.split("## Proof: what it catches", 1)[1].split("\n## ", 1)[0]
    assert dict(ROW.findall(section)) == CAUGHT_BY
