"""People, not git: the workspace asks who is working and credits their work, git unconfigured."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from webfixtures import (
    NEW,
    OLD,
    PERSON_COOKIE,
    csrf,
    editor,
    make_workspace,
    running,
    without_git_identity,
)

JANE = "Jane Smith <jane@council.gov.uk>"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "pack")


@pytest.fixture
def server(workspace: Path, tmp_path: Path):
    env = without_git_identity(tmp_path / "empty-home")
    with running(workspace, env=env, identity=False) as running_server:
        yield running_server


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout.strip()


def test_git_knows_nobody_on_this_pc(server, tmp_path: Path) -> None:
    env = without_git_identity(tmp_path / "empty-home")
    done = subprocess.run(["git", "-c", "user.useConfigOnly=true", "var", "GIT_AUTHOR_IDENT"],
                          cwd=server.folder, env=env, capture_output=True, text=True)
    assert done.returncode != 0  # so whatever is credited below comes from the workspace


def test_the_first_visit_asks_the_name_and_keeps_it(server, workspace: Path) -> None:
    with server.client(person=None) as client:
        first = client.get("/documents/appendix-a")
        assert first.status_code == 303
        assert first.headers["location"] == "/welcome?next=/documents/appendix-a"
        page = client.get(first.headers["location"]).text
        assert "<h1>Welcome to the policy workspace</h1>" in page
        assert '<label for="name">Your name</label>' in page
        assert '<label for="email">Your work email</label>' in page
        bad = client.post("/welcome", data={"csrf_token": csrf(page), "name": "Jane Smith",
                                            "email": "jane at council", "next": "/"})
        assert bad.status_code == 422
        assert 'aria-invalid="true"' in bad.text and 'id="email-error"' in bad.text
        assert "is not an email address" in html.unescape(bad.text)
        welcomed = client.post("/welcome", data={
            "csrf_token": csrf(page), "name": JANE, "email": "", "team": "Legal",
            "role": "Solicitor", "next": "/documents/appendix-a"})
        assert welcomed.status_code == 303
        assert welcomed.headers["location"] == "/documents/appendix-a"
        editor_page = client.get("/documents/appendix-a")
        assert editor_page.status_code == 200
        assert "Working as Jane Smith" in editor_page.text
        assert 'name="author"' not in editor_page.text  # never asked again
        again = client.post("/welcome", data={"csrf_token": csrf(page), "name": JANE,
                                              "next": "//evil.example/"})
        assert again.headers["location"] == "/"
    pack = (workspace / "content/pack.yaml").read_text(encoding="utf-8")
    assert pack.endswith("people:\n  - name: Jane Smith\n    email: jane@council.gov.uk\n"
                         "    team: Legal\n    role: Solicitor\n")
    assert pack.count("Jane Smith") == 1
    assert _git(workspace, "log", "-1", "--format=%an <%ae>|%cn|%s") == \
        f"{JANE}|Jane Smith|Add Jane Smith to the people of the pack"
    assert _git(workspace, "status", "--porcelain") == ""


def test_save_release_review_are_credited_with_git_unconfigured(server, workspace: Path
                                                                ) -> None:
    with server.client(person=JANE) as client:
        text, form = editor(client)
        del form["author"]
        saved = client.post("/documents/appendix-a", data={**form, "text": text.replace(
            OLD, NEW)})
        assert saved.status_code == 303, html.unescape(saved.text)[-800:]
        page = client.get(saved.headers["location"]).text
        assert re.search(r"Saved by Jane Smith today at \d\d:\d\d\.", page)
        assert _git(workspace, "log", "-1", "--format=%an|%ae|%cn|%ce") == \
            "Jane Smith|jane@council.gov.uk|Jane Smith|jane@council.gov.uk"
        history = client.get("/documents/appendix-a/history").text
        released = client.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(history), "version": "1.0", "approved_by": "Cabinet",
            "approved_on": "2019-06-11"})
        assert released.status_code == 303, html.unescape(released.text)[-800:]
        history = html.unescape(client.get(released.headers["location"]).text)
        assert "Version 1.0 released." in history
        assert re.search(r"Version 1\.0, released by Jane Smith on \d{1,2} \w+ \d{4}", history)
        assert "Saved by Jane Smith today at" in history
        assert "Start the policy pack from the policykit sample" in history
        assert "appendix-a/v1.0" not in history.split("<details")[0]  # tags only in details
        assert _git(workspace, "for-each-ref", "--format=%(taggername)",
                    "refs/tags/appendix-a/v1.0") == "Jane Smith"
        reviews = client.get("/reviews").text
        assert 'name="by" autocomplete="name" required value="Jane Smith"' in reviews
        recorded = client.post("/reviews/appendix-a", data={
            "csrf_token": csrf(reviews), "by": "", "on": "2026-01-05"})
        assert recorded.status_code == 303, html.unescape(recorded.text)[-800:]
    assert _git(workspace, "log", "-1", "--format=%an|%s").startswith("Jane Smith|Review")
    assert "reviewed_by: Jane Smith" in (workspace / "content/appendix-a.md").read_text() or \
        "Jane Smith" in _git(workspace, "log", "-1", "--format=%B")


def test_compare_speaks_in_versions_and_names(server, workspace: Path) -> None:
    with server.client(person=JANE) as client:
        text, form = editor(client)
        client.post("/documents/appendix-a", data={**form, "text": text.replace(OLD, NEW)})
        first = _git(workspace, "rev-list", "--max-parents=0", "HEAD")[:12]
        page = html.unescape(client.get(f"/documents/appendix-a/compare?old={first}").text)
    assert re.search(r"Comparing the version saved by Test Runner (today|yesterday|on \d+ \w+ "
                     r"\d{4}) at \d\d:\d\d with the text as it is now\.", page)
    assert first not in page.split("<details")[0]
    # The summary leads to each change and each change back to the list.
    assert '<th scope="row"><a href="#change-1">1. Introduction</a></th>' in page
    assert ('<li id="listed-1"><a href="#change-1">1. Introduction: deleted “one of”, deleted '
            '“ways”, inserted “way” and 4 more</a></li>') in page
    assert re.search(r'<p id="change-1"><span class="num">1\.1</span> Social media is now .*'
                     r'<a href="#listed-1" '
                     r'class="back"> Back to the list of changes</a></p>', page)


def test_a_script_without_a_name_is_asked_for_one(server) -> None:
    with server.client(person=None) as client:
        token = csrf(client.get("/welcome").text)
        text = client.get("/documents/appendix-a.json").json()
        answer = client.post("/documents/appendix-a.json", headers={"x-csrf-token": token},
                             data={"token": text["token"], "text": text["text"].replace(OLD, NEW),
                                   "message": "x"})
    assert answer.status_code == 422
    assert answer.json()["error"].startswith("Error: your name: tell the workspace who you are")


def test_the_cookie_holds_name_and_email(server) -> None:
    with server.client(person=None) as client:
        client.cookies.set(PERSON_COOKIE, quote("Connie Primmer <connie@council.gov.uk>"))
        assert "Working as Connie Primmer" in client.get("/").text
