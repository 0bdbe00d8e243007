"""Shared set-up for the incorporate tests: the real Appendix A in a git repository, its build,
the installed ``policykit`` command, and reading a document's paragraphs as a reader sees them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from policykit.importer.copy import read_copy, view
from policykit.versions.build import build_at
from policykit.versions.repository import ContentRepository

ROOT = Path(__file__).resolve().parent.parent
UNO_SCRIPT = Path(__file__).resolve().parent / "uno_review.py"
AUTHOR = ("Priya Shah", "priya.shah@chiltern.gov.uk")
PEOPLE = """
people:
  - name: Legal Services
    email: legal@chiltern.gov.uk
  - name: Communications
    email: communications@chiltern.gov.uk
"""
RUNNER = {"GIT_AUTHOR_NAME": "Priya Shah", "GIT_AUTHOR_EMAIL": AUTHOR[1],
          "GIT_COMMITTER_NAME": "Priya Shah", "GIT_COMMITTER_EMAIL": AUTHOR[1]}


def content_repository(folder: Path, *, council: str | None = None) -> Path:
    """Make a repository in ``folder`` holding the real content (with reviewers' emails)."""
    files = {}
    for path in sorted((ROOT / "content").glob("*")):
        if path.is_file():
            files[f"content/{path.name}"] = path.read_bytes()
    pack = files["content/pack.yaml"].decode() + PEOPLE
    if council:
        pack = pack.replace("council: Chiltern and South Bucks District Councils",
                            f"council: {council}")
    files["content/pack.yaml"] = pack.encode()
    ContentRepository.create(folder, files, "The committee pack", author=AUTHOR,
                             date=datetime(2019, 5, 1, 9, 0, tzinfo=UTC))
    return folder / "content"


def commit_change(folder: Path, path: str, old: str, new: str) -> str:
    """Change ``old`` to ``new`` in a content file and commit it as the author."""
    file = folder / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return ContentRepository.open(folder).commit([path], f"Edit {path}", author=AUTHOR,
                                                 date=datetime(2019, 5, 2, 9, 0, tzinfo=UTC))


def built(content: Path, doc_id: str = "appendix-a") -> bytes:
    """Return the document built from the working tree, stamped with its commit."""
    return build_at(content, doc_id, None)


def policykit(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``policykit`` command in ``folder`` as Priya Shah."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(RUNNER)
    env["COLUMNS"] = "200"
    return subprocess.run([sys.executable, "-m", "policykit", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)


def git(folder: Path, *args: str) -> str:
    """Return what git prints."""
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout


def body_texts(docx: bytes, *, accept: bool = True) -> list[str]:
    """Return the text of each paragraph (table cells too), revisions accepted or rejected."""
    paragraphs = view(read_copy(docx, "document.docx").paragraphs, lambda _: accept)
    return [p.text.strip() for p in paragraphs if p.text.strip()]


def uno_copies(tmp: Path, copies: list[dict]) -> None:
    """Make reviewers' copies in LibreOffice through UNO (see tests/uno_review.py)."""
    job = tmp / "uno-job.json"
    job.write_text(json.dumps({"profile": str(tmp / "lo-profile"), "copies": copies}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    subprocess.run(["/usr/bin/python3", "-I", str(UNO_SCRIPT), str(job)], check=True,
                   timeout=300, env=env)
