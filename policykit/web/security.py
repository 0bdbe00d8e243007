"""Guard the workspace: refuse foreign Host headers, forged posts, oversized bodies.

``Guard`` is one small ASGI middleware. It refuses a request whose ``Host`` is not the
address the server is bound to, localhost, or a name given with ``--allow-host`` (DNS
rebinding: the check is never switched off, ``0.0.0.0`` included), and any POST that does
not carry the process's CSRF token (a form field ``csrf_token`` or an ``X-CSRF-Token``
header) or whose ``Origin`` is not the workspace's own (scheme, host and port compared).
Bodies are read once, bounded (size and number of fields), and replayed.
Every response carries a Content-Security-Policy that allows only the workspace's own
scripts.
"""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_DOCUMENT = 10 * 1024 * 1024  # the largest document the editor saves
MAX_BODY = 3 * MAX_DOCUMENT + 1024 * 1024  # a 10 MB text percent-encoded, with the form
MAX_FIELDS = 1000
CSRF_FIELD = "csrf_token"
CSRF_HEADER = b"x-csrf-token"
HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # same-origin posts carry a real Origin
]
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_MULTIPART_TOKEN = re.compile(
    rb'\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n([A-Za-z0-9_-]{1,100})\r\n',
    re.IGNORECASE,
)


def new_token() -> str:
    """Return a fresh secret for one server process."""
    return secrets.token_urlsafe(32)


def host_name(value: str) -> str:
    """Return the host part of a ``Host`` header value, without the port, lower-case."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


WILDCARDS = frozenset({"0.0.0.0", "::", ""})
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_local(bound: str) -> bool:
    """Return whether ``bound`` is an address only this computer can reach."""
    name = bound.lower().strip("[]")
    return name in LOCAL_NAMES or name.startswith("127.")


def allowed_hosts(bound: str, allow: tuple[str, ...] | list[str] = ()) -> frozenset[str]:
    """Return the Host names to accept: localhost, the bound address, the names allowed."""
    names = {host_name(name) for name in allow if name.strip()}
    bound = bound.lower().strip("[]")
    if bound not in WILDCARDS:
        names.add(bound)
    return LOCAL_NAMES | names


def origin_of(scheme: str, host: str) -> tuple[str, str, int] | None:
    """Return (scheme, host, port) of an origin such as ``https://a.example:8443``."""
    scheme = scheme.lower()
    if scheme not in DEFAULT_PORTS or not host or any(c in host for c in "/?#@ "):
        return None
    name = host_name(host)
    rest = host.strip().lower()
    rest = rest[rest.find("]") + 1:] if rest.startswith("[") else rest
    port = rest.rsplit(":", 1)[1] if rest.count(":") == 1 else ""
    if port and not port.isdigit():
        return None
    return scheme, name, int(port) if port else DEFAULT_PORTS[scheme]


def same_origin(origin: str, scope: Scope) -> bool:
    """Return whether an ``Origin`` header names this workspace (scheme, host and port).

    The scheme is the request's, or ``X-Forwarded-Proto`` from a reverse proxy that ends
    TLS (a cross-site form cannot set that header).
    """
    scheme, _, host = origin.partition("://")
    given = origin_of(scheme, host)
    here = _header(scope, b"host")
    schemes = {scope.get("scheme", "http")}
    forwarded = _header(scope, b"x-forwarded-proto").split(",")[0].strip().lower()
    if forwarded:
        schemes.add(forwarded)
    return given is not None and any(given == origin_of(s, here) for s in schemes)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


def too_many_fields(body: bytes, content_type: str) -> bool:
    """Return whether a form body holds more than ``MAX_FIELDS`` fields (counted cheaply)."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return body.count(b"&") + body.count(b";") >= MAX_FIELDS
    if content_type.startswith("multipart/form-data"):
        return body.count(b"\r\nContent-Disposition:") + 1 > MAX_FIELDS
    return False


def _form_token(body: bytes, content_type: str) -> str:
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("latin-1")).get(CSRF_FIELD, [])
        return values[0] if values else ""
    if content_type.startswith("multipart/form-data"):
        found = _MULTIPART_TOKEN.search(body[:1_000_000])
        return found.group(1).decode("ascii") if found else ""
    return ""


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Refused – policykit workspace</title></head><body><main><h1>Refused</h1>"
        f"<p role=\"alert\">{message}</p><p><a href=\"/\">Back to the pack</a></p>"
        "</main></body></html>"
    ).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]})
    await send({"type": "http.response.body", "body": body})


def _with_headers(send: Send) -> Send:
    """Return ``send`` adding the security headers (CSP, nosniff) to every response."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message = dict(message)
            message["headers"] = [*message.get("headers", []), *HEADERS]
        await send(message)

    return sending


class Guard:
    """Refuse foreign hosts (DNS rebinding), posts without the CSRF token, huge bodies."""

    def __init__(self, app: ASGIApp, *, token: str, hosts: frozenset[str]) -> None:
        self.app = app
        self.token = token
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        host = host_name(_header(scope, b"host"))
        if host not in self.hosts:
            await _refuse(send, 400, "Error: this workspace answers only at its own address; "
                          "open it from the address the server printed (a name of your own "
                          "is added with 'policykit serve --allow-host NAME')")
            return
        if scope["method"] not in ("POST", "PUT", "PATCH", "DELETE"):
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        if origin and not same_origin(origin, scope):
            await _refuse(send, 403, "Error: a form from another site was refused; use the "
                          "forms of the workspace itself")
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body.extend(message.get("body", b""))
            more = message.get("more_body", False)
            if len(body) > MAX_BODY:
                await _refuse(send, 413, "Error: what you sent is too large (a document "
                              f"or upload may be at most {MAX_DOCUMENT // 1024 // 1024} MB); "
                              "split it or send a smaller file")
                return
        data = bytes(body)
        content_type = _header(scope, b"content-type")
        if too_many_fields(data, content_type):
            await _refuse(send, 413, f"Error: the form has more than {MAX_FIELDS:,} fields; "
                          "send the workspace's own form")
            return
        given = _header(scope, CSRF_HEADER) or _form_token(data, content_type)
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            await _refuse(send, 403, "Error: this form has expired or did not come from the "
                          "workspace; reload the page and try again (your text is not lost "
                          "if you go back)")
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": data, "more_body": False}

        await self.app(scope, replay, send)


class JsonSuffix:
    """Serve ``/path.json`` as ``/path`` asked for with ``Accept: application/json``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(".json"):
            scope = dict(scope)
            scope["path"] = scope["path"].removesuffix(".json") or "/"
            scope["raw_path"] = scope["path"].encode()
            headers = [(k, v) for k, v in scope["headers"] if k != b"accept"]
            scope["headers"] = [*headers, (b"accept", b"application/json")]
        await self.app(scope, receive, send)


__all__ = ["MAX_DOCUMENT", "MAX_FIELDS", "Guard", "JsonSuffix", "allowed_hosts", "host_name",
           "is_local", "new_token", "same_origin"]
