"""No forged lines: control characters from a request never reach a console or log line raw, and
the console shows only public development tokens (``--token`` values stay masked)."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from mockserver.core.masking import escape_control
from mockserver.mock.app import MockApp, create_app
from mockserver.mock.console import configure_logging, flush, stop_console
from mockserver.settings import Settings
from tests.asgi import call
from tests.support import BALANCED, DEV_TOKEN

FORGED = "12:00:00.000 GET    /forged 200 0.1ms"
CONTROLS = [
    pytest.param("\n", id="LF"), pytest.param("\r", id="CR"), pytest.param("\x1b", id="ESC"),
    pytest.param("\x00", id="NUL"), pytest.param("\x08", id="BS"), pytest.param("\x7f", id="DEL"),
    pytest.param("\x85", id="C1-NEL"), pytest.param("\x9b", id="C1-CSI"),
    pytest.param("\u2028", id="LINE-SEPARATOR"),
]


@pytest.fixture(scope="module")
def app() -> MockApp:
    return create_app(Settings(reload=False, tokens=("given-with-token-0123456789",)))


@pytest.fixture
def console(app: MockApp) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("info", stream)
    yield stream
    stop_console()


def _written(console: io.StringIO) -> str:
    flush()  # not a terminal: lines wait in the console's buffer until flushed
    return console.getvalue()


def _one_line(console: io.StringIO, char: str) -> str:
    text = _written(console)
    assert text.endswith("\n"), repr(text)
    line = text[:-1]
    assert char not in line and "\x1b" not in line and line.isprintable(), repr(text)
    return line


@pytest.mark.parametrize("char", CONTROLS)
def test_a_control_character_in_the_path_is_escaped(app: MockApp, console: io.StringIO,
                                                    char: str) -> None:
    call(app, f"/speakers-balance{char}{FORGED}")
    assert escape_control(f"{char}{FORGED}") in _one_line(console, char)


@pytest.mark.parametrize("char", CONTROLS)
def test_a_control_character_in_the_query_is_escaped(app: MockApp, console: io.StringIO,
                                                     char: str) -> None:
    call(app, "/speakers-balance", query=f"file-hash={BALANCED}{char}{FORGED}".encode("latin-1",
                                                                                       "replace"))
    _one_line(console, char)


@pytest.mark.parametrize("char", CONTROLS)
def test_a_control_character_in_a_header_value_is_escaped(app: MockApp, console: io.StringIO,
                                                          char: str) -> None:
    value = f"{char}{FORGED} {DEV_TOKEN}".encode("latin-1", "replace")
    call(app, "/speakers-balance", query=f"file-hash={BALANCED}".encode(),
         headers=[(b"authorization", value)])
    _one_line(console, char)


def test_the_method_is_escaped(app: MockApp, console: io.StringIO) -> None:
    call(app, "/speakers-balance", method=f"GET\n{FORGED}")
    _one_line(console, "\n")


def test_a_token_given_with_token_is_masked_on_the_console(app: MockApp,
                                                           console: io.StringIO) -> None:
    secret = "given-with-token-0123456789"
    status, _ = call(app, "/speakers-balance", query=f"file-hash={BALANCED}".encode(),
                     headers=[(b"authorization", f"Bearer {secret}".encode())])
    assert status == 200
    written = _written(console)
    assert secret not in written and "give…(27 chars)" in written


def test_a_given_token_is_not_on_the_catalog_page_but_the_development_token_is(
        app: MockApp) -> None:
    for path in ("/", "/__mock__/fixtures"):
        status, body = call(app, path)
        assert status == 200
        assert b"given-with-token" not in body
        assert f"export MEETRA_TOKEN={DEV_TOKEN}".encode() in body


@pytest.mark.parametrize("char", CONTROLS)
def test_escape_control_leaves_one_printable_line(char: str) -> None:
    escaped = escape_control(f"a{char}b")
    assert escaped.isprintable() and escaped.startswith("a\\") and escaped.endswith("b")


@pytest.mark.parametrize("char", CONTROLS)
def test_proxy_warning_lines_escape_control_characters(char: str) -> None:
    from mockserver.proxy.app import OneLineFormatter

    record = logging.LogRecord("mockserver.proxy", logging.WARNING, __file__, 1, "%s %s -> %d: %s",
                               ("GET", "/x", 200, f"response $.id: bad value 'a{char}{FORGED}'"),
                               None)
    line = OneLineFormatter("proxy %(levelname)s: %(message)s").format(record)
    assert line.isprintable() and line.startswith("proxy WARNING: GET /x -> 200: response $.id")
