"""Who is at work in a request, and running a facade call credited to them.

The officer is the browser's cookie (``policykit_person``: ``Name <email>``, set by the
welcome page); a script without it may name an author in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from policykit import api
from policykit.errors import InputError, PolicykitError

PERSON_COOKIE = "policykit_person"
T = TypeVar("T")


LEAD_ROLES = frozenset({"lead", "approver", "manager"})
_PEOPLE: dict[str, tuple[float, list[Any]]] = {}


def _people(content_dir: Path) -> list[Any]:
    """Return pack.yaml's people, read again only when the file changed."""
    try:
        stamp = (content_dir / "pack.yaml").stat().st_mtime
    except OSError:
        return []
    cached = _PEOPLE.get(str(content_dir))
    if cached is None or cached[0] != stamp:
        try:
            cached = (stamp, api.pack_people(content_dir))
        except PolicykitError:
            cached = (stamp, [])
        _PEOPLE[str(content_dir)] = cached
    return cached[1]


def signed_in(request: Request, header: str) -> Any | None:
    """Return the officer the reverse proxy says is signed in (team mode), or None.

    The header's value (an email, ``Name <email>``, a name, or a user name that is the
    part of their email before the @) is matched against pack.yaml's people; someone not
    listed may still edit.
    """
    value = " ".join(request.headers.get(header, "").split())
    if not value:
        return None
    people = _people(request.app.state.workspace.content_dir)
    wanted = value.lower()
    for person in people:
        if wanted in (person.email.lower(), person.name.lower(),
                      person.email.lower().split("@")[0],
                      f"{person.name} <{person.email}>".lower()):
            return person
    try:
        return api.person_from(value, value if "@" in value and "<" not in value else "")
    except PolicykitError:
        return SimpleNamespace(name=value[:200], email="", team=None, role=None)


def may_approve(request: Request, person: Any, doing: str) -> None:
    """Refuse (team mode) a release, decision or publish by someone without a lead role."""
    if not request.app.state.workspace.trusted_header:
        return
    if (getattr(person, "role", None) or "").strip().lower() in LEAD_ROLES:
        return
    leads = [p.name for p in _people(request.app.state.workspace.content_dir)
             if (p.role or "").strip().lower() in LEAD_ROLES]
    raise Forbidden(
        f"{doing} needs a lead: {person.name} is not listed with role: lead in pack.yaml's "
        f"people; ask {', '.join(leads[:3]) or 'the pack lead'} to do it, or to give you "
        "the role")


class Forbidden(PolicykitError):
    """The signed-in officer may not do this (team mode roles); answered 403."""

    status = 403


def officer(request: Request) -> Any | None:
    """Return the officer at work: the proxy's signed-in user in team mode, else the
    browser's cookie; None if not told yet."""
    header = request.app.state.workspace.trusted_header
    if header:
        return signed_in(request, header)
    value = unquote(request.cookies.get(PERSON_COOKIE, ""))
    if not value:
        return None
    try:
        return api.person_from(value)
    except PolicykitError:
        return None


def credited(request: Request, values: dict[str, str]) -> Any:
    """Return the officer a write is credited to: the browser's, else the form's name."""
    known = officer(request)
    if known is not None:
        return known
    name = values.get("author", "")
    if not name.strip():
        raise InputError("your name: tell the workspace who you are first (it asks on the "
                         "first page), so your work is credited to you")
    if values.get("email", "").strip() or "<" in name:
        return api.person_from(name, values.get("email", ""))
    return SimpleNamespace(name=" ".join(name.split()), email="")  # a script's own name


async def as_officer(person: Any, call: Callable[..., T], *args: Any,
                     sync: tuple[Path, str] | None = None, **kwargs: Any) -> T:
    """Run ``call`` in a worker thread with its commits credited to ``person`` (if any).

    With ``sync`` (content folder, git remote: ``serve --sync``), the remote's commits come in
    first and the result is pushed after, all under the content's one write lock; what
    happened is kept for ``notes_for(person)``.
    """

    def run() -> T:
        if person is None:  # nobody named (a script): git's own identity, as on the CLI
            return call(*args, **kwargs)
        with api.acting_as(person.name, person.email):
            if not sync:
                return call(*args, **kwargs)

            def told(brought: list[str]) -> None:
                if brought:
                    _note(person, f"Brought in {len(brought)} change"
                          f"{'' if len(brought) == 1 else 's'} from the council's git server "
                          f"first: {'; '.join(brought[:3])}.")

            # pull, write (with its own version check) and push under the one write lock
            result, refused = api.synced(*sync, lambda: call(*args, **kwargs), told)
            if refused:
                _note(person, f"Warning: {refused}.")
            return result

    return await run_in_threadpool(run)


_NOTES: dict[str, list[str]] = {}


def _note(person: Any, text: str) -> None:
    _NOTES.setdefault(person.email or person.name, []).append(text)


def sync_of(request: Request) -> tuple[Path, str] | None:
    """Return (content folder, remote) when the workspace syncs with a git server."""
    workspace = request.app.state.workspace
    return (workspace.content_dir, workspace.sync) if workspace.sync else None


def notes_for(person: Any | None) -> list[str]:
    """Return (and forget) what syncing told this officer since their last page."""
    return _NOTES.pop(person.email or person.name, []) if person is not None else []


__all__ = ["LEAD_ROLES", "PERSON_COOKIE", "Forbidden", "as_officer", "credited",
           "may_approve", "notes_for", "officer", "signed_in", "sync_of"]
