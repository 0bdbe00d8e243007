"""Serve the pack page, the document editor (preview, save, report fields) and builds.

Handlers are thin: parse the request, call ``policykit.api`` in a worker thread, render.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from policykit import api, errors
from policykit.errors import ContentError, PolicykitError
from policykit.web import jobs, publishing
from policykit.web.conflict import conflict
from policykit.web.identity import as_officer, credited, may_approve, officer, sync_of
from policykit.web.render import as_json, long_date, readable, respond
from policykit.web.security import MAX_BODY, MAX_DOCUMENT, MAX_FIELDS

BUILT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(docx|pdf|html|eml|txt|css|png)")
PUBLISHED_AREAS = {"public": "public", "members": "members", "kit": ""}
ALL_REVIEWS = "100 years"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class NotFound(PolicykitError):
    """The address names no document or file of this workspace."""


class BadRequest(PolicykitError):
    """The request is malformed or too large (answered 400 or 413, never 500)."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


async def form_values(request: Request) -> dict[str, str]:
    """Return the posted form's text fields (files are read by their own handlers)."""
    try:  # a field's size is counted percent-encoded: the guard bounds the whole body
        async with request.form(max_files=1, max_fields=MAX_FIELDS,
                                max_part_size=MAX_BODY) as form:
            values = {key: value for key, value in form.items() if isinstance(value, str)}
    except HTTPException as exc:
        raise BadRequest(f"the form could not be read ({exc.detail}); reload the page and "
                         "use its own form") from None
    for value in values.values():
        if len(value) > MAX_DOCUMENT // 4 and len(value.encode()) > MAX_DOCUMENT:
            raise BadRequest(f"the text is {len(value.encode()) / 1024 / 1024:.1f} MB and a "
                             f"document may be at most {MAX_DOCUMENT // 1024 // 1024} MB; "
                             "split it into two documents", status=413)
    return values


def document_source(content_dir: Path, doc_id: str) -> Any:
    try:
        return api.read_source(content_dir, doc_id)
    except (ContentError, PolicykitError) as exc:
        raise NotFound(f"no document {doc_id!r} in this pack; go back to the pack") from exc


_CHECKED: dict[str, tuple[tuple, dict[str, Any]]] = {}


def _stamp(folder: Path) -> tuple:
    """Return what identifies the content as it is now: each file's name, size and time."""
    return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                        for p in folder.iterdir() if p.is_file()))


def checks(folder: Path) -> dict[str, Any]:
    """Return the accessibility and plain-English check of each content document, by id.

    The result is kept until a content file changes (the check reads every document).
    """
    stamp = _stamp(folder)
    cached = _CHECKED.get(str(folder))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        report = api.check([folder])
    except PolicykitError:  # content that does not validate: its error is shown instead
        return {}
    found = {}
    for file in report.files:
        counts = Counter(finding.severity.value for finding in file.findings)
        found[Path(file.path).stem] = {
            "errors": counts["error"], "warnings": counts["warning"], "tips": counts["tip"],
            "reading_age": file.reading_age, "findings": file.findings}
    _CHECKED[str(folder)] = (stamp, found)
    return found


def _pack_data(workspace: Any) -> dict[str, Any]:
    folder = workspace.content_dir
    try:
        content = api.load_workspace(folder)
    except ContentError as exc:
        files = sorted(p.stem for p in folder.iterdir() if p.suffix in (".md", ".yaml"))
        return {"title": "Pack", "error": f"Error: {exc}", "files": files}
    states = api.document_states(folder, content)
    due = {r.doc_id: r for r in api.due_reviews(folder, today=date.today(), within=ALL_REVIEWS)}
    return {"title": "Pack", "pack": content.pack, "states": states, "reviews": due,
            "agenda_deadline": content.agenda_deadline(),
            "checks": checks(folder),
            "built": _listing(workspace.build_dir), "warnings": content.warnings,
            "published": {area: _listing(workspace.publish_dir / folder)
                          for area, folder in PUBLISHED_AREAS.items()},
            **publishing.form_data(content, date.today())}


def _listing(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and BUILT_NAME.fullmatch(p.name))


async def pack_page(request: Request) -> Response:
    """Show the pack: meeting, documents in order with status, reviews, what to do next."""
    data = await run_in_threadpool(_pack_data, request.app.state.workspace)
    data["built_now"] = request.query_params.get("built")
    data["published_now"] = request.query_params.get("published")
    return respond(request, "pack.html", data)


def _check(folder: Path, doc_id: str, text: str, preview: bool
           ) -> tuple[str | None, str | None, list[str]]:
    """Return (the CLI's error line, the preview page, its warnings) for ``text`` as ``doc_id``."""
    try:
        content = api.check_source(folder, doc_id, text)
    except ContentError as exc:
        return f"Error: {exc}", None, []
    source = content.sources.get(doc_id, "")
    warnings = [w for w in content.warnings if w.startswith(f"{source}, ")]
    if not preview or doc_id not in content.documents:  # pack.yaml has no page of its own
        return None, None, warnings
    return None, api.preview_html(content, doc_id), warnings


def _document_data(workspace: Any, doc_id: str, text: str | None = None,
                   token: str | None = None, preview: bool = True) -> dict[str, Any]:
    source = document_source(workspace.content_dir, doc_id)
    text = source.text if text is None else text
    error, page, warnings = _check(workspace.content_dir, doc_id, text, preview)
    fields, meeting = None, None
    if source.name.endswith((".yaml", ".yml")) and "kind: report" in source.text:
        fields = _report_fields(source.text, source.source)
        meeting = _meeting(workspace.content_dir)
    settings = None
    if source.name.startswith("pack.") or source.name.endswith(".md"):
        try:
            settings = api.settings_form(source.name, source.text)
        except PolicykitError:
            settings = None
    return {"title": source.name, "doc_id": doc_id, "source": source, "text": text,
            "token": token or source.token, "error": error, "preview": page,
            "fields": fields, "meeting": meeting, "line": _error_line(error),
            "settings": settings,
            "field_errors": {}, "warnings": warnings}


def _report_fields(text: str, source: str) -> tuple[Any, dict[str, str | list[str]]] | None:
    """Return the report form's fields and values, or None when the YAML cannot be read
    (the text editor below says why)."""
    try:
        return api.report_form(text, source)
    except ContentError:
        return None


def _meeting(content_dir: Path) -> str | None:
    """Return the pack's meeting in words ("Cabinet on 11 June 2019"), if it reads."""
    try:
        pack = document_source(content_dir, "pack")
        values = api.settings_form(pack.name, pack.text)[1]
        day = date.fromisoformat(values.get("meeting_date", ""))
    except (PolicykitError, ValueError):
        return None
    return f"{values.get('committee') or 'the meeting'} on {long_date(day)}"


def _last_version(content_dir: Path, doc_id: str) -> Any:
    try:
        versions = api.document_history(content_dir, doc_id)
    except PolicykitError:
        return None
    return versions[0] if versions else None


def _error_line(error: str | None) -> int | None:
    found = re.search(r", line (\d+)", error or "")
    return int(found.group(1)) if found else None


async def document_page(request: Request) -> Response:
    """Show a document's editor (GET) or save the posted text (POST) and redirect."""
    workspace = request.app.state.workspace
    doc_id = request.path_params["doc_id"]
    if request.method == "GET":
        data = await run_in_threadpool(_document_data, workspace, doc_id)
        data["check"] = (await run_in_threadpool(checks, workspace.content_dir)).get(doc_id)
        data["saved"] = request.query_params.get("saved")
        asked = request.query_params.get("line", "")
        data["line"] = data["line"] or (int(asked) if asked.isdigit() else None)
        if data["saved"] and workspace.git:
            data["last_saved"] = await run_in_threadpool(_last_version, workspace.content_dir,
                                                         doc_id)
        return respond(request, "document.html", data, data=_json(data))
    values = await form_values(request)
    return await _save(request, doc_id, values.get("text", ""), values)


async def _save(request: Request, doc_id: str, text: str, values: dict[str, str], *,
                settings: dict[str, str] | None = None,
                report: dict[str, str | list[str]] | None = None) -> Response:
    workspace = request.app.state.workspace
    author = values.get("author", "")
    try:
        person = credited(request, values)
        saved = await as_officer(
            person, api.save_source, workspace.content_dir, doc_id, text,
            token=values.get("overwrite") or values.get("token", ""), author=person.name,
            message=values.get("message", ""), email=person.email, sync=sync_of(request))
    except errors.StaleEditError as exc:
        data = await run_in_threadpool(_document_data, workspace, doc_id, text,
                                       values.get("token", ""), False)
        found = await run_in_threadpool(conflict, workspace.content_dir, doc_id,
                                        exc.current.text, text, exc.current.token)
        data.update(error=f"Error: {found['by']} saved this document after you opened it; "
                    "your text is kept below. Compare the two, then save again",
                    changes=exc.changes, conflict=found, author=author,
                    message=values.get("message", ""))
        return respond(request, "document.html", data, status=409, data=_json(data))
    except PolicykitError as exc:
        data = await run_in_threadpool(_document_data, workspace, doc_id, text,
                                       values.get("token"), False)
        data.update(error=f"Error: {exc}", author=author, message=values.get("message", ""),
                    line=_error_line(f"Error: {exc}"))
        if settings is not None and data["settings"] and isinstance(exc, ContentError):
            data.update(field_errors=_field_error(exc, data["settings"][0]),
                        settings=(data["settings"][0], {**data["settings"][1], **settings}))
        if report is not None and data["fields"] and isinstance(exc, ContentError):
            data.update(field_errors=_field_error(exc, data["fields"][0]),
                        fields=(data["fields"][0], {**data["fields"][1], **report}))
        return respond(request, "document.html", data, status=422, data=_json(data))
    target = f"/documents/{doc_id}?saved={(saved.commit or 'file')[:8]}"
    response: Response = RedirectResponse(target, status_code=303)
    if request.headers.get("accept", "").startswith("application/json"):
        response = as_json({
            "saved": saved.changed, "commit": saved.commit, "token": saved.token})
    return response


def _json(data: dict[str, Any]) -> dict[str, Any]:
    shown = {key: data.get(key) for key in ("doc_id", "text", "token", "error", "changes",
                                            "saved", "warnings")}
    return {**shown, "fields": data["fields"][1] if data.get("fields") else None,
            "field_errors": data.get("field_errors") or {}}


async def preview(request: Request) -> Response:
    """Check the posted text and show its preview (a fragment for htmx, else the page)."""
    workspace = request.app.state.workspace
    doc_id = request.path_params["doc_id"]
    values = await form_values(request)
    data = await run_in_threadpool(_document_data, workspace, doc_id, values.get("text", ""),
                                   values.get("token"))
    data.update(author=values.get("author", ""), message=values.get("message", ""))
    if request.headers.get("hx-request") == "true":
        return respond(request, "preview.html", data, data=_json(data))
    data["check"] = (await run_in_threadpool(checks, workspace.content_dir)).get(doc_id)
    return respond(request, "document.html", data, data=_json(data))


async def save_settings(request: Request) -> Response:
    """Save the settings form (pack or a policy's front matter), keeping comments and layout."""
    workspace = request.app.state.workspace
    doc_id = request.path_params["doc_id"]
    values = await form_values(request)
    source = await run_in_threadpool(document_source, workspace.content_dir, doc_id)
    fields, _ = api.settings_form(source.name, source.text)
    try:
        text = api.set_settings(source.text, source.source, fields, values)
        if not values.get("message"):
            values["message"] = "Change the settings" if doc_id == "pack" else \
                "Change the document details"
        return await _save(request, doc_id, text, values, settings=values)
    except ContentError as exc:
        data = await run_in_threadpool(_document_data, workspace, doc_id)
        data.update(error=f"Error: {exc}", field_errors=_field_error(exc, fields),
                    settings=(fields, {**data["settings"][1], **values}))
        return respond(request, "document.html", data, status=422, data=_json(data))


def _field_error(exc: ContentError, fields: Any) -> dict[str, str]:
    """Return {form field: message} for an error about one of the form's fields."""
    for form_field in fields:
        name = form_field.name
        if exc.field == name or (exc.field or "").startswith((f"{name}.", f"{name}[")) or \
                exc.problem.startswith(f"{name}:"):
            return {name: f"Error: {exc.problem}"}
    return {}


async def save_fields(request: Request) -> Response:
    """Save the report form's fields into the report's YAML, keeping comments and layout.

    A list (wards, recommendations, background papers) comes as one box per item;
    "Add another" shows the form again with one more empty box, saving nothing."""
    workspace = request.app.state.workspace
    doc_id = request.path_params["doc_id"]
    values = await form_values(request)
    source = await run_in_threadpool(document_source, workspace.content_dir, doc_id)
    form_fields, _ = api.report_form(source.text, source.source)
    posted = await request.form()  # read once by form_values: Starlette keeps it
    report: dict[str, str | list[str]] = {
        f.name: [" ".join(line.split()) for v in posted.getlist(f.name)  # a box, or a
                 for line in str(v).splitlines() if line.strip()]  # script's lines
        if f.kind == "list" else values[f.name] for f in form_fields if f.name in posted}
    if values.get("add") in {f.name for f in form_fields if f.kind == "list"}:
        data = await run_in_threadpool(_document_data, workspace, doc_id)
        grown = {**report, values["add"]: [*report.get(values["add"], []), ""]}
        data.update(fields=(form_fields, {**data["fields"][1], **grown}),
                    author=values.get("author", ""), message=values.get("message", ""),
                    focus=values["add"])
        return respond(request, "document.html", data, data=_json(data))
    try:
        text = api.set_report_form(source.text, source.source, report)
    except PolicykitError as exc:
        data = await run_in_threadpool(_document_data, workspace, doc_id)
        data.update(error=f"Error: {exc}", author=values.get("author", ""),
                    message=values.get("message", ""))
        if isinstance(exc, ContentError) and data["fields"]:
            data.update(field_errors=_field_error(exc, form_fields),
                        fields=(form_fields, {**data["fields"][1], **report}))
        return respond(request, "document.html", data, status=422, data=_json(data))
    if not values.get("message"):
        values["message"] = "Change the report details"
    return await _save(request, doc_id, text, values, report=report)


def _word(content_dir: Path, doc_id: str) -> bytes:
    content, kit, commit = api.load_content(content_dir)
    if doc_id not in content.documents:
        raise NotFound(f"no document {doc_id!r} in this pack; go back to the pack")
    return api.build_document(content, doc_id, kit=kit, commit=commit)


async def word(request: Request) -> Response:
    """Build one document as it stands and send the Word file."""
    doc_id = request.path_params["doc_id"]
    data = await run_in_threadpool(_word, request.app.state.workspace.content_dir, doc_id)
    return Response(data, media_type=DOCX, headers={
        "content-disposition": f'attachment; filename="{doc_id}.docx"'})


async def build(request: Request) -> Response:
    """Build the whole pack into the build folder: a job page shows progress and the files."""
    await form_values(request)
    workspace = request.app.state.workspace
    if request.headers.get("accept", "").startswith("application/json"):
        result = await as_officer(officer(request), api.build_pack,
                                  workspace.content_dir, workspace.build_dir)
        return as_json({
            "built": [p.name for p in result.paths], "commit": result.commit,
            "warnings": result.warnings})

    def work(progress: Any) -> tuple[list, list]:
        result = api.build_pack(workspace.content_dir, workspace.build_dir, progress=progress)
        return jobs.links(result.paths, workspace.build_dir, "/build/", readable)

    return jobs.redirect(jobs.start("Building the Word documents", work, officer(request)))


def _drafts(content_dir: Path) -> list[Any]:
    """Return the pack's documents still in draft (they stop a real publish)."""
    try:
        content = api.load_workspace(content_dir)
    except PolicykitError:
        return []
    return [state for state in api.document_states(content_dir, content)
            if state.state == "draft"]


def _file(folder: Path, name: str) -> Response:
    """Send one file of ``folder``; refuse any name that is not a plain file in it."""
    folder = folder.resolve()
    path = (folder / name).resolve()
    if not BUILT_NAME.fullmatch(name) or path.parent != folder or not path.is_file():
        raise NotFound(f"no file {name!r} here; build or publish the pack first")
    inline = name.endswith((".html", ".css", ".png", ".pdf"))
    return FileResponse(path, filename=name,
                        content_disposition_type="inline" if inline else "attachment")


async def built_file(request: Request) -> Response:
    """Send one built Word file."""
    return _file(request.app.state.workspace.build_dir, request.path_params["name"])


async def published_file(request: Request) -> Response:
    """Send one published file by its place in the publish folder, so links between them work.

    ``public/index.html``, ``members/report.pdf`` and the launch kit's ``bulletin.html`` are
    served under ``/published/`` as they lie on disk: a page's relative links (to the other
    pages, the PDFs, the stylesheet and the logo) resolve as on the website.
    """
    path = request.path_params["path"]
    area, _, name = path.rpartition("/")
    if area not in PUBLISHED_AREAS.values():
        raise NotFound(f"no published file {path!r}; publish the pack, then open "
                       "public/index.html or members/index.html")
    return _file(request.app.state.workspace.publish_dir / area, name)


async def publish(request: Request) -> Response:
    """Publish the pack (PDFs, agenda pack, HTML, launch kit): a job page shows progress."""
    values = await form_values(request)
    workspace = request.app.state.workspace
    draft = values.get("draft") == "yes"
    if not draft and officer(request) is not None:
        may_approve(request, officer(request), "publishing the pack")
    # The day the agenda goes out and why it is late (publish --today, --late-reason); a
    # draft for checking is not the agenda going out.
    on, reason = publishing.publish_day(values, date.today())
    day = {"today": None if draft else on, "late_reason": None if draft else reason}
    late = None if draft else await run_in_threadpool(
        publishing.stopped_late, request, workspace.content_dir, on, reason)
    if request.headers.get("accept", "").startswith("application/json"):
        if late is not None:
            return late
        result = await as_officer(officer(request), lambda: api.publish(
            workspace.content_dir, workspace.publish_dir, draft=draft, **day))
        return as_json({
            "published": [str(p) for p in result.paths], "warnings": result.warnings})

    def work(progress: Any) -> tuple[list, list, list]:
        result = api.publish(workspace.content_dir, workspace.publish_dir, draft=draft,
                             progress=progress, **day)
        made, others = jobs.links(result.paths, workspace.publish_dir, "/published/",
                                  readable)
        return made, others, [w for w in result.warnings if w.startswith("LATE:")]

    if not draft:
        drafts = await run_in_threadpool(_drafts, workspace.content_dir)
        if drafts:
            return respond(request, "unpublished.html", {
                "title": "Not published yet", "drafts": drafts}, status=409,
                data={"error": "drafts", "drafts": [d.doc_id for d in drafts]})
        if late is not None:
            return late
    title = "Publishing a draft for checking" if draft else "Publishing the pack"
    return jobs.redirect(jobs.start(title, work, officer(request)))


__all__ = ["BadRequest", "NotFound", "build", "built_file", "document_page", "pack_page",
           "preview", "publish", "published_file", "save_fields", "save_settings", "word"]
