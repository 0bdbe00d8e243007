"""Import an uploaded Word policy as a new content file, through the safe Word reader.

The upload is bounded (the guard refuses bodies over its limit; the file itself may be at
most ``MAX_UPLOAD`` bytes) and read by the same reader as ``compare`` and ``import``.
"""

from __future__ import annotations

from pathlib import PurePath

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from policykit import api
from policykit.errors import InputError
from policykit.web.identity import as_officer, credited, sync_of
from policykit.web.pages import BadRequest

MAX_UPLOAD = 10 * 1024 * 1024


async def import_word(request: Request) -> Response:
    """Import the uploaded .docx as ``content/<id>.md``, commit it, open it in the editor."""
    workspace = request.app.state.workspace
    async with request.form(max_files=1, max_fields=20) as form:
        upload = form.get("file")
        values = {key: value for key, value in form.items() if isinstance(value, str)}
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise InputError("file: choose the Word document (.docx) to import")
        data = await upload.read(MAX_UPLOAD + 1)
        name = PurePath(upload.filename.replace("\\", "/")).name
    if len(data) > MAX_UPLOAD:
        raise BadRequest(f"{name}: larger than {MAX_UPLOAD // 1024 // 1024} MB; "
                         "import a smaller document", status=413)
    doc_id = values.get("doc_id", "").strip()
    result = await run_in_threadpool(api.import_word, data, name, doc_id)
    person = credited(request, values)
    saved = await as_officer(person, lambda: api.add_source(
        workspace.content_dir, doc_id, result.text, author=person.name, email=person.email,
        message=values.get("message") or f"Import {name}"), sync=sync_of(request))
    return RedirectResponse(f"/documents/{doc_id}?saved={(saved.commit or 'file')[:8]}",
                            status_code=303)


__all__ = ["MAX_UPLOAD", "import_word"]
