"""Golden black-box cases (``tests/golden_cases.py``), each sent over a real socket to a real
uvicorn serving the bundled spec and fixtures: the answer must match its row."""

from __future__ import annotations

import httpx
import pytest

from tests.golden_cases import CASES, Case


@pytest.mark.parametrize("case", CASES)
def test_golden(mock_url: str, case: Case) -> None:
    response = httpx.request(case.method, f"{mock_url}{case.path}?{case.query}", headers=case.headers)

    assert response.status_code == case.status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    if case.body is not None:
        assert body == case.body
    else:
        assert set(body) == {"message"}
        for fragment in case.says:
            assert fragment in body["message"]
    for name, value in case.response_headers.items():
        assert name in response.headers, f"missing header {name}"
        if value:
            assert response.headers[name] == value
    if case.status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer ")
