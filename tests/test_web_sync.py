"""``serve --sync REMOTE``: pull before every write, push after, tell the officer, lose nothing.

A real bare repository stands in for the council's git server; a colleague works in a
clone of it with plain git. The workspace runs with git knowing nobody.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from webfixtures import NEW, OLD, colleague_commits, editor, git, synced_workspace


@pytest.fixture
def synced(tmp_path: Path):
    with synced_workspace(tmp_path) as running_server:
        yield running_server


def _save(client, doc_id: str, old: str, new: str, message: str):
    text, form = editor(client, doc_id)
    del form["author"]
    return client.post(f"/documents/{doc_id}", data={
        **form, "message": message, "text": text.replace(old, new, 1)})


def test_a_save_brings_in_the_colleague_s_work_first_and_sends_it_after(synced) -> None:
    server, remote, clone = synced
    colleague_commits(clone, "appendix-b.md", "Members", "Councillors", "Say councillors")
    with server.client(person="Jane Smith <jane@council.example>") as client:
        saved = _save(client, "appendix-a", OLD, NEW, "Reword the introduction")
        assert saved.status_code == 303, html.unescape(saved.text)[-600:]
        page = html.unescape(client.get(saved.headers["location"]).text)
        assert "Brought in 1 change from the council's git server first: Connie Primmer: " \
            "Say councillors." in page
        assert "Brought in" not in client.get("/").text  # said once
    assert git(remote, "log", "-2", "--format=%an|%s", "main").splitlines() == [
        "Jane Smith|Reword the introduction", "Connie Primmer|Say councillors"]


def test_a_refused_push_is_said_and_nothing_is_lost(synced) -> None:
    server, remote, clone = synced
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'the server is closed for backup' >&2\nexit 1\n")
    hook.chmod(0o755)
    with server.client(person="Jane Smith <jane@council.example>") as client:
        saved = _save(client, "appendix-a", OLD, NEW, "Reword the introduction")
        assert saved.status_code == 303
        page = html.unescape(client.get(saved.headers["location"]).text)
        assert "Warning: the council's git server refused the change (" in page
        assert "the server is closed for backup" in page
        assert "it is saved on this computer and will be sent with the next save." in page
        assert "Reword the introduction" not in git(remote, "log", "--format=%s", "main")
        hook.unlink()
        # Meanwhile the colleague pushes: both sides moved. The next save merges, credited
        # to the officer, and sends everything.
        colleague_commits(clone, "appendix-c.md", "training", "course", "Say course")
        again = _save(client, "appendix-a", "# Purpose", "# Purpose of the policy",
                      "Retitle the purpose")
        assert again.status_code == 303, html.unescape(again.text)[-600:]
        assert "Brought in 1 change" in html.unescape(client.get(again.headers["location"]).text)
    subjects = git(remote, "log", "--format=%an|%s", "main").splitlines()
    for line in ("Jane Smith|Reword the introduction", "Connie Primmer|Say course",
                 "Jane Smith|Bring in the changes from the council's server",
                 "Jane Smith|Retitle the purpose"):
        assert line in subjects, subjects
