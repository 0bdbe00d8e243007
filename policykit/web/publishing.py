"""Ask for the agenda's publication day and, after its deadline, why it is late.

The CLI's ``publish --today D --late-reason "..."`` in the workspace: the pack page's publish
form gives the day (today by default) and a reason, and warns loudly when the deadline has
passed; a publish after the deadline with no reason is stopped before any work starts, on a
page that asks for it. The reason goes into the published index, as from the CLI.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from policykit import api
from policykit.errors import InputError, PolicykitError
from policykit.web.render import respond

LATE_STATUS = 409


def publish_day(values: dict[str, str], today: date) -> tuple[date, str | None]:
    """Return (the day the agenda goes out, the late reason) from the publish form."""
    text = values.get("publish_on", "").strip()
    try:
        on = date.fromisoformat(text) if text else today
    except ValueError:
        raise InputError(f"publishing on: {text!r} is not a date; give it as YYYY-MM-DD, "
                         "e.g. 2019-06-03") from None
    return on, values.get("late_reason", "").strip() or None


def agenda_going_out(content_dir: Path, on: date, reason: str | None = None) -> Any | None:
    """Return the agenda's publication on ``on`` (None when no agenda goes out, or the pack
    cannot be read: publishing then says why)."""
    try:
        content = api.load_workspace(content_dir)
    except PolicykitError:
        return None
    return api.agenda_publication(content, today=on, late_reason=reason)


def form_data(content: Any, today: date) -> dict[str, Any]:
    """Return what the pack page's publish form shows for ``content`` (loaded already): the
    day, and the agenda's publication when it is late."""
    publication = api.agenda_publication(content, today=today)
    return {"publish_on": today.isoformat(),
            "agenda_late": publication if publication and publication.late else None}


def stopped_late(request: Request, content_dir: Path, on: date,
                 reason: str | None) -> Response | None:
    """Return the page that stops an agenda published late with no reason, or None."""
    publication = agenda_going_out(content_dir, on, reason)
    if publication is None or not publication.late or publication.late_reason is not None:
        return None
    return late_page(request, publication)


def late_page(request: Request, publication: Any) -> Response:
    """Return the page that stops a late publish with no reason and asks for one."""
    deadline = publication.deadline
    message = (f"The agenda for {deadline.committee} on {api.long_date(deadline.meeting)} had "
               f"to be published by {deadline.when()}. Publishing on "
               f"{publication.on:%A} {api.long_date(publication.on)} is late. Say why below: "
               "the published index records the reason. Nothing was published.")
    return respond(request, "late.html", {
        "title": "The agenda is late", "message": message,
        "publish_on": publication.on.isoformat(),
    }, status=LATE_STATUS, data={"error": "late", "message": message,
                                 "publish_by": deadline.publish_by.isoformat()})


__all__ = ["LATE_STATUS", "agenda_going_out", "form_data", "late_page", "publish_day",
           "stopped_late"]
