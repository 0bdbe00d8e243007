"""Test what ``pip install .`` installed, not the checkout: the package, its data, the server.

The README's test command (``python -P -m pytest``) does not put the checkout on sys.path,
so ``import policykit`` finds the installed copy. In CI (``CI=true``) that is checked, and
the installed copy must hold every file of the checkout's package, brand kit and sample.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from processes import child_env, policykit_command, run
from webfixtures import IDENTITY, running

import policykit
from policykit.content.layout import SHIPPED_FOLDERS

ROOT = Path(__file__).resolve().parents[1]
INSTALLED = Path(policykit.__file__).resolve().parent


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def _is_installed() -> bool:
    return "site-packages" in INSTALLED.parts


def _files(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_the_tests_import_the_installed_package_in_ci() -> None:
    if not _in_ci():
        pytest.skip(f"not CI: policykit imported from {INSTALLED}")
    assert _is_installed(), (
        f"policykit was imported from {INSTALLED}, not from site-packages: run the tests "
        "with `python -P -m pytest` after `python -m pip install '.[test]'` (not editable)"
    )


def test_the_package_data_is_listed_once_where_the_code_finds_it() -> None:
    """pyproject's force-include and policykit.content.layout name the same folders."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["build-system"]["build-backend"] == "hatchling.build"
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["packages"] == ["policykit"]
    assert wheel["force-include"] == {
        checkout: f"policykit/{name}" for name, checkout in SHIPPED_FOLDERS.items()}
    assert "setuptools" not in pyproject.get("tool", {})


def test_the_installed_package_holds_every_file_of_the_checkout() -> None:
    if not _is_installed():
        pytest.skip(f"policykit is imported from {INSTALLED} (a checkout or editable install)")
    expected = _files(ROOT / "policykit")
    for name, checkout in SHIPPED_FOLDERS.items():
        expected |= {f"{name}/{file}" for file in _files(ROOT / checkout)}
    assert expected - _files(INSTALLED) == set()


def test_init_and_serve_from_the_installed_command(tmp_path: Path) -> None:
    """``policykit serve`` as a real process answers a page, its stylesheet and its script."""
    made = run([*policykit_command(), "init", "council"], cwd=tmp_path, env=child_env(**IDENTITY),
               capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    with running(tmp_path / "council") as server, server.client() as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "<h1>Cabinet, 11 June 2019</h1>" in page.text
        assert 'href="/style/workspace.css"' in page.text
        assert '<script src="/static/htmx.min.js" defer>' in page.text
        style = client.get("/style/workspace.css")
        assert (style.status_code, style.headers["content-type"].split(";")[0]) == (
            200, "text/css")
        assert style.content == (ROOT / "templates/web/static/workspace.css").read_bytes()
        script = client.get("/static/htmx.min.js")
        assert script.status_code == 200
        assert "javascript" in script.headers["content-type"]
        assert script.content == (ROOT / "policykit/web/static/htmx.min.js").read_bytes()


def test_the_installed_command_is_the_installed_package() -> None:
    """The ``policykit`` command beside this Python imports the same package as the tests."""
    done = run([*policykit_command(), "--version"], capture_output=True, text=True, timeout=60,
               cwd=ROOT.parent)
    assert done.returncode == 0, done.stderr
    assert policykit.__version__ in done.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import policykit; print(policykit.__file__)"],
        cwd=ROOT.parent, env=child_env(), capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).resolve().parent == INSTALLED
