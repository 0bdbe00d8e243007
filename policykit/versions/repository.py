"""Talk to git: the only module that imports GitPython.

A narrow interface, like an httpx transport: ``ContentRepository.open(path)``, then
``versions()``, ``read(rev, path) -> bytes``, ``commit(...)``, ``last_trailers(...)``,
``create_tag(...)``, and ``guard(...)`` to put the repository back exactly as it was when
a release fails half-way. Tests drive it with a real repository in a temporary folder.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from policykit.errors import HistoryError, OutputError
from policykit.versions.branches import BranchCommits
from policykit.versions.conflicts import check_bases, digest
from policykit.versions.gitoutput import (
    LOG_FORMAT,
    NAMES_LOG_FORMAT,
    TAG_FORMAT,
    parse_log,
    parse_status,
    parse_tags,
    parse_trailer_log,
)
from policykit.versions.people import acting
from policykit.versions.safety import WRITE_LOCK, release_lock, restored_on_failure, write_lock
from policykit.versions.trailers import Version, with_trailers
from policykit.word.package import write_atomic, write_problem

try:  # GitPython raises ImportError at import time when the git binary is missing.
    import git
    from git.exc import (
        GitCommandError,
        HookExecutionError,
        InvalidGitRepositoryError,
        NoSuchPathError,
    )
except ImportError as exc:  # pragma: no cover - depends on the machine
    git = None  # type: ignore[assignment]
    _IMPORT_PROBLEM: str | None = str(exc).splitlines()[0]
else:
    _IMPORT_PROBLEM = None


def _require_git() -> None:
    if git is None:
        raise HistoryError(
            f"git is not available ({_IMPORT_PROBLEM}); install git and try again"
        )


def _existing(path: Path) -> Path:
    """Return ``path``, or its nearest parent that exists."""
    path = path.absolute()
    while not path.exists():
        path = path.parent
    return path


def _check_new_folder(target: Path) -> None:
    """Refuse to create a repository in a file, a repository, a full folder or inside a repo."""
    if target.exists() and not target.is_dir():
        raise HistoryError(f"{target} is a file; give the name of a new or empty folder")
    if (target / ".git").exists():
        raise HistoryError(f"{target} is already a git repository; choose an empty folder")
    if target.is_dir():
        names = sorted(child.name for child in target.iterdir())
        if names:
            shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            raise HistoryError(
                f"{target} is not empty (it holds {shown}); choose an empty folder, or give "
                "the name of a new one"
            )
    try:
        outer = git.Repo(_existing(target), search_parent_directories=True)
    except (InvalidGitRepositoryError, NoSuchPathError):
        return
    raise HistoryError(
        f"{target} is inside the git repository at {outer.working_tree_dir or outer.git_dir}; "
        "choose a folder outside it, so the pack has its own history"
    )


def _check_identity(runner: git.Git, where: Path) -> None:
    """Refuse to commit when git would make up an identity (such as root@host)."""
    for ident in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        try:
            runner.execute(["git", "-c", "user.useConfigOnly=true", "var", ident])
        except GitCommandError:
            raise HistoryError(
                f"{where}: git does not know who you are, so it cannot record who made the "
                "change; run git config --global user.name \"Your Name\" and "
                "git config --global user.email \"you@example.gov.uk\", then try again"
            ) from None


def _git_message(exc: GitCommandError | HookExecutionError) -> str:
    text = exc.stderr if isinstance(exc.stderr, str) else str(exc.stderr or "")
    text = text.strip().removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines[-2:]) if lines else str(exc)


class ContentRepository(BranchCommits):
    """A git repository that holds a content folder."""

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.root = Path(repo.working_tree_dir or repo.git_dir)
        self.git_dir = Path(repo.git_dir)
        self.common_dir = Path(repo.common_dir)
        self.git_errors = (GitCommandError,)
        weakref.finalize(self, repo.close)  # end git's helper processes with this object

    # -- opening and creating ---------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> ContentRepository:
        """Open the repository that contains ``path``."""
        _require_git()
        try:  # a folder deleted since: its history is still there, so start from its parent
            repo = git.Repo(_existing(Path(path)), search_parent_directories=True)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise HistoryError(
                f"{path} is not in a git repository; run 'policykit init' or 'git init' there"
            ) from None
        if repo.bare:
            raise HistoryError(f"{repo.git_dir} is a bare repository; clone it and work in it")
        return cls(repo)

    @classmethod
    def create(
        cls,
        path: str | Path,
        files: Mapping[str, bytes],
        message: str,
        *,
        author: tuple[str, str] | None = None,
        date: datetime | None = None,
    ) -> ContentRepository:
        """Create a repository at ``path`` holding ``files`` ({relative path: bytes}), committed.

        Refuses a folder that is already a repository, is not empty, or is inside another
        repository, and (without ``author``) a git that does not know who is committing.
        """
        _require_git()
        target = Path(path)
        _check_new_folder(target)
        if author is None:
            _check_identity(git.Git(str(_existing(target))), target)
        created: list[Path] = []
        try:
            target.mkdir(parents=True, exist_ok=True)
            repo = git.Repo.init(target, initial_branch="main")
            created.append(target / ".git")
            for name, data in sorted(files.items()):
                file = target / name
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(data)
                created.append(file)
            repository = cls(repo)
            repository.commit(sorted(files), message, author=author, date=date)
        except GitCommandError as exc:
            raise HistoryError(f"git could not create the repository: {_git_message(exc)}") \
                from None
        except OSError as exc:
            failed = Path(exc.filename or target)
            raise OutputError(f"{failed}: {write_problem(failed, exc)}") from None
        return repository

    # -- paths and revisions ----------------------------------------------------------

    def relative(self, path: str | Path) -> str:
        """Return ``path`` relative to the repository root, with forward slashes."""
        resolved = Path(path).resolve()
        try:
            relative = resolved.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise HistoryError(f"{path} is outside the repository at {self.root}") from None
        return "" if relative == "." else relative

    def resolve(self, rev: str) -> str:
        """Return the full commit id that ``rev`` names."""
        try:
            return self.repo.commit(rev).hexsha
        except (GitCommandError, ValueError, git.BadName, IndexError):
            if rev == "HEAD" and not self.has_commits():
                raise HistoryError(
                    f"the repository at {self.root} has no commits yet; commit the content "
                    "first (git add content templates && git commit)"
                ) from None
            raise HistoryError(
                f"unknown revision {rev!r}; use a commit id, a tag such as "
                "appendix-a/v1.0, or a branch ('policykit history' lists them)"
            ) from None

    def has_commits(self) -> bool:
        """Return whether HEAD names a commit (a new repository has none)."""
        try:
            self.repo.head.commit  # noqa: B018 - raises when HEAD is unborn
        except ValueError:
            return False
        return True

    def head(self) -> str | None:
        """Return the HEAD commit id, or None when the repository has no commits yet."""
        return self.repo.head.commit.hexsha if self.has_commits() else None

    def branch(self) -> str:
        """Return the branch HEAD is on; refuse a detached HEAD or an empty repository."""
        if self.repo.head.is_detached:
            raise HistoryError(
                f"HEAD is detached in {self.root} (at {self.repo.head.commit.hexsha[:8]}); "
                "check out a branch first (git switch main)"
            )
        if not self.has_commits():
            raise HistoryError(
                f"the repository at {self.root} has no commits yet; commit the content "
                "first (git add content templates && git commit)"
            )
        return self.repo.head.reference.name

    def identity(self) -> str:
        """Return the name git would record as author of a commit made now."""
        try:
            ident = self.repo.git.var("GIT_AUTHOR_IDENT")
        except GitCommandError:
            return "policykit"
        return ident.split(" <", 1)[0].strip() or "policykit"

    def files(self, rev: str = "HEAD") -> list[str]:
        """Return the paths of every file committed at ``rev``."""
        commit = self.repo.commit(self.resolve(rev))
        return sorted(item.path for item in commit.tree.traverse() if item.type == "blob")

    def exists(self, rev: str, path: str) -> bool:
        """Return whether ``path`` exists at ``rev``."""
        commit = self.repo.commit(self.resolve(rev))
        try:
            commit.tree[path]
        except KeyError:
            return False
        return True

    def blob_id(self, rev: str, path: str) -> str | None:
        """Return the object id of ``path`` at ``rev`` (a blob or tree), or None if absent."""
        commit = self.repo.commit(self.resolve(rev))
        try:
            return commit.tree[path].hexsha
        except KeyError:
            return None

    # -- reading ----------------------------------------------------------------------

    def read(self, rev: str, path: str) -> bytes:
        """Return the bytes of ``path`` (relative to the root) as it stood at ``rev``."""
        commit = self.repo.commit(self.resolve(rev))
        try:
            return commit.tree[path].data_stream.read()
        except KeyError:
            raise HistoryError(f"{path} does not exist at {rev}") from None

    def read_folder(self, rev: str, folder: str, *, only: Callable[[str], bool] | None = None,
                    limit: int | None = None) -> dict[str, bytes]:
        """Return {name: bytes} for the files directly in ``folder`` at ``rev``.

        ``only`` keeps the names it accepts; a file over ``limit`` bytes is refused before
        it is read.
        """
        commit = self.repo.commit(self.resolve(rev))
        try:
            tree = commit.tree[folder] if folder not in ("", ".") else commit.tree
        except KeyError:
            raise HistoryError(f"{folder}/ does not exist at {rev}") from None
        blobs = [blob for blob in tree.blobs if only is None or only(blob.name)]
        for blob in blobs:
            if limit is not None and blob.size > limit:
                raise HistoryError(
                    f"{blob.path} at {rev} is {blob.size / 1024 / 1024:.0f} MB, over the "
                    f"{limit // 1024 // 1024} MB limit; make it smaller in a new commit"
                )
        return {blob.name: blob.data_stream.read() for blob in blobs}

    def _log(self, args: Sequence[str]) -> list[Version]:
        try:
            output = self.repo.git.log(
                f"--format={LOG_FORMAT}", *args, strip_newline_in_stdout=False
            )
        except GitCommandError as exc:
            raise HistoryError(f"git log failed: {_git_message(exc)}") from None
        return parse_log(output, self.tags())

    def versions(self, path: str | Sequence[str] | None = None, rev: str = "HEAD"
                 ) -> list[Version]:
        """Return the commits that touched ``path`` (or any file), newest first."""
        if not self.has_commits() and rev == "HEAD":
            return []
        sha = self.resolve(rev)
        paths = [path] if isinstance(path, str) else list(path or [])
        return self._log([sha, "--", *paths] if paths else [sha])

    def version(self, rev: str) -> Version:
        """Return the commit ``rev`` names, as a Version."""
        return self._log(["-1", self.resolve(rev)])[0]

    def between(self, old: str, new: str, paths: Sequence[str] = ()) -> list[Version]:
        """Return the commits after ``old`` up to ``new`` touching ``paths``, oldest first.

        Only commits on an ancestry path from ``old`` to ``new`` count; when ``old`` is not
        an ancestor of ``new`` (comparing backwards, or across branches) the list is empty.
        Merges are followed by their first parent, as the main line saw them: a change made
        on a merged branch comes with the merge commit, so each version in the list is a
        state the main line really had.
        """
        old_sha, new_sha = self.resolve(old), self.resolve(new)
        if old_sha == new_sha or not self.repo.is_ancestor(old_sha, new_sha):
            return []
        return self._log(
            ["--reverse", "--ancestry-path", "--first-parent", f"{old_sha}..{new_sha}", "--",
             *paths]
        )

    def last_trailers(self, trailer: str, paths: Sequence[str] = ()) -> dict[str, Version]:
        """Return {path: newest commit touching it with ``trailer``}, from one ``git log``.

        Paths are relative to the root, as git prints them.
        """
        if not self.has_commits():
            return {}
        try:
            output = self.repo.git.execute(
                ["git", "-c", "core.quotePath=false", "log", f"--format={NAMES_LOG_FORMAT}",
                 "--name-only", f"--grep=^{trailer}:", "--", *paths],
                strip_newline_in_stdout=False,
            )
        except GitCommandError as exc:
            raise HistoryError(f"git log failed: {_git_message(exc)}") from None
        return parse_trailer_log(str(output), trailer)

    def tags(self) -> dict[str, list[str]]:
        """Return {commit id: [tag names]} for every tag, annotated or not."""
        try:
            output = self.repo.git.for_each_ref("refs/tags", f"--format={TAG_FORMAT}")
        except GitCommandError as exc:
            raise HistoryError(f"git could not list tags: {_git_message(exc)}") from None
        return parse_tags(output)

    def tag_exists(self, name: str) -> bool:
        """Return whether the tag ``name`` exists."""
        try:
            self.repo.git.show_ref("--verify", "--quiet", f"refs/tags/{name}")
        except GitCommandError:
            return False
        return True

    def check_tag_name(self, name: str) -> None:
        """Refuse a name git cannot use as a tag."""
        try:
            self.repo.git.check_ref_format(f"refs/tags/{name}")
        except GitCommandError:
            raise HistoryError(
                f"{name!r} cannot be a git tag name; use letters, digits, dots and hyphens"
            ) from None

    # -- the working tree -------------------------------------------------------------

    def staged(self) -> list[str]:
        """Return the files staged in the index (what the next commit would include)."""
        if not self.has_commits():
            return sorted(str(path) for path, _stage in self.repo.index.entries)
        try:
            output = self.repo.git.diff(
                "--cached", "--name-only", "-z", env={"GIT_OPTIONAL_LOCKS": "0"}
            )
        except GitCommandError as exc:
            raise HistoryError(f"git diff failed: {_git_message(exc)}") from None
        return [name for name in output.split("\0") if name]

    def changes(self, paths: Sequence[str] = (), *, untracked: bool = True) -> list[str]:
        """Return the files with uncommitted changes (staged, unstaged, and untracked ones)."""
        try:
            output = self.repo.git.status(
                "--porcelain=v1", "-z", f"--untracked-files={'all' if untracked else 'no'}",
                "--", *paths,
                strip_newline_in_stdout=False,
                env={"GIT_OPTIONAL_LOCKS": "0"},  # do not refresh (rewrite) the index
            )
        except GitCommandError as exc:
            raise HistoryError(f"git status failed: {_git_message(exc)}") from None
        return parse_status(output)

    # -- writing ----------------------------------------------------------------------

    def commit(
        self,
        paths: list[str],
        message: str,
        trailers: Mapping[str, str] | None = None,
        *,
        author: tuple[str, str] | None = None,
        date: datetime | None = None, committer: tuple[str, str] | None = None,
        write: Mapping[str, bytes] | None = None,
        base: Mapping[str, str | None] | None = None,
    ) -> str:
        """Commit ``paths`` (relative to the root) with trailers; return the commit id.

        ``author``/``committer`` are (name, email), ``date`` the author and commit date;
        without them git's own identity and the current time are used. Holding the write lock,
        each file in ``base`` must still hold the bytes whose SHA-256 is given (None: absent),
        else ConflictError; then ``write`` ({path: bytes}) is written atomically, committed."""
        text = with_trailers(message, trailers)
        author = author or acting()  # the officer at work (versions.people), else git's own
        if author is None:
            _check_identity(self.repo.git, self.root)
        actor = git.Actor(*author) if author else None
        with self.write_lock():
            check_bases(self.root, base or {}, self.last_change, write or {})
            for path, data in (write or {}).items():
                write_atomic(self.root / path, data)
            return self._commit(paths, text, actor, date,
                                git.Actor(*committer) if committer else actor)

    def last_change(self, path: str, sha: str | None) -> Version | None:
        """Return the newest commit touching ``path`` if the file as committed has ``sha``."""
        found = self.versions(path) if self.has_commits() else []
        committed = self.read("HEAD", path) if found and self.exists("HEAD", path) else None
        return found[0] if found and digest(committed) == sha else None

    def _commit(self, paths: list[str], text: str, actor: object, date: datetime | None,
                committer: object) -> str:
        try:
            self.repo.index.add(paths)
            return self.repo.index.commit(
                text,
                author=actor,
                committer=committer,
                author_date=date,
                commit_date=date,
            ).hexsha
        except HookExecutionError as exc:
            raise HistoryError(
                f"a git hook refused the commit ({_git_message(exc)}); fix what it "
                "reports, or ask whoever set up the hook"
            ) from None
        except GitCommandError as exc:
            raise HistoryError(f"git refused the commit: {_git_message(exc)}") from None
        except OSError as exc:
            lock = self.git_dir / "index.lock"
            if lock.exists():
                raise HistoryError(
                    f"another git command is using the repository ({lock} exists); wait "
                    "for it to finish, or delete that file if no git command is running"
                ) from None
            raise HistoryError(f"git could not write the commit: {exc}") from None
        except ValueError as exc:  # GitPython reading GIT_AUTHOR_DATE or GIT_COMMITTER_DATE
            raise HistoryError(
                f"cannot read the commit date ({exc}); unset GIT_AUTHOR_DATE and "
                "GIT_COMMITTER_DATE or write them as '<seconds> <+hhmm>'"
            ) from None

    def create_tag(self, name: str, commit: str, message: str) -> None:
        """Make the annotated tag ``name`` on ``commit``; the tagger is the commit's committer."""
        target = self.repo.commit(commit)
        committer = target.committer
        env = {"GIT_COMMITTER_NAME": committer.name or "",
               "GIT_COMMITTER_EMAIL": committer.email or "",
               "GIT_COMMITTER_DATE": target.committed_datetime.isoformat()}
        try:
            self.repo.git.tag("-a", "-m", message, "--", name, commit, env=env)
        except GitCommandError as exc:
            raise HistoryError(f"git refused the tag {name}: {_git_message(exc)}") from None

    def guard(self, files: Sequence[str], tags: Sequence[str] = ()
              ) -> contextlib.AbstractContextManager[None]:
        """Put HEAD, the branch, the index, ``files`` and ``tags`` back if the block fails:
        every byte that may change is saved first and written back (or the file removed), so
        a failed release leaves no partial commit, no stray tag and no changed file."""
        branch = self.repo.head.reference.path if self.branch() else ""
        return restored_on_failure([
            self.git_dir / "index", self.git_dir / "HEAD", self.git_dir / "logs" / "HEAD",
            self.common_dir / branch, self.common_dir / "logs" / branch,
            *(self.common_dir / "refs" / "tags" / name for name in tags),
            *(self.root / name for name in files)])

    @contextlib.contextmanager
    def release_lock(self) -> Iterator[None]:
        """Hold ``.git/policykit-release.lock`` (one release at a time) and the write lock."""
        with release_lock(self.common_dir, self.root), self.write_lock():
            yield

    def write_lock(self) -> contextlib.AbstractContextManager[None]:
        """Hold ``.git/policykit-write.lock``: every write to the content or repository does."""
        return write_lock(self.common_dir / WRITE_LOCK, self.root)


__all__ = ["ContentRepository", "Version"]
