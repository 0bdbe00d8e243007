"""Keep a failed release from leaving anything behind: the release lock, saved files.

Plain file operations (no git): ``release_lock`` lets one release run at a time, and
``read_or_none``/``restore`` save and put back the bytes of a file git or policykit may change.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from policykit.errors import HistoryError

RELEASE_LOCK = "policykit-release.lock"


@contextlib.contextmanager
def release_lock(common_dir: Path, root: Path) -> Iterator[None]:
    """Hold ``<git dir>/policykit-release.lock`` so that only one release runs at a time."""
    lock = common_dir / RELEASE_LOCK
    for _attempt in range(2):
        try:
            handle = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _lock_owner(lock)
            if owner is not None and _process_alive(owner):
                raise HistoryError(
                    f"another policykit release (process {owner}) is running in "
                    f"{root}; wait for it to finish, or delete {lock} if it is not"
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


def read_or_none(path: Path) -> bytes | None:
    """Return the bytes of ``path``, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def restore(path: Path, data: bytes | None) -> None:
    """Put ``path`` back to ``data`` (None: remove it), through a temporary file."""
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


__all__ = ["RELEASE_LOCK", "read_or_none", "release_lock", "restore"]
