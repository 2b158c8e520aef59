"""Event handlers of a contract run: progress lines per test phase, engine errors."""

from __future__ import annotations

import re
from typing import Any

from mockserver.contract.report import Echo

# The phases that send test cases (Schemathesis also reports probing and schema analysis).
TEST_PHASES = ("examples", "coverage", "fuzzing", "stateful")


class Progress:
    """One line per test phase, with the number of cases it ran."""

    def __init__(self, echo: Echo) -> None:
        self._echo = echo
        self._cases = 0

    def handle_event(self, ctx: Any, event: Any) -> None:
        from schemathesis.engine import events

        if isinstance(event, events.PhaseStarted) and _is_test_phase(event):
            self._cases = 0
            self._echo(f"  {_title(event)} …")
        elif isinstance(event, events.ScenarioFinished):
            self._cases += len(event.recorder.cases)
        elif isinstance(event, events.PhaseFinished) and _is_test_phase(event):
            self._echo(f"  {_title(event)}: {event.status.value}, {self._cases} case(s)")


def _is_test_phase(event: Any) -> bool:
    return str(event.phase.name.value) in TEST_PHASES


def _title(event: Any) -> str:
    return str(event.phase.name.value).replace("_", " ").capitalize()


class EngineErrors:
    """Engine errors, with the many 'cannot connect' errors of a dead target folded into one."""

    def __init__(self) -> None:
        self._other: list[str] = []
        self._connection: list[str] = []

    def handle_event(self, ctx: Any, event: Any) -> None:
        import requests
        from schemathesis.engine import events

        if isinstance(event, events.FatalError):
            self._other.append(one_line(event.exception))
        elif isinstance(event, events.NonFatalError):
            if isinstance(event.value, requests.ConnectionError):
                self._connection.append(_connection_reason(event.value))
            else:
                self._other.append(f"{event.label}: {event.info.title}: {one_line(event.value)}")

    def lines(self) -> list[str]:
        lines = list(self._other)
        if self._connection:
            lines.append(
                f"the target stopped answering during the run: {len(self._connection)} "
                f"request(s) could not connect ({self._connection[0]})"
            )
        return lines


def _connection_reason(exc: BaseException) -> str:
    found = re.search(r"\[Errno -?\d+\] [^'\")]+", str(exc))
    return found.group(0).strip() if found else type(exc).__name__


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:300] + "…"
