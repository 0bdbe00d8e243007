"""Drive the lifecycle through the workspace's pages: release for decision, then decide."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from webfixtures import csrf, git, make_workspace, running


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "pack")


def test_release_for_decision_then_record_the_decision(workspace: Path) -> None:
    with running(workspace) as server, server.client() as client:
        page = client.get("/documents/appendix-a/history").text
        assert "Record the meeting&#39;s decision" in page or \
            "Record the meeting's decision" in page
        early = client.post("/documents/appendix-a/decide", data={
            "csrf_token": csrf(page), "outcome": "approved", "on": "2019-06-11",
            "minute": "23"})
        assert early.status_code == 422
        assert ("Error: appendix-a is a draft, so it cannot be decided; release it for "
                "decision first: policykit release appendix-a --version 1.0"
                ) in html.unescape(early.text)
        released = client.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(page), "version": "1.0", "approved_by": "",
            "approved_on": ""})
        assert released.status_code == 303
        assert client.get("/.json").json()["states"][1]["state"] == "for decision"
        decided = client.post("/documents/appendix-a/decide", data={
            "csrf_token": csrf(page), "outcome": "approved", "on": "2019-06-11",
            "minute": "23"})
        assert decided.status_code == 303
        history = client.get(decided.headers["location"]).text
        assert "v1.0 adopted 2019-06-11" in html.unescape(history) or \
            "appendix-a/adopted/2019-06-11-v1.0" in history
        assert client.get("/.json").json()["states"][1]["state"] == "adopted"
    assert "appendix-a/adopted/2019-06-11-v1.0" in git(workspace, "tag")


def test_reviews_recorded_in_the_workspace_keep_or_reopen_the_policy(workspace: Path) -> None:
    with running(workspace) as server, server.client() as client:
        page = client.get("/documents/appendix-a/history").text
        client.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(page), "version": "1.0", "approved_by": "", "approved_on": ""})
        client.post("/documents/appendix-a/decide", data={
            "csrf_token": csrf(page), "outcome": "approved", "on": "2019-06-11",
            "minute": "23"})
        reviews = client.get("/reviews").text
        assert "No changes needed: the document stays approved" in reviews
        kept = client.post("/reviews/record", data={
            "csrf_token": csrf(reviews), "doc_id": "appendix-a", "by": "Democratic Services",
            "on": "2020-06-02", "outcome": "no-change", "note": ""})
        assert kept.status_code == 303, kept.text
        assert client.get("/.json").json()["states"][1]["state"] == "adopted"
        reopened = client.post("/reviews/record", data={
            "csrf_token": csrf(reviews), "doc_id": "appendix-a", "by": "Democratic Services",
            "on": "2021-06-01", "outcome": "changes-needed", "note": "Update for new platforms"})
        assert reopened.status_code == 303, reopened.text
        states = client.get("/.json").json()["states"][1]
    assert states["state"] == "draft"
    text = (workspace / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "last_reviewed: 2021-06-01" in text
    assert git(workspace, "log", "-1", "--format=%s").startswith(
        "Review appendix-a: reviewed by Democratic Services on 2021-06-01, changes needed")
