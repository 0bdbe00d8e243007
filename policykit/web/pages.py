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
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response

from policykit import api, errors
from policykit.errors import ContentError, PolicykitError
from policykit.web.render import as_json, respond

BUILT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(docx|pdf|html|eml|txt|css|png)")
PUBLISHED_AREAS = {"public": "public", "members": "members", "kit": ""}
ALL_REVIEWS = "100 years"
NAME_COOKIE = "policykit_name"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class NotFound(PolicykitError):
    """The address names no document or file of this workspace."""


async def form_values(request: Request) -> dict[str, str]:
    """Return the posted form's text fields (files are read by their own handlers)."""
    async with request.form(max_files=1, max_fields=200) as form:
        return {key: value for key, value in form.items() if isinstance(value, str)}


def document_source(content_dir: Path, doc_id: str) -> Any:
    try:
        return api.read_source(content_dir, doc_id)
    except (ContentError, PolicykitError) as exc:
        raise NotFound(f"no document {doc_id!r} in this pack; go back to the pack") from exc


def checks(folder: Path) -> dict[str, Any]:
    """Return the accessibility and plain-English check of each content document, by id."""
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
            "checks": checks(folder),
            "built": _listing(workspace.build_dir), "warnings": content.warnings,
            "published": {area: _listing(workspace.publish_dir / folder)
                          for area, folder in PUBLISHED_AREAS.items()}}


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
    return None, (api.preview_html(content, doc_id) if preview else None), warnings


def _document_data(workspace: Any, doc_id: str, text: str | None = None,
                   token: str | None = None, preview: bool = True) -> dict[str, Any]:
    source = document_source(workspace.content_dir, doc_id)
    text = source.text if text is None else text
    error, page, warnings = _check(workspace.content_dir, doc_id, text, preview)
    fields = None
    if source.name.endswith((".yaml", ".yml")) and "kind: report" in source.text:
        fields = _report_fields(source.text, source.source)
    return {"title": source.name, "doc_id": doc_id, "source": source, "text": text,
            "token": token or source.token, "error": error, "preview": page,
            "fields": fields, "line": _error_line(error), "warnings": warnings}


def _report_fields(text: str, source: str) -> dict[str, str | list[str]]:
    try:
        return api.report_fields(text, source)
    except ContentError:
        return {}


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
        data["author"] = request.cookies.get(NAME_COOKIE, "")
        return respond(request, "document.html", data, data=_json(data))
    values = await form_values(request)
    return await _save(request, doc_id, values.get("text", ""), values)


async def _save(request: Request, doc_id: str, text: str, values: dict[str, str]) -> Response:
    workspace = request.app.state.workspace
    author = values.get("author", "")
    try:
        saved = await run_in_threadpool(
            api.save_source, workspace.content_dir, doc_id, text,
            token=values.get("token", ""), author=author,
            message=values.get("message", ""), email=values.get("email", ""))
    except errors.StaleEditError as exc:
        data = await run_in_threadpool(_document_data, workspace, doc_id, text,
                                       exc.current.token, False)
        data.update(error=f"Error: {exc}", changes=exc.changes, author=author,
                    message=values.get("message", ""))
        return respond(request, "document.html", data, status=409, data=_json(data))
    except PolicykitError as exc:
        data = await run_in_threadpool(_document_data, workspace, doc_id, text,
                                       values.get("token"), False)
        data.update(error=f"Error: {exc}", author=author, message=values.get("message", ""),
                    line=_error_line(f"Error: {exc}"))
        return respond(request, "document.html", data, status=422, data=_json(data))
    target = f"/documents/{doc_id}?saved={(saved.commit or 'file')[:8]}"
    response: Response = RedirectResponse(target, status_code=303)
    if request.headers.get("accept", "").startswith("application/json"):
        response = as_json({
            "saved": saved.changed, "commit": saved.commit, "token": saved.token})
    response.set_cookie(NAME_COOKIE, " ".join(author.split())[:200], samesite="strict",
                        httponly=True, max_age=365 * 86400)
    return response


def _json(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data.get(key) for key in ("doc_id", "text", "token", "error", "changes",
                                           "fields", "saved", "warnings")}


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


async def save_fields(request: Request) -> Response:
    """Save the report form's fields into the report's YAML, keeping comments and layout."""
    workspace = request.app.state.workspace
    doc_id = request.path_params["doc_id"]
    values = await form_values(request)
    source = await run_in_threadpool(document_source, workspace.content_dir, doc_id)
    fields = api.report_form_fields(values)
    try:
        text = api.set_report_fields(source.text, source.source, fields)
    except PolicykitError as exc:
        data = await run_in_threadpool(_document_data, workspace, doc_id)
        data.update(error=f"Error: {exc}", author=values.get("author", ""))
        return respond(request, "document.html", data, status=422, data=_json(data))
    return await _save(request, doc_id, text, values)


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
    """Build the whole pack into the build folder, then show the pack with the downloads."""
    await form_values(request)
    workspace = request.app.state.workspace
    result = await run_in_threadpool(api.build_pack, workspace.content_dir, workspace.build_dir)
    if request.headers.get("accept", "").startswith("application/json"):
        return as_json({
            "built": [p.name for p in result.paths], "commit": result.commit,
            "warnings": result.warnings})
    return RedirectResponse(f"/?built={len(result.paths)}#downloads", status_code=303)


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
    """Publish the pack (PDFs, agenda pack, HTML, launch kit); drafts only when asked."""
    values = await form_values(request)
    workspace = request.app.state.workspace
    draft = values.get("draft") == "yes"
    result = await run_in_threadpool(
        lambda: api.publish(workspace.content_dir, workspace.publish_dir, draft=draft))
    if request.headers.get("accept", "").startswith("application/json"):
        return as_json({
            "published": [str(p) for p in result.paths], "warnings": result.warnings})
    return RedirectResponse(f"/?published={len(result.paths)}#published", status_code=303)


__all__ = ["NotFound", "build", "built_file", "document_page", "pack_page", "preview",
           "publish", "published_file", "save_fields", "word"]
