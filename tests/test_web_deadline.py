"""Test that the workspace's pack page shows when the agenda must be out."""

from __future__ import annotations

from pathlib import Path

from webfixtures import make_workspace, running


def test_the_pack_page_says_when_the_agenda_must_be_out(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "pack")
    with running(workspace) as server, server.client() as client:
        page = client.get("/").text
    assert ("<dt>Agenda out by</dt><dd>Monday 3 June 2019 (five clear working days before the "
            "meeting)</dd>") in page
    assert ("<dt>Notice of private part by</dt><dd>Monday 13 May 2019 (28 clear days)</dd>"
            in page)
