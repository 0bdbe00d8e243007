"""Trial of the installed command on output places it cannot write: what is wrong and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from processes import policykit_command, run

ROOT = Path(__file__).resolve().parents[1]


def policykit(cwd: Path, *args: str) -> tuple[int, str, str]:
    done = run([*policykit_command(), *args], cwd=cwd, capture_output=True, text=True,
               timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_init_under_a_file_says_which_is_the_file(tmp_path: Path) -> None:
    (tmp_path / "minutes").write_text("kept\n")
    code, out, err = policykit(tmp_path, "init", "minutes/council")
    assert (code, out) == (1, "")
    assert err == ("Error: minutes/council: minutes is a file, not a folder; choose another "
                   "output folder\n")
    assert (tmp_path / "minutes").read_text() == "kept\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def test_build_into_a_folder_holding_an_officers_own_file_of_the_same_name_refuses(
        project: Path) -> None:
    (project / "build").mkdir()
    own = project / "build/report.docx"
    own.write_bytes(b"the officer's own report, typed in Word")
    code, out, err = policykit(project, "build")
    assert (code, out) == (1, "")
    assert err == ("Error: build/report.docx is already there and policykit's last build did "
                   "not write it; move it, then build again, or build with --force to "
                   "overwrite it; nothing was written\n")
    assert own.read_bytes() == b"the officer's own report, typed in Word"
    assert sorted(p.name for p in (project / "build").iterdir()) == ["report.docx"]


def test_build_force_overwrites_the_officers_file_and_says_so(project: Path) -> None:
    (project / "build").mkdir()
    (project / "build/report.docx").write_bytes(b"own")
    code, out, err = policykit(project, "build", "--force")
    assert code == 0
    assert err == ("Warning: build/report.docx was edited after it was built, or policykit did "
                   "not write it; overwritten as --force asked\n")
    assert out.startswith("wrote build/report.docx (")


@pytest.mark.office
def test_publish_never_replaces_a_page_or_pdf_policykit_did_not_write(project: Path) -> None:
    public = project / "site/public"
    public.mkdir(parents=True)
    (public / "index.html").write_text("<p>The council's own home page</p>")
    code, out, err = policykit(project, "publish", "--draft", "-o", "site")
    assert (code, out) == (1, "")
    assert err == ("Error: site/public/index.html is already there and policykit's last "
                   "publish did not write it, or it was changed since; move it out of the "
                   "way, then publish again; nothing was published\n")
    assert (public / "index.html").read_text() == "<p>The council's own home page</p>"
    assert sorted(p.name for p in (project / "site").rglob("*")) == ["index.html", "public"]
