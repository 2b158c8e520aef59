"""A line break in a path parameter is a character like any other: under a ``servers`` base path
(Petstore's ``/v1``) as at the root, the parameter's schema decides, not Starlette's routing.
A literal segment followed by a line break is no declared path: 404."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from mockserver.mock.app import MockApp, create_app
from mockserver.settings import Settings
from tests.asgi import call
from tests.support import ROOT


def petstore(tmp_path: Path, pattern: str | None = None) -> MockApp:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "tests/specs/petstore.yaml").read_text())
    if pattern is not None:
        doc["paths"]["/pets/{petId}"]["get"]["parameters"][0]["schema"]["pattern"] = pattern
    (tmp_path / "openapi.yaml").write_text(yaml.safe_dump(doc))
    return create_app(Settings(spec_path=tmp_path / "openapi.yaml", fixtures_dir=tmp_path,
                               reload=False))


@pytest.mark.parametrize("path", [
    pytest.param("/v1/pets/a\nb", id="inside"),
    pytest.param("/v1/pets/a\n", id="trailing"),
    pytest.param("/v1/pets/\r\n", id="only-a-line-break"),
])
def test_a_string_parameter_takes_a_line_break(tmp_path: Path, path: str) -> None:
    status, body = call(petstore(tmp_path), path, headers=[(b"prefer", b"code=200")])
    assert status == 200, body


def test_a_pattern_that_refuses_it_answers_the_declared_400_shape(tmp_path: Path) -> None:
    status, body = call(petstore(tmp_path, pattern="^[a-z]+$"), "/v1/pets/ab\n")
    assert status == 400
    assert b"line break (%0A) at position 2" in body and b"matching ^[a-z]+$" in body


@pytest.mark.parametrize("path", [
    pytest.param("/v1/pets\n", id="literal-segment"),
    pytest.param("/v1/pets/a\n/more", id="extra-segment"),
])
def test_a_line_break_after_a_literal_segment_is_no_route(tmp_path: Path, path: str) -> None:
    status, body = call(petstore(tmp_path), path)
    assert status == 404 and b"no route" in body
