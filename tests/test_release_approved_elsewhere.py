"""``release --approved-by/--approved-on`` records the state ``decide`` records (issue 17).

Old scripts record a decision taken elsewhere with the legacy options. A policy approved that
way is adopted and in force from the next day, the report approved, and the document it
replaces superseded, exactly as releasing for decision and then ``decide --outcome approved``
leave them: ``status`` says the same, and the built documents' footers and document control
say the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

pytestmark = pytest.mark.slow  # two packs taken to a decision with the installed CLI

ENV = {**os.environ, "GIT_AUTHOR_NAME": "Connie Primmer",
       "GIT_AUTHOR_EMAIL": "cprimmer@chiltern.gov.uk", "GIT_COMMITTER_NAME": "Connie Primmer",
       "GIT_COMMITTER_EMAIL": "cprimmer@chiltern.gov.uk", "COLUMNS": "120"}
DECIDED = ("report", "appendix-a")


def policykit(folder: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "policykit", *args], cwd=folder, env=ENV,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


def new_pack(folder: Path) -> Path:
    subprocess.run([sys.executable, "-m", "policykit", "init", str(folder)], env=ENV,
                   check=True, capture_output=True)
    return folder


def pages(path: Path) -> tuple[list[str], dict[str, str]]:
    """Return the footers and the document-control rows of a built .docx."""
    document = docx.Document(str(path))
    footers = [" ".join(p.text for p in section.footer.paragraphs)
               for section in document.sections]
    rows = {row.cells[0].text: row.cells[-1].text for table in document.tables
            for row in table.rows if len(row.cells) > 1}
    return footers, rows


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """Return (decided at the meeting, approved elsewhere, what the legacy release said)."""
    root = tmp_path_factory.mktemp("parity")
    decided = new_pack(root / "decided")
    for doc_id in DECIDED:
        policykit(decided, "release", doc_id, "--version", "1.0")
    policykit(decided, "decide", "--outcome", "approved", "--on", "2019-06-11", "--minute",
              "23")
    elsewhere = new_pack(root / "elsewhere")
    said = ""
    for doc_id in DECIDED:
        said += policykit(elsewhere, "release", doc_id, "--version", "1.0", "--approved-by",
                          "Cabinet", "--approved-on", "2019-06-11", "--minute", "23")
    for pack in (decided, elsewhere):
        policykit(pack, "build", "-o", "built")
    return decided, elsewhere, said


def test_status_is_the_same_by_either_path(both: tuple[Path, Path, str]) -> None:
    decided, elsewhere, _ = both
    for form in (("status",), ("status", "--format", "json")):
        assert policykit(elsewhere, *form) == policykit(decided, *form)
    status = policykit(elsewhere, "status")
    assert "appendix-a         1.0     adopted       Cabinet 2019-06-11   approved " \
        "2019-06-11, minute 23" in status
    assert "in force from 2019-06-12" in status
    assert "staff-policy-2014  1.2     superseded" in status


def test_the_pages_say_the_same_by_either_path(both: tuple[Path, Path, str]) -> None:
    decided, elsewhere, _ = both
    for doc_id in DECIDED:
        assert pages(elsewhere / "built" / f"{doc_id}.docx") == \
            pages(decided / "built" / f"{doc_id}.docx"), doc_id
    footers, rows = pages(elsewhere / "built" / "appendix-a.docx")
    assert all(footer.startswith("Version 1.0 — Approved by Cabinet on 11 June 2019 (minute "
                                 "23); in force from 12 June 2019") for footer in footers)
    assert rows["Status"] == "Approved and in force"
    footers, rows = pages(elsewhere / "built" / "report.docx")
    assert all(footer.startswith("Version 1.0 — Approved by Cabinet on 11 June 2019 (minute "
                                 "23) —") for footer in footers), footers


def test_the_legacy_release_says_what_it_superseded(both: tuple[Path, Path, str]) -> None:
    _, elsewhere, said = both
    assert said.splitlines()[3:5] == [
        "Released appendix-a version 1.0, approved by Cabinet on 11 June 2019 (minute 23).",
        "staff-policy-2014 version 1.2: superseded for Members by appendix-a version 1.0 from "
        "12 June 2019",
    ]
    tags = subprocess.run(["git", "tag"], cwd=elsewhere, capture_output=True, text=True,
                          check=True).stdout.split()
    assert {"appendix-a/adopted/2019-06-11-v1.0", "report/approved/2019-06-11-v1.0",
            "staff-policy-2014/superseded/2019-06-12-v1.2"} <= set(tags)
