"""Engine errors are reported briefly: a dead target is one line, not one per request."""

from __future__ import annotations

import requests
from schemathesis.engine import events

from mockserver.contract.progress import EngineErrors

REFUSED = (
    "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded (Caused by "
    'NewConnectionError("…: Failed to establish a new connection: [Errno 111] Connection refused"))'
)


def _error(exc: Exception) -> events.NonFatalError:
    return events.NonFatalError(
        error=exc, phase=None, label="GET /speakers-balance", related_to_operation=True
    )


def test_connection_errors_fold_into_one_line() -> None:
    errors = EngineErrors()
    for _ in range(3):
        errors.handle_event(None, _error(requests.ConnectionError(REFUSED)))
    assert errors.lines() == [
        "the target stopped answering during the run: 3 request(s) could not "
        "connect ([Errno 111] Connection refused)"
    ]


def test_other_errors_are_listed_each_on_one_line() -> None:
    errors = EngineErrors()
    errors.handle_event(None, _error(ValueError("first\nsecond")))
    errors.handle_event(None, events.FatalError(exception=RuntimeError("boom")))
    assert errors.lines() == ["GET /speakers-balance: Runtime Error: first second", "boom"]


def test_no_errors_no_lines() -> None:
    assert EngineErrors().lines() == []
