"""Test that no command's output option can destroy an input: each refusal changes nothing.

``diff``, ``compare``, ``release``, ``reviews calendar`` and ``build`` are pointed at a
content file, a template, one of their own inputs, a folder inside content/ or templates/,
a path that reaches content/ through ``..`` or a symlink, and a name with the wrong
extension. Each exits 1 with one ``Error:`` line naming the path and saying what to do, and
the repository (files, commits, tags) is exactly as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykit.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}
INSIDE_CONTENT = "is inside content, which holds the content or the brand kit; write outputs " \
    "outside it, e.g. in build/"
INSIDE_TEMPLATES = INSIDE_CONTENT.replace("inside content", "inside {templates}")


@pytest.fixture(autouse=True)
def identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give git a fixed identity for the commits the commands make."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Connie Primmer")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "cprimmer@example.gov.uk")


def invoke(*args: str):
    return runner.invoke(app, list(args), env=ENV)


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a repository made by ``policykit init``, with the working folder at its root."""
    root = tmp_path / "council"
    assert invoke("init", str(root)).exit_code == 0
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under ``root``, git's refs and objects included, by path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def refused(args: list[str], root: Path, message: str) -> None:
    """Assert the command exits 1 with exactly ``Error: message`` and changes nothing."""
    before = snapshot(root)
    result = invoke(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert snapshot(root) == before


@pytest.mark.parametrize(("target", "message"), [
    ("content/appendix-a.md", f"content/appendix-a.md: {INSIDE_CONTENT}"),
    ("content/new.docx", f"content/new.docx: {INSIDE_CONTENT}"),
    ("templates/policy.docx",
     f"templates/policy.docx: {INSIDE_TEMPLATES.format(templates='templates')}"),
    ("build/../content/report.yaml", f"build/../content/report.yaml: {INSIDE_CONTENT}"),
    ("build/changes.md", "build/changes.md: a Word document is written here but the name "
     "ends in .md; give a name ending in .docx"),
    ("build", "build: a Word document is written here but the name has no extension; "
     "give a name ending in .docx"),
])
def test_diff_refuses_to_write_over_content(council: Path, target: str, message: str) -> None:
    refused(["diff", "appendix-a", "--against", "staff-policy-2014", "-o", target], council,
            message.format(root=council))


def test_diff_refuses_a_symlink_into_content(council: Path) -> None:
    (council / "build").mkdir()
    (council / "build" / "link.docx").symlink_to(council / "content" / "appendix-a.md")
    refused(["diff", "appendix-a", "--against", "staff-policy-2014", "-o", "build/link.docx"],
            council, f"build/link.docx: {INSIDE_CONTENT}")


def test_diff_refuses_an_existing_folder(council: Path) -> None:
    (council / "build" / "out.docx").mkdir(parents=True)
    refused(["diff", "appendix-a", "--against", "staff-policy-2014", "-o", "build/out.docx"],
            council, "build/out.docx: is a folder; give the path of the .docx file to write, "
            "e.g. build/out.docx/output.docx")


@pytest.mark.parametrize(("target", "message"), [
    ("content/appendix-a.md", f"content/appendix-a.md: {INSIDE_CONTENT}"),
    ("build/appendix-a.ics", "build/appendix-a.ics: a Word document is written here but the "
     "name ends in .ics; give a name ending in .docx"),
])
def test_release_refuses_and_makes_no_commit_or_tag(council: Path, target: str,
                                                   message: str) -> None:
    refused(["release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
             "--approved-on", "2019-06-11", "-o", target], council, message)
    assert not (council / ".git" / "refs" / "tags" / "appendix-a").exists()


@pytest.mark.parametrize(("target", "message"), [
    ("content/pack.yaml", f"content/pack.yaml: {INSIDE_CONTENT}"),
    ("reviews.docx", "reviews.docx: a calendar is written here but the name ends in .docx; "
     "give a name ending in .ics"),
])
def test_calendar_refuses(council: Path, target: str, message: str) -> None:
    refused(["reviews", "calendar", "-o", target], council, message)


@pytest.mark.parametrize(("target", "message"), [
    ("content", f"content: {INSIDE_CONTENT}"),
    ("content/build", f"content/build: {INSIDE_CONTENT}"),
    ("templates", f"templates: {INSIDE_TEMPLATES.format(templates='templates')}"),
    ("content/../templates/x",
     f"content/../templates/x: {INSIDE_TEMPLATES.format(templates='templates')}"),
])
def test_build_refuses_an_output_folder_in_content(council: Path, target: str,
                                                   message: str) -> None:
    refused(["build", "-o", target], council, message.format(root=council))


def test_build_refuses_a_file_as_output_folder(council: Path) -> None:
    (council / "notes.txt").write_text("keep me\n")
    refused(["build", "-o", "notes.txt"], council,
            "notes.txt: is a file, not a folder; give a folder to write into")


def test_build_refuses_a_brand_kit_given_as_the_output(council: Path, tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    refused(["build", "--template-dir", str(kit), "-o", str(kit / "out")], council,
            f"{kit / 'out'}: is inside {kit}, which holds the content or the brand kit; "
            "write outputs outside it, e.g. in build/")


def test_compare_refuses_its_own_inputs_and_content(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.docx").write_bytes(b"old")
    (tmp_path / "new.docx").write_bytes(b"new")
    content = tmp_path / "content"
    content.mkdir()
    (content / "pack.yaml").write_text("council: X\n")
    (content / "report.yaml").write_text("title: Y\n")
    cases = {
        "new.docx": "new.docx: is one of this command's inputs (new.docx); choose another "
        "output path, e.g. in build/",
        "./sub/../old.docx": "sub/../old.docx: is one of this command's inputs (old.docx); "
        "choose another output path, e.g. in build/",
        "content/report.yaml": f"content/report.yaml: is inside a content folder ({content} "
        "holds pack.yaml); write outputs outside it, e.g. in build/",
        "redline.ics": "redline.ics: the name ends in .ics, but what is written here is "
        ".docx, .html or .pdf; give a name ending in one of them",
    }
    for target, message in cases.items():
        refused(["compare", "old.docx", "new.docx", "-o", target], tmp_path, message)


def test_a_good_output_is_still_written(council: Path) -> None:
    result = invoke("reviews", "calendar", "-o", "build/reviews.ICS")
    assert result.exit_code == 0, result.output
    assert (council / "build" / "reviews.ICS").read_bytes().startswith(b"BEGIN:VCALENDAR")
