"""``diff --attribute`` credits a formatting change to the commit that made it (issue 19).

A reviewer's copy that only makes a word bold is incorporated as their commit; the
attributed redline must name them for that change, not the default author (the newest
commit's, or whoever runs the command for the working tree).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from gitfixtures import commit_file, make_repo
from lxml import etree

from policykit.versions.blame import Attribution, Author

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PATH = "content/appendix-a.md"
TOM = Author("Tom Okafor", datetime(2019, 3, 3, tzinfo=UTC))
ANN = Author("Ann Lee", datetime(2019, 3, 4, tzinfo=UTC))


class Span:
    """A stand-in for policykit.redline.Span."""

    def __init__(self, kind: str, block: int, start: int, end: int) -> None:
        self.kind, self.block, self.start, self.end = kind, block, start, end


def formatting(docx: Path) -> list[tuple[str, str, bool]]:
    """Return (author, text, bold now) of each run whose formatting the redline changed."""
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    found = []
    for change in body.iter(f"{W}rPrChange"):
        run = change.getparent().getparent()
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        bold = change.getparent().find(f"{W}b") is not None
        found.append((change.get(f"{W}author"), text, bold))
    return found


def insertions(docx: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return [(ins.get(f"{W}author"), "".join(t.text or "" for t in ins.iter(f"{W}t")))
            for ins in body.iter(f"{W}ins")
            if "".join(t.text or "" for t in ins.iter(f"{W}t")).strip()]


def diff(repo: Path, *args: str, said: str) -> Path:
    out = repo / "attributed.docx"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Connie Primmer",
           "GIT_AUTHOR_EMAIL": "cprimmer@example.gov.uk",
           "GIT_COMMITTER_NAME": "Connie Primmer",
           "GIT_COMMITTER_EMAIL": "cprimmer@example.gov.uk"}
    done = subprocess.run([sys.executable, "-m", "policykit", "diff", "appendix-a", *args,
                           "--attribute", "-o", str(out)], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert said in done.stdout, done.stdout
    return out


def test_a_word_made_bold_is_credited_to_the_commit_that_bolded_it(tmp_path: Path) -> None:
    repository = make_repo(tmp_path / "council")  # by Priya Shah
    base = repository.head()
    text = (repository.root / PATH).read_text(encoding="utf-8")
    bolded = text.replace("Be polite.", "Be **polite**.")
    commit_file(repository, PATH, bolded, "Legal: stress politeness", 1, 10)  # Tom Okafor
    # To the working tree: the default author would be whoever runs the command.
    assert formatting(diff(repository.root, "--from", base, said="0 insertions, 0 deletions, "
                           "0 moves, 1 formatting change\n")) == [
        ("Tom Okafor", "polite", True)]
    # A later commit by someone else: the default author would be hers.
    later = bolded.replace("talk with residents", "talk with residents and groups")
    commit_file(repository, PATH, later, "Add groups", 2, 11)  # Ann Lee
    out = diff(repository.root, "--from", base, "--to", "HEAD",
               said="1 insertion, 0 deletions, 0 moves, 1 formatting change\n")
    assert formatting(out) == [("Tom Okafor", "polite", True)]
    assert ("Ann Lee", " and groups") in insertions(out)


def test_formatting_is_followed_through_the_versions() -> None:
    blame = Attribution(["# Purpose", "Be polite. Be honest."])
    blame.advance(["# Purpose", "Be **polite**. Be honest."], TOM)
    blame.advance(["## Purpose", "Be **polite**. Be honest, always."], ANN)
    newest = ["Purpose", "Be polite. Be honest, always."]
    blame.bind(["Purpose", "Be polite. Be honest."], newest)
    start = newest[1].index("polite")
    assert blame(Span("format", 1, start, start + len("polite"))) == (TOM.name, TOM.date)
    # The heading's level changed in Ann's version: the whole paragraph is hers.
    assert blame(Span("format", 0, 0, len("Purpose"))) == (ANN.name, ANN.date)
    # Words whose formatting never changed have no one to credit: the default.
    start = newest[1].index("honest")
    assert blame(Span("format", 1, start, start + len("honest"))) is None
