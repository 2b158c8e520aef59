"""The catalog page at ``/``, rendered by a real Chromium: every scenario, its bars, its curl."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.browser import browser, page, screenshot  # noqa: F401  (pytest fixtures)
from tests.support import ROOT

pytestmark = pytest.mark.slow


def fixture_files() -> dict[str, Any]:
    docs = [json.loads(p.read_text()) for p in sorted((ROOT / "fixtures").glob("*.json"))
            if p.name != "tokens.json"]
    return {doc["scenario"]: doc for doc in docs}


def test_catalog_page_renders_every_scenario_with_its_bars(page: Any, mock_url: str) -> None:  # noqa: F811
    page.goto(f"{mock_url}/")
    page.wait_for_selector("main#catalog")
    shot = screenshot(page, "catalog")
    expected = fixture_files()

    articles = page.locator("article.scenario")
    assert articles.count() == len(expected) == int(
        page.locator("main#catalog").get_attribute("data-fixture-count"))
    for name, doc in expected.items():
        article = page.locator(f'article.scenario[data-scenario="{name}"]')
        assert article.get_attribute("data-hash") == doc["request"]["query"]["file-hash"]
        assert article.locator(".scenario-description").inner_text() == doc["description"]
        speakers = doc["response"]["body"]["speakers"]
        bars = article.locator(".bars .bar")
        assert bars.count() == len(speakers), name
        for index, speaker in enumerate(speakers):
            bar = bars.nth(index)
            assert bar.get_attribute("data-speaker-id") == speaker["id"]
            assert float(bar.get_attribute("data-share")) == speaker["meeting_speaking_percentage"]
            assert bar.is_visible() or speaker["meeting_speaking_percentage"] < 1
        assert doc["request"]["query"]["file-hash"] in article.locator("code.curl").inner_text()
    assert shot.stat().st_size > 0


def test_catalog_bar_widths_follow_the_shares(page: Any, mock_url: str) -> None:  # noqa: F811
    page.goto(f"{mock_url}/")
    dominant = page.locator('article.scenario[data-scenario="dominant-speaker"] .bars .bar')
    wide, narrow = (dominant.nth(i).bounding_box()["width"] for i in (0, 1))
    assert wide / narrow == pytest.approx(92 / 8, rel=0.1)


def test_catalog_links_to_swagger_ui_which_loads(page: Any, mock_url: str) -> None:  # noqa: F811
    page.goto(f"{mock_url}/")
    page.locator("a.swagger-link").click()
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=15_000)
    assert "/speakers-balance" in page.locator(".opblock-summary-path").first.inner_text()
    screenshot(page, "swagger-ui")
