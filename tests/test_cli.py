"""The command line: exit codes and what it prints, run as a user runs it."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import click
import httpx
import pytest
from click.testing import CliRunner

from mockserver.cli import cli
from mockserver.settings import Settings
from tests.support import DEV_TOKEN, ROOT, free_port, mockserver

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def bad_fixtures(tmp_path: Path) -> Path:
    """The bundled fixtures with three realistic mistakes."""
    target = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", target)
    for name, change in [
        ("balanced-pair", lambda s: s[0].__setitem__("meeting_speaking_percentage", "50")),
        ("dominant-speaker", lambda s: s[1].__setitem__("id", s[0]["id"])),
        ("solo-speaker", lambda s: s.append({"id": "x", "meeting_speaking_percentage": 30.0})),
    ]:
        path = target / f"{name}.json"
        doc = json.loads(path.read_text())
        change(doc["response"]["body"]["speakers"])
        path.write_text(json.dumps(doc, indent=2))
    return target


def in_process(*args: str) -> Any:
    """``mockserver ARGS`` through click's CliRunner: the real command, no new process."""
    result = CliRunner().invoke(cli, list(args))
    result.returncode = result.exit_code
    return result


def test_validate_accepts_the_bundled_spec_and_fixtures() -> None:
    result = in_process("validate")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_validate_lists_every_problem_with_file_path_and_rule(bad_fixtures: Path) -> None:
    result = in_process("validate", "--fixtures", str(bad_fixtures))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    expected = [
        ("balanced-pair.json", "$.response.body.speakers[0].meeting_speaking_percentage", "[schema:type]"),
        ("dominant-speaker.json", "$.response.body.speakers[1].id", "[semantic:x-unique-by]"),
        ("solo-speaker.json", "$.response.body.speakers", "[semantic:x-sum-at-most]"),
    ]
    for file, path, rule in expected:
        assert any(file in ln and f": {path}: {rule}" in ln for ln in lines), (file, lines)
    assert "sum to 130.0" in result.stderr
    assert "3 problem(s) found." in result.stderr


def test_validate_checks_spec_examples(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    text = (ROOT / "openapi.yaml").read_text()
    spec.write_text(text.replace("value: 7faa938dfb14e7ca8129a40a7e47bb02", "value: not-a-hash", 1)
                    .replace("message: Meeting not found", "message: ''", 1))
    result = in_process("validate", "--spec", str(spec))
    assert result.returncode == 1
    assert "examples.balanced-pair: [example:parameter-schema]" in result.stderr
    assert "responses.404.examples.default.value.message: [example:schema:minLength]" in result.stderr


def test_validate_reports_an_invalid_spec(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text((ROOT / "openapi.yaml").read_text().replace("openapi: 3.0.3", "openapi: 3.1.0"))
    result = in_process("validate", "--spec", str(spec))
    assert result.returncode == 1
    assert "$.openapi: [version]" in result.stderr


def test_serve_refuses_to_start_on_a_bad_fixture(bad_fixtures: Path) -> None:
    result = in_process("serve", "--port", str(free_port()), "--fixtures", str(bad_fixtures))
    assert result.returncode == 2
    assert "cannot start" in result.stderr
    assert "balanced-pair.json: $.response.body.speakers[0].meeting_speaking_percentage: [schema:type]" in result.stderr


def test_wheel_ships_spec_and_fixtures_and_uses_them_by_default(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True, timeout=120)
    wheel = next(tmp_path.glob("meetra_mockserver-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "mockserver/_bundled/openapi.yaml" in names
    assert "mockserver/_bundled/fixtures/balanced-pair.json" in names
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); "
         "from mockserver.cli import main; sys.argv = ['mockserver', 'validate']; sys.exit(main())",
         str(unpacked)],
        cwd=elsewhere, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert str(unpacked / "mockserver" / "_bundled" / "openapi.yaml") in result.stdout


@pytest.mark.parametrize("where", [
    pytest.param(("openapi.yaml", "fixtures"), id="bundled"),
    pytest.param(("tests/specs/meetra-plus/openapi.yaml", "tests/specs/meetra-plus/fixtures"),
                 id="meetra-plus-default-fixture-with-header"),
])
def test_the_banner_shows_the_development_token_and_its_curl_line_works(
        where: tuple[str, str]) -> None:
    """Export the banner's line, paste its curl: the first fixture answers. A --token value is
    never printed."""
    from mockserver.mock.app import create_app
    from mockserver.mock.banner import banner

    settings = Settings(spec_path=ROOT / where[0], fixtures_dir=ROOT / where[1], reload=False,
                        tokens=("a-secret-given-with-token",))
    app = create_app(settings)
    text = banner(settings, app.catalog)
    assert f"  export MEETRA_TOKEN={DEV_TOKEN}" in text.splitlines()
    assert "a-secret-given-with-token" not in text
    (line,) = [ln for ln in text.splitlines() if ln.strip().startswith("curl ")]
    method, url, headers, body = curl_request(line.replace("$MEETRA_TOKEN", DEV_TOKEN))
    response = send_in_process(app, method, url, headers, body)
    first = app.catalog.fixtures.fixtures[0]
    assert (response.status_code, response.headers["x-mock-scenario"]) == (
        first.status, first.scenario)


def curl_request(line: str) -> tuple[str, str, dict[str, str], bytes | None]:
    """The request a printed ``curl [-X M] [-H 'N: V']… [-d BODY] URL`` line sends."""
    import shlex

    args, method, headers, body = shlex.split(line)[1:], "GET", {}, None
    while len(args) > 1:
        flag, value, args = args[0], args[1], args[2:]
        if flag == "-X":
            method = value
        elif flag == "-H":
            name, _, text = value.partition(": ")
            headers[name] = text
        elif flag == "-d":
            body = value.encode()
        else:
            raise AssertionError(f"unexpected curl option {flag}")
    return method, args[0], headers, body


def send_in_process(app: Any, method: str, url: str, headers: dict[str, str],
                    body: bytes | None) -> httpx.Response:
    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as client:
            return await client.request(method, url, headers=headers, content=body)
    return asyncio.run(send())


def test_a_busy_port_exits_2_before_any_banner_naming_the_port_flag() -> None:
    """A real socket holds the port: the second server says so in one line, and promises nothing."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = mockserver("serve", "--port", str(port), "--no-reload")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert f"port {port}" in line and "--port" in line and "already in use" in line


def test_the_proxy_on_a_busy_port_exits_2_naming_the_port_flag() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = mockserver("proxy", "--upstream", "http://127.0.0.1:9", "--port", str(port))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert f"port {port}" in result.stderr and "--port" in result.stderr


@pytest.mark.parametrize("command", ["serve", "validate", "proxy", "contract"])
def test_every_command_has_a_whole_sentence_in_the_command_list(command: str) -> None:
    listing = CliRunner().invoke(cli, ["--help"], terminal_width=80).output
    (line,) = [ln for ln in listing.splitlines() if ln.strip().startswith(command + " ")]
    assert line.rstrip().endswith(".") and "..." not in line, line


@pytest.mark.parametrize("command", ["serve", "validate", "proxy", "contract"])
def test_every_option_has_help(command: str) -> None:
    group = cli
    assert isinstance(group, click.Group)
    sub = group.commands[command]
    missing = [p.name for p in sub.params if isinstance(p, click.Option) and not p.help]
    assert missing == []


def test_the_readme_lists_every_exit_code_the_cli_returns() -> None:
    from mockserver import cli as module

    section = README.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    codes = {module.EXIT_OK, module.EXIT_INVALID, module.EXIT_CONFIG, module.EXIT_INTERRUPTED}
    assert all(f"`{code}`" in section for code in codes), section
