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

