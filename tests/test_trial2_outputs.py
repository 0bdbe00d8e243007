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


LONG = "a" * 300


@pytest.mark.parametrize(("args", "named"), [
    (["compare", "old.docx", "new.docx", "-o", f"{LONG}.docx"], f"{LONG}.docx"),
    (["build", "-o", LONG], LONG),
    (["reviews", "calendar", "-o", f"{LONG}.ics"], f"{LONG}.ics"),
], ids=["compare", "build", "calendar"])
def test_an_output_name_too_long_for_the_disk_is_refused_before_anything_is_read(
        project: Path, args: list[str], named: str) -> None:
    code, out, err = policykit(project, *args)
    assert (code, out) == (1, "")
    assert err == (f"Error: {named}: a name in it is too long ({len(named)} characters; most "
                   "disks allow 255); choose a shorter name\n")


def test_compare_into_a_folder_that_is_a_file_names_the_file(project: Path) -> None:
    (project / "minutes").write_text("kept\n")
    code, out, err = policykit(project, "compare", "old.docx", "new.docx", "-o",
                               "minutes/redline.docx")
    assert (code, out) == (1, "")
    assert err == ("Error: minutes/redline.docx: minutes is a file, not a folder; choose "
                   "another output folder\n")


@pytest.mark.parametrize("args", [["validate", LONG], ["check", f"{LONG}.docx"],
                                  ["history", "--content-dir", LONG]],
                         ids=["validate", "check", "history"])
def test_an_input_name_too_long_for_the_disk_is_one_error_line(project: Path,
                                                               args: list[str]) -> None:
    code, out, err = policykit(project, *args)
    assert (code, out) == (1, "")
    assert err.startswith("Error: ")
    assert err.endswith(": a name in the path is too long (most disks allow 255 characters); "
                        "use a shorter name\n")
    assert "Traceback" not in err and err.count("\n") == 1
