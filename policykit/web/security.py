"""Guard the workspace: refuse foreign Host headers, forged posts, oversized bodies.

``Guard`` is one small ASGI middleware. It refuses a request whose ``Host`` is not the
address the server is bound to or localhost (DNS rebinding), and any POST that does not
carry the process's CSRF token (a form field ``csrf_token`` or an ``X-CSRF-Token``
header) or whose ``Origin`` is another site. Bodies are read once, bounded, and replayed.
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

MAX_BODY = 12 * 1024 * 1024
CSRF_FIELD = "csrf_token"
CSRF_HEADER = b"x-csrf-token"
HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data:; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
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


def allowed_hosts(bound: str) -> frozenset[str] | None:
    """Return the Host names to accept when bound to ``bound``; None accepts any."""
    if bound in ("0.0.0.0", "::", ""):
        return None
    return LOCAL_NAMES | {bound.lower().strip("[]")}


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


def _form_token(body: bytes, content_type: str) -> str:
    if content_type.startswith("application/x-www-form-urlencoded"):
        values = parse_qs(body.decode("latin-1"), max_num_fields=10_000).get(CSRF_FIELD, [])
        return values[0] if values else ""
    if content_type.startswith("multipart/form-data"):
        found = _MULTIPART_TOKEN.search(body[:1_000_000])
        return found.group(1).decode("ascii") if found else ""
    return ""


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (
        "<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
        f"<title>Refused</title></head><body><main><h1>Refused</h1><p>{message}</p>"
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

    def __init__(self, app: ASGIApp, *, token: str, hosts: frozenset[str] | None) -> None:
        self.app = app
        self.token = token
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        host = host_name(_header(scope, b"host"))
        if self.hosts is not None and host not in self.hosts:
            await _refuse(send, 400, "Error: this workspace answers only at its own address "
                          "(http://127.0.0.1); open it from the address the server printed")
            return
        if scope["method"] not in ("POST", "PUT", "PATCH", "DELETE"):
            await self.app(scope, receive, send)
            return
        origin = _header(scope, b"origin")
        if origin and origin != "null" and host_name(origin.split("://", 1)[-1]) != host:
            await _refuse(send, 403, "Error: a form from another site was refused")
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
                await _refuse(send, 413, "Error: the upload is larger than "
                              f"{MAX_BODY // 1024 // 1024} MB; send a smaller file")
                return
        data = bytes(body)
        given = _header(scope, CSRF_HEADER) or _form_token(data, _header(scope, b"content-type"))
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


__all__ = ["Guard", "JsonSuffix", "allowed_hosts", "host_name", "new_token"]
