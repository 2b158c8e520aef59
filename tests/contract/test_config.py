"""schemathesis.toml (plain Schemathesis) and mockserver.contract.config (our runner) agree."""

from __future__ import annotations

import tomllib

from schemathesis.config import SchemathesisConfig

from mockserver.contract import config
from tests.contract.support import fixture_hashes
from tests.support import ROOT

TOML = ROOT / "schemathesis.toml"


def _essentials(data: dict) -> dict:
    return {key: data.get(key) for key in ("hooks", "checks", "parameters", "suppress-health-check")}


def test_the_toml_and_the_runner_apply_the_same_checks_and_statuses() -> None:
    from_toml = tomllib.loads(TOML.read_text())
    from_runner = config.contract_config(hashes=["0" * 16])
    assert _essentials(from_toml) == _essentials(from_runner)


def test_the_toml_feeds_the_bundled_fixture_hashes_into_generation() -> None:
    values = tomllib.loads(TOML.read_text())["dictionaries"][config.KNOWN_HASHES_DICTIONARY][
        "values"
    ]
    assert sorted(values) == sorted(fixture_hashes())


def test_the_toml_has_no_reports_section_and_no_env_references() -> None:
    text = TOML.read_text()
    assert "reports" not in tomllib.loads(text)
    assert "${" not in text


def test_schemathesis_accepts_the_toml() -> None:
    loaded = SchemathesisConfig.from_path(TOML).projects.get_default()
    statuses = loaded.checks.positive_data_acceptance.expected_statuses
    assert statuses == ["200", "404"]


def test_without_hash_the_runner_uses_every_file_hash_example_of_the_spec() -> None:
    hashes = config.spec_example_hashes(ROOT / "openapi.yaml")
    assert hashes[0] == "7faa938dfb14e7ca8129a40a7e47bb02"
    assert "fa38ce9d1c53b054b3ff510c370bda5c" in hashes  # the unknown meeting probes 404
    assert len(hashes) == 6
