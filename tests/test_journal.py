"""Request journal, console lines, token masking and `--no-admin`: in-process on the real app;
a real process only where a terminal is the point."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import time

import httpx
import jwt
import pytest

from mockserver.core.masking import mask_authorization, mask_query, mask_secret
from mockserver.mock.app import create_app
from mockserver.mock.console import configure_logging, stop_console
from mockserver.mock.journal import Entry, Journal
from mockserver.settings import Settings
from tests.asgi import Client
from tests.support import (
    AUTH,
    BALANCED,
    DEV_TOKEN,
    ROOT,
    UNKNOWN,
    free_port,
    wait_until_up,
)

SECRET = "s3cr3t-extra-token-for-journal-tests"
JWT = jwt.encode({"sub": "frontend-user", "exp": 4102444800}, "k" * 32, algorithm="HS256")
REQUESTS = "/__mock__/requests"
ORIGIN = {"Origin": "http://localhost:5173"}


@pytest.mark.parametrize(("secret", "masked"), [
    pytest.param(DEV_TOKEN, "meet…(16 chars)", id="long-token-shows-4-chars-and-length"),
    pytest.param("short-token", "…(11 chars)", id="short-token-shows-only-length"),
    pytest.param("x", "…(1 chars)", id="one-char"),
])
def test_mask_secret(secret: str, masked: str) -> None:
    assert mask_secret(secret) == masked


@pytest.mark.parametrize(("header", "masked"), [
    pytest.param(f"Bearer {DEV_TOKEN}", "Bearer meet…(16 chars)", id="bearer"),
    pytest.param("Basic dXNlcjpwYXNz", "Basic …(12 chars)", id="basic"),
    pytest.param("Bearer", "Bearer", id="no-credentials"),
    pytest.param(None, None, id="absent"),
])
def test_mask_authorization(header: str | None, masked: str | None) -> None:
    assert mask_authorization(header) == masked


def test_credential_like_query_values_are_masked() -> None:
    masked = mask_query(f"file-hash={BALANCED}&access_token={SECRET}&api_key=abc")
    assert masked == (f"file-hash={BALANCED}&access_token=s3cr…({len(SECRET)} chars)"
                      "&api_key=…(3 chars)")


def entry(seq: int) -> Entry:
    return Entry(seq, 0.0, "GET", "/p", "", 200, 0.001, None, None)


def test_journal_is_a_ring_buffer() -> None:
    journal = Journal(3)
    for seq in range(1, 11):
        journal.add(entry(seq))
    assert [e.seq for e in journal.entries()] == [8, 9, 10]


@pytest.fixture(scope="module")
def journaled() -> Client:
    """In-process (the socket is not the point): the real app, journal of 3, an extra token."""
    return Client(create_app(Settings(reload=False, journal_size=3, tokens=(SECRET,))))


@pytest.fixture
def journal(journaled: Client) -> Client:
    assert journaled.delete(REQUESTS).status_code == 200
    return journaled


def get_journal(client: Client) -> list[dict[str, object]]:
    response = client.get(REQUESTS)
    assert response.status_code == 200
    entries: list[dict[str, object]] = response.json()["requests"]
    return entries


def test_journal_records_what_answered(journal: Client) -> None:
    journal.get(f"/speakers-balance?file-hash={BALANCED}", headers=AUTH)
    [entry] = get_journal(journal)
    assert entry["method"] == "GET"
    assert entry["path"] == "/speakers-balance"
    assert entry["query"] == f"file-hash={BALANCED}"
    assert entry["status"] == 200
    assert entry["scenario"] == "balanced-pair"
    assert entry["token"] == "Bearer meet…(16 chars)"
    assert isinstance(entry["duration_ms"], float)


def test_journal_keeps_only_the_last_n(journal: Client) -> None:
    for _ in range(5):
        journal.get(f"/speakers-balance?file-hash={UNKNOWN}", headers=AUTH)
    body = journal.get(f"{REQUESTS}").json()
    assert (body["size"], body["count"]) == (3, 3)
    seqs = [e["seq"] for e in body["requests"]]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def test_delete_clears_the_journal(journal: Client) -> None:
    journal.get(f"/speakers-balance?file-hash={BALANCED}", headers=AUTH)
    assert journal.delete(f"{REQUESTS}").json() == {"cleared": 1}
    assert get_journal(journal) == []


def test_journal_never_holds_a_whole_token(journal: Client) -> None:
    for token in (SECRET, JWT, "wrong-but-secret-looking-token"):
        journal.get(f"/speakers-balance?file-hash={BALANCED}",
                  headers={"Authorization": f"Bearer {token}"})
    journal.get(f"/speakers-balance?file-hash={BALANCED}&access_token={SECRET}",
              headers=AUTH)
    text = journal.get(f"{REQUESTS}").text
    for token in (SECRET, JWT, "wrong-but-secret-looking-token", DEV_TOKEN):
        assert token not in text


def test_admin_endpoints_answer_cross_origin_reads(journal: Client) -> None:
    response = journal.get(f"{REQUESTS}", headers=ORIGIN)
    assert response.headers["access-control-allow-origin"] == "*"


def test_admin_endpoints_answer_a_delete_preflight(journal: Client) -> None:
    response = journal.options(f"{REQUESTS}", headers={
        **ORIGIN, "Access-Control-Request-Method": "DELETE"})
    assert response.status_code == 200
    assert "DELETE" in response.headers["access-control-allow-methods"]


def test_admin_errors_use_the_spec_shape(journal: Client) -> None:
    response = journal.request("POST", f"{REQUESTS}")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, DELETE"
    assert "Allowed methods: GET, HEAD, DELETE" in response.json()["message"]


def test_console_prints_one_masked_line_per_request() -> None:
    stream = io.StringIO()
    configure_logging("info", stream)
    try:
        client = Client(create_app(Settings(reload=False, tokens=(SECRET,))))
        marker = "c0ffee" * 6
        for token in (SECRET, JWT):
            client.get(f"/speakers-balance?file-hash={marker}",
                       headers={"Authorization": f"Bearer {token}"})
    finally:
        stop_console()  # flushes: not a terminal, so the lines waited in the console's buffer
    output = stream.getvalue()
    lines = [ln for ln in output.splitlines() if marker in ln]
    assert len(lines) == 2
    assert " 404 " in lines[0] and "auth=Bearer s3cr…(36 chars)" in lines[0]
    assert "\x1b[" not in output  # not a terminal: no colour codes
    for token in (SECRET, JWT):
        assert token not in output


@pytest.fixture(scope="module")
def no_admin() -> Client:
    return Client(create_app(Settings(reload=False, admin=False)))


@pytest.mark.parametrize("method_path", [
    pytest.param(("GET", REQUESTS), id="journal"),
    pytest.param(("DELETE", REQUESTS), id="clear"),
    pytest.param(("GET", "/__mock__/fixtures"), id="fixtures"),
])
def test_no_admin_turns_off_every_mock_endpoint(no_admin: Client,
                                                method_path: tuple[str, str]) -> None:
    method, path = method_path
    response = no_admin.request(method, path, headers=AUTH)
    assert response.status_code in (404, 405)
    assert response.headers["content-type"] == "application/json"
    assert "__mock__" not in response.json()["message"].split("serves", 1)[-1]


def test_no_admin_keeps_the_api(no_admin: Client) -> None:
    response = no_admin.get(f"/speakers-balance?file-hash={BALANCED}", headers=AUTH)
    assert response.status_code == 200


def test_status_is_coloured_only_when_asked() -> None:
    from mockserver.mock.console import format_line

    plain = Entry(1, 1767261600.0, "GET", "/p", "", 404, 0.001, None, None)
    assert "\x1b[33m404\x1b[0m" in format_line(plain, color=True)
    assert "\x1b[" not in format_line(plain, color=False)


def test_console_colours_the_status_on_a_terminal() -> None:
    """The server's stdout is a pseudo-terminal here, as in a developer's shell."""
    master, slave = pty.openpty()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "mockserver", "serve", "--port", str(port),
                             "--no-reload"], cwd=ROOT, stdout=slave, stderr=slave)
    os.close(slave)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, proc)
        httpx.get(f"{url}/speakers-balance?file-hash={BALANCED}", headers=AUTH)
        output = read_until(master, f"{BALANCED} \x1b[32m200\x1b[0m")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        os.close(master)
    assert "\x1b[32m200\x1b[0m" in output
    (line,) = [ln for ln in output.splitlines()  # the request's line, not the banner's
                if BALANCED in ln and "\x1b[32m200\x1b[0m" in ln]
    assert DEV_TOKEN not in line and "meet…(16 chars)" in line


def read_until(fd: int, wanted: str, timeout: float = 10.0) -> str:
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and wanted.encode() not in b"".join(chunks):
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunks.append(os.read(fd, 65536))
    return b"".join(chunks).decode(errors="replace")


def test_a_huge_query_is_cut_in_the_journal(journal: Client) -> None:
    journal.get(f"/speakers-balance?file-hash={BALANCED}&pad={'x' * 6000}",
              headers=AUTH)
    [entry] = get_journal(journal)
    assert isinstance(entry["query"], str)
    assert len(entry["query"]) < 1100
    assert entry["query"].endswith(f"…({len(BALANCED) + 10 + 5 + 6000} chars)")
