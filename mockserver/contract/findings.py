"""Collect a run's findings from Schemathesis' engine events (``ScenarioFinished.recorder``).

Each distinct finding (check + operation + status + clause) is kept once, with the number of cases
that hit it and one reproducer; hygiene findings (``policy``) are kept apart as warnings. Also
counts cases and statuses, and the answers to requests sent with the given credentials (for the
token diagnosis).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from typing import Any

from mockserver.contract.clauses import HYGIENE_RFC, UNDECLARED_METHOD_RFC, clause
from mockserver.contract.plan import OperationPlan
from mockserver.contract.policy import is_hygiene, undeclared_method


@dataclasses.dataclass
class Finding:
    check: str
    operation: str
    status: int | None
    clause: str
    hygiene: bool
    title: str
    message: str
    curl: str | None
    cases: set[str] = dataclasses.field(default_factory=set)
    undeclared_methods: set[str] = dataclasses.field(default_factory=set)

    @property
    def key(self) -> tuple[str, str, int | None, str]:
        return (self.check, self.operation, self.status, self.clause)


class Findings:
    """A Schemathesis event handler (``handle_event(ctx, event)``) that gathers findings."""

    def __init__(self, plans: Sequence[OperationPlan], authorization: str | None) -> None:
        self._plans = {plan.label: plan for plan in plans}
        self._authorization = authorization
        self._found: dict[tuple[str, str, int | None, str], Finding] = {}
        self.case_ids: set[str] = set()
        self.statuses: Counter[int] = Counter()
        self.credentialed: Counter[int] = Counter()
        self.succeeded: set[str] = set()  # operations that answered a 2xx at least once

    def handle_event(self, ctx: Any, event: Any) -> None:
        from schemathesis.engine import events

        if isinstance(event, events.ScenarioFinished):
            self._scenario(event.recorder)

    def _scenario(self, recorder: Any) -> None:
        for case_id, interaction in recorder.interactions.items():
            if interaction.response is None or case_id in self.case_ids:
                continue
            self.case_ids.add(case_id)
            status = interaction.response.status_code
            self.statuses[status] += 1
            node = recorder.cases.get(case_id)
            declared = node is not None and not undeclared_method(node.value)
            if declared and node is not None and 200 <= status < 300:
                self.succeeded.add(node.value.operation.label)
            if declared and self._sent_credentials(interaction.request.headers):
                self.credentialed[status] += 1
        for case_id, nodes in recorder.checks.items():
            node = recorder.cases.get(case_id)
            for check in nodes:
                if check.failure_info is not None and node is not None:
                    self._add(check.name, node.value, check.failure_info, recorder, case_id)

    def _sent_credentials(self, headers: Any) -> bool:
        """Whether the request carried credentials (recorded values are masked, so any
        Authorization counts); with no credentials given, every request counts."""
        if self._authorization is None:
            return True
        return any(str(name).lower() == "authorization" for name in dict(headers))

    def _add(self, check: str, case: Any, info: Any, recorder: Any, case_id: str) -> None:
        interaction = recorder.interactions.get(case_id)
        response = getattr(interaction, "response", None)
        status = response.status_code if response is not None else None
        plan = self._plans.get(case.operation.label)
        text = clause(plan, check, status, info.failure)
        if undeclared_method(case) and check not in HYGIENE_RFC:
            text = UNDECLARED_METHOD_RFC
        finding = Finding(
            check=check,
            operation=case.operation.label,
            status=status,
            clause=text,
            hygiene=is_hygiene(check, case),
            title=str(info.failure.title),
            message=str(info.failure.message or "").strip(),
            curl=info.code_sample,
        )
        kept = self._found.setdefault(finding.key, finding)
        kept.cases.add(case_id)
        if undeclared_method(case):
            kept.undeclared_methods.add(str(case.method).upper())

    def violations(self) -> list[Finding]:
        return sorted((f for f in self._found.values() if not f.hygiene), key=_order)

    def warnings(self) -> list[Finding]:
        return sorted((f for f in self._found.values() if f.hygiene), key=_order)

    def token_refused(self) -> bool:
        """Every request sent with the given credentials (or without, if none given) was
        refused with 401/403: the success path could not be tested."""
        total = sum(self.credentialed.values())
        refused = self.credentialed[401] + self.credentialed[403]
        return total > 0 and refused == total


def _order(finding: Finding) -> tuple[str, str, int, str]:
    return (finding.operation, finding.check, finding.status or 0, finding.clause)
