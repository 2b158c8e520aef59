"""The Schemathesis configuration of a contract run, as data.

The same settings live in the repository's ``schemathesis.toml`` for plain ``schemathesis run``
users; ``tests/contract/test_config.py`` keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mockserver.core.spec import parse_document

HOOKS_MODULE = "mockserver.contract.hooks"
HASH_PARAMETER = "file-hash"
KNOWN_HASHES_DICTIONARY = "meetra-known-hashes"
KNOWN_HASH_PROBABILITY = 0.5
"""Share of positive cases that use a known hash; the rest are random hashes, which probe 404."""

# Expected statuses, tightened from Schemathesis' permissive defaults to this contract.
EXPECTED_STATUSES: dict[str, list[str]] = {
    "positive_data_acceptance": ["200", "404"],
    "negative_data_rejection": ["400", "401"],
    "missing_required_header": ["401"],
}


def spec_example_hashes(spec_path: Path) -> list[str]:
    """The values of every ``file-hash`` example in the spec (used when no --hash is given)."""
    _text, doc = parse_document(spec_path)
    found: list[str] = []
    for parameter in _parameters(doc):
        if parameter.get("name") != HASH_PARAMETER:
            continue
        examples = parameter.get("examples") or {}
        values = [e.get("value") for e in examples.values() if isinstance(e, dict)]
        values.append(parameter.get("example"))
        found.extend(v for v in values if isinstance(v, str) and v not in found)
    return found


def _parameters(doc: dict[str, Any]) -> list[dict[str, Any]]:
    shared = doc.get("components", {}).get("parameters", {})
    params = [p for p in shared.values() if isinstance(p, dict)]
    for item in (doc.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            if isinstance(operation, dict):
                params += [p for p in operation.get("parameters", []) if "name" in p]
    return params


def contract_config(
    *,
    base_url: str | None = None,
    token: str | None = None,
    hashes: Sequence[str] = (),
    max_examples: int | None = None,
    workers: int | None = None,
    seed: int | None = None,
) -> dict[str, Any]:
    """A schemathesis.toml-shaped dict; SchemathesisConfig.from_dict validates it."""
    config: dict[str, Any] = {
        "hooks": HOOKS_MODULE,
        "checks": {
            "enabled": True,
            **{
                name: {"expected-statuses": statuses}
                for name, statuses in EXPECTED_STATUSES.items()
            },
        },
        "generation": {"database": "none"},
        # A loaded CI machine makes generation slow; that says nothing about the implementation.
        "suppress-health-check": ["too_slow"],
    }
    if hashes:
        config["dictionaries"] = {KNOWN_HASHES_DICTIONARY: {"values": list(hashes)}}
        config["parameters"] = {
            f"query.{HASH_PARAMETER}": {
                "dictionary": KNOWN_HASHES_DICTIONARY,
                "probability": KNOWN_HASH_PROBABILITY,
            }
        }
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
    return config
