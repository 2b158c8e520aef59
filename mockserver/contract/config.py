"""The Schemathesis configuration of a contract run, as data, generated from the spec.

Per operation (``[[operations]]`` selected by operationId, else path + method), the expected
statuses of Schemathesis' status checks come from the operation's declared ``responses``; every
parameter's spec examples (plus ``--param NAME=VALUE``) are fed into generation as known-good
values. The repository's ``schemathesis.toml`` is this function's output for openapi.yaml
(``tests/contract/test_config.py`` keeps the two in step) so plain ``schemathesis run`` agrees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mockserver.contract.plan import MISSING_HEADER_4XX, OperationPlan, load_plan

HOOKS_MODULE = "mockserver.contract.hooks"
KNOWN_VALUE_PROBABILITY = 0.5
"""Share of positive cases that use a known value; the rest are generated (e.g. probe 404)."""


def known_values(
    plans: Sequence[OperationPlan], given: Mapping[str, Sequence[str]] = {}
) -> dict[str, list[Any]]:
    """``location.name`` -> known-good values: those given for the name (``--param``), else the
    spec's examples of the parameter."""
    found: dict[str, list[Any]] = {}
    for plan in plans:
        for parameter in plan.parameters:
            key = f"{parameter.location}.{parameter.name}"
            values = found.setdefault(key, [])
            extra = given.get(parameter.name) or parameter.values
            values.extend(v for v in extra if v not in values)
    return {key: values for key, values in found.items() if values}


def _dictionary_name(key: str) -> str:
    return "known-" + "".join(c if c.isalnum() else "-" for c in key).lower()


def _bindings(known: Mapping[str, Sequence[Any]], plan: OperationPlan | None) -> dict[str, Any]:
    keys = [k for k in known if plan is None or k in {
        f"{p.location}.{p.name}" for p in plan.parameters}]
    return {
        key: {"dictionary": _dictionary_name(key), "probability": KNOWN_VALUE_PROBABILITY}
        for key in keys
    }


def operation_blocks(
    plans: Sequence[OperationPlan], known: Mapping[str, Sequence[Any]] = {}
) -> list[dict[str, Any]]:
    """One ``[[operations]]`` block per operation, with the expected statuses its spec declares
    and its parameters' known values (an operation block's settings replace the project's)."""
    blocks = []
    for plan in plans:
        checks: dict[str, Any] = {
            "positive_data_acceptance": {"expected-statuses": plan.positive_statuses()},
        }
        rejection = plan.rejection_statuses()
        if rejection is not None:
            checks["negative_data_rejection"] = {"expected-statuses": rejection}
        missing = plan.rejection_statuses(MISSING_HEADER_4XX)
        if missing is not None:
            checks["missing_required_header"] = {"expected-statuses": missing}
        selector = (
            {"include-operation-id": plan.operation_id}
            if plan.operation_id
            else {"include-path": plan.path, "include-method": plan.method.upper()}
        )
        block: dict[str, Any] = {**selector, "checks": checks}
        if _bindings(known, plan):
            block["parameters"] = _bindings(known, plan)
        blocks.append(block)
    return blocks


PHASES = ("examples", "coverage", "fuzzing", "stateful")
"""Schemathesis' phases. ``coverage`` walks every schema's boundaries whatever the budget:
on Stripe's 588 operations that is tens of thousands of requests, hours, so a budgeted run of a
large document leaves it out (``--phases examples,fuzzing``)."""


def contract_config(
    spec_path: Path,
    *,
    base_url: str | None = None,
    token: str | None = None,
    params: Mapping[str, Sequence[str]] = {},
    max_examples: int | None = None,
    workers: int | None = None,
    seed: int | None = None,
    phases: Sequence[str] | None = None,
) -> dict[str, Any]:
    """A schemathesis.toml-shaped dict; SchemathesisConfig.from_dict validates it."""
    plans = load_plan(spec_path)
    config: dict[str, Any] = {
        "hooks": HOOKS_MODULE,
        # Every case runs: a failure does not end its phase, so every defect is reported.
        "continue-on-failure": True,
        "checks": {"enabled": True},
        "generation": {"database": "none"},
        # A loaded CI machine makes generation slow; that says nothing about the implementation.
        "suppress-health-check": ["too_slow"],
    }
    known = known_values(plans, params)
    if known:
        config["dictionaries"] = {_dictionary_name(k): {"values": v} for k, v in known.items()}
    config["operations"] = operation_blocks(plans, known)
    if base_url is not None:
        config["base-url"] = base_url
    if token is not None:
        config["headers"] = {"Authorization": f"Bearer {token}"}
    if max_examples is not None:
        config["generation"]["max-examples"] = max_examples
    if workers is not None:
        config["workers"] = workers
    if seed is not None:
        config["seed"] = seed
    if phases is not None:
        config["phases"] = {name: {"enabled": name in phases} for name in PHASES}
    return config
