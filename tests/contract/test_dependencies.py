"""Runtime dependencies are compatible ranges; constraints.txt pins what CI tested, inside them."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.support import ROOT


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def test_runtime_dependencies_are_ranges_that_hold_the_pinned_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        assert not any(s.operator == "==" for s in requirement.specifier), spec
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), f"{spec} excludes the pin {pins[name]}"


def test_every_test_dependency_is_pinned_in_the_constraints() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    pins = _pins()
    for spec in extras["test"]:
        requirement = Requirement(spec)
        (exact,) = [s.version for s in requirement.specifier if s.operator == "=="]
        assert pins[canonicalize_name(requirement.name)] == exact, spec


def test_the_makefile_installs_with_the_constraints() -> None:
    assert "pip install --quiet -c constraints.txt -e '.[test]'" in (ROOT / "Makefile").read_text()
