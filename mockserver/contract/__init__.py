"""Contract testing: Schemathesis checks and hooks for this spec, and `mockserver contract`."""

from __future__ import annotations

from mockserver.contract.checks import SEMANTIC_CHECKS, ContractViolation
from mockserver.contract.runner import ContractOptions, run_contract

__all__ = ["SEMANTIC_CHECKS", "ContractOptions", "ContractViolation", "run_contract"]
