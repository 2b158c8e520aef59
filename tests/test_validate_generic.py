"""`mockserver validate` on any spec: the new fixture format, request body examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from mockserver.core.validation import validate_all
from tests.support import ROOT

PLUS = ROOT / "tests/specs/meetra-plus"


def test_the_meetra_plus_spec_and_fixtures_are_valid() -> None:
    assert validate_all(PLUS / "openapi.yaml", PLUS / "fixtures") == []


def test_petstore_with_no_fixtures_is_valid(tmp_path: Path) -> None:
    assert validate_all(ROOT / "tests/specs/petstore.yaml", tmp_path) == []


def test_a_bad_path_value_is_listed_with_file_path_and_rule(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    shutil.copytree(PLUS / "fixtures", fixtures)
    doc = json.loads((fixtures / "detected-pair.json").read_text())
    doc["request"]["path"]["file-hash"] = "not-hex"
    (fixtures / "detected-pair.json").write_text(json.dumps(doc))
    found = [(Path(p.file).name, p.path, p.rule)
             for p in validate_all(PLUS / "openapi.yaml", fixtures)]
    assert found == [("detected-pair.json", "$.request.path.file-hash",
                      "fixture:parameter-schema")]


def test_a_bad_request_body_example_is_listed(tmp_path: Path) -> None:
    spec = yaml.safe_load((PLUS / "openapi.yaml").read_text())
    media = spec["paths"]["/speaker-summaries"]["post"]["requestBody"]["content"]
    media["application/json"]["example"] = {"file_hash": "7faa938dfb14e7ca"}
    path = tmp_path / "openapi.yaml"
    path.write_text(yaml.safe_dump(spec))
    rules = [p.rule for p in validate_all(path, PLUS / "fixtures")]
    assert rules == ["example:schema:required"]
