"""Security: where the mock listens, and that no request reads a file it was not given at start.

The file check runs the real CLI under an audit hook (``tests/audited_serve.py``) that logs
every ``open`` and directory operation; after a warm-up, requests built to reach files must cause
no file operation at all.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import swagger_ui_bundle

from mockserver.mock.pathguard import unsafe_path
from tests.polling import poll
from tests.rawhttp import GOOD_TARGET, address, get, request
from tests.support import ROOT, free_port, wait_until_up

LISTEN = "0A"


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the LISTEN sockets on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            hex_address, hex_port = local.split(":")
            if state == LISTEN and int(hex_port, 16) == port:
                found.add(_address(hex_address))
    return found


def _address(hex_address: str) -> str:
    if len(hex_address) == 8:  # IPv4, little-endian
        return socket.inet_ntop(socket.AF_INET, bytes.fromhex(hex_address)[::-1])
    words = [bytes.fromhex(hex_address[i:i + 8])[::-1] for i in range(0, 32, 8)]
    return socket.inet_ntop(socket.AF_INET6, b"".join(words))


def connects(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def test_by_default_the_mock_listens_on_127_0_0_1_only(mock_url: str) -> None:
    """The session's mock runs without --host."""
    port = address(mock_url)[1]
    assert listening_addresses(port) == {"127.0.0.1"}
    assert connects("127.0.0.1", port)
    assert not connects("127.0.0.2", port)  # another loopback address: refused


def test_host_flag_moves_the_listening_socket() -> None:
    """``--host`` is obeyed exactly (tried with another loopback address, never 0.0.0.0)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockserver", "serve", "--host", "127.0.0.2", "--port", str(port),
         "--log-level", "warning"], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.2:{port}", proc)
        assert listening_addresses(port) == {"127.0.0.2"}
        assert not connects("127.0.0.1", port)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("audit") / "events.log"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "audited_serve.py"), str(log), "serve",
         "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc)
        yield url, log
    finally:
        proc.terminate()
        proc.wait(timeout=10)


SENTINEL = b"/ui/swagger-ui.css"
"""A request known to open a file: once its event is in the log, every earlier one is too."""


@contextlib.contextmanager
def file_events(log: Path, url: str) -> Iterator[list[str]]:
    """The file events logged while the block runs: no fixed wait, the block is closed by the
    sentinel's own event (events are logged in order, flushed at once)."""
    events: list[str] = []
    start = len(log.read_text().splitlines())
    yield events
    assert get(url, request(SENTINEL, token=None)).status == 200
    poll(lambda: any(_is_sentinel(ln) for ln in log.read_text().splitlines()[start:]),
         "the sentinel's file event is logged")
    lines = log.read_text().splitlines()[start:]
    events.extend(lines[:next(i for i, ln in enumerate(lines) if _is_sentinel(ln))])


def _is_sentinel(line: str) -> bool:
    """The open of the real ``swagger-ui.css`` (not of a path that only passes through it)."""
    return line.startswith("open\t") and line.endswith("/swagger-ui.css'")


# Requests whose data names files: hashes, paths and preferences that point at the fixtures,
# the tokens, the project and the system. None may cause a single file operation.
REACHING = [
    pytest.param(b"/speakers-balance?file-hash=../../../../etc/passwd", id="hash-etc-passwd"),
    pytest.param(b"/speakers-balance?file-hash=..%2Ffixtures%2Ftokens.json", id="hash-tokens"),
    pytest.param(b"/speakers-balance?file-hash=%2Fetc%2Fpasswd", id="hash-absolute"),
    pytest.param(b"/speakers-balance?file-hash=balanced-pair.json", id="hash-fixture-file"),
    pytest.param(b"/speakers-balance?file-hash=" + b"0" * 32 + b"/../../x", id="hash-suffix"),
    pytest.param(b"/ui/../../../../etc/passwd", id="ui-traversal"),
    pytest.param(b"/ui/..%2F..%2F..%2F..%2Fetc%2Fpasswd", id="ui-encoded-traversal"),
    pytest.param(b"/ui/%2e%2e/%2e%2e/pyproject.toml", id="ui-dot-encoded"),
    pytest.param(b"/ui/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd", id="ui-deep-encoded"),
    pytest.param(b"/ui/swagger-ui.css/..%2F..%2F__init__.py", id="ui-through-a-real-file"),
    pytest.param(b"/ui//etc/passwd", id="ui-absolute"),
    pytest.param(b"/ui/..%5C..%5Cpyproject.toml", id="ui-backslash"),
    pytest.param(b"/__mock__/../../etc/passwd", id="mock-traversal"),
    pytest.param(b"/__mock__/fixtures/..%2F..%2Ffixtures%2Ftokens.json", id="mock-tokens"),
    pytest.param(b"/__mock__/fixtures/balanced-pair.json", id="mock-fixture-file"),
    pytest.param(b"/fixtures/tokens.json", id="fixtures-folder"),
    pytest.param(b"/openapi.yaml/../pyproject.toml", id="spec-traversal"),
    pytest.param(b"/%2e%2e/%2e%2e/etc/passwd", id="root-dot-encoded"),
]


def test_audit_hook_sees_request_driven_file_reads(audited: tuple[str, Path]) -> None:
    """The instrument works: serving a Swagger UI asset opens that file, and the log says so."""
    url, log = audited
    start = len(log.read_text().splitlines())
    assert get(url, request(SENTINEL, token=None)).status == 200
    poll(lambda: any("swagger-ui.css" in ln for ln in log.read_text().splitlines()[start:]),
         "serving a Swagger UI asset is logged as a file event")


@pytest.mark.parametrize("target", REACHING)
def test_no_request_touches_the_file_system(audited: tuple[str, Path], target: bytes) -> None:
    url, log = audited
    get(url, request(target))  # warm-up: imports a first request of this kind may trigger
    with file_events(log, url) as events:
        answer = get(url, request(target))
        prefer = get(url, request(GOOD_TARGET, headers=[b"Prefer: example=" + target]))
    assert 400 <= answer.status < 500 and answer.content_type == "application/json", answer
    assert prefer.status == 400, prefer
    assert events == []


MARKER = b"zqxmarker"
MARKED = [  # each names a file, and carries MARKER so any syscall built from it would show it
    b"/speakers-balance?file-hash=../../zqxmarker/etc/passwd",
    b"/speakers-balance?file-hash=%2Fzqxmarker%2Fetc%2Fpasswd",
    b"/ui/../../zqxmarker/../etc/passwd",
    b"/ui/..%2F..%2Fzqxmarker%2F..%2F..%2Fetc%2Fpasswd",
    b"/ui/zqxmarker.css",
    b"/ui/%2e%2e/zqxmarker/%2e%2e/pyproject.toml",
    b"/__mock__/fixtures/..%2F..%2Fzqxmarker%2Fetc%2Fpasswd",
    b"/zqxmarker/../fixtures/tokens.json",
    b"/ui/" + b"..%2F" * 12 + b"zqxmarker%2F..%2Fetc%2Fpasswd",
    b"/ui/" + b"..%2F" * 12 + b"etc%2Fpasswd",
    b"/ui/" + b"..%2F" * 12 + b"root%2F.ssh%2Fid_rsa",
]


def _strace_usable() -> bool:
    strace = shutil.which("strace")
    if strace is None:
        return False
    return subprocess.run([strace, "-qq", "-o", os.devnull, "true"], capture_output=True,
                          timeout=20, check=False).returncode == 0


@pytest.mark.slow
@pytest.mark.timeout(120)
@pytest.mark.skipif(not _strace_usable(), reason="strace missing or ptrace not permitted")
def test_no_syscall_is_built_from_request_data(tmp_path: Path) -> None:
    """Every file syscall (open, stat, access, readlink, ...) of the server, under strace: none
    built from a request leaves the Swagger UI asset folder; none reaches /etc or the project.
    Catches what the audit hook cannot see (stat)."""
    trace = tmp_path / "strace.log"
    port = free_port()
    proc = subprocess.Popen(
        ["strace", "-f", "-qq", "-e", "trace=%file", "-o", str(trace),
         sys.executable, "-m", "mockserver", "serve", "--port", str(port), "--log-level",
         "warning"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, proc, timeout=60)
        assert get(url, request(b"/ui/swagger-ui.css", token=None)).status == 200
        statuses = [get(url, request(target)).status for target in MARKED]
        statuses += [get(url, request(GOOD_TARGET, headers=[b"Prefer: example=" + target])).status
                     for target in MARKED]
    finally:
        _stop_traced(proc)
    assert all(400 <= status < 500 for status in statuses), statuses
    syscalls = trace.read_bytes()
    assert b"swagger-ui.css" in syscalls  # the instrument sees request-driven file access
    # The one place a request's path reaches the file system: Starlette's StaticFiles looking up
    # a Swagger UI asset (GET /ui/zqxmarker.css -> stat), inside the bundle's own folder.
    assets = str(Path(swagger_ui_bundle.__file__).parent).encode()
    touched = [line for line in syscalls.splitlines() if MARKER in line]
    assert touched, "GET /ui/zqxmarker.css should at least be looked up"
    assert all(b'"' + assets + b"/" in line and b".." not in line for line in touched), touched
    for reached in (b"etc/passwd", b"/.ssh", b"pyproject.toml"):
        assert reached not in syscalls, [ln for ln in syscalls.splitlines() if reached in ln]


def _stop_traced(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server strace runs (strace itself does not pass SIGTERM on); strace then
    exits with it."""
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    for pid in (children.read_text().split() if children.exists() else []):
        os.kill(int(pid), signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize(("path", "unsafe"), [
    pytest.param("/ui/swagger-ui.css", False, id="asset"),
    pytest.param("/ui/", False, id="ui-root"),
    pytest.param("/speakers-balance", False, id="endpoint"),
    pytest.param("/ui/..", True, id="dot-dot-last"),
    pytest.param("/ui/../../etc/passwd", True, id="dot-dot"),
    pytest.param("/ui/a..b/c", False, id="dots-inside-a-name"),
    pytest.param("/ui/..\\..\\x", True, id="backslash"),
    pytest.param("/ui/a\x00b", True, id="nul"),
])
def test_path_guard_refuses_only_paths_that_can_step_out(path: str, unsafe: bool) -> None:
    assert unsafe_path(path) is unsafe


@pytest.mark.parametrize("path", [
    pytest.param("/ui/../../../../../../etc/passwd", id="dot-dot"),
    pytest.param("/ui/..\\..\\..\\..\\etc\\passwd", id="backslash"),
    pytest.param("/ui/swagger-ui.css\x00/../../etc/passwd", id="nul"),
])
def test_a_traversal_path_is_refused_before_any_file_is_looked_up(
        path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, fast: the path guard answers 404 before Swagger UI's StaticFiles resolves the
    path on disk (the strace test below shows the same at the syscall level)."""
    from mockserver.mock.app import create_app
    from mockserver.settings import Settings
    from tests.asgi import call

    app = create_app(Settings(reload=False))
    looked_up: list[str] = []
    realpath, stat = os.path.realpath, os.stat

    def spy_realpath(p: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(str(p))
        return realpath(p, *args, **kwargs)

    def spy_stat(p: Any, *args: Any, **kwargs: Any) -> Any:
        looked_up.append(str(p))
        return stat(p, *args, **kwargs)

    monkeypatch.setattr(os.path, "realpath", spy_realpath)
    monkeypatch.setattr(os, "stat", spy_stat)
    status, body = call(app, path)
    assert status == 404 and b'"message"' in body
    assert not [p for p in looked_up if "etc" in p], looked_up
