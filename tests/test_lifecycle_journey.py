"""Walk the sample pack through its whole life with the installed ``policykit`` command.

draft -> released for decision -> agenda published (every footer "For decision", no
"Approved" in Word, PDF or HTML) -> decided (minute 23) -> adopted policy published with
the launch kit -> reviewed with no change (still approved) -> a new version drafted,
released and decided -> the old version superseded. Each wrong step is refused with the
next step in its message. Then the other outcomes (deferred, refused, amended) with other
dates and another committee.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice is not installed")

FOR_DECISION = "For decision by Cabinet on 11 June 2019"
ADOPTED = "Approved by Cabinet on 11 June 2019 (minute 23); in force from 12 June 2019"


def policykit(folder: Path, *args: str, code: int = 0) -> str:
    """Run the installed command in ``folder``; return stdout (and stderr on failure)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "Connie Primmer",
           "GIT_AUTHOR_EMAIL": "cprimmer@chiltern.gov.uk",
           "GIT_COMMITTER_NAME": "Connie Primmer",
           "GIT_COMMITTER_EMAIL": "cprimmer@chiltern.gov.uk", "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", "policykit", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == code, (args, done.stdout, done.stderr)
    return done.stdout if code == 0 else done.stderr


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "policykit", "init", str(tmp_path / "council")],
                   check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "Connie Primmer",
                        "GIT_AUTHOR_EMAIL": "c@example.org", "GIT_COMMITTER_NAME": "C",
                        "GIT_COMMITTER_EMAIL": "c@example.org"})
    return tmp_path / "council"


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(path.read_bytes())).pages]


def word_text(path: Path) -> tuple[str, list[str]]:
    """Return (all the text of a .docx, body and tables and footers; the footer lines)."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows
              for cell in row.cells]
    footers = [" ".join(p.text for p in section.footer.paragraphs)
               for section in document.sections]
    return "\n".join(parts + footers), footers


def test_the_sample_pack_walks_its_whole_life(pack: Path) -> None:
    # A draft cannot be published, decided or reviewed; each refusal names the next step.
    assert policykit(pack, "publish", "-o", "site", code=1) == (
        "Error: content/report.yaml: report is a draft, so it cannot be published; release "
        "it for decision (policykit release report --version 1.0), or publish with --draft\n")
    assert "release them first (policykit release report --version 1.0)" in policykit(
        pack, "decide", "--outcome", "approved", "--on", "2019-06-11", "--minute", "23",
        code=1)

    # Released for decision at the pack's meeting: the report too gets a version.
    for doc_id in ("report", "appendix-a", "appendix-b", "appendix-c"):
        said = policykit(pack, "release", doc_id, "--version", "1.0")
        assert said.startswith(f"Released {doc_id} version 1.0 for decision by Cabinet on "
                               "11 June 2019.\n")
    assert "record the meeting's decision first: policykit decide --outcome approved --on " \
        "2019-06-11 --minute REF appendix-a" in policykit(
            pack, "release", "appendix-a", "--version", "1.1", code=1)
    assert "so it cannot be reviewed" in policykit(
        pack, "reviews", "record", "appendix-a", "--by", "Connie Primmer", "--on",
        "2019-06-05", code=1)
    status = {line["document"]: line for line in json.loads(
        policykit(pack, "status", "--format", "json"))}
    assert status["appendix-a"]["state"] == "for decision"
    assert status["appendix-a"]["meeting"] == "Cabinet 2019-06-11"
    assert status["staff-policy-2014"]["state"] == "approved"

    # The agenda: every page says "For decision", nothing says "Approved", no launch kit.
    said = policykit(pack, "publish", "-o", "agenda")
    assert "Recorded as tag published/agenda/2019-06-11" in said
    site = pack / "agenda"
    assert not (site / "announce.eml").exists() and not (site / "bulletin.html").exists()
    for pdf in sorted(site.glob("*/*.pdf")):
        pages = pdf_pages(pdf)
        for number, text in enumerate(pages, start=1):
            assert FOR_DECISION in " ".join(text.split()), (pdf, number)
        assert "Approved" not in "".join(pages), pdf
    for page in sorted(site.glob("*/*.html")):
        html = page.read_text(encoding="utf-8")
        assert "Approved" not in html, page
        if page.name != "index.html":
            assert FOR_DECISION in html, page
    policykit(pack, "build", "-o", "built")
    for built in sorted((pack / "built").glob("*.docx")):
        if built.stem not in ("report", "appendix-a", "appendix-b", "appendix-c"):
            continue
        text, footers = word_text(built)
        assert "Approved" not in text, built
        assert all(FOR_DECISION in footer for footer in footers), built
    assert "Status\nFor decision" in word_text(pack / "built" / "appendix-a.docx")[0]

    # The meeting decides: one commit, a tag per document; the 2014 policy is superseded.
    said = policykit(pack, "decide", "--outcome", "approved", "--on", "2019-06-11",
                     "--minute", "23")
    assert "appendix-a version 1.0: adopted" in said
    assert "staff-policy-2014 version 1.2: superseded" in said
    staff = (pack / "content" / "staff-policy-2014.md").read_text(encoding="utf-8")
    assert "status: superseded\nsuperseded_by:\n  document: appendix-a\n" in staff
    assert "no document is for decision" in policykit(
        pack, "decide", "--outcome", "approved", "--on", "2019-06-11", "--minute", "23",
        code=1)

    # The adopted policy published, with the launch kit.
    said = policykit(pack, "publish", "-o", "adopted")
    assert "Recorded as tag published/decision/2019-06-11" in said
    site = pack / "adopted"
    assert (site / "announce.eml").exists() and (site / "bulletin.html").exists()
    pages = pdf_pages(site / "public" / "appendix-a.pdf")
    assert all(ADOPTED in " ".join(text.split()) for text in pages)
    assert "For decision" not in (site / "public" / "appendix-a.html").read_text("utf-8")
    assert ADOPTED in (site / "public" / "appendix-a.html").read_text("utf-8")

    # A review with no change keeps it approved; one that cannot be true is refused.
    assert policykit(pack, "reviews", "record", "appendix-a", "--by", "Connie Primmer",
                     "--on", "2010-01-01", code=1) == (
        "Error: appendix-a, field review.last_reviewed: 2010-01-01 is before the document was "
        "approved (2019-06-11); give the day the review was done, on or after the "
        "approval\n")
    policykit(pack, "reviews", "record", "appendix-a", "--by", "Connie Primmer", "--on",
              "2020-06-02")
    policykit(pack, "build", "-o", "reviewed")
    text, footers = word_text(pack / "reviewed" / "appendix-a.docx")
    assert "Last reviewed 2020-06-02, no changes; next review 2021-06-11" in text
    assert all(ADOPTED in footer for footer in footers)
    line = next(line for line in json.loads(policykit(pack, "status", "--format", "json"))
                if line["document"] == "appendix-a")
    assert (line["state"], line["next_review"]) == ("adopted", "2021-06-11")

    # Versions that cannot be true are refused, whatever the route.
    assert "open a new version first: policykit reviews record appendix-a --outcome " \
        "changes-needed" in policykit(pack, "release", "appendix-a", "--version", "1.1",
                                      code=1)
    assert policykit(pack, "release", "appendix-a", "--version", "0.9", "--approved-by",
                     "Cabinet", "--approved-on", "2020-07-01", code=1) == (
        "Error: appendix-a, field version: 0.9 is not after 1.0, the last version released; "
        "release it as 1.1 (versions compare part by part: 1.10 comes after 1.9)\n")

    # A new version: opened by a review, edited, released for a later meeting, decided.
    said = policykit(pack, "reviews", "record", "appendix-a", "--by", "Connie Primmer",
                     "--on", "2021-05-20", "--outcome", "changes-needed")
    assert "Opened version 1.1 of appendix-a as a draft" in said
    policy = pack / "content" / "appendix-a.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "one of the main ways", "one of the most important ways"), encoding="utf-8")
    git(pack, "commit", "-qam", "Appendix A: update the introduction")
    assert "is not after the last decision on it (2019-06-11); name the later meeting" in \
        policykit(pack, "release", "appendix-a", "--version", "1.1", code=1)
    policykit(pack, "release", "appendix-a", "--version", "1.1", "--meeting", "2021-07-13")
    said = policykit(pack, "decide", "--outcome", "approved", "--on", "2021-07-13",
                     "--minute", "41", "appendix-a")
    assert "appendix-a/superseded/2021-07-14-v1.0" in said
    history = policykit(pack, "history", "appendix-a")
    assert "v1.1 adopted 2021-07-13; v1.0 superseded 2021-07-14" in history
    assert "v1.0 for decision 2019-06-11" in history
    line = next(line for line in json.loads(policykit(pack, "status", "--format", "json"))
                if line["document"] == "appendix-a")
    assert (line["version"], line["state"], line["superseded_versions"]) == (
        "1.1", "adopted", ["1.0 (from 2021-07-14)"])

    # The agenda as it was published is still there to publish again.
    policykit(pack, "publish", "--at", "published/agenda/2019-06-11", "-o", "again")
    assert not (pack / "again" / "announce.eml").exists()
    assert FOR_DECISION in " ".join(pdf_pages(pack / "again" / "public" / "appendix-a.pdf")[0]
                                    .split())


def test_deferred_refused_and_amended_at_another_meeting(pack: Path) -> None:
    pack_yaml = pack / "content" / "pack.yaml"
    pack_yaml.write_text(re.sub(r"committee: Cabinet\nmeeting_date: 2019-06-11",
                                "committee: Full Council\nmeeting_date: 2021-03-09",
                                pack_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    git(pack, "commit", "-qam", "Put the pack to Full Council")
    for doc_id in ("report", "appendix-a", "appendix-b", "appendix-c"):
        policykit(pack, "release", doc_id, "--version", "2.0")

    # Deferred: back to draft, and the pack cannot be published until it is put again.
    said = policykit(pack, "decide", "--outcome", "deferred", "--on", "2021-03-09",
                     "--minute", "12", "appendix-b")
    assert "appendix-b version 2.0: draft" in said
    assert "it was deferred on 2021-03-09; release it for a later meeting (policykit release " \
        "appendix-b --version 2.0 --meeting YYYY-MM-DD)" in policykit(
            pack, "publish", "-o", "site", code=1)

    # Refused: recorded as such; the 2014 policy is untouched.
    said = policykit(pack, "decide", "--outcome", "refused", "--on", "2021-03-09",
                     "--minute", "13", "appendix-c")
    assert "appendix-c version 2.0: refused" in said

    # Amended needs the amended text committed first; then it is the approved version.
    assert "commit the amended text first" in policykit(
        pack, "decide", "--outcome", "amended", "--on", "2021-03-09", "--minute", "14",
        "appendix-a", code=1)
    policy = pack / "content" / "appendix-a.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nMembers agreed this change.\n",
                      encoding="utf-8")
    assert "uncommitted changes to content/appendix-a.md" in policykit(
        pack, "decide", "--outcome", "amended", "--on", "2021-03-09", "--minute", "14",
        "appendix-a", code=1)
    git(pack, "commit", "-qam", "Appendix A as amended at the meeting")
    said = policykit(pack, "decide", "--outcome", "amended", "--on", "2021-03-09",
                     "--minute", "14", "--in-force-from", "2021-04-01", "appendix-a")
    assert "appendix-a version 2.1: adopted" in said
    assert "appendix-a/v2.1" in git(pack, "tag")
    policykit(pack, "decide", "--outcome", "approved", "--on", "2021-03-09", "--minute", "15",
              "report")
    policykit(pack, "build", "-o", "built")
    text, footers = word_text(pack / "built" / "appendix-a.docx")
    line = ("Approved with amendments by Full Council on 9 March 2021 (minute 14); in force "
            "from 1 April 2021")
    assert all(line in footer for footer in footers) and "Version 2.1" in footers[0]
    _, footers = word_text(pack / "built" / "appendix-c.docx")
    assert "Refused by Full Council on 9 March 2021 (minute 13)" in footers[0]
    staff = (pack / "content" / "staff-policy-2014.md").read_text(encoding="utf-8")
    assert "superseded_by:\n  document: appendix-a\n  version: \"2.1\"" in staff

    # The deferred paper goes to the next meeting unchanged, keeping its version.
    assert "is not after the last decision on it (2021-03-09)" in policykit(
        pack, "release", "appendix-b", "--version", "2.0", code=1)
    said = policykit(pack, "release", "appendix-b", "--version", "2.0", "--meeting",
                     "2021-04-13")
    assert "for decision by Full Council on 13 April 2021" in said
    said = policykit(pack, "decide", "--outcome", "approved", "--on", "2021-04-13",
                     "--minute", "30")
    assert "appendix-b version 2.0: adopted" in said
    status = {line["document"]: line for line in json.loads(
        policykit(pack, "status", "--format", "json"))}
    assert {doc: status[doc]["state"] for doc in status} == {
        "report": "approved", "appendix-a": "adopted", "appendix-b": "adopted",
        "appendix-c": "refused", "staff-policy-2014": "superseded"}
    assert status["appendix-b"]["decision"] == "approved by Full Council on 2021-04-13 " \
        "(minute 30)"
