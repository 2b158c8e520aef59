"""Headless Chromium for tests: Debian's ``chromium`` driven by Playwright (no browser download).

Use the fixtures by importing them into a test module::

    from tests.browser import browser, page  # noqa: F401  (pytest fixtures)

``page`` is a fresh page per test; ``screenshot(page, name)`` saves
``test-results/browser-<name>.png`` (gitignored). ``.ci/run`` installs the ``chromium`` package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
RESULTS = ROOT / "test-results"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium per test module. Fails (never skips) when Chromium is missing.

    Module scope, not session: Playwright's sync API keeps an event loop running in the main
    thread while it is started, which breaks every later test that calls ``asyncio.run``."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package "
                    "(apt-get install -y chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context; its console lines are kept in ``page.console_lines``."""
    context = browser.new_context(viewport={"width": 900, "height": 600})
    new_page = context.new_page()
    new_page.console_lines = []
    new_page.on("console", lambda msg: new_page.console_lines.append(f"{msg.type}: {msg.text}"))
    try:
        yield new_page
    finally:
        context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as ``test-results/browser-<name>.png``."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"browser-{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
