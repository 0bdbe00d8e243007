"""Start the real workspace server (``policykit serve``) in a subprocess for the web tests."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
from processes import child_env, policykit_command, popen, stop

from policykit import api

ROOT = Path(__file__).resolve().parents[1]
OLD = "Social media is now one of the main ways in which people find information"
NEW = "Social media is now the main way in which residents find council news"
PERSON = "Priya Shah <priya.shah@example.gov.uk>"
PERSON_COOKIE = "policykit_person"
IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Runner", "GIT_AUTHOR_EMAIL": "runner@example.gov.uk",
    "GIT_COMMITTER_NAME": "Test Runner", "GIT_COMMITTER_EMAIL": "runner@example.gov.uk",
}


@dataclass
class Server:
    """A running workspace: its address, its process and the repository it serves."""

    url: str
    process: subprocess.Popen[str]
    folder: Path

    def client(self, person: str | None = PERSON) -> httpx.Client:
        """Return an HTTP client for the server (no redirects followed), as ``person``.

        ``person`` is who the browser says is working (the welcome page's cookie); None is
        a first visit.
        """
        cookies = {PERSON_COOKIE: quote(person)} if person else None
        return httpx.Client(base_url=self.url, timeout=60, cookies=cookies)

    def stop(self) -> tuple[int, str, str]:
        """Press Ctrl-C (SIGINT); return the exit code, standard output and error."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err


def free_port() -> int:
    """Return a loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_workspace(path: Path) -> Path:
    """Create a content repository with the sample pack (``policykit init``)."""
    saved = {name: os.environ.get(name) for name in IDENTITY}
    os.environ.update(IDENTITY)
    try:
        api.create_repository(path)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return path


def without_git_identity(home: Path) -> dict[str, str]:
    """Return this process's environment with no git identity: an empty HOME, no GIT_*."""
    home.mkdir(parents=True, exist_ok=True)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "EMAIL"))}
    return {**clean, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "GIT_CONFIG_NOSYSTEM": "1"}


@contextmanager
def running(folder: Path, *args: str, env: dict[str, str] | None = None,
            identity: bool = True) -> Iterator[Server]:
    """Run ``policykit serve folder`` on a free port until the block ends (``env`` added).

    Without ``identity`` the server runs with git knowing nobody (pass ``env`` from
    ``without_git_identity``).
    """
    port = free_port()
    if identity:
        env = child_env(**IDENTITY, **(env or {}))
    else:
        env = {name: value for name, value in (env or {}).items() if name != "PYTHONPATH"}
    process = popen(
        [*policykit_command(), "serve", str(folder), "--port", str(port), *args],
        cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    host = "127.0.0.1"
    for arg_index, arg in enumerate(args):
        if arg == "--host":
            host = args[arg_index + 1]
    server = Server(f"http://{host}:{port}", process, folder)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                out, err = process.communicate()
                raise AssertionError(f"the server stopped: {out}{err}")
            try:
                httpx.get(server.url + "/static/htmx.LICENSE.txt", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise AssertionError("the server did not answer in 60 s") from None
                time.sleep(0.1)
        yield server
    finally:
        stop(process)


CONNIE = {"GIT_AUTHOR_NAME": "Connie Primmer", "GIT_AUTHOR_EMAIL": "connie@council.example",
          "GIT_COMMITTER_NAME": "Connie Primmer",
          "GIT_COMMITTER_EMAIL": "connie@council.example"}


@contextmanager
def synced_workspace(tmp_path: Path) -> Iterator[tuple[Server, Path, Path]]:
    """Run ``serve --sync origin`` (git knowing nobody) on a workspace pushed to a real bare
    repository; yield the server, the bare repository and a colleague's clone of it."""
    workspace = make_workspace(tmp_path / "pack")
    remote = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(workspace, "remote", "add", "origin", str(remote))
    git(workspace, "push", "-q", "origin", "main")
    git(tmp_path, "clone", "-q", str(remote), str(tmp_path / "colleague"))
    with running(workspace, "--sync", "origin", env=without_git_identity(tmp_path / "home"),
                 identity=False) as server:
        yield server, remote, tmp_path / "colleague"


def colleague_commits(clone: Path, name: str, old: str, new: str, message: str) -> None:
    """As Connie Primmer in her clone: pull, replace ``old`` by ``new`` in content/``name``,
    commit and push, with plain git."""
    env = {**os.environ, **CONNIE}
    subprocess.run(["git", "pull", "-q", "--no-rebase", "origin", "main"], cwd=clone,
                   env=env, check=True, capture_output=True)
    path = clone / "content" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    for args in (["commit", "-qam", message], ["push", "-q", "origin", "main"]):
        subprocess.run(["git", *args], cwd=clone, env=env, check=True, capture_output=True)

def csrf(page: str) -> str:
    """Return the CSRF token of a page's forms."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def field(page: str, name: str) -> str:
    """Return the value of a hidden field of a page's first form with it."""
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def editor(client: httpx.Client, doc_id: str = "appendix-a") -> tuple[str, dict[str, str]]:
    """Return a document's text in the editor and its save form (as Priya Shah)."""
    page = client.get(f"/documents/{doc_id}").text
    form = {"csrf_token": csrf(page), "token": field(page, "token"),
            "author": "Priya Shah", "message": "Reword the introduction"}
    text = html.unescape(page.split('hx-swap="innerHTML">', 1)[1].split("</textarea>")[0])
    return text, form


def git(folder: Path, *args: str) -> str:
    """Return the output of a git command run in ``folder``."""
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout


def finished(client: httpx.Client, address: str, *, seconds: float = 180) -> tuple[str, list[str]]:
    """Follow a job page until its work ends; return its last page and each progress seen.

    The page refreshes itself (``<meta http-equiv="refresh">``) while the work runs.
    """
    seen: list[str] = []
    deadline = time.monotonic() + seconds
    while True:
        page = client.get(address)
        assert page.status_code == 200, page.text[:300]
        seen.append(page.text)
        if 'http-equiv="refresh"' not in page.text:
            return page.text, seen
        assert time.monotonic() < deadline, "the work did not end"
        time.sleep(0.2)
