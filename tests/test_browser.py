"""A real browser as the first user: a page on another origin calls the mock with a token.

The page (``tests/browser_page/``) is served by ``python -m http.server`` on one loopback port,
the mock on another: a different origin, so every answer, errors included, must carry CORS
headers for the page's JavaScript to read its status and message.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.browser import browser, page, screenshot  # noqa: F401  (pytest fixtures)
from tests.servers import running_static
from tests.support import BALANCED, DEV_TOKEN, ROOT, UNKNOWN, running_mock

pytestmark = pytest.mark.slow

PAGE_DIR = ROOT / "tests" / "browser_page"


@pytest.fixture(scope="module")
def page_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_static(PAGE_DIR, tmp_path_factory.mktemp("logs") / "static.log") as url:
        yield url


@pytest.fixture(scope="module")
def cors_mock(mock_url: str) -> str:
    return mock_url


def open_page(page: Any, origin: str, api: str, token: str | None, file_hash: str) -> Any:  # noqa: F811
    query = {"api": api, "hash": file_hash, **({"token": token} if token else {})}
    page.goto(f"{origin}/index.html?{urlencode(query)}")
    page.wait_for_selector("body[data-done=true]", timeout=10_000)
    return page.locator("#state")


def test_the_page_renders_the_speakers_of_a_200(
    page: Any, page_origin: str, cors_mock: str  # noqa: F811
) -> None:
    state = open_page(page, page_origin, cors_mock, DEV_TOKEN, BALANCED)
    shot = screenshot(page, "speakers-200")
    assert state.get_attribute("data-status") == "200", page.console_lines
    assert state.inner_text() == "2 speaker(s)"
    assert page.locator("#speakers li").count() == 2
    assert page.locator("#speakers li").first.get_attribute("data-share") == "50"
    assert "1c2ee2da-e2f6-433d-b554-248707c2491c: 50.00 %" in page.locator("#speakers").inner_text()
    assert shot.stat().st_size > 0


@pytest.mark.parametrize(("token", "file_hash", "status", "says"), [
    pytest.param(None, BALANCED, "401", "401: Unauthorized: missing Authorization header",
                 id="401-no-token"),
    pytest.param("not-a-real-token", BALANCED, "401", "401: Unauthorized: invalid or expired",
                 id="401-unknown-token"),
    pytest.param(DEV_TOKEN, UNKNOWN, "404", f"404: Meeting not found: no fixture has "
                 f"file-hash='{UNKNOWN}'", id="404-unknown-meeting"),
])
def test_the_page_can_read_status_and_message_of_an_error(
    page: Any, page_origin: str, cors_mock: str, request: pytest.FixtureRequest,  # noqa: F811
    token: str | None, file_hash: str, status: str, says: str,
) -> None:
    state = open_page(page, page_origin, cors_mock, token, file_hash)
    screenshot(page, request.node.callspec.id)
    assert state.get_attribute("data-status") == status, page.console_lines
    assert state.inner_text().startswith(says)


def test_without_cors_the_page_cannot_read_the_error(
    page: Any, page_origin: str, tmp_path: Path  # noqa: F811
) -> None:
    """The control case: the same page against a mock with --no-cors sees no status at all."""
    with running_mock("--no-cors") as (url, _proc):
        state = open_page(page, page_origin, url, None, BALANCED)
    assert state.get_attribute("data-status") == "network-error"
    assert any("CORS" in line for line in page.console_lines), page.console_lines
