"""Commit files onto a branch other than the one checked out (the review branches).

A mixin of :class:`~policykit.versions.repository.ContentRepository`: it drives git through the
repository's own GitPython command runner (``self.repo.git``), so this module imports no
GitPython. HEAD, the index and the working tree are never touched: the commit is built in a
temporary index from the parent's tree, holding the repository's one write lock.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

from policykit.errors import HistoryError
from policykit.versions.people import acting


class BranchCommits:
    """Write commits onto named branches without checking them out."""

    repo: Any
    git_errors: tuple[type[Exception], ...]
    write_lock: Callable[[], AbstractContextManager[None]]  # the repository's one write lock

    def runner(self) -> tuple[str, str]:
        """Return the (name, email) recorded as committer of a commit made now: the officer
        at work in the workspace (``versions.people``), else git's own identity."""
        if acting() is not None:
            return acting()  # type: ignore[return-value]
        try:
            ident = self.repo.git.var("GIT_COMMITTER_IDENT")
        except self.git_errors:
            return "policykit", "policykit@localhost"
        name, _, rest = ident.partition(" <")
        return name.strip() or "policykit", rest.partition(">")[0]

    def branch_head(self, branch: str) -> str | None:
        """Return the commit branch ``branch`` points at (None when there is no such branch)."""
        try:
            return self.repo.git.rev_parse("--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
        except self.git_errors:
            return None

    def commit_files(self, branch: str, parent: str, files: Mapping[str, bytes], message: str,
                     *, author: tuple[str, str], date: datetime | None = None) -> str:
        """Commit ``files`` ({path from the root: bytes}) on ``parent`` and point ``branch`` at
        the commit; return its id. The author is ``author`` dated ``date``; the committer is
        whoever runs it (git's own identity)."""
        env = dict(os.environ)
        env.update(GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1])
        if date is not None:
            env["GIT_AUTHOR_DATE"] = date.isoformat()
        try:
            with self.write_lock(), tempfile.TemporaryDirectory(prefix="policykit-") as folder:
                env["GIT_INDEX_FILE"] = str(Path(folder) / "index")
                self.repo.git.read_tree(parent, env=env)
                for path, data in files.items():
                    blob = Path(folder) / "blob"
                    blob.write_bytes(data)
                    sha = self.repo.git.hash_object("-w", str(blob), env=env)
                    self.repo.git.update_index("--add", "--cacheinfo", f"100644,{sha},{path}",
                                               env=env)
                tree = self.repo.git.write_tree(env=env)
                made = self.repo.git.commit_tree(tree, "-p", parent, "-m", message, env=env)
                self.repo.git.update_ref(f"refs/heads/{branch}", made)
        except self.git_errors as exc:
            raise HistoryError(f"git could not write branch {branch}: {exc}") from None
        return made


__all__ = ["BranchCommits"]
