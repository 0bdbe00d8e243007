"""Bring reviewers' returned Word copies into the content from the browser.

Three steps, each a plain form (no JavaScript needed): upload the copies (``GET``/``POST
/incorporate``), see each reviewer's changes, conflicts and comments and choose what to take,
then apply (``POST /incorporate/apply``): one commit per reviewer, authored by them and
committed by the officer at work (in team mode, one whose role may release). The
copies wait between the steps in the server's memory under a random key (never a path from
the request), at most ``MAX_PENDING`` sets at once; a restart forgets them and the officer
uploads again. Everything is read and written through the facade (``api.review_changes``,
``api.apply_review_changes``), so the page refuses what ``policykit incorporate`` refuses.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from pathlib import PurePath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from policykit import api
from policykit.errors import InputError
from policykit.web.identity import as_officer, credited, may_approve, sync_of
from policykit.web.imports import MAX_UPLOAD
from policykit.web.render import respond

MAX_COPIES = 6
MAX_PENDING = 8
_KEY_LENGTH = 32  # hex characters of a pending set's key

Copies = list[tuple[str, bytes]]


def _pending(request: Request) -> OrderedDict[str, Copies]:
    """Return the sets of copies waiting to be applied (oldest first)."""
    state = request.app.state
    if not hasattr(state, "incorporate_pending"):
        state.incorporate_pending = OrderedDict()
    return state.incorporate_pending


def _keep(request: Request, copies: Copies) -> str:
    pending = _pending(request)
    while len(pending) >= MAX_PENDING:
        pending.popitem(last=False)
    key = secrets.token_hex(_KEY_LENGTH // 2)
    pending[key] = copies
    return key


def _taken(request: Request, key: str) -> Copies:
    copies = _pending(request).get(key) if len(key) == _KEY_LENGTH else None
    if copies is None:
        raise InputError("the copies you uploaded are no longer here (the workspace was "
                         "restarted or other copies were uploaded since); upload them again")
    return copies


async def _uploads(request: Request) -> tuple[Copies, dict[str, str]]:
    """Return the uploaded copies (name, bytes) and the form's other fields."""
    async with request.form(max_files=MAX_COPIES, max_fields=20) as form:
        values = {key: value for key, value in form.items() if isinstance(value, str)}
        copies: Copies = []
        for upload in form.getlist("copies"):
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            name = PurePath(upload.filename.replace("\\", "/")).name
            data = await upload.read(MAX_UPLOAD + 1)
            if len(data) > MAX_UPLOAD:
                raise InputError(f"{name}: larger than {MAX_UPLOAD // 1024 // 1024} MB; "
                                 "send a smaller copy")
            copies.append((name, data))
    if not copies:
        raise InputError("copies: choose the Word copies (.docx) your reviewers sent back")
    return copies, values


def _by_reviewer(result: Any) -> list[dict[str, Any]]:
    """Return each reviewer with the changes they made, in the order the result lists them."""
    rows = []
    for reviewer in result.reviewers:
        rows.append({"summary": reviewer,
                     "changes": [c for c in result.changes if c.reviewer == reviewer.name]})
    return rows


async def incorporate_page(request: Request) -> Response:
    """Show the upload form."""
    return respond(request, "incorporate.html", {"title": "Bring in reviewers' copies",
                                                 "step": "upload"}, data={"step": "upload"})


async def review(request: Request) -> Response:
    """Read the uploaded copies and show what each reviewer changed; write nothing."""
    workspace = request.app.state.workspace
    copies, values = await _uploads(request)
    by = values.get("by", "").strip() or None
    result = await run_in_threadpool(api.review_changes, workspace.content_dir, copies, by=by)
    key = _keep(request, copies)
    context = {"title": f"Reviewers' changes to {result.doc_id}", "step": "review",
               "result": result, "reviewers": _by_reviewer(result), "key": key, "by": by or "",
               "names": [name for name, _ in copies]}
    return respond(request, "incorporate.html", context,
                   data={"step": "review", "key": key, "result": result})


async def apply(request: Request) -> Response:
    """Apply the changes the officer kept, taking the chosen side of each conflict."""
    workspace = request.app.state.workspace
    async with request.form(max_files=0, max_fields=2000) as form:
        key = str(form.get("key", ""))
        by = str(form.get("by", "")).strip() or None
        keep = {str(value) for value in form.getlist("keep")}
        listed = {str(value) for value in form.getlist("listed")}
        sides = {name: str(value) for name, value in form.items()
                 if name.startswith("conflict-") and isinstance(value, str) and value}
    person = credited(request, {})
    may_approve(request, person, "bringing reviewers' changes into the content")
    copies = _taken(request, key)
    resolve: dict[int, str] = {}
    for name, reviewer in sides.items():
        number = name.removeprefix("conflict-")
        if not number.isdigit():
            raise InputError(f"{name}: not a conflict of this review; upload the copies again")
        resolve[int(number)] = reviewer
    reject = sorted(listed - keep)
    result = await as_officer(person, lambda: api.apply_review_changes(
        workspace.content_dir, copies, resolve=resolve, reject=reject, by=by),
        sync=sync_of(request))
    if not result.open_conflicts:
        _pending(request).pop(key, None)
    context = {"title": f"Reviewers' changes to {result.doc_id} brought in", "step": "applied",
               "result": result, "reviewers": _by_reviewer(result), "key": key, "by": by or ""}
    return respond(request, "incorporate.html", context,
                   data={"step": "applied", "result": result})


__all__ = ["MAX_COPIES", "MAX_PENDING", "apply", "incorporate_page", "review"]
