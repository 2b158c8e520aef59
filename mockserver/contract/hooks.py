"""Schemathesis hooks module: registers the contract's semantic checks (checks.SEMANTIC_CHECKS).

Named by ``hooks = "mockserver.contract.hooks"`` in schemathesis.toml and imported by
``mockserver contract``, so plain ``schemathesis run`` and our runner apply the same checks.
Known meeting hashes reach generation through the config's ``[dictionaries]`` (see
``mockserver.contract.config``), which Schemathesis samples only in positive mode.
"""

from __future__ import annotations

import schemathesis

from mockserver.contract.checks import SEMANTIC_CHECKS

for _check in SEMANTIC_CHECKS:
    schemathesis.check(_check)
