"""``serve --sync``: saves made at the same moment pull, write and push one at a time.

The pull before a write, the write's version check and the push after it all hold the
content's one write lock, so two officers saving at once both land on the council's git
server (a real bare repository here), or the later one is shown the conflict naming the
other; nothing is lost. The workspace runs with git knowing nobody.
"""

from __future__ import annotations

import html
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from webfixtures import NEW, OLD, colleague_commits, editor, git, synced_workspace

JANE = "Jane Smith <jane@council.example>"
SAM = "Sam Patel <sam@council.example>"


@pytest.fixture
def synced(tmp_path: Path):
    with synced_workspace(tmp_path) as running_server:
        yield running_server


def _opened(client: httpx.Client, doc_id: str) -> tuple[str, dict[str, str]]:
    text, form = editor(client, doc_id)
    form.pop("author", None)
    return text, form


def _at_once(*saves) -> list[httpx.Response]:
    """Send the saves (client, address, form) together, as two officers pressing Save."""
    start = threading.Barrier(len(saves))

    def send(save) -> httpx.Response:
        client, address, data = save
        start.wait()
        return client.post(address, data=data)

    with ThreadPoolExecutor(len(saves)) as pool:
        return list(pool.map(send, saves))


def test_two_officers_saving_at_once_both_land_on_the_server(synced) -> None:
    server, remote, clone = synced
    colleague_commits(clone, "appendix-c.md", "training", "course", "Say course")
    workspace = server.folder
    with server.client(person=JANE) as jane, server.client(person=SAM) as sam:
        for round_, (a_old, a_new, b_old, b_new) in enumerate([
                (OLD, NEW, "Members", "Councillors"),
                ("# Purpose", "# Purpose of the policy", "Councillors", "Elected members")]):
            a_text, a_form = _opened(jane, "appendix-a")
            b_text, b_form = _opened(sam, "appendix-b")
            answers = _at_once(
                (jane, "/documents/appendix-a", {**a_form, "message": f"Jane {round_}",
                                                 "text": a_text.replace(a_old, a_new, 1)}),
                (sam, "/documents/appendix-b", {**b_form, "message": f"Sam {round_}",
                                                "text": b_text.replace(b_old, b_new, 1)}))
            assert [a.status_code for a in answers] == [303, 303], \
                [html.unescape(a.text)[-400:] for a in answers]
    subjects = git(remote, "log", "--format=%an|%s", "main").splitlines()
    for line in ("Connie Primmer|Say course", "Jane Smith|Jane 0", "Sam Patel|Sam 0",
                 "Jane Smith|Jane 1", "Sam Patel|Sam 1"):
        assert line in subjects, subjects
    assert git(remote, "rev-parse", "main") == git(workspace, "rev-parse", "HEAD")
    assert git(workspace, "status", "--porcelain").strip() == ""
    a = (workspace / "content" / "appendix-a.md").read_text(encoding="utf-8")
    b = (workspace / "content" / "appendix-b.md").read_text(encoding="utf-8")
    c = (workspace / "content" / "appendix-c.md").read_text(encoding="utf-8")
    assert NEW in a and "# Purpose of the policy" in a
    assert "Elected members" in b and "course" in c


def test_two_officers_saving_one_document_at_once_the_later_is_shown_the_other(
        synced) -> None:
    server, remote, _ = synced
    with server.client(person=JANE) as jane, server.client(person=SAM) as sam:
        text, form = _opened(jane, "appendix-a")
        _, same = _opened(sam, "appendix-a")
        mine = text.replace(OLD, NEW, 1)
        theirs = text.replace("# Purpose", "# Purpose of the policy", 1)
        answers = _at_once(
            (jane, "/documents/appendix-a", {**form, "message": "Jane's words", "text": mine}),
            (sam, "/documents/appendix-a", {**same, "message": "Sam's title", "text": theirs}))
    codes = sorted(a.status_code for a in answers)
    assert codes == [303, 409], [html.unescape(a.text)[-400:] for a in answers]
    winner, loser = ("Jane Smith", "Sam Patel") if answers[0].status_code == 303 else \
        ("Sam Patel", "Jane Smith")
    refused = html.unescape(next(a.text for a in answers if a.status_code == 409))
    assert f"{winner} saved this document today at" in refused
    assert "Your text has not been saved." in refused
    kept = "# Purpose of the policy" if loser == "Sam Patel" else NEW
    assert kept in refused  # the loser's text is kept in the form
    subjects = git(remote, "log", "--format=%an", "main").splitlines()
    assert subjects[0] == winner and loser not in subjects


def test_a_colleague_s_change_pulled_in_is_never_saved_over(synced) -> None:
    server, remote, clone = synced
    with server.client(person=JANE) as jane:
        text, form = _opened(jane, "appendix-a")
        colleague_commits(clone, "appendix-a.md", "# Purpose", "# Why we have this policy",
                           "Retitle the purpose")
        refused = jane.post("/documents/appendix-a", data={
            **form, "message": "Reword", "text": text.replace(OLD, NEW, 1)})
        assert refused.status_code == 409
        page = html.unescape(refused.text)
        assert "Connie Primmer saved this document" in page
        assert NEW in page  # Jane's text kept
    on_server = git(remote, "show", "main:content/appendix-a.md")
    assert "# Why we have this policy" in on_server and NEW not in on_server
