"""A large document's parse and openapi-spec-validator findings are reused for the same bytes,
never for changed ones, and a damaged entry only means checking again."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mockserver.core import spec as spec_module
from mockserver.core import spec_cache
from mockserver.core.errors import ConfigError
from mockserver.core.spec import load_spec
from tests.support import ROOT


def big_petstore(tmp_path: Path, version: str = "1.0.0") -> Path:
    doc = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    doc["info"]["version"] = version
    doc["info"]["description"] = "padding " * (spec_cache.MIN_BYTES // 8)
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Each run of openapi-spec-validator, by document path; the cache in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runs: list[Path] = []
    real = spec_module.validate_document

    def counted(path: Path, doc: dict[str, object]) -> list[object]:
        runs.append(path)
        return real(path, doc)  # type: ignore[return-value]

    monkeypatch.setattr(spec_module, "validate_document", counted)
    return runs


def test_the_same_bytes_are_checked_once(tmp_path: Path, checks: list[Path]) -> None:
    path = big_petstore(tmp_path)
    first, second = load_spec(path), load_spec(path)
    assert len(checks) == 1
    assert first.raw == second.raw and first.operations.keys() == second.operations.keys()


def test_changed_bytes_are_checked_again(tmp_path: Path, checks: list[Path]) -> None:
    load_spec(big_petstore(tmp_path))
    load_spec(big_petstore(tmp_path, version="1.0.1"))
    assert len(checks) == 2


def test_findings_come_back_the_same(tmp_path: Path, checks: list[Path]) -> None:
    path = big_petstore(tmp_path)
    path.write_text(path.read_text().replace("openapi: 3.0.0", "openapi: 3.0.0\nnonsense: 1"))
    refusals = []
    for _ in range(2):
        with pytest.raises(ConfigError) as refused:
            load_spec(path)
        refusals.append(refused.value.problems)
    assert len(checks) == 1 and refusals[0] == refusals[1] and refusals[0]


def test_a_damaged_entry_is_checked_again(tmp_path: Path, checks: list[Path]) -> None:
    path = big_petstore(tmp_path)
    load_spec(path)
    [entry] = spec_cache.directory().iterdir()
    entry.write_bytes(b"\x00garbage")
    assert "listPets" in load_spec(path).operations
    assert len(checks) == 2


def test_a_small_document_is_never_stored(tmp_path: Path, checks: list[Path]) -> None:
    load_spec(ROOT / "tests/specs/petstore.yaml")
    assert not spec_cache.directory().exists()
