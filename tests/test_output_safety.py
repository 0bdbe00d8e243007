"""Test that outputs never destroy what policykit did not make (issue 16, part 3).

A brand kit (``templates/`` beside the content, or any folder holding both Word templates)
is refused as an output by every command that writes; ``build`` refuses to overwrite a
built document someone edited since it was built (``--force`` overwrites and says so);
``publish`` keeps the files it did not write, says so, and removes only its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykit.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


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
    """Return a repository made by ``policykit init``, built once, the working folder its root."""
    root = tmp_path / "council"
    assert invoke("init", str(root)).exit_code == 0
    monkeypatch.chdir(root)
    assert invoke("build").exit_code == 0
    return root


def files_under(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def kit_message(target: str, kit: str) -> str:
    return (f"Error: {target}: is inside the brand kit {kit} (the council's Word templates); "
            "write outputs outside it, e.g. in build/\n")


def test_compare_refuses_to_write_over_the_brand_kit(council: Path) -> None:
    before = files_under(council / "templates")
    result = invoke("compare", "build/appendix-a.docx", "build/appendix-b.docx",
                    "-o", "templates/policy.docx")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == kit_message("templates/policy.docx", "templates")
    assert files_under(council / "templates") == before
    assert invoke("build").exit_code == 0  # the kit still builds


@pytest.fixture
def other_kit(council: Path) -> Path:
    """Return a brand kit in its own folder (as given to --template-dir), not named templates."""
    kit = council / "kits" / "borough"
    kit.mkdir(parents=True)
    for name in ("report.docx", "policy.docx"):
        shutil.copy(council / "templates" / name, kit / name)
    return kit


@pytest.mark.parametrize(("args", "target"), [
    (["compare", "build/appendix-a.docx", "build/appendix-b.docx", "-o"],
     "kits/borough/policy.docx"),
    (["compare", "build/appendix-a.docx", "build/appendix-b.docx", "-o"],
     "templates/web/new.html"),
    (["diff", "appendix-a", "--against", "staff-policy-2014", "-o"],
     "kits/borough/policy.docx"),
    (["release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
      "--approved-on", "2019-06-11", "-o"], "kits/borough/report.docx"),
    (["reviews", "calendar", "-o"], "kits/borough/reviews.ics"),
    (["build", "-o"], "kits/borough"),
    (["publish", "--draft", "-o"], "kits/borough/site"),
])
def test_no_command_writes_into_a_brand_kit_it_was_not_told_about(
        council: Path, other_kit: Path, args: list[str], target: str) -> None:
    before = files_under(council)
    result = invoke(*args, target)
    kit = "templates" if target.startswith("templates") else "kits/borough"
    assert (result.exit_code, result.stderr) == (1, kit_message(target, kit))
    assert files_under(council) == before


def test_build_refuses_to_overwrite_a_document_edited_since_it_was_built(
        council: Path) -> None:
    edited = council / "build" / "appendix-a.docx"
    edited.write_bytes(edited.read_bytes() + b"edited in Word")
    before = files_under(council / "build")
    result = invoke("build")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(
        "Error: build/appendix-a.docx was edited after it was built (its contents no longer "
        "match what policykit wrote; last changed ")
    assert result.stderr.endswith(
        "); bring the edits into the content (policykit incorporate) or move the file, then "
        "build again, or build with --force to overwrite it; nothing was written\n")
    assert files_under(council / "build") == before


def test_build_force_overwrites_the_edited_document_and_says_so(council: Path) -> None:
    edited = council / "build" / "appendix-a.docx"
    edited.write_bytes(edited.read_bytes() + b"edited in Word")
    result = invoke("build", "--force")
    assert result.exit_code == 0
    assert ("Warning: build/appendix-a.docx was edited after it was built, or policykit did "
            "not write it; overwritten as --force asked\n") in result.stderr
    assert not edited.read_bytes().endswith(b"edited in Word")
    assert invoke("build").exit_code == 0  # written afresh: the next build is not refused


def test_build_refuses_to_overwrite_a_file_its_last_build_did_not_write(council: Path) -> None:
    pack = council / "content" / "pack.yaml"
    pack.write_text(pack.read_text().replace("    appendix: C\n", "    appendix: C\n"
                                             "  - id: staff-policy-2014\n    appendix: D\n"))
    mine = council / "build" / "staff-policy-2014.docx"
    mine.write_bytes(b"my own notes, not built")
    result = invoke("build")
    assert (result.exit_code, result.stderr) == (1, (
        "Error: build/staff-policy-2014.docx is already there and policykit's last build did "
        "not write it; move it, then build again, or build with --force to overwrite it; "
        "nothing was written\n"))
    assert mine.read_bytes() == b"my own notes, not built"


def test_build_still_writes_over_an_unedited_build_and_a_moved_file_is_rebuilt(
        council: Path) -> None:
    (council / "build" / "appendix-a.docx").rename(council / "appendix-a-edited.docx")
    result = invoke("build")
    assert result.exit_code == 0, result.stderr
    assert (council / "build" / "appendix-a.docx").is_file()


def test_publish_keeps_files_it_did_not_write_and_says_so(council: Path) -> None:
    site = council / "site"
    (site / "public").mkdir(parents=True)
    (site / "members").mkdir()
    (site / "public" / "old-minutes.pdf").write_bytes(b"%PDF last month's minutes")
    (site / "members" / "notes.txt").write_text("Members' notes\n")
    for attempt in range(2):  # the second publish replaces its own files, keeps the others
        result = invoke("publish", "--draft", "-o", "site")
        assert result.exit_code == 0, result.stderr
        assert "kept site/public/old-minutes.pdf: not written by policykit\n" in result.stdout
        assert "kept site/members/notes.txt: not written by policykit\n" in result.stdout
        assert (site / "public" / "old-minutes.pdf").read_bytes() == \
            b"%PDF last month's minutes"
        assert (site / "members" / "notes.txt").read_text() == "Members' notes\n"
        assert (site / "public" / "appendix-a.pdf").is_file(), attempt


def test_publish_removes_only_its_own_unchanged_files(council: Path) -> None:
    pack = council / "content" / "pack.yaml"
    original = pack.read_text()
    pack.write_text(original.replace("    appendix: C\n", "    appendix: C\n"
                                     "  - id: staff-policy-2014\n    appendix: D\n"))
    result = invoke("publish", "--draft", "-o", "site")
    assert result.exit_code == 0, result.stderr
    site = council / "site"
    page = site / "public" / "staff-policy-2014.html"
    pdf = site / "members" / "staff-policy-2014.pdf"
    assert page.is_file()
    pdf.write_bytes(pdf.read_bytes() + b"annotated")
    pack.write_text(original)
    result = invoke("publish", "--draft", "-o", "site")
    assert result.exit_code == 0, result.stderr
    assert not page.exists()
    assert "removed site/public/staff-policy-2014.html (no longer published)\n" \
        in result.stdout
    assert pdf.read_bytes().endswith(b"annotated")  # changed since written: kept
    assert ("Warning: site/members/staff-policy-2014.pdf: no longer built, but it was kept "
            "because it has changed since policykit wrote it") in result.stderr
    assert "kept site/members/staff-policy-2014.pdf" not in result.stdout  # said once


def test_build_and_publish_into_one_folder_keep_their_own_lists(council: Path) -> None:
    result = invoke("publish", "--draft", "-o", "build")
    assert result.exit_code == 0, result.stderr
    assert "kept build/" not in result.stdout  # the build's files are policykit's too
    result = invoke("build")  # the build's own list is intact: nothing looks foreign
    assert result.exit_code == 0, result.stderr
    assert (council / "build" / "public" / "index.html").is_file()
