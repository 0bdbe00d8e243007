"""Keep a content repository in step with the council's git server (``serve --sync REMOTE``).

Before a write, ``pull`` fetches the remote's branch and brings its new commits in (a
fast-forward, or a merge commit credited to the officer at work when both sides moved);
a merge that would clash is undone and refused, so nothing is lost. After a write,
``push`` sends the branch and its release tags; a refusal is returned as words for the
officer (the work stays committed here and goes with the next push). ``synced`` runs a
write between the two, all under the repository's one write lock, so no other save,
release or review lands between the pull, the write's own version check and the push.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from policykit.errors import HistoryError
from policykit.versions.people import acting
from policykit.versions.repository import ContentRepository, GitCommandError

T = TypeVar("T")


def _said(exc: GitCommandError) -> str:
    text = exc.stderr if isinstance(exc.stderr, str) else str(exc.stderr or "")
    lines = [line.strip() for line in text.replace("stderr:", "").strip(" '\n").splitlines()
             if line.strip()]
    server = [line.removeprefix("remote:").strip() for line in lines
              if line.startswith("remote:") and line.removeprefix("remote:").strip()]
    return "; ".join([*server[:3], *lines[-1:]]) or str(exc)  # the server's own words first


def _env() -> dict[str, str]:
    person = acting()
    if person is None:
        return {}
    name, email = person
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def pull(content_dir: str | Path, remote: str) -> list[str]:
    """Bring in the remote's new commits; return them as "Name: what they did", oldest first."""
    repo = ContentRepository.open(content_dir)
    with repo.write_lock():
        return _pull(repo, remote)


def _pull(repo: ContentRepository, remote: str) -> list[str]:
    branch = repo.branch()
    git = repo.repo.git
    try:
        git.fetch(remote, branch)
    except GitCommandError as exc:
        raise HistoryError(f"could not reach the council's git server ({remote}): "
                           f"{_said(exc)}; nothing was saved; try again, or ask IT") from None
    theirs = git.rev_parse("FETCH_HEAD")
    head = repo.head()
    if theirs == head or _ancestor(repo, theirs, head):
        return []
    brought = git.log("--reverse", "--format=%an: %s", f"{head}..{theirs}").splitlines()
    try:
        if _ancestor(repo, head, theirs):
            git.merge("--ff-only", theirs)
        else:
            git.merge("--no-edit", "-m", "Bring in the changes from the council's server",
                      theirs, env=_env())
    except GitCommandError as exc:
        with contextlib.suppress(GitCommandError):
            git.merge("--abort")
        raise HistoryError(
            f"the council's git server has changes that clash with this copy's "
            f"({_said(exc)}); nothing was saved and nothing was lost; ask IT to bring "
            "the two together") from None
    return brought


def _ancestor(repo: ContentRepository, older: str, newer: str) -> bool:
    try:
        repo.repo.git.merge_base("--is-ancestor", older, newer)
    except GitCommandError:
        return False
    return True


def push(content_dir: str | Path, remote: str) -> str | None:
    """Send the branch and its release tags; return why the server refused, or None."""
    repo = ContentRepository.open(content_dir)
    with repo.write_lock():
        branch = repo.branch()
        try:
            repo.repo.git.push("--follow-tags", remote, f"HEAD:refs/heads/{branch}")
        except GitCommandError as exc:
            return (f"the council's git server refused the change ({_said(exc)}); it is "
                    "saved on this computer and will be sent with the next save")
    return None


def synced(content_dir: str | Path, remote: str, write: Callable[[], T],
           brought_in: Callable[[list[str]], None]) -> tuple[T, str | None]:
    """Pull, tell ``brought_in`` the commits brought in ("Name: what they did"), run
    ``write``, push, holding the write lock throughout; return what ``write`` returned and
    why the push was refused (None: sent).

    ``write`` takes the same lock (it is re-entrant) and makes its own version check
    against the text as pulled, so a colleague's change brought in is never overwritten.
    If ``write`` fails, nothing is pushed.
    """
    repo = ContentRepository.open(content_dir)
    with repo.write_lock():
        brought_in(_pull(repo, remote))
        result = write()
        return result, push(content_dir, remote)


__all__ = ["pull", "push", "synced"]
