"""Test that a build never claims an approval the text does not have (issue 8, section 5)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from policykit.cli import app
from policykit.versions.repository import ContentRepository
from policykit.versions.starter import init_repository

runner = CliRunner()


@pytest.fixture
def released(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentRepository:
    """Return a pack whose appendix-a was released as 1.0, then changed in two commits."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Connie Primmer")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "cprimmer@example.gov.uk")
    repository = init_repository(tmp_path / "council")
    monkeypatch.chdir(repository.root)
    result = runner.invoke(app, ["release", "appendix-a", "--version", "1.0", "--approved-by",
                                 "Cabinet", "--approved-on", "2019-06-11"])
    assert result.exit_code == 0, result.output
    policy = repository.root / "content" / "appendix-a.md"
    for line in ("A new paragraph.", "Another paragraph."):
        policy.write_text(policy.read_text() + f"\n{line}\n")
        repository.commit(["content/appendix-a.md"], f"Add: {line}")
    return repository


def control(path: Path) -> tuple[dict[str, str], str]:
    """Return the document control table ({row: value}) and the first footer's text."""
    document = docx.Document(str(path))
    rows = {row.cells[0].text: row.cells[-1].text
            for table in document.tables for row in table.rows if len(row.cells) > 1}
    footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
    return rows, footer


def build(*args: str) -> Path:
    result = runner.invoke(app, ["build", "content", "--out", "out", *args])
    assert result.exit_code == 0, result.output
    return Path("out") / "appendix-a.docx"


def test_a_build_amended_since_its_release_is_a_draft(released: ContentRepository) -> None:
    rows, footer = control(build())
    assert (rows["Version"], rows["Status"], rows["Decision"]) == (
        "1.0 (amended since version 1.0)", "Draft", "Not yet decided")
    assert "Approved" not in rows
    assert footer.startswith("Version 1.0 (amended since version 1.0) \u2014 DRAFT")
    assert "approved by Cabinet" not in footer


def test_the_release_itself_still_shows_its_approval(released: ContentRepository) -> None:
    rows, footer = control(build("--at", "appendix-a/v1.0"))
    assert (rows["Version"], rows["Status"], rows["Approved"]) == (
        "1.0", "Approved and in force",
        "Approved by Cabinet on 11 June 2019; in force from 12 June 2019")
    assert footer.startswith("Version 1.0 \u2014 Approved by Cabinet on 11 June 2019; in force "
                             "from 12 June 2019")


def test_changes_elsewhere_leave_the_release_approved(released: ContentRepository) -> None:
    subprocess.run(["git", "reset", "-q", "--hard", "appendix-a/v1.0"], check=True)
    pack = released.root / "content" / "pack.yaml"
    pack.write_text(pack.read_text() + "\n# a comment\n")
    released.commit(["content/pack.yaml"], "Note in the pack")
    rows, _ = control(build())
    assert (rows["Version"], rows["Status"]) == ("1.0", "Approved and in force")


def test_an_uncommitted_edit_after_the_release_is_a_draft(
    released: ContentRepository,
) -> None:
    subprocess.run(["git", "reset", "-q", "--hard", "appendix-a/v1.0"], check=True)
    policy = released.root / "content" / "appendix-a.md"
    policy.write_text(policy.read_text() + "\nNot yet committed.\n")
    rows, footer = control(build())
    assert (rows["Version"], rows["Status"]) == ("1.0 (amended since version 1.0)", "Draft")
    assert "DRAFT" in footer
