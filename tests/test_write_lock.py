"""Test that every command writing the content or the repository holds the one write lock.

While this test holds ``.git/policykit-write.lock`` (as a workspace save would), the
installed ``policykit`` command is started for each writer: it must wait, changing
nothing, and finish its work once the lock is let go.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gitfixtures import make_repo

from policykit.versions.repository import ContentRepository

ASSETS = Path(__file__).resolve().parent / "assets" / "import"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".git" not in p.parts}


@pytest.mark.parametrize("args", [
    ["reviews", "record", "appendix-a", "--by", "Rita Reviewer", "--on", "2020-01-02"],
    ["import", str(ASSETS / "staff-policy.docx"), "staff-2014"],
    ["release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
     "--approved-on", "2019-06-11"],
], ids=["reviews record", "import", "release"])
def test_a_writer_waits_for_the_lock_then_writes(tmp_path: Path, args: list[str]) -> None:
    repo = make_repo(tmp_path / "council")
    env = {**os.environ, "GIT_AUTHOR_NAME": "Rita Reviewer", "GIT_COMMITTER_NAME": "Rita",
           "GIT_AUTHOR_EMAIL": "rita@example.gov.uk", "GIT_COMMITTER_EMAIL": "r@x.gov.uk"}
    head, before = repo.head(), _files(repo.root)
    with repo.write_lock():
        child = subprocess.Popen(
            [sys.executable, "-m", "policykit", *args, "--content-dir", "content"],
            cwd=repo.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True)
        try:
            time.sleep(2.5)
            assert child.poll() is None, child.communicate()  # still waiting
            assert ContentRepository.open(repo.root).head() == head
            assert _files(repo.root) == before
        except BaseException:
            child.kill()
            child.communicate()
            raise
    try:
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 0, err
    assert _files(repo.root) != before  # it did its work once the lock was free
