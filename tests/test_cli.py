"""The command line: exit codes and what it prints, run as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support import ROOT, free_port


def mockserver(*args: str, cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mockserver", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


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


def test_validate_accepts_the_bundled_spec_and_fixtures() -> None:
    result = mockserver("validate")
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_validate_lists_every_problem_with_file_path_and_rule(bad_fixtures: Path) -> None:
    result = mockserver("validate", "--fixtures", str(bad_fixtures))
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
    result = mockserver("validate", "--spec", str(spec))
    assert result.returncode == 1
    assert "examples.balanced-pair: [example:parameter-schema]" in result.stderr
    assert "responses.404.examples.default.value.message: [example:schema:minLength]" in result.stderr


def test_validate_reports_an_invalid_spec(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    spec.write_text((ROOT / "openapi.yaml").read_text().replace("openapi: 3.0.3", "openapi: 3.1.0"))
    result = mockserver("validate", "--spec", str(spec))
    assert result.returncode == 1
    assert "$.openapi: [version]" in result.stderr


def test_serve_refuses_to_start_on_a_bad_fixture(bad_fixtures: Path) -> None:
    result = mockserver("serve", "--port", str(free_port()), "--fixtures", str(bad_fixtures))
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


def test_the_banner_curl_line_works_and_prints_no_token(mock_url: str) -> None:
    """The start-up banner's example curl gets a 200 once MEETRA_TOKEN is set, as it says."""
    import shlex

    import httpx

    from mockserver.mock.app import load_catalog
    from mockserver.mock.banner import banner
    from mockserver.settings import Settings
    from tests.support import DEV_TOKEN

    port = int(mock_url.rsplit(":", 1)[1])
    text = banner(Settings(port=port, tokens=("a-secret-given-with-token",)),
                  load_catalog(Settings()))
    assert DEV_TOKEN not in text and "a-secret-given-with-token" not in text
    (line,) = [ln for ln in text.splitlines() if ln.strip().startswith("curl ")]
    args = shlex.split(line.replace("$MEETRA_TOKEN", DEV_TOKEN))
    name, _, value = args[args.index("-H") + 1].partition(": ")
    response = httpx.get(args[-1], headers={name: value})
    assert response.status_code == 200
