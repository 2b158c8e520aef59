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


def _yaml_blocks(text: str) -> list[dict]:
    import yaml

    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]


def test_the_ci_recipes_parse_and_run_the_contract_with_a_junit_report() -> None:
    github, gitlab = _yaml_blocks((ROOT / "docs" / "ci.md").read_text())
    steps = github["jobs"]["contract"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "mockserver contract --url" in scripts and "--junit-xml contract-junit.xml" in scripts
    assert any(step.get("with", {}).get("report_paths") == "contract-junit.xml" for step in steps)
    job = gitlab["contract"]
    assert any("mockserver contract --url" in line for line in job["script"])
    assert job["artifacts"]["reports"]["junit"] == "contract-junit.xml"
    assert job["artifacts"]["when"] == "always"
