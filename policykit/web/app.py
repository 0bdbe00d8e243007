"""Assemble the workspace's Starlette application: routes, guard, error pages.

``create_app(folder)`` serves one content repository. A ``PolicykitError`` in a request
shows its ``Error:`` line on a page (400); any other failure shows an error page (500),
logs the traceback to the terminal, and the server keeps serving.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from policykit import api
from policykit.errors import ContentError, HistoryError, PolicykitError
from policykit.web import history, imports, incorporate, jobs, pages, people, reviews
from policykit.web.comparisons import Comparisons
from policykit.web.render import environment, respond, template_folder
from policykit.web.security import Guard, JsonSuffix, allowed_hosts, new_token

PACK_FILE = "pack.yaml"
LOG = logging.getLogger("uvicorn.error")  # uvicorn prints it to the terminal


@dataclass
class Workspace:
    """What every request needs: the folders, the CSRF token, whether git is there."""

    content_dir: Path
    build_dir: Path
    publish_dir: Path
    token: str
    git: bool
    templates: Environment = field(repr=False)
    trusted_header: str | None = None  # team mode: the proxy's signed-in user header
    sync: str | None = None  # a git remote to pull from before and push to after writes


def content_folder(folder: str | Path) -> Path:
    """Return the content folder of a repository (``DIR/content``) or ``DIR`` itself."""
    root = Path(folder).resolve()
    for candidate in (root, root / "content"):
        if (candidate / PACK_FILE).is_file():
            return candidate
    raise ContentError(
        f"no {PACK_FILE} here or in content/; pass a content repository "
        "('policykit init' makes one)", file=folder,
    )


def _has_git(content_dir: Path) -> bool:
    try:
        api.document_history(content_dir)
    except HistoryError:
        return False
    return True


async def _policykit_error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, pages.NotFound) else getattr(exc, "status", 400)
    return respond(request, "error.html", {"title": "Error", "message": f"Error: {exc}"},
                   status=status, data={"error": str(exc)})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = "Error: no such page; go back to the pack" if exc.status_code == 404 else \
        f"Error: {exc.detail}"
    return respond(request, "error.html", {"title": "Error", "message": message},
                   status=exc.status_code, data={"error": message})


class CrashPage:
    """Show an error page for a failed request and log its traceback; keep serving.

    Unlike letting the error reach uvicorn, the connection stays open, so the browser's
    next request on it is answered.
    """

    def __init__(self, app: Callable[..., Awaitable[None]]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        started = False

        async def watch(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            LOG.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started or scope["type"] != "http":
                raise
            response = await _crash(Request(scope), exc)
            await response(scope, receive, send)


async def _crash(request: Request, exc: Exception) -> Response:
    message = ("Error: something went wrong in policykit while doing this; the details are "
               "in the terminal where the workspace runs. Nothing was saved.")
    return respond(request, "error.html", {"title": "Something went wrong",
                                           "message": message},
                   status=500, data={"error": message})


def create_app(folder: str | Path, *, host: str = "127.0.0.1",
               allow_hosts: tuple[str, ...] = (),
               trusted_user_header: str | None = None,
               sync: str | None = None) -> Starlette:
    """Return the workspace application over the content repository at ``folder``.

    Requests are answered only at localhost, ``host`` and the names in ``allow_hosts``.
    With ``trusted_user_header`` (team mode, behind a reverse proxy with single sign-on)
    the officer is the user that header names, never the form or a cookie. With ``sync``
    (a git remote) every write pulls from it first and pushes to it after.
    """
    content_dir = content_folder(folder)
    token = new_token()
    workspace = Workspace(content_dir, content_dir.parent / "build",
                          content_dir.parent / "build" / "publish", token,
                          _has_git(content_dir), environment(),
                          (trusted_user_header or "").strip().lower() or None,
                          sync or None)
    static = Path(__file__).parent / "static"
    routes = [
        Route("/", pages.pack_page, name="pack"),
        Route("/welcome", people.welcome, methods=["GET", "POST"]),
        Route("/build", pages.build, methods=["POST"]),
        Route("/build/{name}", pages.built_file),
        Route("/jobs/{job_id}", jobs.job_page),
        Route("/publish", pages.publish, methods=["POST"]),
        Route("/import", imports.import_word, methods=["POST"]),
        Route("/incorporate", incorporate.incorporate_page),
        Route("/incorporate", incorporate.review, methods=["POST"]),
        Route("/incorporate/apply", incorporate.apply, methods=["POST"]),
        Route("/published/{path:path}", pages.published_file),
        Route("/documents/{doc_id}", pages.document_page, methods=["GET", "POST"]),
        Route("/documents/{doc_id}/preview", pages.preview, methods=["POST"]),
        Route("/documents/{doc_id}/fields", pages.save_fields, methods=["POST"]),
        Route("/documents/{doc_id}/settings", pages.save_settings, methods=["POST"]),
        Route("/documents/{doc_id}/word", pages.word),
        Route("/documents/{doc_id}/history", history.history_page),
        Route("/documents/{doc_id}/compare", history.compare_page),
        Route("/documents/{doc_id}/redline", history.redline),
        Route("/documents/{doc_id}/release", history.release, methods=["POST"]),
        Route("/documents/{doc_id}/decide", history.decide, methods=["POST"]),
        Route("/reviews", reviews.reviews_page),
        Route("/reviews/calendar", reviews.calendar),
        Route("/reviews/record", reviews.record, methods=["POST"]),
        Route("/reviews/{doc_id}", reviews.record, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=static), name="static"),
        Mount("/style", app=StaticFiles(directory=template_folder() / "static"), name="style"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(Guard, token=token, hosts=allowed_hosts(host, allow_hosts)),
            Middleware(JsonSuffix),
            Middleware(people.Welcome),
            Middleware(CrashPage),
        ],
        exception_handlers={
            PolicykitError: _policykit_error,
            HTTPException: _http_error,
        },
    )
    app.state.workspace = workspace
    app.state.comparisons = Comparisons()
    return app


__all__ = ["Workspace", "content_folder", "create_app"]
