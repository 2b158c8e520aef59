"""Fixture loading: every bad fixture is refused with its file, JSON path and rule."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockserver.core.errors import ConfigError
from mockserver.core.fixtures import load_fixtures
from mockserver.core.spec import load_spec
from tests.support import ROOT

SPEC = load_spec(ROOT / "openapi.yaml")
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def fixtures_dir(tmp_path: Path) -> Path:
    target = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", target)
    return target


def edit(directory: Path, name: str, change: Edit) -> Path:
    path = directory / f"{name}.json"
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))
    return path


def speakers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = doc["response"]["body"]["speakers"]
    return result


def set_share(index: int, value: Any) -> Edit:
    return lambda doc: speakers(doc)[index].__setitem__("meeting_speaking_percentage", value)


def problems_for(directory: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ConfigError) as caught:
        load_fixtures(directory, SPEC)
    return [(Path(p.file).name, p.path, p.rule) for p in caught.value.problems]


def test_bundled_fixtures_load() -> None:
    loaded = load_fixtures(ROOT / "fixtures", SPEC)
    assert len(loaded.fixtures) >= 8
    assert "meetra-dev-token" in loaded.tokens


BAD = [
    pytest.param("balanced-pair", set_share(0, "50"),
                 ("$.response.body.speakers[0].meeting_speaking_percentage", "schema:type"), id="string-percentage"),
    pytest.param("balanced-pair", set_share(0, 100.5),
                 ("$.response.body.speakers[0].meeting_speaking_percentage", "schema:maximum"), id="share-over-100"),
    pytest.param("balanced-pair", set_share(1, -1),
                 ("$.response.body.speakers[1].meeting_speaking_percentage", "schema:minimum"), id="negative-share"),
    pytest.param("dominant-speaker", lambda d: speakers(d)[1].__setitem__("id", speakers(d)[0]["id"]),
                 ("$.response.body.speakers[1].id", "semantic:x-unique-by"), id="duplicate-ids"),
    pytest.param("balanced-pair", set_share(0, 80.0),
                 ("$.response.body.speakers", "semantic:x-sum-at-most"), id="sum-130"),
    pytest.param("balanced-pair", lambda d: speakers(d)[0].pop("id"),
                 ("$.response.body.speakers[0]", "schema:required"), id="missing-id"),
    pytest.param("balanced-pair", lambda d: speakers(d)[0].__setitem__("name", "Ada"),
                 ("$.response.body.speakers[0].name", "fixture:declared-fields-only"), id="undeclared-field"),
    pytest.param("balanced-pair", lambda d: d["response"].__setitem__("body", {"speakers": None}),
                 ("$.response.body.speakers", "schema:type"), id="speakers-null"),
    pytest.param("balanced-pair", lambda d: d["response"].__setitem__("status", 500),
                 ("$.response.status", "fixture:declared-status"), id="undeclared-status"),
    pytest.param("balanced-pair", lambda d: d.__setitem__("operationId", "getSpeakers"),
                 ("$.operationId", "fixture:operation"), id="unknown-operation"),
    pytest.param("balanced-pair", lambda d: d["request"]["query"].__setitem__("file-hash", "xyz"),
                 ("$.request.query.file-hash", "fixture:parameter-schema"), id="hash-no-request-can-match"),
    pytest.param("balanced-pair", lambda d: d.pop("description"), ("$", "format:required"),
                 id="missing-description"),
    pytest.param("balanced-pair", lambda d: d.__setitem__("scenario", "dominant-speaker"),
                 ("$.scenario", "fixture:unique-scenario"), id="duplicate-scenario"),
    pytest.param("balanced-pair",
                 lambda d: d["request"]["query"].__setitem__("file-hash", "c1b1f68da79c1f60a13241909caa7743"),
                 ("$.request.query", "fixture:unique-request"), id="duplicate-hash"),
]


@pytest.mark.parametrize(("name", "change", "expected"), BAD)
def test_bad_fixture_is_refused_with_path_and_rule(
    fixtures_dir: Path, name: str, change: Edit, expected: tuple[str, str]
) -> None:
    edit(fixtures_dir, name, change)
    found = problems_for(fixtures_dir)
    assert any(path == expected[0] and rule == expected[1] for _f, path, rule in found), found
    assert all(file.endswith(".json") for file, _p, _r in found)


def test_invalid_json_names_the_file(fixtures_dir: Path) -> None:
    (fixtures_dir / "tiny-share.json").write_text('{"scenario": ')
    assert problems_for(fixtures_dir) == [("tiny-share.json", "$", "fixture:json")]


def test_nan_is_not_json(fixtures_dir: Path) -> None:
    path = fixtures_dir / "tiny-share.json"
    path.write_text(path.read_text().replace("0.01", "NaN"))
    assert problems_for(fixtures_dir) == [("tiny-share.json", "$", "fixture:json")]


def test_every_problem_is_listed_not_only_the_first(fixtures_dir: Path) -> None:
    edit(fixtures_dir, "balanced-pair", set_share(0, "50"))
    edit(fixtures_dir, "solo-speaker", set_share(0, -3))
    (fixtures_dir / "tokens.json").write_text('{"tokens": [{"token": ""}]}')
    files = {file for file, _p, _r in problems_for(fixtures_dir)}
    assert files == {"balanced-pair.json", "solo-speaker.json", "tokens.json"}


def test_missing_directory_is_a_config_error(tmp_path: Path) -> None:
    assert problems_for(tmp_path / "absent") == [("absent", "$", "fixtures:directory")]
