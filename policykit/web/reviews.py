"""Serve the reviews: due and overdue by owner, recording a review, the calendar file.

Handlers are thin: parse the request, call ``policykit.api`` in a worker thread, render.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from policykit import api
from policykit.errors import ConflictError, InputError, PolicykitError
from policykit.web.identity import as_officer, credited, sync_of
from policykit.web.pages import form_values
from policykit.web.render import respond

WITHIN = {"": "only those due now", "1 month": "due within a month",
          "3 months": "due within three months", "1 year": "due within a year"}


async def reviews_page(request: Request) -> Response:
    """Show the reviews due and overdue (or due within a period), by owner."""
    workspace = request.app.state.workspace
    within = request.query_params.get("within", "")
    if within not in WITHIN:
        raise InputError(f"within: {within!r} is not one of the choices on the page")
    today = date.today()
    due = await run_in_threadpool(lambda: api.due_reviews(
        workspace.content_dir, today=today, within=within or None))
    return respond(request, "reviews.html", {
        "title": "Reviews", "due": due, "within": within, "choices": WITHIN,
        "today": today.isoformat(), "recorded": request.query_params.get("recorded"),
        "documents": await run_in_threadpool(_reviewable, workspace.content_dir),
    }, data={"today": today, "due": [review.as_dict() for review in due]})


def _reviewable(content_dir: Path) -> list[tuple[str, str]]:
    """Return (id, title) of the policy documents that can be reviewed, in pack order."""
    try:
        content = api.load_workspace(content_dir)
    except PolicykitError:
        return []
    return [(doc_id, document.title) for doc_id, document in content.documents.items()
            if getattr(document, "review", None) is not None]


async def record(request: Request) -> Response:
    """Record a review of a document (front matter edited and committed), then list again."""
    workspace = request.app.state.workspace
    values = await form_values(request)
    doc_id = request.path_params.get("doc_id") or values.get("doc_id", "")
    today = date.today()
    try:
        try:
            on = date.fromisoformat(values.get("on", ""))
        except ValueError:
            raise InputError("reviewed on: give the date of the review as YYYY-MM-DD") \
                from None
        person = credited(request, {"author": values.get("by", ""), **values})
        await as_officer(person, lambda: api.record_review(
            workspace.content_dir, doc_id, by=values.get("by") or person.name, on=on,
            today=today, note=values.get("note") or None,
            outcome=values.get("outcome") or "no-change"), sync=sync_of(request))
    except PolicykitError as exc:
        due = await run_in_threadpool(lambda: api.due_reviews(workspace.content_dir,
                                                              today=today))
        return respond(request, "reviews.html", {
            "title": "Reviews", "due": due, "within": "", "choices": WITHIN,
            "today": today.isoformat(), "error": f"Error: {exc}", "failed": doc_id,
            "posted": {key: values.get(key, "") for key in ("by", "on", "note")},
            "documents": await run_in_threadpool(_reviewable, workspace.content_dir),
        }, status=409 if isinstance(exc, ConflictError) else 422,
            data={"error": f"Error: {exc}"})
    return RedirectResponse(f"/reviews?recorded={doc_id}", status_code=303)


async def calendar(request: Request) -> Response:
    """Send the review dates as an iCalendar file."""
    workspace = request.app.state.workspace
    data = await run_in_threadpool(lambda: api.review_calendar(workspace.content_dir,
                                                               today=date.today()))
    return Response(data, media_type="text/calendar", headers={
        "content-disposition": 'attachment; filename="reviews.ics"'})


__all__ = ["calendar", "record", "reviews_page"]
