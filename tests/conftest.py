from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import running_mock


@pytest.fixture(scope="session")
def mock_url() -> Iterator[str]:
    """The bundled spec and fixtures served by a real uvicorn on a free loopback port."""
    with running_mock() as (url, _proc):
        yield url
