"""The spec decides: no code in the package names this API's paths, fields or operations.

openapi.yaml, fixtures/, tests and docs carry them; a second endpoint needs no code. The check
reads every file of the package (code, templates, docstrings alike): a name in a docstring is
the first step towards a name in a branch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mockserver"
NAMES = ("speakers", "meeting_speaking_percentage", "file-hash", "file_hash",
         "getSpeakersBalance", "speakers-balance")


def mentions(name: str, root: Path = PACKAGE) -> list[str]:
    found = []
    for file in sorted(root.rglob("*")):
        if file.is_file() and file.suffix in (".py", ".html", ".js", ".css", ".txt", ".md"):
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if name.lower() in line.lower():
                    found.append(f"{file.relative_to(root.parent)}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("name", NAMES)
def test_the_package_never_names_the_endpoint(name: str) -> None:
    assert mentions(name) == []


def test_the_check_finds_a_name(tmp_path: Path) -> None:
    (tmp_path / "module.py").write_text('RULES = {"getSpeakersBalance": ()}\n')
    assert mentions("getspeakersbalance", tmp_path) == [
        f"{tmp_path.name}/module.py:1: RULES = {{\"getSpeakersBalance\": ()}}"
    ]
