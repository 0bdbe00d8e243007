"""Know who is working: ask an officer's name on their first visit and credit their work.

The officer is kept in the browser (a cookie, ``policykit_person``: ``Name <email>``) and in
pack.yaml's ``people:`` list (with their team and role where given). ``officer(request)``
returns them for a request; ``as_officer`` runs a facade call with every commit it makes
credited to them, so git never needs a name configured on the PC.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from policykit import api
from policykit.errors import InputError, PolicykitError
from policykit.web.identity import PERSON_COOKIE, as_officer, notes_for, officer, sync_of
from policykit.web.pages import form_values
from policykit.web.render import respond

WELCOME = "/welcome"
_OPEN = ("/welcome", "/static/", "/style/", "/published/", "/build/")


def needs_welcome(request: Request) -> bool:
    """Return whether this is a page visit of an officer the workspace does not know yet."""
    path = request.url.path
    return (request.method == "GET" and officer(request) is None
            and not path.startswith(_OPEN) and not path.endswith(".json")
            and "application/json" not in request.headers.get("accept", "")
            and request.headers.get("hx-request") != "true")


def _next(value: str) -> str:
    return value if value.startswith("/") and not value.startswith("//") else "/"


async def welcome(request: Request) -> Response:
    """Ask the officer's name, email, team and role (GET); remember them (POST)."""
    if request.app.state.workspace.trusted_header:  # team mode: the sign-in says who
        return RedirectResponse("/", status_code=303)
    if request.method == "GET":
        known = officer(request)
        return respond(request, "welcome.html", {
            "title": "Welcome", "next": _next(request.query_params.get("next", "/")),
            "values": {"name": known.name, "email": known.email} if known else {},
            "errors": {}})
    values = await form_values(request)
    errors: dict[str, str] = {}
    person = None
    try:
        person = api.person_from(values.get("name", ""), values.get("email", ""),
                                 team=values.get("team", ""), role=values.get("role", ""))
    except InputError as exc:
        field = "email" if str(exc).startswith("your email") else "name"
        errors[field] = f"Error: {exc}"
    if person is None:
        return respond(request, "welcome.html", {
            "title": "Welcome", "next": _next(values.get("next", "/")), "values": values,
            "errors": errors}, status=422, data={"errors": errors})
    with contextlib.suppress(PolicykitError):  # a pack that cannot be saved now: the
        await as_officer(person, api.add_person,  # browser still knows who they are
                         request.app.state.workspace.content_dir, person,
                         sync=sync_of(request))
    response = RedirectResponse(_next(values.get("next", "/")), status_code=303)
    response.set_cookie(PERSON_COOKIE, quote(f"{person.name} <{person.email}>"),
                        max_age=5 * 365 * 86400, samesite="strict", httponly=True)
    return response


__all__ = ["Welcome", "needs_welcome", "welcome"]


class Welcome:
    """Send an officer the workspace does not know yet to the welcome page, once.

    Stores the officer known from the cookie in the request's state (``person``) for the
    pages to show.
    """

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            scope.setdefault("state", {})["person"] = officer(request)
            if request.method == "GET" and "application/json" not in request.headers.get(
                    "accept", ""):
                scope["state"]["notes"] = notes_for(scope["state"]["person"])
            header = request.app.state.workspace.trusted_header
            if header and scope["state"]["person"] is None and \
                    not request.url.path.startswith(("/static/", "/style/")):
                response = respond(request, "error.html", {
                    "title": "Sign in", "message": "Error: the workspace was not told who "
                    "you are by the council's sign-in; open it through its usual address "
                    "and sign in (IT: the proxy must send the header " + header + ")"},
                    status=401, data={"error": "not signed in"})
                await response(scope, receive, send)
                return
            if not header and needs_welcome(request):
                target = request.url.path + (f"?{request.url.query}" if request.url.query
                                             else "")
                response = RedirectResponse(f"{WELCOME}?next={quote(target)}",
                                            status_code=303)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
