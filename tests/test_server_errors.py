"""An unexpected exception answers 500 in the spec's shape; the traceback goes to the log only."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from mockserver.mock import app as app_module
from mockserver.mock import handlers
from mockserver.mock.app import create_app
from tests.support import AUTH, BALANCED


def test_unexpected_exception_is_a_500_without_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*_args: object) -> None:
        raise RuntimeError("secret internal detail")

    # Break selection inside an otherwise real app: the error path is what is under test.
    monkeypatch.setattr(handlers, "select", explode)
    app = create_app()

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            return await client.get(f"/speakers-balance?file-hash={BALANCED}", headers=AUTH)

    with caplog.at_level(logging.ERROR, logger=app_module.log.name):
        response = asyncio.run(call())

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"message"}
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert any("secret internal detail" in (r.exc_text or "") for r in caplog.records)
