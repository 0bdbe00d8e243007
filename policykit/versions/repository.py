"""Talk to git: the only module that imports GitPython.

A narrow interface, like an httpx transport: ``ContentRepository.open(path)``, then
``versions()``, ``read(rev, path) -> bytes``, ``commit(...)``, ``last_trailer(...)``,
``create_tag(...)``, and ``guard(...)`` to put the repository back exactly as it was when
a release fails half-way. Tests drive it with a real repository in a temporary folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from policykit.errors import HistoryError

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

CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
RELEASE_LOCK = "policykit-release.lock"

# Trailers a release writes into its commit message.
APPROVED_BY = "Approved-by"
APPROVED_ON = "Approved-on"
RELEASE_VERSION = "Policykit-Version"
RELEASE_DOCUMENT = "Policykit-Document"

_FIELD, _RECORD = "\x1f", "\x1e"
_LOG_FORMAT = _FIELD.join(("%H", "%aI", "%an", "%ae", "%B")) + _RECORD


@dataclass(frozen=True)
class Version:
    """One commit that touched a document or the pack, with the tags that name it."""

    commit: str
    date: datetime
    author: str
    email: str
    message: str
    trailers: Mapping[str, str]
    tags: tuple[str, ...] = field(default=())

    @property
    def subject(self) -> str:
        """Return the first line of the commit message."""
        return self.message.strip().split("\n", 1)[0]

    @property
    def release(self) -> str | None:
        """Return the release version this commit made (``Policykit-Version``), if any."""
        return self.trailers.get(RELEASE_VERSION)

    @property
    def document(self) -> str | None:
        """Return the document this commit released (``Policykit-Document``), if any."""
        return self.trailers.get(RELEASE_DOCUMENT)

    @property
    def approved_by(self) -> str | None:
        """Return who approved the release this commit made, if any."""
        return self.trailers.get(APPROVED_BY)

    @property
    def approved_on(self) -> str | None:
        """Return the approval date (YYYY-MM-DD) of the release this commit made, if any."""
        return self.trailers.get(APPROVED_ON)


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


def _git_message(exc: GitCommandError | HookExecutionError) -> str:
    text = exc.stderr if isinstance(exc.stderr, str) else str(exc.stderr or "")
    text = text.strip().removeprefix("stderr:").strip().strip("'").strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return "; ".join(lines[-2:]) if lines else str(exc)


class ContentRepository:
    """A git repository that holds a content folder."""

    def __init__(self, repo: git.Repo) -> None:
        self.repo = repo
        self.root = Path(repo.working_tree_dir or repo.git_dir)
        self.git_dir = Path(repo.git_dir)
        self.common_dir = Path(repo.common_dir)

    # -- opening and creating ---------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> ContentRepository:
        """Open the repository that contains ``path``."""
        _require_git()
        start = Path(path).absolute()
        while not start.exists():  # a folder deleted since: its history is still there
            start = start.parent
        try:
            repo = git.Repo(start, search_parent_directories=True)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise HistoryError(
                f"{path} is not in a git repository; run 'policykit init' or 'git init' there"
            ) from None
        if repo.bare:
            raise HistoryError(
                f"{repo.git_dir} is a bare repository; clone it and work in the clone"
            )
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

        Refuses a folder that is already a repository or already holds any of the files.
        """
        _require_git()
        target = Path(path)
        if (target / ".git").exists():
            raise HistoryError(
                f"{target} is already a git repository; choose an empty folder"
            )
        clashes = sorted(name for name in files if (target / name).exists())
        if clashes:
            raise HistoryError(
                f"{target / clashes[0]} already exists; choose an empty folder or move it"
            )
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
            raise HistoryError(f"cannot write {exc.filename}: {exc.strerror}") from None
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

    def read_folder(self, rev: str, folder: str) -> dict[str, bytes]:
        """Return {name: bytes} for the files directly in ``folder`` at ``rev``."""
        commit = self.repo.commit(self.resolve(rev))
        try:
            tree = commit.tree[folder] if folder not in ("", ".") else commit.tree
        except KeyError:
            raise HistoryError(f"{folder}/ does not exist at {rev}") from None
        return {blob.name: blob.data_stream.read() for blob in tree.blobs}

    def _log(self, args: Sequence[str]) -> list[Version]:
        try:
            output = self.repo.git.log(
                f"--format={_LOG_FORMAT}", *args, strip_newline_in_stdout=False
            )
        except GitCommandError as exc:
            raise HistoryError(f"git log failed: {_git_message(exc)}") from None
        tags = self.tags()
        versions = []
        for record in output.split(_RECORD):
            record = record.lstrip("\n")
            if not record:
                continue
            sha, date, author, email, message = record.split(_FIELD, 4)
            versions.append(Version(
                commit=sha,
                date=datetime.fromisoformat(date),
                author=author,
                email=email,
                message=message,
                trailers=parse_trailers(message),
                tags=tuple(tags.get(sha, ())),
            ))
        return versions

    def versions(
        self, path: str | Sequence[str] | None = None, rev: str = "HEAD"
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

    def between(
        self, old: str, new: str, paths: Sequence[str] = ()
    ) -> list[Version]:
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

    def last_trailer(self, path: str, trailer: str) -> tuple[Version, str] | None:
        """Return the newest commit touching ``path`` with ``trailer``, and its value."""
        for version in self.versions(path):
            if trailer in version.trailers:
                return version, version.trailers[trailer]
        return None

    def last_trailers(self, trailer: str, paths: Sequence[str] = ()) -> dict[str, Version]:
        """Return {path: newest commit touching it with ``trailer``}, from one ``git log``.

        The batch form of ``last_trailer``: one pass over the history however many files
        there are. Paths are relative to the root, as git prints them.
        """
        if not self.has_commits():
            return {}
        fmt = _RECORD + _FIELD.join(("%H", "%aI", "%an", "%ae", "%B")) + _FIELD
        try:
            output = self.repo.git.execute(
                ["git", "-c", "core.quotePath=false", "log", f"--format={fmt}",
                 "--name-only", f"--grep=^{trailer}:", "--", *paths],
                strip_newline_in_stdout=False,
            )
        except GitCommandError as exc:
            raise HistoryError(f"git log failed: {_git_message(exc)}") from None
        found: dict[str, Version] = {}
        for record in str(output).split(_RECORD)[1:]:
            sha, date, author, email, message, names = record.split(_FIELD, 5)
            trailers = parse_trailers(message)
            if trailer not in trailers:
                continue
            version = Version(sha, datetime.fromisoformat(date), author, email, message,
                              trailers)
            for name in names.split("\n"):
                if name.strip():
                    found.setdefault(name.strip(), version)
        return found

    def tags(self) -> dict[str, list[str]]:
        """Return {commit id: [tag names]} for every tag, annotated or not."""
        try:
            output = self.repo.git.for_each_ref(
                "refs/tags",
                f"--format=%(refname:strip=2){_FIELD}%(objectname){_FIELD}%(*objectname)",
            )
        except GitCommandError as exc:
            raise HistoryError(f"git could not list tags: {_git_message(exc)}") from None
        found: dict[str, list[str]] = {}
        for line in output.splitlines():
            name, target, peeled = line.split(_FIELD)
            found.setdefault(peeled or target, []).append(name)
        return found

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
        entries = output.split("\0")
        changed: list[str] = []
        index = 0
        while index < len(entries):
            entry = entries[index]
            index += 1
            if len(entry) < 4:
                continue
            changed.append(entry[3:])
            if entry[0] in "RC":  # a rename or copy is followed by its old name
                changed.append(entries[index])
                index += 1
        return changed

    # -- writing ----------------------------------------------------------------------

    def commit(
        self,
        paths: list[str],
        message: str,
        trailers: Mapping[str, str] | None = None,
        *,
        author: tuple[str, str] | None = None,
        date: datetime | None = None,
    ) -> str:
        """Commit ``paths`` (relative to the root) with trailers; return the commit id.

        ``author`` is (name, email) and ``date`` the author and commit date; without them
        git's own identity (environment, then configuration) and the current time are used.
        """
        text = message.strip()
        if trailers:
            text += "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers.items())
        actor = git.Actor(*author) if author else None
        try:
            self.repo.index.add(paths)
            return self.repo.index.commit(
                text + "\n",
                author=actor,
                committer=actor,
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
        env = {
            "GIT_COMMITTER_NAME": committer.name or "",
            "GIT_COMMITTER_EMAIL": committer.email or "",
            "GIT_COMMITTER_DATE": target.committed_datetime.isoformat(),
        }
        try:
            self.repo.git.tag("-a", "-m", message, "--", name, commit, env=env)
        except GitCommandError as exc:
            raise HistoryError(f"git refused the tag {name}: {_git_message(exc)}") from None

    @contextlib.contextmanager
    def guard(self, files: Sequence[str], tags: Sequence[str] = ()) -> Iterator[None]:
        """Put HEAD, the branch, the index, ``files`` and ``tags`` back if the block fails.

        Every byte git or policykit may change is saved first and written back (or the
        file removed) on any exception, so a failed release leaves no partial commit, no
        stray tag and no changed file.
        """
        branch = self.repo.head.reference.path if self.branch() else ""
        saved = [
            self.git_dir / "index",
            self.git_dir / "HEAD",
            self.git_dir / "logs" / "HEAD",
            self.common_dir / branch,
            self.common_dir / "logs" / branch,
            *(self.common_dir / "refs" / "tags" / name for name in tags),
            *(self.root / name for name in files),
        ]
        snapshot = {path: _read_or_none(path) for path in saved}
        try:
            yield
        except BaseException:
            for path, data in snapshot.items():
                _restore(path, data)
            raise

    @contextlib.contextmanager
    def release_lock(self) -> Iterator[None]:
        """Hold ``.git/policykit-release.lock`` so that only one release runs at a time."""
        lock = self.common_dir / RELEASE_LOCK
        for _attempt in range(2):
            try:
                handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                owner = _lock_owner(lock)
                if owner is not None and _process_alive(owner):
                    raise HistoryError(
                        f"another policykit release (process {owner}) is running in "
                        f"{self.root}; wait for it to finish, or delete {lock} if it is not"
                    ) from None
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()  # left behind by a process that died
                continue
            except OSError as exc:
                raise HistoryError(f"cannot create {lock}: {exc.strerror}") from None
            break
        else:
            raise HistoryError(
                f"cannot take {lock}; another release may be starting, try again"
            )
        try:
            os.write(handle, f"{os.getpid()}\n".encode())
            os.close(handle)
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _restore(path: Path, data: bytes | None) -> None:
    if data is None:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    temporary = path.with_name(f".{path.name}.policykit-restore")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _lock_owner(lock: Path) -> int | None:
    try:
        return int(lock.read_text().strip() or "0") or None
    except (OSError, ValueError):
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM
    return True


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


def describe_worktree(path: str | Path, templates: str | Path | None = None) -> str | None:
    """Return the HEAD commit id, plus ``-dirty`` if content or templates have changes.

    ``path`` is the content folder; ``templates`` the brand kit (by default ``templates/``
    at the repository root). Outside git, in a repository without commits, or with git
    missing, return None.
    """
    if git is None:
        return None
    try:
        repository = ContentRepository(git.Repo(path, search_parent_directories=True))
    except (InvalidGitRepositoryError, NoSuchPathError):
        return None
    head = repository.head()
    if head is None or repository.repo.bare:
        return None
    folders = [repository.relative(path)]
    template_dir = Path(templates) if templates is not None else \
        repository.root / TEMPLATES_DIR
    with contextlib.suppress(HistoryError):
        folders.append(repository.relative(template_dir))
    try:
        dirty = repository.changes([folder or "." for folder in folders])
    except HistoryError:
        return head
    return f"{head}-dirty" if dirty else head


__all__ = [
    "APPROVED_BY",
    "APPROVED_ON",
    "CONTENT_DIR",
    "RELEASE_DOCUMENT",
    "RELEASE_VERSION",
    "TEMPLATES_DIR",
    "ContentRepository",
    "Version",
    "describe_worktree",
    "head_commit",
    "parse_trailers",
]
