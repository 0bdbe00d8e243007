"""Drive the workspace's history over HTTP: release, compare (the HTML redline), no git."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from webfixtures import NEW, OLD, csrf, editor, git, make_workspace, running


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "pack")


@pytest.fixture
def server(workspace: Path):
    with running(workspace) as running_server:
        yield running_server


def test_release_then_edit_shows_amended_since_approval(server, workspace: Path) -> None:
    with server.client() as client:
        page = client.get("/documents/appendix-a/history").text
        released = client.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(page), "version": "1.0", "approved_by": "Cabinet",
            "approved_on": "2019-06-11"})
        assert released.status_code == 303
        history = client.get(released.headers["location"]).text
        assert "Version 1.0 released." in history and "version 1.0" in history
        assert client.get("/.json").json()["states"][1]["state"] == "adopted"
        text, form = editor(client)
        client.post("/documents/appendix-a", data={**form, "text": text.replace(OLD, NEW)})
        state = client.get("/.json").json()["states"][1]
        assert (state["state"], state["released"]) == ("amended since approval", "1.0")
        again = client.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(page), "version": "1.0", "approved_by": "Cabinet",
            "approved_on": "2019-06-11"})
        assert again.status_code == 422
        assert "Error: appendix-a/v1.0 already exists" in html.unescape(again.text)


def test_compare_two_versions_on_screen_and_as_a_word_redline(server, workspace: Path) -> None:
    with server.client() as client:
        text, form = editor(client)
        client.post("/documents/appendix-a", data={**form, "text": text.replace(OLD, NEW)})
        first = git(workspace, "rev-list", "--max-parents=0", "HEAD").strip()[:12]
        page = client.get(f"/documents/appendix-a/compare?old={first}&new=HEAD")
        assert page.status_code == 200
        words = " ".join(re.sub(r"<[^>]+>", "", page.text).split())
        # The HTML redline on screen: each change labelled in words, not colour alone.
        assert ("Social media is now [deleted: one of ]the main [deleted: ways][inserted: way] "
                "in which [deleted: people][inserted: residents] find") in words
        assert "<ins><span class=\"label\">[inserted: </span>residents<span" in page.text
        assert "<del><span class=\"label\">[deleted: </span>people<span" in page.text
        # The change summary by section is kept, and the page has no scripts of its own.
        assert "Summary of changes" in words and "Introduction" in words
        assert '<th scope="row">Total</th>' in page.text
        assert page.text.count("<script") == 2  # htmx and workspace.js, both served here
        redline = client.get(f"/documents/appendix-a/redline?old={first}")
        assert redline.status_code == 200
        body = docx.Document(io.BytesIO(redline.content)).element.xml
        assert 'w:author="Priya Shah"' in body


def test_without_git_the_history_is_hidden(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", folder)
    with running(folder) as server, server.client() as client:
        page = client.get("/documents/appendix-a")
        assert "History and releases" not in page.text
        history = client.get("/documents/appendix-a/history")
        assert history.status_code == 400 and "history needs git" in history.text
        text, form = editor(client)
        saved = client.post("/documents/appendix-a", data={**form, "text": text.replace(OLD, NEW)})
        assert saved.status_code == 303
    assert NEW in (folder / "appendix-a.md").read_text()
