"""Build real git repositories in a temporary folder for the history, release and CLI tests."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from policykit.versions.repository import ContentRepository
from policykit.versions.trailers import Version

PACK = """\
# The pack: kept short for the tests.
council: Test District Council
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL
documents:
  - id: appendix-a
    appendix: A
"""

POLICY = """\
---
# Social media policy for Members.
title: Social Media Policy   # the title on the cover
owner: Democratic Services
version: "0.1"
status: draft
review:
  owner: Head of Democratic Services
  email: democratic@example.gov.uk
  interval: 1 year
---
# Purpose

Members use social media to talk with residents.

# Principles

Be polite. Be honest. Say who you are.
"""

AUTHORS = [
    ("Priya Shah", "priya.shah@example.gov.uk"),
    ("Tom Okafor", "tom.okafor@example.gov.uk"),
    ("Ann Lee", "ann.lee@example.gov.uk"),
]
START = datetime(2019, 3, 1, 9, 0, tzinfo=UTC)


def policy(body_extra: str = "", **front: str) -> str:
    """Return the test policy with some front-matter lines replaced and text appended."""
    text = POLICY
    for key, value in front.items():
        lines = text.split("\n")
        lines = [f"{key}: {value}" if line.startswith(f"{key}:") else line for line in lines]
        text = "\n".join(lines)
    return text + body_extra


def make_repo(path: Path) -> ContentRepository:
    """Create a content repository with one commit by the first author."""
    return ContentRepository.create(
        path,
        {"content/pack.yaml": PACK.encode(), "content/appendix-a.md": POLICY.encode()},
        "Add the social media policy",
        author=AUTHORS[0],
        date=START,
    )


def commit_file(
    repository: ContentRepository,
    name: str,
    text: str,
    message: str,
    author: int,
    day: int,
) -> str:
    """Write ``name`` and commit it as author number ``author`` on day ``day`` after START."""
    file = repository.root / name
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text)
    return repository.commit(
        [name], message, author=AUTHORS[author], date=START + timedelta(days=day)
    )


def last_trailer(repo: ContentRepository, path: str, trailer: str) -> tuple[Version, str] | None:
    """Return the newest commit touching ``path`` with ``trailer``, and its value."""
    for version in repo.versions(path):
        if trailer in version.trailers:
            return version, version.trailers[trailer]
    return None


def head_commit(path: Path) -> str | None:
    """Return the HEAD commit id of the repository holding ``path``, or None outside git."""
    done = subprocess.run(["git", "-C", str(path), "rev-parse", "--verify", "-q", "HEAD"],
                          capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None
