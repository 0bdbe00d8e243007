"""Render a page as HTML from a Jinja2 template, or the same data as JSON.

The templates live in the brand kit (``templates/web/``), so a council can restyle them.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from policykit import api
from policykit.dates import long_date


def template_folder() -> Path:
    """Return the folder of the workspace's templates (installed, or in a checkout)."""
    return api.shipped_folder("brandkit") / "web"


def environment() -> Environment:
    """Return the Jinja2 environment of the workspace (autoescaping on)."""
    env = Environment(
        loader=FileSystemLoader(template_folder()),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["counted"] = counted
    env.filters["when"] = when
    env.filters["long_date"] = long_date
    env.tests["readable"] = readable
    return env


def readable(name: str) -> bool:
    """Return whether a published file is one people read (a PDF, a page, a Word file)."""
    return name.endswith((".pdf", ".html", ".docx"))


def when(value: datetime, now: datetime | None = None) -> str:
    """Return "today at 14:02", "yesterday at 9:15" or "on 3 June 2019 at 14:02" (local time)."""
    local = value.astimezone()
    today = (now or datetime.now().astimezone()).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today at {clock}"
    if (today - local.date()).days == 1:
        return f"yesterday at {clock}"
    return f"on {long_date(local)} at {clock}"


def counted(count: int, noun: str) -> str:
    """Return "1 warning", "2 warnings": a count with its noun, in English."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def plain(value: Any) -> Any:
    """Return ``value`` as JSON-ready data: dataclasses, models, dates, paths and enums."""
    if isinstance(value, BaseModel):
        return plain(value.model_dump(mode="json"))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return value.name
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def wants_json(request: Request) -> bool:
    """Return whether the client asked for JSON (``Accept`` or a ``.json`` address)."""
    return "application/json" in request.headers.get("accept", "")


def as_json(data: dict[str, Any], *, status: int = 200) -> Response:
    """Return ``data`` as a JSON response (dates, dataclasses and paths made plain)."""
    return JSONResponse(plain(data), status_code=status)


def respond(request: Request, name: str, context: dict[str, Any], *, status: int = 200,
            data: dict[str, Any] | None = None) -> Response:
    """Return the page ``name`` rendered with ``context``, or ``data`` as JSON if asked."""
    if wants_json(request):
        return as_json(data if data is not None else context, status=status)
    workspace = request.app.state.workspace
    page = workspace.templates.get_template(name).render(
        csrf_token=workspace.token, git=workspace.git, path=request.url.path,
        person=request.scope.get("state", {}).get("person"),
        sync_notes=request.scope.get("state", {}).get("notes", []), **context
    )
    return HTMLResponse(page, status_code=status)


__all__ = ["as_json", "environment", "long_date", "plain", "readable", "respond",
           "template_folder", "wants_json", "when"]
