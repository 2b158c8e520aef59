"""A JUnit XML report of a contract run: one test case per operation, one failure per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from mockserver.contract.findings import Finding
from mockserver.contract.plan import OperationPlan
from mockserver.contract.report import render_finding


def write_junit(
    path: Path,
    plans: Sequence[OperationPlan],
    failing: Sequence[Finding],
    warnings: Sequence[Finding],
    seconds: float,
) -> None:
    suite = ET.Element("testsuite", name="mockserver contract", tests=str(len(plans)))
    failures = 0
    for plan in plans:
        case = ET.SubElement(suite, "testcase", name=plan.label, classname="contract")
        mine = [f for f in failing if f.operation == plan.label]
        for index, finding in enumerate(mine, 1):
            failures += 1
            failure = ET.SubElement(case, "failure", message=f"[{finding.check}] {finding.clause}")
            failure.text = render_finding(index, finding)
        notes = [render_finding(i, w) for i, w in enumerate(warnings, 1)
                 if w.operation == plan.label]
        if notes:
            ET.SubElement(case, "system-out").text = "\n\n".join(notes)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("time", f"{seconds:.3f}")
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)

