"""The package layout is the architecture: a spec-generic core under three products.

``core`` imports none of the products; the proxy and the contract runner never import the mock
server. Checked on the import statements themselves (``ast``), so a lazy import inside a
function counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mockserver"
FORBIDDEN = {
    "core": ("mockserver.mock", "mockserver.proxy", "mockserver.contract", "mockserver.cli"),
    "proxy": ("mockserver.mock", "mockserver.contract", "mockserver.cli"),
    "contract": ("mockserver.mock", "mockserver.proxy", "mockserver.cli"),
    "mock": ("mockserver.proxy", "mockserver.contract", "mockserver.cli"),
}


def imported_modules(file: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def violations(subpackage: str) -> list[str]:
    found = []
    for file in sorted((PACKAGE / subpackage).rglob("*.py")):
        for name in imported_modules(file):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[subpackage]):
                found.append(f"{file.relative_to(PACKAGE.parent)} imports {name}")
    return found


@pytest.mark.parametrize("subpackage", sorted(FORBIDDEN))
def test_dependencies_point_down_only(subpackage: str) -> None:
    assert violations(subpackage) == []


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    file = tmp_path / "bad.py"
    file.write_text("def f():\n    from mockserver.mock.app import create_app\n")
    assert "mockserver.mock.app" in imported_modules(file)
