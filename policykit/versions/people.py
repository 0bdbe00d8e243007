"""Credit commits to the officer at work, not to whatever git user the computer has.

``acting_as(name, email)`` is a context manager: every commit made inside it (a save, a
release, a review, and the tag a release makes from its commit) has that author and
committer, so git never needs ``user.name`` configured. It is a context variable, so each
request of the workspace (one thread each) credits its own officer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_ACTING: ContextVar[tuple[str, str] | None] = ContextVar("policykit_acting", default=None)


@contextlib.contextmanager
def acting_as(name: str, email: str) -> Iterator[None]:
    """Credit the commits made inside the block to ``name <email>``."""
    token = _ACTING.set((name, email))
    try:
        yield
    finally:
        _ACTING.reset(token)


def acting() -> tuple[str, str] | None:
    """Return (name, email) of the officer commits are credited to now, if one is set."""
    return _ACTING.get()


__all__ = ["acting", "acting_as"]
