"""Team mode behind a real reverse proxy (nginx with sign-in): the proxy says who is working.

nginx asks for a user name and password (``auth_basic``, standing in for the council's
single sign-on) and passes the signed-in user to ``policykit serve --trusted-user-header
X-Remote-User --allow-host ...``, overwriting any such header the browser sends. The form
never names the author; roles from pack.yaml's ``people:`` decide who may release and
publish; every write is pulled and pushed through a bare repository (``--sync origin``).
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from webfixtures import (
    NEW,
    OLD,
    ROOT,
    csrf,
    editor,
    free_port,
    git,
    make_workspace,
    running,
    without_git_identity,
)

NAME = "policies.council.example"
PEOPLE = """
people:
  - name: Jane Smith
    email: jane@council.example
    team: Democratic Services
    role: lead
  - name: Connie Primmer
    email: connie@council.example
    role: editor
"""
NGINX = """
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  server {{
    listen 127.0.0.1:{port};
    server_name {name};
    client_max_body_size 40m;
    auth_basic "Council sign-in";
    auth_basic_user_file {folder}/users;
    location / {{
      proxy_pass http://127.0.0.1:{app};
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Remote-User $remote_user;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
"""


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found is None:
        if os.environ.get("CI", "").strip().lower() == "true":  # CI installs it: never skip there
            pytest.fail("CI=true and nginx is missing (apt-get install nginx-light)",
                        pytrace=False)
        pytest.skip("team mode is tested behind nginx: apt-get install nginx-light")
    return found


@pytest.fixture
def team(tmp_path: Path):
    nginx = _nginx()
    workspace = make_workspace(tmp_path / "pack")
    pack = workspace / "content/pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8") + PEOPLE, encoding="utf-8")
    git(workspace, "commit", "-qam", "Name the team")
    remote = tmp_path / "server.git"  # the council's git server
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    git(workspace, "remote", "add", "origin", str(remote))
    git(workspace, "push", "-q", "origin", "main")
    folder = tmp_path / "nginx"
    folder.mkdir()
    (folder / "users").write_text("jane:{PLAIN}jane-pass\nconnie:{PLAIN}connie-pass\n")
    port = free_port()
    with running(workspace, "--trusted-user-header", "X-Remote-User", "--allow-host", NAME,
                 "--sync", "origin", env=without_git_identity(tmp_path / "home"),
                 identity=False) as server:
        app_port = server.url.rsplit(":", 1)[1]
        user = "user root;" if os.geteuid() == 0 else ""  # workers read the test's folder
        (folder / "nginx.conf").write_text(NGINX.format(
            user=user, folder=folder, port=port, name=NAME, app=app_port), encoding="utf-8")
        proxy = subprocess.Popen([nginx, "-c", str(folder / "nginx.conf"), "-p", str(folder)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                    break
                except httpx.TransportError:
                    assert proxy.poll() is None, proxy.communicate()
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.1)
            yield server, port, workspace
        finally:
            proxy.terminate()
            proxy.communicate(timeout=30)


def _as(port: int, user: str) -> httpx.Client:
    return httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60,
                        headers={"host": f"{NAME}:{port}"}, auth=(user, f"{user}-pass"))


def test_the_proxy_says_who_is_working_and_roles_decide(team) -> None:
    server, port, workspace = team
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60,
                      headers={"host": f"{NAME}:{port}"}) as nobody:
        assert nobody.get("/").status_code == 401  # nginx: sign in first
    with _as(port, "connie") as connie:
        page = connie.get("/")
        assert page.status_code == 200 and "Working as Connie Primmer" in page.text
        text, form = editor(connie)
        form["author"] = "Mallory"  # the form never names the author in team mode
        saved = connie.post("/documents/appendix-a", data={**form, "text": text.replace(
            OLD, NEW)}, headers={"origin": f"http://{NAME}:{port}", "x-remote-user": "jane"})
        assert saved.status_code == 303, html.unescape(saved.text)[-500:]
        assert git(workspace, "log", "-1", "--format=%an <%ae>").strip() == \
            "Connie Primmer <connie@council.example>"  # the sign-in, matched to people:
        history = connie.get("/documents/appendix-a/history").text
        refused = connie.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(history), "version": "1.0", "approved_by": "Cabinet",
            "approved_on": "2019-06-11"}, headers={"origin": f"http://{NAME}:{port}"})
        assert refused.status_code == 403
        assert "releasing a version needs a lead: Connie Primmer is not listed with role: " \
            "lead" in html.unescape(refused.text)
        assert "ask Jane Smith to do it" in html.unescape(refused.text)
    assert "v1.0" not in git(workspace, "tag")
    with _as(port, "jane") as jane:
        history = jane.get("/documents/appendix-a/history").text
        released = jane.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(history), "version": "1.0", "approved_by": "Cabinet",
            "approved_on": "2019-06-11"}, headers={"origin": f"http://{NAME}:{port}"})
        assert released.status_code == 303, html.unescape(released.text)[-500:]
    assert "appendix-a/v1.0" in git(workspace, "tag").split()
    assert git(workspace, "log", "-1", "--format=%an").strip() == "Jane Smith"
    remote = workspace.parent / "server.git"  # both users' work reached the git server
    assert git(remote, "tag").split() == git(workspace, "tag").split()
    assert git(remote, "log", "-2", "--format=%an", "main").split("\n")[:2] == [
        "Jane Smith", "Connie Primmer"]


def test_without_the_proxy_nobody_is_signed_in(team) -> None:
    server, _, _ = team
    with httpx.Client(base_url=server.url, timeout=60) as direct:
        page = direct.get("/")
        assert page.status_code == 401
        assert "was not told who you are by the council's sign-in" in html.unescape(page.text)
        assert direct.get("/static/htmx.LICENSE.txt").status_code == 200


def test_team_mode_needs_the_names_the_proxy_serves(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "pack")
    done = subprocess.run(
        [sys.executable, "-m", "policykit", "serve", str(workspace), "--trusted-user-header",
         "X-Remote-User"], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    assert done.stderr == ("Error: --trusted-user-header X-Remote-User: name the address the "
                           "proxy serves with --allow-host, e.g. --allow-host "
                           "policies.council.gov.uk\n")
