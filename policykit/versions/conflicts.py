"""Decide whether a writer may write: the files must still hold what it started from.

Pure apart from reading the files it checks: ``check_bases`` compares each file on disk with
the SHA-256 the writer read (None: the file did not exist) and raises :class:`ConflictError`
naming the other change (who, when, which version, in words) and keeping the loser's text.
It runs inside the write lock, in ``ContentRepository.commit``: the one commit path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from policykit.errors import ConflictError
from policykit.versions.safety import lock_path_for, write_lock
from policykit.versions.trailers import Version
from policykit.word.package import write_atomic


def digest(data: bytes | None) -> str | None:
    """Return the SHA-256 of ``data`` as hex (None for a file that does not exist)."""
    return None if data is None else hashlib.sha256(data).hexdigest()


def _on_disk(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None


def describe(version: Version | None) -> str:
    """Return who made ``version``, when, and which version it is, in words."""
    if version is None:
        return "someone changed it outside policykit (the change is not committed yet)"
    moment = version.date
    when = f"{moment:%H:%M} on {moment.day} {moment:%B %Y}"
    release = f", release {version.release}" if version.release else ""
    return (f"{version.author} changed it at {when} (version {version.commit[:8]}"
            f"{release}: \"{version.subject}\")")


def check_bases(root: Path, bases: Mapping[str, str | None],
                last_change: Callable[[str, str | None], Version | None],
                kept: Mapping[str, bytes]) -> None:
    """Raise ConflictError when a file under ``root`` no longer holds what the writer read.

    ``bases`` maps each path (relative to ``root``) to the SHA-256 the writer started from;
    ``last_change(path, sha)`` returns the commit that made the file hold ``sha`` (None when
    no commit did: an uncommitted change); ``kept`` is what the writer meant to write.
    """
    for path, base in bases.items():
        now = _on_disk(root / path)
        if now == base:
            continue
        other = describe(last_change(path, now))
        gone = " (it has been deleted)" if now is None else ""
        raise ConflictError(
            f"{path}: {other}{gone} after this change started from the version before; "
            "nothing was written: do it again on the file as it is now",
            other=other, kept=dict(kept))


def write_unversioned(folder: Path, name: str, data: bytes, base: str | None) -> Path:
    """Write ``folder/name`` outside git: under the folder's write lock, only if it still
    holds what the writer read (SHA-256 ``base``; None: absent), else ConflictError."""
    with write_lock(lock_path_for(folder), folder):
        check_bases(folder, {name: base}, lambda _path, _sha: None, {name: data})
        return write_atomic(folder / name, data)


__all__ = ["check_bases", "describe", "digest", "write_unversioned"]
