"""The preload helper hands the server its catalog before openapi-spec-validator's verdict, so
Connexion is built meanwhile; only a clean verdict lets it serve. A document with findings
still stops start-up with exit 2 and the validator's list, whatever building it did."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mockserver.cli import cli
from mockserver.core import spec as core_spec
from mockserver.core.errors import ConfigError
from mockserver.mock import preload
from mockserver.mock.preload import PendingCatalog, check, load_checked
from mockserver.settings import Settings


def spoil(settings: Settings, old: str, new: str) -> None:
    text = settings.spec_path.read_text()
    assert old in text
    settings.spec_path.write_text(text.replace(old, new, 1))


def steps(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Any]:
    """The helper's work in-process: the order of its hand-off and the validator, its answer."""
    seen: list[str] = []
    validate = core_spec.validate_document

    def validating(path: Path, doc: dict[str, Any]) -> Any:
        seen.append("validator")
        return validate(path, doc)

    monkeypatch.setattr(core_spec, "validate_document", validating)
    answer = check(settings, lambda catalog: seen.append(f"early:{type(catalog).__name__}"))
    return seen, answer


def test_the_catalog_is_handed_on_before_the_validator_runs(
        copy: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    seen, answer = steps(copy, monkeypatch)
    assert seen == ["early:Catalog", "validator"]
    assert answer == (preload.CLEAN, None)


def test_a_spec_that_passed_before_is_not_handed_on_early(
        copy: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    assert PendingCatalog(copy).result() is not None  # remembered
    seen, answer = steps(copy, monkeypatch)
    assert seen == []
    assert answer[0] == preload.CATALOG


def test_findings_after_an_early_catalog_are_the_verdict(
        copy: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    spoil(copy, "  version: 1.0.0\n", "")  # openapi-spec-validator: info needs a version
    seen, answer = steps(copy, monkeypatch)
    assert seen == ["early:Catalog", "validator"]
    with pytest.raises(ConfigError) as expected:
        load_checked(copy)
    assert answer == (preload.PROBLEMS, expected.value.problems)


def test_the_server_gets_the_early_catalog_then_the_verdict(copy: Settings) -> None:
    pending = PendingCatalog(copy)
    first = pending.first()
    assert first is not None
    assert pending.result() is first  # the same catalog, now checked: built once


def test_known_bytes_are_loaded_once(copy: Settings) -> None:
    assert PendingCatalog(copy).result() is not None
    pending = PendingCatalog(copy)
    assert not pending.checking
    assert pending.result() is pending.first()


def serve(settings: Settings) -> Any:
    return CliRunner().invoke(cli, ["serve", "--spec", str(settings.spec_path), "--fixtures",
                                    str(settings.fixtures_dir), "--port", "0", "--no-reload"])


UNRESOLVED = """  /speakers-balance/{nowhere}:
    get:
      operationId: elsewhere
      responses:
        '200':
          description: ok
  /speakers-balance:
"""


@pytest.mark.parametrize(("old", "new"), [
    pytest.param("  /speakers-balance:\n", UNRESOLVED, id="a-finding-connexion-builds"),
    pytest.param("openapi: 3.0.3", "openapi: 3.1.0", id="a-finding-connexion-refuses-too"),
])
def test_a_spec_with_findings_stops_start_up_with_the_validators_list(
        copy: Settings, old: str, new: str) -> None:
    """Built or refused meanwhile, the app never serves: exit 2 and exactly the problems the
    in-process check gives (not Connexion's, for a document it refuses as well)."""
    spoil(copy, old, new)
    with pytest.raises(ConfigError) as expected:
        load_checked(copy)
    result = serve(copy)
    assert result.exit_code == 2, result.output
    listed = "".join(f"  {problem}\n" for problem in expected.value.problems)
    assert result.output == f"mockserver: cannot start, the spec or fixtures are invalid:\n{listed}"


@pytest.mark.parametrize("helper", ["/bin/false", "/bin/true"])
def test_a_failed_helper_means_loading_here(copy: Settings, monkeypatch: pytest.MonkeyPatch,
                                            helper: str) -> None:
    """No answer, or none complete: None, asked again too (the caller loads in-process)."""
    monkeypatch.setattr(preload.sys, "executable", helper)
    pending = PendingCatalog(copy)
    assert pending.first() is None
    assert pending.result() is None
    assert pending.result() is None
