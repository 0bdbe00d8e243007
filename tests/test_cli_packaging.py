"""Test that what ``pip install .`` installs is what the ``policykit`` command imports.

The README's first command must work on a fresh machine: every subpackage is listed in
pyproject.toml (a new one left out installs a command that crashes on import). That every
third-party module is declared is checked by deptry in CI (.ci/run).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_installed() -> None:
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "policykit").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"



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
