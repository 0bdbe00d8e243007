"""The people of a pack and working as a team: the facade the workspace's sign-in uses.

Each function delegates once (``policykit.content.people``, ``policykit.versions.roster``,
``.people``, ``.sync``); ``policykit.api`` re-exports them (``api.acting_as`` and the rest).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from policykit.content.people import Officer
    from policykit.versions.edits import SavedEdit

T = TypeVar("T")


def person_from(name: str, email: str = "", *, team: str = "", role: str = "") -> Officer:
    """Return the person an officer typed (``Jane Smith <jane@council.gov.uk>`` read too)."""
    from policykit.content.people import person_from as read

    return read(name, email, team=team, role=role)


def add_person(content_dir: str | Path, person: Officer) -> SavedEdit | None:
    """Add an officer to ``people:`` in pack.yaml, committed as them (None: already there)."""
    from policykit.versions.roster import add_person as add

    return add(content_dir, person)


def pack_people(content_dir: str | Path) -> list[Officer]:
    """Return the people listed in pack.yaml (name, email, team, role)."""
    from policykit.versions.roster import people

    return people(content_dir)


def acting_as(name: str, email: str) -> AbstractContextManager[None]:
    """Credit every commit made inside the block (save, release, review) to this officer."""
    from policykit.versions.people import acting_as as credit

    return credit(name, email)


def synced(content_dir: str | Path, remote: str, write: Callable[[], T],
           brought_in: Callable[[list[str]], None]) -> tuple[T, str | None]:
    """Pull from ``remote``, run ``write``, push, all under the one write lock (serve --sync)."""
    from policykit.versions.sync import synced as run

    return run(content_dir, remote, write, brought_in)


__all__ = ["acting_as", "add_person", "pack_people", "person_from", "synced"]
