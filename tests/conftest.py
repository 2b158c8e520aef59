from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.reloading import Copy, serving
from tests.support import running_mock


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """The bundled spec and fixtures served by a real uvicorn on a free loopback port."""
    with running_mock() as (url, _proc):
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
