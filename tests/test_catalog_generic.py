"""The catalog (``/`` and ``/__mock__/fixtures``) for any operation: method, URL with the base
path, headers and body in a curl line; the body's view chosen by its schema's shape."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from mockserver.core.fixtures import load_fixtures
from mockserver.core.spec import load_spec
from mockserver.mock.admin import fixtures_document
from mockserver.mock.catalog_page import render_page
from mockserver.mock.selection import Catalog
from mockserver.settings import Settings
from tests.support import BALANCED, ROOT

PLUS = ROOT / "tests/specs/meetra-plus"
BASE = "http://127.0.0.1:4010"


def entries(spec_path: Path, fixtures: Path) -> dict[str, dict[str, Any]]:
    spec = load_spec(spec_path)
    catalog = Catalog.build(spec, load_fixtures(fixtures, spec))
    document = fixtures_document(catalog, BASE, Settings())
    return {e["scenario"]: e for e in document["fixtures"]}


@pytest.fixture(scope="module")
def plus() -> dict[str, dict[str, Any]]:
    return entries(PLUS / "openapi.yaml", PLUS / "fixtures")


def test_a_path_fixture_fills_the_template(plus: dict[str, dict[str, Any]]) -> None:
    entry = plus["detected-pair"]
    assert (entry["method"], entry["path"]) == ("GET", f"/meetings/{BALANCED}/speakers")
    assert entry["curl"] == (f"curl -H \"Authorization: Bearer $MEETRA_TOKEN\" "
                             f"'{BASE}/meetings/{BALANCED}/speakers'")


def test_a_header_fixture_sends_its_header(plus: dict[str, dict[str, Any]]) -> None:
    curl = plus["workspace-score"]["curl"]
    assert "-H 'X-Workspace-Id: 0f8fad5b-d9cb-469f-a165-70867728950e'" in curl
    assert curl.endswith(f"'{BASE}/balance-score?file-hash={BALANCED}'")


def test_a_default_fixture_gets_generated_required_values(
        plus: dict[str, dict[str, Any]]) -> None:
    entry = plus["any-score"]
    assert "file-hash=" in entry["url"]
    assert "-H 'X-Workspace-Id: " in entry["curl"]


def test_a_body_fixture_posts_its_body(plus: dict[str, dict[str, Any]]) -> None:
    entry = plus["pair-summaries"]
    assert entry["curl"].startswith("curl -X POST -H \"Authorization: Bearer $MEETRA_TOKEN\"")
    assert "-H 'Content-Type: application/json' -d '{\"file_hash\": " in entry["curl"]
    assert entry["request_body"]["max_words"] == 50
    assert entry["response_headers"] == {"X-Request-Id": "5b1f2a9e-3c4d-4e5f-8a6b-7c8d9e0f1a2b"}


@pytest.mark.parametrize(("scenario", "kind"), [
    pytest.param("balanced-pair", "bars", id="share-list-bars"),
    pytest.param("empty-meeting", "empty", id="empty-share-list"),
    pytest.param("detected-pair", "json", id="list-without-shares"),
    pytest.param("any-score", "json", id="a-lone-number"),
    pytest.param("summaries-unknown-meeting", "message", id="error-message"),
])
def test_the_view_follows_the_schema_shape(plus: dict[str, dict[str, Any]], scenario: str,
                                           kind: str) -> None:
    assert plus[scenario]["view"]["kind"] == kind


def renamed_spec(tmp_path: Path, change: Any) -> tuple[Path, Path]:
    """The bundled spec and fixtures with the share list's schema edited by ``change``."""
    spec_doc = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    change(spec_doc["components"]["schemas"])
    spec_path = tmp_path / "openapi.yaml"
    spec_path.write_text(yaml.safe_dump(spec_doc))
    fixtures = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", fixtures)
    return spec_path, fixtures


def strings_only(schemas: dict[str, Any]) -> None:
    schemas["SpeakersBalance"]["properties"]["speakers"] = {"type": "array",
                                                            "items": {"type": "string"}}


def test_a_list_of_strings_is_shown_as_json_not_a_500(tmp_path: Path) -> None:
    spec_path, fixtures = renamed_spec(tmp_path, strings_only)
    for file in fixtures.glob("*.json"):
        if file.name != "tokens.json":
            doc = json.loads(file.read_text())
            doc["response"]["body"] = {"speakers": ["ada", "grace"]}
            file.write_text(json.dumps(doc))
    found = entries(spec_path, fixtures)
    assert {e["view"]["kind"] for e in found.values()} == {"json"}
    html = render_page({"fixtures": list(found.values()), "swagger_ui": "/ui/", "spec": "/s",
                        "token_hint": "t", "dynamic": {"default": False}})
    assert "&quot;ada&quot;" in html


def two_shares(schemas: dict[str, Any]) -> None:
    schemas["SpeakerShare"]["properties"]["other"] = {"type": "number", "maximum": 100}


def test_two_share_properties_are_not_bars(tmp_path: Path) -> None:
    found = entries(*renamed_spec(tmp_path, two_shares))
    assert found["balanced-pair"]["view"]["kind"] == "json"


def test_petstore_fixtures_curl_with_the_base_path_and_no_token(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    (fixtures / "pet.json").write_text(json.dumps({
        "scenario": "pet-seven", "description": "d", "operationId": "showPetById",
        "request": {"path": {"petId": "7"}},
        "response": {"status": 200, "body": {"id": 7, "name": "Rex"}}}))
    entry = entries(ROOT / "tests/specs/petstore.yaml", fixtures)["pet-seven"]
    assert entry["curl"] == "curl 'http://127.0.0.1:4010/v1/pets/7'"
