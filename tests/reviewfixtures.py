"""Content folders and git repositories with review schedules, for the reviews tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.versions.repository import ContentRepository

PACK = """\
council: Test District Council
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL
documents:
  - id: guidance
  - id: policy
"""

GUIDANCE = """\
---
# Guidance for Members: kept under review by the Communications Team.
title: Social Media Guidance for Members
owner: Communications Team
version: "1.0"
review:
  owner: Communications Team      # a team, not a person
  email: communications@example.gov.uk
  interval: 6 months
  warning: 1 month
  last_reviewed: 2019-06-11       # approved by Cabinet that day
---
# Guidance

Use social media well.
"""

POLICY = """\
---
title: Social Media Policy for Members
owner: Democratic Services
version: "1.0"
status: approved
approval: {by: Cabinet, on: 2019-06-11}
review:
  owner: Democratic Services
  email: democratic.services@example.gov.uk
  interval: 1 year
---
# Policy

Be polite.
"""

STAFF = """\
---
title: Social Media Policy for Staff
owner: Human Resources
version: "1.0"
---
Not scheduled.
"""


def write_content(folder: Path, **files: str) -> Path:
    """Write a content folder: the pack, the two scheduled documents and any ``files``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {"pack.yaml": PACK, "guidance.md": GUIDANCE, "policy.md": POLICY,
             "staff.md": STAFF, **{f"{k}.md": v for k, v in files.items()}}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "GIT_AUTHOR_NAME": "Records Officer", "GIT_AUTHOR_EMAIL": "records@example.gov.uk",
        "GIT_COMMITTER_NAME": "Records Officer",
        "GIT_COMMITTER_EMAIL": "records@example.gov.uk",
    }.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def repo(tmp_path: Path, git_identity: None) -> ContentRepository:
    """Return a real git repository whose content/ folder holds the sample schedules."""
    files = {
        "content/pack.yaml": PACK, "content/guidance.md": GUIDANCE,
        "content/policy.md": POLICY, "content/staff.md": STAFF,
    }
    return ContentRepository.create(
        tmp_path / "council", {k: v.encode() for k, v in files.items()}, "Add content"
    )
