"""Register ``policykit serve``: the browser workspace over a content repository."""

from __future__ import annotations

import contextlib
import socket
import threading
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn
from policykit.cli.options import examples
from policykit.errors import InputError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _check_port(host: str, port: int) -> None:
    """Refuse a port another program listens on, before printing the address."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"--port {port}: cannot listen on {host}:{port} ({exc.strerror}); stop the "
                f"other program or choose another port, e.g. --port {port + 1}"
            ) from None


def _check_hosts(host: str, allow_host: list[str]) -> None:
    """Refuse a non-local ``--host`` without the names people will type (``--allow-host``)."""
    from policykit.web.security import is_local

    if not is_local(host) and not allow_host:
        raise InputError(
            f"--host {host}: name the address people will type in their browser with "
            "--allow-host, e.g. --allow-host policies.council.gov.uk (repeat it for each "
            "name); the workspace answers no other name")


@app.command(epilog=examples(
    "policykit serve --open",
    "policykit serve my-pack --host 0.0.0.0 --allow-host policies.council.gov.uk"))
def serve(
    folder: Annotated[Path, typer.Argument(
        help="The content repository ('policykit init' makes one), or its content folder.",
    )] = Path("."),
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1,
                                      max=65535)] = 8000,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on. The workspace has no login: keep the default "
        "(this computer only) unless you know who can reach another address.",
    )] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="Open it in the browser.")]
    = False,
    trusted_user_header: Annotated[str | None, typer.Option(
        "--trusted-user-header", metavar="NAME",
        help="Team mode behind a reverse proxy with single sign-on: the signed-in user is "
        "the value of this request header (e.g. X-Remote-User), never the form. Needs "
        "--allow-host; listen on 127.0.0.1 so only the proxy can reach the workspace.",
    )] = None,
    sync: Annotated[str | None, typer.Option(
        "--sync", metavar="REMOTE",
        help="A git remote (the council's git server) to pull from before every save, "
        "release and review, and push to after; the officer is told when it moved or "
        "refused.",
    )] = None,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", metavar="NAME",
        help="A name people type to reach the workspace (repeat for each); required with a "
        "--host other than this computer. Requests naming any other host are refused.",
    )] = None,
) -> None:
    """Open the workspace in the browser: edit, preview, build, history and reviews.
    """
    import uvicorn

    from policykit.web import create_app

    allowed = list(allow_host or [])
    _check_hosts(host, allowed)
    if trusted_user_header is not None and not allowed:
        raise InputError(f"--trusted-user-header {trusted_user_header}: name the address "
                         "the proxy serves with --allow-host, e.g. --allow-host "
                         "policies.council.gov.uk")
    application = create_app(folder, host=host, allow_hosts=tuple(allowed),
                             trusted_user_header=trusted_user_header, sync=sync)
    _check_port(host, port)
    if host not in LOCAL_HOSTS and trusted_user_header:
        warn(f"--host {host}: anyone who reaches this address without the proxy can claim "
             f"to be anyone in {trusted_user_header}; listen on 127.0.0.1 behind the proxy")
    elif host not in LOCAL_HOSTS:
        warn(f"--host {host}: the workspace has no login; anyone who can reach this "
             "address can read, edit and commit the content")
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    typer.echo(f"policykit workspace for {application.state.workspace.content_dir}")
    typer.echo(f"Open {url} in your browser; press Ctrl-C to stop.")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, [url]).start()
    config = uvicorn.Config(application, host=host, port=port, log_level="warning",
                            access_log=False, server_header=False)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn raises Ctrl-C again at the end
        uvicorn.Server(config).run()
    typer.echo("Stopped.")
