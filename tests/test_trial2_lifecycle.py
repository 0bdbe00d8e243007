"""Trial of the installed command on release versions and review notes: bad names refused."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from processes import policykit_command, run

ROOT = Path(__file__).resolve().parents[1]


def policykit(cwd: Path, *args: str) -> tuple[int, str, str]:
    done = run([*policykit_command(), *args], cwd=cwd, capture_output=True, text=True,
               timeout=120)
    return done.returncode, done.stdout, done.stderr


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Trial", "-c", "user.email=t@example.org",
                           *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Start")
    return tmp_path


@pytest.mark.parametrize("version", ["abc", "1.0 final", "1..0", "v2"])
def test_release_refuses_a_version_that_is_not_a_number(repo: Path, version: str) -> None:
    code, out, err = policykit(repo, "release", "appendix-a", "--version", version)
    assert (code, out) == (1, "")
    assert err == (f"Error: appendix-a, field version: {version!r} is not a version number; "
                   "write numbers separated by dots, e.g. --version 1.0 or --version 2.1\n")
    assert git(repo, "tag") == ""
    assert git(repo, "log", "--format=%s") == "Start\n"


def test_notes_refuses_a_document_id_that_leads_outside_the_content(repo: Path,
                                                                    tmp_path: Path) -> None:
    (repo / "content/notes").mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("notes:\n  - id: abc123\n    author: X\n    text: private\n"
                       "    resolved: false\n")
    escape = f"../../../{outside.stem}"
    for args in (["notes", escape], ["notes", escape, "--resolve", "abc123"]):
        code, out, err = policykit(repo, *args)
        assert (code, out) == (1, "")
        assert err == (f"Error: {escape!r} is not a document id; use lower-case letters, "
                       "digits and hyphens (the content file's name without .md or .yaml)\n")
    assert "resolved: false" in outside.read_text()
    outside.unlink()


def test_notes_on_a_document_that_does_not_exist_says_so(repo: Path) -> None:
    code, out, err = policykit(repo, "notes", "apendix-a")
    assert (code, out) == (1, "")
    assert err == ("Error: content: no document 'apendix-a' here; give the id of a document in "
                   "the content folder (its file's name without .md or .yaml)\n")


def test_history_refuses_a_document_id_that_leads_outside_the_content(repo: Path) -> None:
    code, out, err = policykit(repo, "history", "../../etc/passwd")
    assert (code, out) == (1, "")
    assert err == ("Error: '../../etc/passwd' is not a document id; use lower-case letters, "
                   "digits and hyphens (the content file's name without .md or .yaml)\n")


def test_a_name_or_minute_on_two_lines_is_refused_as_approved_by_is(repo: Path) -> None:
    """Found in the trial: --by and --minute joined their lines silently ("Jo Reviewed-by:
    Evil"), where --approved-by refuses the same input."""
    code, out, err = policykit(repo, "reviews", "record", "appendix-a", "--by",
                               "Jo\nReviewed-by: Evil", "--on", "2019-12-02")
    assert (code, out) == (1, "")
    assert err == ("Error: the reviewer's name is on more than one line; give it on one line, "
                   "e.g. --by \"Connie Primmer\"\n")
    code, out, err = policykit(repo, "decide", "--outcome", "approved", "--on", "2019-06-11",
                               "--minute", "23\nApproved-by: Nobody")
    assert (code, out) == (1, "")
    assert err == ("Error: --minute: the minute reference is on more than one line; give it "
                   "on one line, e.g. --minute 23\n")
    assert git(repo, "log", "--format=%s") == "Start\n"
