"""Who is at work in a request, and running a facade call credited to them.

The officer is the browser's cookie (``policykit_person``: ``Name <email>``, set by the
welcome page); a script without it may name an author in the form.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, TypeVar
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from policykit import api
from policykit.errors import InputError, PolicykitError

PERSON_COOKIE = "policykit_person"
T = TypeVar("T")


def officer(request: Request) -> Any | None:
    """Return the officer at work (from the browser's cookie), or None if not told yet."""
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


async def as_officer(person: Any, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``call`` in a worker thread with its commits credited to ``person`` (if any)."""

    def run() -> T:
        if person is None:  # nobody named (a script): git's own identity, as on the CLI
            return call(*args, **kwargs)
        with api.acting_as(person.name, person.email):
            return call(*args, **kwargs)

    return await run_in_threadpool(run)


__all__ = ["PERSON_COOKIE", "as_officer", "credited", "officer"]
