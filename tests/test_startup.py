"""Test that the command imports only what it uses: ``--help`` and ``build`` start quickly.

Each case runs the installed command's code in a fresh Python process and lists the modules
it loaded (``sys.modules`` when it exits). ``python benchmarks/bench_startup.py`` times it.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from processes import child_env, run

ROOT = Path(__file__).resolve().parents[1]
# What --help and build never need: the web app and its server, the PDF libraries, the
# LibreOffice helpers, the checker and its hyphenation dictionary.
HEAVY = ("starlette", "uvicorn", "multipart", "pikepdf", "pypdf", "pyphen", "httpx",
         "policykit.office", "policykit.web", "policykit.check", "policykit.publish",
         "policykit.importer", "policykit.reviews")
PROBE = """
import atexit, json, sys
atexit.register(lambda: print("MODULES " + json.dumps(sorted(sys.modules)), file=sys.stderr))
sys.argv = ["policykit", *sys.argv[1:]]
from policykit.cli import main
main()
"""


def loaded(*args: str, cwd: Path) -> set[str]:
    """Return the modules a fresh ``policykit ARGS`` process loaded (it must succeed)."""
    done = run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=child_env(COLUMNS="80"),
               capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_web_pdf_office_or_checker(tmp_path: Path) -> None:
    modules = loaded("--help", cwd=tmp_path)
    assert heavy(modules) == []
    assert "docx" not in modules and "git" not in modules and "pydantic" not in modules


@pytest.mark.parametrize("command", [["build", "--help"], ["check", "--help"],
                                     ["serve", "--help"], ["publish", "--help"]])
def test_each_command_help_imports_nothing_heavy(tmp_path: Path, command: list[str]) -> None:
    assert heavy(loaded(*command, cwd=tmp_path)) == []


def test_build_imports_only_what_it_uses(tmp_path: Path) -> None:
    """A build outside git, without --check, loads no checker, PDF, web or git library."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    modules = loaded("build", cwd=tmp_path)
    assert (tmp_path / "build" / "appendix-a.docx").is_file()
    assert heavy(modules) == []
    assert "git" not in modules  # not a repository: GitPython is not needed
    assert "policykit.redline" in modules  # the standing comparison is built


def test_build_with_check_loads_the_checker_and_nothing_else_heavy(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    modules = loaded("build", "--check", cwd=tmp_path)
    assert {"policykit.check", "pyphen"} <= modules
    assert [m for m in heavy(modules) if not m.startswith(("policykit.check", "pyphen"))] == []
