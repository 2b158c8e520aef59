"""The request line's cost: off a terminal, lines wait in a bounded buffer (one write per flush,
at least every 100 ms), on a terminal each is written at once; none is lost when the server is
stopped with SIGTERM."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mockserver.mock import console
from mockserver.mock.console import FLUSH_SECONDS, MAX_PENDING, Console
from mockserver.mock.journal import Entry
from tests.polling import poll
from tests.support import AUTH, ROOT, free_port, wait_until_up


class Stream(io.StringIO):
    """A text stream that counts the calls a line costs."""

    def __init__(self, tty: bool = False) -> None:
        super().__init__()
        self.tty, self.writes, self.flushes = tty, 0, 0

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)

    def flush(self) -> None:
        self.flushes += 1


def entry(seq: int) -> Entry:
    return Entry(seq, 1767261600.0, "GET", f"/p{seq}", "", 200, 0.0001, None, None)


async def until(check: object, what: str, timeout: float = 5.0) -> None:
    """Poll ``check()`` on the running loop (the console's timer runs there too)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():  # type: ignore[operator]
        assert loop.time() < deadline, f"not within {timeout} s: {what}"
        await asyncio.sleep(0.01)


def test_off_a_terminal_lines_wait_and_go_out_in_one_write() -> None:
    stream = Stream()
    lines = Console(stream, color=False, buffered=True)

    async def serve() -> float:
        began = asyncio.get_running_loop().time()
        for seq in range(10):
            lines.emit(entry(seq))
        assert stream.writes == 0  # nothing written per request
        await until(lambda: stream.writes > 0, "the timer's flush")
        return asyncio.get_running_loop().time() - began

    took = asyncio.run(serve())
    assert (stream.writes, stream.flushes) == (1, 1)
    assert stream.getvalue().splitlines() == [console.format_line(entry(s)) for s in range(10)]
    assert took >= FLUSH_SECONDS * 0.9


def test_a_full_buffer_is_written_without_waiting_for_the_timer() -> None:
    stream = Stream()
    lines = Console(stream, color=False, buffered=True)

    async def serve() -> None:
        for seq in range(MAX_PENDING - 1):
            lines.emit(entry(seq))
        assert stream.writes == 0
        lines.emit(entry(MAX_PENDING))
        assert stream.writes == 1

    asyncio.run(serve())
    assert len(stream.getvalue().splitlines()) == MAX_PENDING


def test_lines_left_by_an_ended_loop_go_out_with_the_next_loops_timer() -> None:
    stream = Stream()
    lines = Console(stream, color=False, buffered=True)

    async def first() -> None:
        lines.emit(entry(1))  # its timer dies with this loop

    async def second() -> None:
        lines.emit(entry(2))
        await until(lambda: stream.writes > 0, "the new loop's flush")

    asyncio.run(first())
    asyncio.run(second())
    assert len(stream.getvalue().splitlines()) == 2


def test_on_a_terminal_each_line_is_written_and_flushed_at_once() -> None:
    stream = Stream(tty=True)
    console.configure_logging("info", stream)
    try:
        async def serve() -> None:
            console.emit(entry(1))
            assert (stream.writes, stream.flushes) == (1, 1)

        asyncio.run(serve())
    finally:
        console.stop_console()
    assert stream.getvalue() == console.format_line(entry(1), color=True) + "\n"
    assert "\x1b[32m200\x1b[0m" in stream.getvalue()


@pytest.mark.parametrize("level", ["warning", "error"])
def test_above_info_there_is_no_request_line(level: str) -> None:
    stream = Stream()
    console.configure_logging(level, stream)
    console.emit(entry(1))
    console.stop_console()
    assert stream.getvalue() == ""


def test_a_closed_stream_never_fails_the_request() -> None:
    stream = Stream()
    stream.close()
    Console(stream, color=False, buffered=False).emit(entry(1))  # no exception


def test_the_waiting_lines_are_written_when_the_server_shuts_down(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The lifespan's shutdown flushes, whether or not the timer has run yet."""
    from mockserver.mock.app import create_app
    from mockserver.settings import Settings

    monkeypatch.setattr(console, "FLUSH_SECONDS", 60.0)  # the timer will not run in this test
    app = create_app(Settings(reload=False))
    stream = Stream()
    console.configure_logging("info", stream)

    async def serve() -> None:
        inbox: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        outbox: list[object] = []

        async def send(message: object) -> None:
            outbox.append(message)

        await inbox.put({"type": "lifespan.startup"})
        lifespan = asyncio.create_task(app({"type": "lifespan"}, inbox.get, send))
        await until(lambda: outbox, "startup complete")
        await app({"type": "http", "method": "GET", "path": "/", "query_string": b"",
                   "headers": [], "root_path": ""}, inbox.get, send)
        assert stream.writes == 0
        await inbox.put({"type": "lifespan.shutdown"})
        await lifespan
        assert stream.writes == 1

    try:
        asyncio.run(serve())
    finally:
        console.stop_console()
    assert " GET    / 200 " in stream.getvalue()


def test_the_waiting_lines_are_written_at_exit() -> None:
    """A process that ends before the timer runs (its loop gone) still prints its lines."""
    code = ("import asyncio\n"
            "from mockserver.mock import console\n"
            "from mockserver.mock.journal import Entry\n"
            "console.configure_logging('info')\n"
            "async def main():\n"
            "    console.emit(Entry(1, 0.0, 'GET', '/at-exit', '', 200, 0.0001, None, None))\n"
            "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(" /at-exit 200 ") == 1


@pytest.fixture
def server_log(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """``mockserver serve`` with stdout in a file (not a terminal: buffered lines)."""
    log = tmp_path / "serve.log"
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--port", str(port),
                                 "--no-reload"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, proc)
            yield url, proc, log
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


def test_a_line_reaches_a_file_while_the_server_runs(
        server_log: tuple[str, subprocess.Popen[bytes], Path]) -> None:
    url, proc, log = server_log
    httpx.get(f"{url}/speakers-balance?file-hash={'ab' * 16}", headers=AUTH)
    poll(lambda: f"{'ab' * 16} 404" in log.read_text(), "the request's line, by the timer")
    assert proc.poll() is None


def test_no_line_is_lost_on_sigterm(server_log: tuple[str, subprocess.Popen[bytes], Path]) -> None:
    url, proc, log = server_log
    marker, count = "cd" * 16, 300
    with httpx.Client(headers=AUTH) as client:
        for _ in range(count):
            client.get(f"{url}/speakers-balance?file-hash={marker}")
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=20) == 0
    assert log.read_text().count(f"{marker} 404") == count
