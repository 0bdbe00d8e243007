"""Serve a document's history: the timeline, comparing two versions, releasing a version.

Handlers are thin: parse the request, call ``policykit.api`` in a worker thread, render.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from policykit import api
from policykit.errors import InputError, PolicykitError
from policykit.web.changes import Change, linked
from policykit.web.comparisons import Comparisons
from policykit.web.identity import as_officer, credited, may_approve, sync_of
from policykit.web.pages import DOCX, document_source, form_values
from policykit.web.render import long_date, respond, when

REVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/~^-]{0,120}")


def _revision(value: str | None, what: str) -> str | None:
    """Return a revision from the query, refusing anything but a commit id, tag or branch."""
    if not value:
        return None
    if not REVISION.fullmatch(value) or ".." in value:
        raise InputError(f"{what}: {value!r} is not a version; pick one from the history")
    return value


def described(version: Any) -> str:
    """Return a version in words: "Version 1.0, released by Connie Primmer on 3 June 2019"."""
    if version.release:
        return f"Version {version.release}, released by {version.author} on " \
            f"{long_date(version.date.astimezone())}"
    return f"Saved by {version.author} {when(version.date)}"


def _history_data(content_dir: Path, doc_id: str) -> dict[str, Any]:
    source = document_source(content_dir, doc_id)
    versions = api.document_history(content_dir, doc_id)
    return {"title": f"History of {source.name}", "doc_id": doc_id, "source": source,
            "versions": [(v, described(v)) for v in versions],
            "today": date.today().isoformat()}


def _named(versions: list[Any], revision: str | None) -> str:
    """Return a revision in words (a version, who saved it and when), else the text now."""
    if revision is None:
        return "the text as it is now"
    release = revision.rsplit("/v", 1)[1] if "/v" in revision else None
    for version in versions:
        if version.commit.startswith(revision) or (release and version.release == release):
            if version.release:
                return f"version {version.release} (released by {version.author} on " \
                    f"{long_date(version.date.astimezone())})"
            return f"the version saved by {version.author} {when(version.date)}"
    return "the version you picked"


async def history_page(request: Request) -> Response:
    """Show a document's versions and releases, newest first, with compare and release."""
    workspace = request.app.state.workspace
    doc_id = request.path_params["doc_id"]
    if not workspace.git:
        raise InputError("history needs git; run 'policykit init' to make a content "
                         "repository, or 'git init' in this folder")
    data = await run_in_threadpool(_history_data, workspace.content_dir, doc_id)
    released = request.query_params.get("released", "")
    data["released"] = released.rsplit("/v", 1)[-1] if released else None
    return respond(request, "history.html", data, data={
        "doc_id": doc_id, "versions": [v for v, _ in data["versions"]]})


def _compare(content_dir: Path, doc_id: str, old: str, new: str | None, *,
             attribute: bool = True) -> Any:
    return api.diff_versions(content_dir, doc_id, old=old, new=new, attribute=attribute,
                             now=datetime.now(UTC).replace(microsecond=0))


@dataclass(frozen=True)
class _Shown:
    """A comparison as the page shows it (kept in ``Comparisons``)."""

    summary: dict[str, Any]
    notes: list[str]
    styles: str
    body: str
    changes: list[Change]


def _compare_on_screen(content_dir: Path, doc_id: str, old: str, new: str | None) -> _Shown:
    """Return the redline of two versions as the page shows it: its HTML, its changes.

    The page shows no authors, so it skips the walk through the commits that credits each
    change (the Word download keeps it).
    """
    redline = _compare(content_dir, doc_id, old, new, attribute=False)
    styles, body = api.redline_body(redline)
    body, changes = linked(body)
    return _Shown(redline.summary.to_dict(), list(redline.notes), styles, body, changes)


def _compare_data(content_dir: Path, doc_id: str, old: str, new: str | None,
                  kept: Comparisons[_Shown]) -> tuple[_Shown, str, str]:
    """Return the comparison (made, or kept from an earlier request for the same state)
    and the two versions in words."""
    def state() -> tuple[str | None, ...]:  # the names asked too: the redline shows them
        return (old, new, *api.comparison_state(content_dir, doc_id, old=old, new=new))

    shown = kept.get(state(), lambda: _compare_on_screen(content_dir, doc_id, old, new),
                     still=state)
    versions = api.document_history(content_dir, doc_id)
    return shown, _named(versions, old), _named(versions, new)


def _versions_asked(request: Request) -> tuple[str, str, str | None]:
    """Return the document and the two versions a compare request names (new may be None)."""
    old = _revision(request.query_params.get("old"), "old")
    new = _revision(request.query_params.get("new"), "new")
    if old is None:
        raise InputError("old: pick the older version to compare from the history")
    return request.path_params["doc_id"], old, new


async def compare_page(request: Request) -> Response:
    """Compare two versions of a document: the changes on screen, the Word redline to get."""
    doc_id, old, new = _versions_asked(request)
    content_dir = request.app.state.workspace.content_dir
    shown, old_words, new_words = await run_in_threadpool(
        _compare_data, content_dir, doc_id, old, new, request.app.state.comparisons)
    query = f"old={old}" + (f"&new={new}" if new else "")
    data = {"title": f"Compare {doc_id}", "doc_id": doc_id, "old": old_words,
            "new": new_words, "old_id": old, "new_id": new or "",
            "notes": shown.notes, "query": query, "changes": shown.changes,
            "styles": Markup(shown.styles), "redline": Markup(shown.body)}
    return respond(request, "compare.html", data, data={
        "doc_id": doc_id, "old": old, "new": new, "summary": shown.summary})


async def redline(request: Request) -> Response:
    """Send the Word redline of two versions, each change attributed to its commit."""
    doc_id, old, new = _versions_asked(request)
    made = await run_in_threadpool(_compare, request.app.state.workspace.content_dir, doc_id,
                                   old, new)
    name = f"{doc_id}-redline.docx"
    return Response(made.docx, media_type=DOCX,
                    headers={"content-disposition": f'attachment; filename="{name}"'})


async def _history_step(request: Request, doing: str,
                        step: Callable[[Path, str, dict[str, str]], Callable[[], str]]
                        ) -> Response:
    """Run one lifecycle step from the history page's form, credited to the officer (team
    mode: refused unless their role allows ``doing``); show the history with the tag made,
    or the page again with the ``Error:`` line and what was typed. ``step`` reads the form
    (refusing what is mistyped before anything is synced) and returns the call to make."""
    workspace = request.app.state.workspace
    doc_id = request.path_params["doc_id"]
    values = await form_values(request)
    person = credited(request, values)
    may_approve(request, person, doing)  # team mode: a 403 page
    try:
        call = step(workspace.content_dir, doc_id, values)
        tag = await as_officer(person, call, sync=sync_of(request))
    except PolicykitError as exc:
        data = await run_in_threadpool(_history_data, workspace.content_dir, doc_id)
        data.update(error=f"Error: {exc}", form=values)
        return respond(request, "history.html", data, status=422,
                       data={"error": data["error"]})
    return RedirectResponse(f"/documents/{doc_id}/history?released={tag}", status_code=303)


def _release(content_dir: Path, doc_id: str, values: dict[str, str]) -> Callable[[], str]:
    approved_by = values.get("approved_by", "").strip() or None
    approved_on = None
    if values.get("approved_on", "").strip() or approved_by:
        try:
            approved_on = date.fromisoformat(values.get("approved_on", ""))
        except ValueError:
            raise InputError("approved on: give the date of approval as YYYY-MM-DD, or "
                             "leave both approval fields empty to release for "
                             "decision") from None
    return lambda: api.release(content_dir, doc_id, version=values.get("version", "").strip(),
                               approved_by=approved_by, approved_on=approved_on,
                               today=date.today()).tag


def _decide(content_dir: Path, doc_id: str, values: dict[str, str]) -> Callable[[], str]:
    try:
        on = date.fromisoformat(values.get("on", ""))
    except ValueError:
        raise InputError("give the meeting's date as YYYY-MM-DD") from None
    return lambda: api.decide(content_dir, [doc_id], outcome=values.get("outcome", ""), on=on,
                              minute=values.get("minute", ""), today=date.today()).tags[0]


async def release(request: Request) -> Response:
    """Release a document (for decision, or with its approval): commit, tag, show history."""
    return await _history_step(request, "releasing a version", _release)


async def decide(request: Request) -> Response:
    """Record the meeting's decision on one document, then show its history."""
    return await _history_step(request, "recording a decision", _decide)


__all__ = ["compare_page", "decide", "history_page", "redline", "release"]
