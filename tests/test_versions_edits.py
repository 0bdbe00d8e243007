"""Save content files for the workspace: checked, atomic, committed, never over a newer file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gitfixtures import make_repo

from policykit.errors import ContentError, InputError
from policykit.versions.edits import (
    StaleEditError,
    read_source,
    save_source,
    set_report_fields,
)

REPORT = """\
# The committee report.
kind: report
title: Social Media Policy   # shown on the cover
subject: Social Media Policy
report_of: Councillor Nick Naylor
"""


def test_save_commits_as_the_officer_and_refuses_a_stale_token(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    folder = repo.root / "content"
    first = read_source(folder, "appendix-a")
    saved = save_source(folder, "appendix-a", first.text.replace("Be polite.", "Be kind."),
                        token=first.token, author="Priya  Shah", message="Kinder words",
                        email="priya@example.gov.uk")
    assert saved.changed and saved.commit is not None
    log = subprocess.run(["git", "log", "-1", "--format=%an <%ae>|%s"], cwd=repo.root,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert log == "Priya Shah <priya@example.gov.uk>|Kinder words"
    with pytest.raises(StaleEditError) as stale:
        save_source(folder, "appendix-a", first.text, token=first.token, author="Tom",
                    message="Old text")
    assert "someone saved this file after you opened it" in str(stale.value)
    assert "+Be kind. Be honest. Say who you are." in stale.value.changes
    assert "Be kind." in (folder / "appendix-a.md").read_text()


def test_an_invalid_text_or_missing_name_writes_nothing(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    folder = repo.root / "content"
    source = read_source(folder, "appendix-a")
    before = (folder / "appendix-a.md").read_bytes()
    with pytest.raises(ContentError, match="field owner: is required but missing"):
        save_source(folder, "appendix-a", source.text.replace("owner: Democratic Services\n",
                                                              ""),
                    token=source.token, author="Ann", message="Drop the owner")
    with pytest.raises(InputError, match="your name: required"):
        save_source(folder, "appendix-a", source.text + "\nMore.\n", token=source.token,
                    author="  ", message="More")
    with pytest.raises(InputError, match="not a document id"):
        read_source(folder, "../pack")
    assert (folder / "appendix-a.md").read_bytes() == before


def test_report_fields_change_only_their_lines() -> None:
    edited = set_report_fields(REPORT, "content/report.yaml", {
        "title": "Social Media Policy for Members", "subject": "Social Media Policy"})
    assert edited == REPORT.replace(
        "title: Social Media Policy   # shown on the cover",
        "title: Social Media Policy for Members   # shown on the cover")
    with pytest.raises(InputError, match="sections: not a field the form can edit"):
        set_report_fields(REPORT, "content/report.yaml", {"sections": "x"})


def test_report_list_fields_replace_only_their_items() -> None:
    text = REPORT + (
        "recommendations:\n"
        "  - The policy in Appendix A is approved.   \n"
        "  - >-\n"
        "    The guidance in Appendix B\n"
        "    is approved.\n"
        "\n"
        "# Papers the report relied on.\n"
        "background_papers:\n"
        "  - None.\n"
    )
    edited = set_report_fields(text, "content/report.yaml", {
        "recommendations": ["The policy in Appendix A is approved.", "  ",
                            "The guidance in Appendix B is approved with changes."],
        "background_papers": ["None."]})
    assert edited == REPORT + (
        "recommendations:\n"
        "  - The policy in Appendix A is approved.\n"
        "  - The guidance in Appendix B is approved with changes.\n"
        "\n"
        "# Papers the report relied on.\n"
        "background_papers:\n"
        "  - None.\n"
    )
