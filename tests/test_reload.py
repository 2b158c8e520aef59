"""Hot reload: edits to a temp copy of the fixtures and spec reach a real running server; an
invalid edit keeps the last good state serving and is logged with file, JSON path and rule."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.mock.app import create_app
from mockserver.settings import Settings
from tests.reloading import BALANCE_URL, Copy, poll, set_shares, shares
from tests.support import AUTH


def test_a_fixture_edit_is_served_without_a_restart(served: Copy) -> None:
    assert shares(served.url) == [50.0, 50.0]
    served.edit_fixture("balanced-pair", set_shares(60.0, 40.0))
    poll(lambda: shares(served.url) == [60.0, 40.0], "the edited shares are served")


def test_a_new_fixture_file_is_served(served: Copy) -> None:
    doc = json.loads((served.fixtures / "solo-speaker.json").read_text())
    doc["scenario"], doc["request"]["query"]["file-hash"] = "added-later", "ab" * 16
    (served.fixtures / "added-later.json").write_text(json.dumps(doc))
    poll(lambda: httpx.get(f"{served.url}/speakers-balance?file-hash={'ab' * 16}",
                           headers=AUTH).headers.get("x-mock-scenario") == "added-later",
         "the new fixture answers")


def test_an_invalid_edit_keeps_the_last_good_state_and_says_why(served: Copy) -> None:
    served.edit_fixture("balanced-pair", set_shares(60.0, 60.0))
    refusal = "balanced-pair.json: $.response.body.speakers: [semantic:x-sum-at-most]"
    # Poll for this refusal, not any: a reload may first see the file half written.
    poll(lambda: refusal in served.log_text(), "the refusal is logged")
    assert "reload refused" in served.log_text()
    assert shares(served.url) == [50.0, 50.0]
    served.edit_fixture("balanced-pair", set_shares(70.0, 30.0))
    poll(lambda: shares(served.url) == [70.0, 30.0], "the fixed edit is served")


def test_broken_json_keeps_serving(served: Copy) -> None:
    (served.fixtures / "balanced-pair.json").write_text('{"scenario": ')
    poll(lambda: "[fixture:json]" in served.log_text(), "the refusal is logged")
    assert shares(served.url) == [50.0, 50.0]


def test_a_spec_edit_is_served(served: Copy) -> None:
    def not_found_message() -> str:
        response = httpx.get(f"{served.url}{BALANCE_URL}", headers={**AUTH, "Prefer": "code=404"})
        message: str = response.json()["message"]
        return message

    assert not_found_message() == "Meeting not found"
    text = served.spec.read_text()
    served.spec.write_text(text.replace("message: Meeting not found", "message: No such meeting"))
    poll(lambda: not_found_message() == "No such meeting", "the edited spec example is served")


def test_an_invalid_spec_edit_keeps_serving(served: Copy) -> None:
    served.spec.write_text(served.spec.read_text().replace("openapi: 3.0.3", "openapi: 3.1.0"))
    poll(lambda: "$.openapi: [version]" in served.log_text(), "the refusal is logged")
    assert shares(served.url) == [50.0, 50.0]


def test_requests_during_reloads_see_one_whole_state(served: Copy) -> None:
    """Edits flip the shares between two valid versions while requests keep coming: every answer
    is one version or the other, never a mix and never an error."""
    versions = ([50.0, 50.0], [55.0, 45.0])
    done = threading.Event()

    def flip() -> None:  # until the reader has seen the answer change three times (or 60 s)
        index = 0
        while not done.wait(0.15):
            index += 1
            served.edit_fixture("balanced-pair", set_shares(*versions[index % 2]))

    seen: list[list[float]] = []
    writer = threading.Thread(target=flip)
    writer.start()
    deadline = time.monotonic() + 60
    try:
        with httpx.Client(headers=AUTH) as client:
            while time.monotonic() < deadline and _changes(seen) < 3:
                response = client.get(f"{served.url}{BALANCE_URL}")
                assert response.status_code == 200, response.text
                seen.append([s["meeting_speaking_percentage"]
                             for s in response.json()["speakers"]])
    finally:
        done.set()
        writer.join()
    assert all(body in versions for body in seen)
    assert _changes(seen) >= 3


def _changes(seen: list[list[float]]) -> int:
    return sum(1 for before, after in zip(seen, seen[1:], strict=False) if before != after)


@pytest.mark.parametrize(("args", "watching"), [
    pytest.param((), True, id="default-watches"),
    pytest.param(("--no-reload",), False, id="no-reload-starts-no-watcher"),
])
def test_no_reload_starts_no_watcher(args: tuple[str, ...], watching: bool,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, no fixed wait: the CLI's app runs its start-up; a watcher starts only
    without --no-reload (and no watcher, no reload: test_a_fixture_edit_is_served)."""
    from click.testing import CliRunner

    import mockserver.mock.listen
    from mockserver.cli import cli
    from mockserver.mock.watcher import Watcher

    started: list[Watcher] = []
    monkeypatch.setattr(Watcher, "start", lambda self: started.append(self))

    def serve_on(_sock: Any, app: Any, _workers: int, **_options: Any) -> bool:
        asyncio.run(lifespan(app))
        return True

    monkeypatch.setattr(mockserver.mock.listen, "serve_on", serve_on)
    result = CliRunner().invoke(cli, ["serve", "--port", "0", *args])
    assert result.exit_code == 0, result.output
    assert bool(started) is watching


async def lifespan(app: Any) -> None:
    """Start the app up and shut it down, as uvicorn does."""
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> Any:
        return next(messages)

    async def send(_message: Any) -> None:
        return None

    await app({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)


def test_reload_in_background_refuses_a_bad_edit_without_swapping(tmp_path: Path) -> None:
    copy = Copy(tmp_path)
    app = create_app(Settings(spec_path=copy.spec, fixtures_dir=copy.fixtures))
    before = app.served
    copy.edit_fixture("balanced-pair", set_shares("50", 50.0))  # type: ignore[arg-type]
    assert asyncio.run(app.reload_in_background()) is False
    assert app.served is before
    copy.edit_fixture("balanced-pair", set_shares(40.0, 50.0))
    assert asyncio.run(app.reload_in_background()) is True
    assert app.served is not before


@pytest.mark.parametrize(("relative", "watched"), [
    pytest.param("openapi.yaml", True, id="the-spec"),
    pytest.param("fixtures", True, id="the-fixtures-folder"),
    pytest.param("fixtures/balanced-pair.json", True, id="a-fixture"),
    pytest.param("fixtures/tokens.json", True, id="tokens"),
    pytest.param("fixtures/.balanced-pair.json.swp", False, id="editor-swap-file"),
    pytest.param("fixtures/balanced-pair.json~", False, id="editor-backup"),
    pytest.param("fixtures/sub/x.json", False, id="subfolder"),
    pytest.param("README.md", False, id="another-file-next-to-the-spec"),
])
def test_only_the_spec_and_fixture_files_trigger_a_reload(tmp_path: Path, relative: str,
                                                          watched: bool) -> None:
    from watchfiles import Change

    from mockserver.mock.watcher import change_filter

    accept = change_filter(tmp_path / "openapi.yaml", tmp_path / "fixtures")
    assert accept(Change.modified, str(tmp_path / relative)) is watched


def test_an_unexpected_build_failure_keeps_serving(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import mockserver.mock.app

    app = create_app(Settings(spec_path=Copy(tmp_path).spec, fixtures_dir=tmp_path / "fixtures"))
    before = app.served

    def refuse(*_args: object) -> None:
        raise RuntimeError("connexion refused the spec")

    monkeypatch.setattr(mockserver.mock.app, "build_served", refuse)
    assert asyncio.run(app.reload_in_background()) is False
    assert app.served is before
