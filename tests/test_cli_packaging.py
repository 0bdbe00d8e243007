"""Test that what ``pip install`` installs is what the package and the tests import.

The README's commands must work on a fresh machine: every subpackage is listed in
pyproject.toml's wheel (the whole policykit/ folder, so a new one is never left out), every
module the tests import is declared (the test extra for test-only ones), and the lower
bounds file matches the declared bounds. deptry checks policykit/'s own imports in CI.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_installed() -> None:
    """The wheel takes the whole policykit/ folder: a new subpackage needs no list to join.

    tests/test_installed.py checks, on the installed copy, that every file arrived.
    """
    wheel = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["policykit"]
    assert "exclude" not in wheel and "only-include" not in wheel


def test_the_lower_bounds_file_pins_each_declared_lower_bound() -> None:
    """.ci/lower-bounds.txt (used to check the bounds are true) matches pyproject.toml."""
    declared = {}
    for requirement in PYPROJECT["project"]["dependencies"]:
        name, _, bound = requirement.partition(">=")
        declared[name.strip().lower()] = bound.split(",")[0].strip()
    pinned = {}
    for line in (ROOT / ".ci" / "lower-bounds.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pinned[name.strip().lower()] = version.strip()
    assert {name: _release(v) for name, v in pinned.items()} == {
        name: _release(v) for name, v in declared.items()}


def _release(version: str) -> tuple[int, ...]:
    """Return ``version`` as numbers without trailing zeros: 6.1.0 and 6.1 are equal."""
    numbers = [int(part) for part in version.split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return tuple(numbers)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    found = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert found, requirement
    return _canonical(found.group())


def _imported_by(folder: Path) -> set[str]:
    """Return the top-level modules that the files in ``folder`` import, anywhere in them."""
    names: set[str] = set()
    for source in folder.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def test_every_module_the_tests_import_is_declared() -> None:
    """A test-only import (selenium, say) is in the test extra, so a fresh venv has it.

    deptry checks policykit/ itself; this checks tests/, which deptry leaves out.
    """
    project = PYPROJECT["project"]
    declared = {_requirement_name(r)
                for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]}
    local = {path.stem for path in TESTS.glob("*.py")} | {"policykit"}
    local |= {"uno", "com"}  # python3-uno's: tests/uno_review.py runs under the system Python
    owners = packages_distributions()
    missing = {}
    for module in sorted(_imported_by(TESTS) - set(sys.stdlib_module_names) - local):
        distributions = {_canonical(name) for name in owners.get(module, [])}
        if not distributions & declared:
            missing[module] = sorted(distributions) or ["not installed"]
    assert missing == {}, "declare these in pyproject.toml (the test extra if only tests use them)"
