"""Keep writers apart and failures clean: the write lock, the release lock, saved files.

Plain file operations (no git): ``write_lock`` is the one lock every write to a content file
or the repository holds (an inter-process ``flock`` on ``<git dir>/policykit-write.lock``,
re-entrant inside one process, released by the kernel if the process dies); ``release_lock``
lets one release run at a time, and ``read_or_none``/``restore`` save and put back the bytes
of a file git or policykit may change.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from policykit.errors import HistoryError

RELEASE_LOCK = "policykit-release.lock"
WRITE_LOCK = "policykit-write.lock"
WAIT_SECONDS = 60.0  # how long a writer waits for another to finish before giving up

_registry = threading.Lock()
_held: dict[tuple[int, str], list] = {}  # (pid, lock path) -> [RLock, depth, file descriptor]


def lock_path_for(folder: Path) -> Path:
    """Return where a folder outside git keeps its write lock (the temporary folder)."""
    key = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"policykit-write-{key}.lock"


@contextlib.contextmanager
def write_lock(lock: Path, where: Path, *, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the write lock file ``lock``: one writer at a time across processes and threads.

    Re-entrant in one process (a release that saves holds it once). Waits up to ``wait``
    seconds for another writer, then raises :class:`HistoryError` naming it.
    """
    with _registry:
        entry = _held.setdefault((os.getpid(), str(lock)), [threading.RLock(), 0, None])
    if not entry[0].acquire(timeout=wait):
        raise _busy(lock, where)
    try:
        if entry[1] == 0:
            entry[2] = _flock(lock, where, wait)
        entry[1] += 1
        try:
            yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                with contextlib.suppress(FileNotFoundError):
                    lock.unlink()  # while still held, so no writer locks a removed file
                os.close(entry[2])  # closing the descriptor releases the flock
                entry[2] = None
    finally:
        entry[0].release()


def _flock(lock: Path, where: Path, wait: float) -> int:
    """Open ``lock`` and take its exclusive flock, waiting up to ``wait`` seconds.

    The file is removed when the lock is let go, so a writer that opened it before it was
    removed checks that the file it locked is still the one at ``lock``, else tries again.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            handle = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as exc:
            raise HistoryError(f"cannot create {lock}: {exc.strerror}") from None
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    os.close(handle)
                    raise _busy(lock, where) from None
                time.sleep(0.005)
        held = os.fstat(handle)
        try:
            current = os.stat(lock)
        except FileNotFoundError:
            current = None
        if current is not None and (current.st_ino, current.st_dev) == \
                (held.st_ino, held.st_dev):
            break
        os.close(handle)  # removed by the writer before us: take the new file
    os.ftruncate(handle, 0)
    os.pwrite(handle, f"{os.getpid()}\n".encode(), 0)
    return handle


def _busy(lock: Path, where: Path) -> HistoryError:
    owner = _lock_owner(lock)
    who = f" (process {owner})" if owner else ""
    return HistoryError(f"another policykit command{who} is still writing to {where}; wait "
                        "for it to finish, then try again")


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


@contextlib.contextmanager
def restored_on_failure(paths: list[Path]) -> Iterator[None]:
    """Save the bytes of ``paths``; on any exception in the block, put each back (or remove it)."""
    snapshot = {path: read_or_none(path) for path in paths}
    try:
        yield
    except BaseException:
        for path, data in snapshot.items():
            restore(path, data)
        raise


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


__all__ = ["RELEASE_LOCK", "WRITE_LOCK", "lock_path_for", "read_or_none", "release_lock",
           "restore", "restored_on_failure", "write_lock"]
