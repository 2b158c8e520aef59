"""The fixture catalog at `/` (HTML) and `/__mock__/fixtures` (JSON): every scenario, its hash,
description, one bar per speaker, a curl line; nothing fetched from elsewhere; no token shown."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest

from mockserver.mock.catalog_page import render_page
from tests.support import ROOT

FIXTURES = {
    doc["scenario"]: doc
    for doc in (json.loads(p.read_text()) for p in sorted((ROOT / "fixtures").glob("*.json")))
    if "scenario" in doc
}
TOKENS = [t["token"] for t in json.loads((ROOT / "fixtures/tokens.json").read_text())["tokens"]]


class Elements(HTMLParser):
    """Every start tag as (tag, attributes), in order, plus the page's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def with_class(self, name: str) -> list[dict[str, str]]:
        return [a for _t, a in self.tags if name in a.get("class", "").split()]


@pytest.fixture(scope="module")
def page(mock_url: str) -> Elements:
    response = httpx.get(f"{mock_url}/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    return Elements(response.text)


def scenario_tags(page: Elements, scenario: str) -> list[tuple[str, dict[str, str]]]:
    """The tags inside ``article[data-scenario=scenario]``."""
    start = next(i for i, (_t, a) in enumerate(page.tags) if a.get("data-scenario") == scenario)
    end = next((i for i, (t, _a) in enumerate(page.tags) if t == "article" and i > start),
               len(page.tags))
    return page.tags[start:end]


def test_page_lists_every_scenario_with_its_hash(page: Elements) -> None:
    articles = page.with_class("scenario")
    assert {a["data-scenario"] for a in articles} == set(FIXTURES)
    for article in articles:
        assert article["data-hash"] == FIXTURES[article["data-scenario"]]["request"]["query"][
            "file-hash"]
    [main] = [a for t, a in page.tags if t == "main"]
    assert main["data-fixture-count"] == str(len(FIXTURES))


@pytest.mark.parametrize("scenario", sorted(FIXTURES))
def test_one_bar_per_speaker_with_its_share(page: Elements, scenario: str) -> None:
    speakers = FIXTURES[scenario]["response"]["body"]["speakers"]
    bars = [a for _t, a in scenario_tags(page, scenario) if a.get("class") == "bar"]
    assert [(b["data-speaker-id"], float(b["data-share"])) for b in bars] == [
        (s["id"], s["meeting_speaking_percentage"]) for s in speakers]
    if not speakers:
        assert any(a.get("class") == "empty-list" for _t, a in scenario_tags(page, scenario))


def test_page_shows_descriptions_and_curl_lines(page: Elements) -> None:
    text = "".join(page.text)
    for doc in FIXTURES.values():
        assert doc["description"] in text
    assert "curl -H \"Authorization: Bearer $MEETRA_TOKEN\"" in text
    assert len(page.with_class("copy")) == len(FIXTURES)


def test_page_links_swagger_ui_and_the_json(page: Elements, mock_url: str) -> None:
    [swagger] = page.with_class("swagger-link")
    assert httpx.get(swagger["href"]).status_code == 200
    assert swagger["href"] == f"{mock_url}/ui/"
    [as_json] = page.with_class("fixtures-json-link")
    assert as_json["href"] == "/__mock__/fixtures"


def test_page_fetches_nothing_from_elsewhere(page: Elements) -> None:
    for tag, attrs in page.tags:
        assert tag not in ("link", "img", "iframe"), attrs
        assert "src" not in attrs, (tag, attrs)


def test_fixtures_json_has_the_same_data(mock_url: str) -> None:
    document = httpx.get(f"{mock_url}/__mock__/fixtures").json()
    by_scenario = {e["scenario"]: e for e in document["fixtures"]}
    assert set(by_scenario) == set(FIXTURES)
    for scenario, entry in by_scenario.items():
        doc = FIXTURES[scenario]
        assert entry["description"] == doc["description"]
        assert entry["query"] == doc["request"]["query"]
        assert entry["body"] == doc["response"]["body"]
        assert entry["url"] == (f"{mock_url}/speakers-balance?file-hash="
                                f"{doc['request']['query']['file-hash']}")
    assert document["swagger_ui"] == f"{mock_url}/ui/"


def test_curl_url_from_the_json_answers_that_scenario(mock_url: str) -> None:
    entry = httpx.get(f"{mock_url}/__mock__/fixtures").json()["fixtures"][0]
    response = httpx.get(entry["url"], headers={"Authorization": f"Bearer {TOKENS[0]}"})
    assert response.headers["x-mock-scenario"] == entry["scenario"]


@pytest.mark.parametrize("path", ["/", "/__mock__/fixtures"])
def test_only_the_public_development_token_is_shown(mock_url: str, path: str) -> None:
    """tokens.json holds public development tokens: the first is shown ready to export (issue 11);
    tokens given with --token are never shown (tests/test_console_lines.py)."""
    text = httpx.get(f"{mock_url}{path}").text
    assert f"export MEETRA_TOKEN={TOKENS[0]}" in text


def test_page_escapes_fixture_text() -> None:
    hostile = "<script>alert(1)</script>"
    html = render_page({
        "fixtures": [{"scenario": "x", "description": hostile, "query": {"file-hash": "ab"},
                      "status": 200, "curl": hostile, "body": {"x": hostile},
                      "view": {"kind": "bars", "bars": [{"id": '"><script>', "share": 5}]}}],
        "swagger_ui": "/ui/", "spec": "/openapi.yaml", "token_hint": hostile,
        "dynamic": {"default": False}})
    assert "<script>alert" not in html
    assert '"><script>' not in html


def entry_for(body: Any) -> dict[str, Any]:
    return {"scenario": "e", "description": "d", "query": {"file-hash": "ab"}, "status": 404,
            "curl": "c", "body": body, "view": {"kind": "message", "message": body["message"]}}


def test_an_error_fixture_shows_its_message() -> None:
    html = render_page({"fixtures": [entry_for({"message": "Meeting gone"})], "swagger_ui": "/ui/",
                        "spec": "/s", "token_hint": "t", "dynamic": {"default": True}})
    assert 'class="error-message">Meeting gone<' in html
