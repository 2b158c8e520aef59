"""What `mockserver contract` relies on in Schemathesis, beyond its documented config and hooks.

If a Schemathesis upgrade breaks one of these, the message says what to re-check. Everything else
goes through the public surface: ``schemathesis.toml``-shaped config (``SchemathesisConfig``),
``schemathesis.check``/``schemathesis.hook`` (``filter_failure``), and the engine events that
Schemathesis documents for CLI event handlers (``ScenarioFinished.recorder``).
"""

from __future__ import annotations

import inspect

import schemathesis
from schemathesis.engine import events

RECHECK = "re-check mockserver/contract/{where} against the new Schemathesis ({what})"


def test_the_engine_entry_point_and_events_are_there() -> None:
    from schemathesis import engine

    assert hasattr(engine, "from_schema"), RECHECK.format(
        where="runner.py", what="in-process run: schemathesis.engine.from_schema(schema).execute()"
    )
    for name in ("ScenarioFinished", "PhaseStarted", "PhaseFinished", "NonFatalError", "FatalError"):
        assert hasattr(events, name), RECHECK.format(where="findings.py/progress.py", what=name)


def test_the_recorder_still_exposes_cases_checks_and_interactions() -> None:
    from schemathesis.engine.recorder import CheckFailureInfo, CheckNode, RecordedScenario

    members = {name for name, _ in inspect.getmembers(RecordedScenario)}
    assert {"cases", "checks", "interactions"} <= members, RECHECK.format(
        where="findings.py", what="ScenarioFinished.recorder.cases/checks/interactions"
    )
    assert {"name", "status", "failure_info"} <= set(CheckNode.__dataclass_fields__), RECHECK.format(
        where="findings.py", what="CheckNode.name/failure_info"
    )
    assert {"code_sample", "failure"} <= set(CheckFailureInfo.__dataclass_fields__), RECHECK.format(
        where="findings.py", what="CheckFailureInfo.code_sample/failure (the curl reproducer)"
    )


def test_failure_attributes_the_clauses_quote_are_there() -> None:
    from schemathesis.core.failures import AcceptedNegativeData, Failure
    from schemathesis.openapi.checks import JsonSchemaError, RejectedPositiveData

    assert "checks" in vars(Failure), RECHECK.format(where="policy.py", what="Failure.checks")
    assert "schema_path" in JsonSchemaError.__slots__, RECHECK.format(
        where="clauses.py", what="JsonSchemaError.schema_path"
    )
    assert "expected_statuses" in AcceptedNegativeData.__slots__, RECHECK.format(
        where="clauses.py", what="AcceptedNegativeData.expected_statuses"
    )
    assert "allowed_statuses" in RejectedPositiveData.__slots__, RECHECK.format(
        where="clauses.py", what="RejectedPositiveData.allowed_statuses"
    )


def test_the_hygiene_filter_hook_and_the_undeclared_method_probe_are_there() -> None:
    from schemathesis.hook_specs import filter_failure

    assert list(inspect.signature(filter_failure).parameters) == [
        "context", "failure", "case", "response"], RECHECK.format(
        where="hooks.py", what="the filter_failure hook's signature")
    assert hasattr(schemathesis, "hook") and hasattr(schemathesis, "check")
    from schemathesis.config import PhasesConfig

    assert "unexpected_methods" in inspect.signature(
        PhasesConfig.from_dict({}).coverage.__class__.__init__).parameters, RECHECK.format(
        where="policy.py", what="coverage's unexpected-method probes (case.method differs from "
        "case.operation.method)")
