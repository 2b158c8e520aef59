"""Swagger UI's server list shows the URL the mock serves, base path included (in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockserver.mock.app import create_app
from mockserver.settings import Settings
from tests.asgi import call
from tests.support import ROOT

HOST = [(b"host", b"127.0.0.1:4555")]


@pytest.mark.parametrize(("spec", "served_at", "server"), [
    pytest.param(ROOT / "openapi.yaml", "/openapi.json", "http://127.0.0.1:4555", id="bundled"),
    pytest.param(ROOT / "tests/specs/petstore.yaml", "/v1/openapi.json",
                 "http://127.0.0.1:4555/v1", id="base-path-v1"),
])
def test_the_served_spec_names_this_mock(spec: Path, served_at: str, server: str,
                                         tmp_path: Path) -> None:
    fixtures = ROOT / "fixtures" if spec.name == "openapi.yaml" else tmp_path
    app = create_app(Settings(reload=False, spec_path=spec, fixtures_dir=fixtures))
    status, body = call(app, served_at, headers=HOST)
    assert status == 200
    assert json.loads(body)["servers"] == [{"url": server, "description": "this mock"}]
