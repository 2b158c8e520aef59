from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def impl_urls() -> Iterator[dict[str, str]]:
    """The reference and every broken implementation, each on its own uvicorn server."""
    from tests.impls.defects import COMBINED, DEFECTS
    from tests.impls.serve import serving

    with serving(["reference", *DEFECTS, *COMBINED]) as urls:
        yield urls
