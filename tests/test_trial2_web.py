"""Trial of the workspace on text a Word document cannot hold: refused where it was typed."""

from __future__ import annotations

import html

import pytest
from webfixtures import csrf, field, make_workspace, running


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with running(make_workspace(tmp_path_factory.mktemp("trial2") / "pack")) as running_server:
        yield running_server


def test_a_control_character_typed_into_a_title_is_refused_and_nothing_is_saved(server) -> None:
    path = server.folder / "content/appendix-b.md"
    before = path.read_text(encoding="utf-8")
    with server.client() as client:
        page = client.get("/documents/appendix-b").text
        refused = client.post("/documents/appendix-b/settings", data={
            "csrf_token": csrf(page), "token": field(page, "token"),
            "title": "Guidance\x07 on social media"})
    assert refused.status_code == 422
    assert ("Error: holds an invisible control character (\\x07) that a Word document cannot "
            "hold; delete it") in html.unescape(refused.text)
    assert path.read_text(encoding="utf-8") == before
