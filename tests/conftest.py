from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.settings import Settings
from tests.reloading import Copy, serving
from tests.support import ROOT, running_mock

SPECS = ROOT / "tests" / "specs"


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """The bundled spec and fixtures served by a real uvicorn on a free loopback port."""
    with running_mock() as (url, _proc):
        yield url


@pytest.fixture(scope="session")
def petstore_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tests/specs/petstore.yaml with no fixtures (every answer generated), not reloading; the
    server's root URL (the API is under /v1). Tests only read from it."""
    empty = tmp_path_factory.mktemp("petstore-no-fixtures")
    with running_mock("--spec", str(SPECS / "petstore.yaml"), "--fixtures", str(empty),
                      "--no-reload") as (url, _proc):
        yield url


@pytest.fixture(scope="session")
def meetra_plus_url() -> Iterator[str]:
    """tests/specs/meetra-plus with its fixtures, not reloading, not --dynamic. Tests only read
    from it (none reads its journal)."""
    plus = SPECS / "meetra-plus"
    with running_mock("--spec", str(plus / "openapi.yaml"), "--fixtures", str(plus / "fixtures"),
                      "--no-reload") as (url, _proc):
        yield url


@pytest.fixture(scope="session")
def reloading_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Copy]:
    """One real server on a temp copy of the spec and fixtures, shared by the hot-reload and
    fault tests (reload from real file events is the point there)."""
    with serving(tmp_path_factory.mktemp("reload")) as copy:
        yield copy


@pytest.fixture
def served(reloading_server: Copy) -> Iterator[Copy]:
    """The shared reloading server on the original files; its log from this test on. Afterwards
    the files are put back and the test waits until they are served again."""
    reloading_server.mark()
    yield reloading_server
    reloading_server.restore()


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A temp copy of the bundled spec and fixtures as Settings; the user cache (spec cache,
    remembered verdicts) kept in tmp_path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copy(ROOT / "openapi.yaml", tmp_path / "openapi.yaml")
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    return Settings(spec_path=tmp_path / "openapi.yaml", fixtures_dir=tmp_path / "fixtures")
