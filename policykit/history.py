"""Talk to git: the only module that imports GitPython.

A narrow interface, like an httpx transport: ``ContentRepository.open(path)``, then
``versions()``, ``read(rev, path) -> bytes``, ``commit(...)``, ``last_trailer(...)``.
Tests drive it with a real repository in a temporary folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .errors import HistoryError

try:  # GitPython raises ImportError at import time when the git binary is missing.
    import git
    from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError
except ImportError as exc:  # pragma: no cover - depends on the machine
    git = None  # type: ignore[assignment]
    _IMPORT_PROBLEM: str | None = str(exc).splitlines()[0]
else:
    _IMPORT_PROBLEM = None


@dataclass(frozen=True)
class Version:
    """One commit that touched a document or the pack."""

    commit: str
    date: datetime
    author: str
    email: str
    message: str
    trailers: Mapping[str, str]


def _require_git() -> None:
    if git is None:
        raise HistoryError(
            f"git is not available ({_IMPORT_PROBLEM}); install git and try again"
        )


def parse_trailers(message: str) -> dict[str, str]:
    """Return the ``Key: value`` trailers of the last paragraph of a commit message."""
    paragraphs = message.strip().split("\n\n")
    if len(paragraphs) < 2:
        return {}
    trailers: dict[str, str] = {}
    for line in paragraphs[-1].splitlines():
        key, sep, value = line.partition(":")
        if not sep or not key or " " in key.strip():
            return {}
        trailers[key.strip()] = value.strip()
    return trailers


class ContentRepository:
    """A git repository that holds a content folder."""

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.root = Path(repo.working_tree_dir or repo.git_dir)

    @classmethod
    def open(cls, path: str | Path) -> ContentRepository:
        """Open the repository that contains ``path``."""
        _require_git()
        try:
            repo = git.Repo(path, search_parent_directories=True)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise HistoryError(
                f"{path} is not in a git repository; run 'policykit init' or 'git init' there"
            ) from None
        if repo.bare:
            raise HistoryError(
                f"{repo.git_dir} is a bare repository; clone it and work in the clone"
            )
        return cls(repo)

    def relative(self, path: str | Path) -> str:
        """Return ``path`` relative to the repository root, with forward slashes."""
        resolved = Path(path).resolve()
        try:
            return resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise HistoryError(f"{path} is outside the repository at {self.root}") from None

    def resolve(self, rev: str) -> str:
        """Return the full commit id that ``rev`` names."""
        try:
            return self.repo.commit(rev).hexsha
        except (GitCommandError, ValueError, git.BadName):
            raise HistoryError(
                f"unknown revision {rev!r}; use a commit id, a tag such as "
                "appendix-a/v1.0, or a branch ('policykit history' lists them)"
            ) from None

    def read(self, rev: str, path: str) -> bytes:
        """Return the bytes of ``path`` (relative to the root) as it stood at ``rev``."""
        commit = self.repo.commit(self.resolve(rev))
        try:
            return commit.tree[path].data_stream.read()
        except KeyError:
            raise HistoryError(f"{path} does not exist at {rev}") from None

    def read_folder(self, rev: str, folder: str) -> dict[str, bytes]:
        """Return {name: bytes} for the files directly in ``folder`` at ``rev``."""
        commit = self.repo.commit(self.resolve(rev))
        try:
            tree = commit.tree[folder] if folder not in ("", ".") else commit.tree
        except KeyError:
            raise HistoryError(f"{folder}/ does not exist at {rev}") from None
        return {blob.name: blob.data_stream.read() for blob in tree.blobs}

    def versions(self, path: str | None = None, rev: str = "HEAD") -> list[Version]:
        """Return the commits that touched ``path`` (or any file), newest first."""
        try:
            commits = self.repo.iter_commits(rev, paths=path) if path else \
                self.repo.iter_commits(rev)
            return [
                Version(
                    commit=c.hexsha,
                    date=c.authored_datetime,
                    author=c.author.name or "",
                    email=c.author.email or "",
                    message=c.message,
                    trailers=parse_trailers(c.message),
                )
                for c in commits
            ]
        except (GitCommandError, ValueError):
            return []

    def last_trailer(self, path: str, trailer: str) -> tuple[Version, str] | None:
        """Return the newest commit touching ``path`` with ``trailer``, and its value."""
        for version in self.versions(path):
            if trailer in version.trailers:
                return version, version.trailers[trailer]
        return None

    def commit(
        self,
        paths: list[str],
        message: str,
        trailers: Mapping[str, str] | None = None,
    ) -> str:
        """Commit ``paths`` (relative to the root) with trailers; return the commit id."""
        text = message.strip()
        if trailers:
            text += "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers.items())
        try:
            self.repo.index.add(paths)
            return self.repo.index.commit(text + "\n").hexsha
        except GitCommandError as exc:
            raise HistoryError(f"git refused the commit: {exc.stderr.strip()}") from None


def head_commit(path: str | Path) -> str | None:
    """Return the HEAD commit id of the repository holding ``path``, or None outside git.

    Used to stamp builds; a path outside any repository (or git missing) gives None.
    """
    if git is None:
        return None
    try:
        repo = git.Repo(path, search_parent_directories=True)
        return repo.head.commit.hexsha
    except (InvalidGitRepositoryError, NoSuchPathError, ValueError):
        return None


__all__ = ["ContentRepository", "Version", "head_commit", "parse_trailers"]
