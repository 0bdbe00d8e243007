"""``build --at`` an old version that has been superseded since says so on every page.

Issue 17 §3: "Superseded documents say so on every page, naming their successor". A version
adopted in 2019 and replaced by its next version in 2021, built today from its tag, must not
present itself as the policy in force; ``publish --at`` still reproduces what was published.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from policykit.content import lifecycle
from policykit.versions.build import build_document
from policykit.versions.snapshot import load_content

pytestmark = pytest.mark.slow  # a pack taken through two decisions with the installed CLI

ENV = {**os.environ, "GIT_AUTHOR_NAME": "Connie Primmer",
       "GIT_AUTHOR_EMAIL": "cprimmer@chiltern.gov.uk", "GIT_COMMITTER_NAME": "Connie Primmer",
       "GIT_COMMITTER_EMAIL": "cprimmer@chiltern.gov.uk", "COLUMNS": "100"}
SUPERSEDED = ("Version 1.0 — Superseded by Social Media Policy for Members version 1.1 from "
              "14 July 2021")
ADOPTED_2021 = ("Version 1.1 — Approved by Cabinet on 13 July 2021 (minute 41); in force from "
                "14 July 2021")


def policykit(folder: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "policykit", *args], cwd=folder, env=ENV,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def footers_and_control(path: Path) -> tuple[list[str], dict[str, str]]:
    """Return each section's footer text and the document-control rows of a built .docx."""
    document = docx.Document(str(path))
    footers = [" ".join(p.text for p in section.footer.paragraphs)
               for section in document.sections]
    rows = {row.cells[0].text: row.cells[1].text for table in document.tables
            for row in table.rows if len(row.cells) > 1}
    return footers, rows


@pytest.fixture(scope="module")
def superseded_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pack: Appendix A 1.0 adopted in 2019, then 1.1 adopted in 2021."""
    pack = tmp_path_factory.mktemp("superseded") / "council"
    subprocess.run([sys.executable, "-m", "policykit", "init", str(pack)], env=ENV,
                   check=True, capture_output=True)
    policykit(pack, "release", "appendix-a", "--version", "1.0")
    policykit(pack, "decide", "--outcome", "approved", "--on", "2019-06-11", "--minute", "23",
              "appendix-a")
    policykit(pack, "reviews", "record", "appendix-a", "--by", "Connie Primmer", "--on",
              "2021-05-20", "--outcome", "changes-needed")
    policy = pack / "content" / "appendix-a.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "one of the main ways", "one of the most important ways"), encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "Appendix A: update the introduction"], cwd=pack,
                   env=ENV, check=True)
    policykit(pack, "release", "appendix-a", "--version", "1.1", "--meeting", "2021-07-13")
    policykit(pack, "decide", "--outcome", "approved", "--on", "2021-07-13", "--minute", "41",
              "appendix-a")
    return pack


def test_an_old_version_built_at_its_tag_names_its_successor_on_every_page(
        superseded_pack: Path) -> None:
    said = policykit(superseded_pack, "build", "--at", "appendix-a/adopted/2019-06-11-v1.0",
                     "-o", "old")
    assert "wrote old/appendix-a.docx" in said
    footers, rows = footers_and_control(superseded_pack / "old" / "appendix-a.docx")
    assert footers and all(footer.startswith(SUPERSEDED) for footer in footers), footers
    assert rows["Status"] == "Superseded"
    # The decision it was adopted by stays on record in the document control.
    assert rows["Approved"] == ("Approved by Cabinet on 11 June 2019 (minute 23); in force "
                                "from 12 June 2019")


def test_the_version_in_force_and_a_draft_are_not_marked(
        superseded_pack: Path) -> None:
    policykit(superseded_pack, "build", "--at", "appendix-a/adopted/2021-07-13-v1.1", "-o",
              "new")
    footers, rows = footers_and_control(superseded_pack / "new" / "appendix-a.docx")
    assert all(footer.startswith(ADOPTED_2021) for footer in footers), footers
    assert rows["Status"] == "Approved and in force"
    # Before its release, 1.0 was a draft: not the version superseded.
    policykit(superseded_pack, "build", "--at", "appendix-a/v1.0~1", "-o", "draft")
    footers, _ = footers_and_control(superseded_pack / "draft" / "appendix-a.docx")
    assert all(footer.startswith("Version 1.0 — DRAFT") for footer in footers), footers
    # publish --at reproduces the agenda as published: for decision (test_lifecycle_journey).


def test_the_version_as_released_for_decision_is_superseded_too(
        superseded_pack: Path) -> None:
    # appendix-a/v1.0 is the text frozen for the 2019 meeting: adopted, then superseded.
    policykit(superseded_pack, "build", "--at", "appendix-a/v1.0", "-o", "frozen")
    footers, rows = footers_and_control(superseded_pack / "frozen" / "appendix-a.docx")
    assert all(footer.startswith(SUPERSEDED) for footer in footers), footers
    assert rows["Status"] == "Superseded"
    assert "For decision" not in " ".join(footers)


def test_a_document_replaced_by_another_names_it(superseded_pack: Path) -> None:
    # Before the 2019 decision the 2014 staff policy stood approved; built as known now, it
    # says Appendix A replaced it for Members.
    content_dir = superseded_pack / "content"
    content, kit, stamp = load_content(content_dir, at="appendix-a/for-decision/2019-06-11-v1.0",
                                       as_known_now=True)
    staff = content.documents["staff-policy-2014"]
    assert lifecycle.footer_status(staff, content.pack, titles=lifecycle.titles(content)) == (
        "Superseded for Members by Social Media Policy for Members version 1.0 from "
        "12 June 2019")
    out = superseded_pack / "staff.docx"
    out.write_bytes(build_document(content, "staff-policy-2014", kit=kit, commit=stamp))
    footers, rows = footers_and_control(out)
    assert all("Superseded for Members by Social Media Policy for Members version 1.0"
               in footer for footer in footers), footers
    # Without as_known_now (publish --at), the revision is read exactly as it was.
    content, _, _ = load_content(content_dir, at="appendix-a/for-decision/2019-06-11-v1.0")
    assert content.documents["staff-policy-2014"].status.value == "approved"
