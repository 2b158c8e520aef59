"""Schemathesis hooks module: registers the contract's own checks and its hygiene policy.

Named by ``hooks = "mockserver.contract.hooks"`` in schemathesis.toml and imported by
``mockserver contract``, so plain ``schemathesis run`` and our runner apply the same checks.
The ``filter_failure`` hook drops HTTP-hygiene findings (``policy``) from plain runs unless
``MEETRA_STRICT_HTTP=1``; ``mockserver contract`` keeps them and reports them as warnings.
"""

from __future__ import annotations

from typing import Any

import schemathesis

from mockserver.contract.checks import SEMANTIC_CHECKS
from mockserver.contract.policy import keep_failure

for _check in SEMANTIC_CHECKS:
    schemathesis.check(_check)


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    return keep_failure(failure, case)
