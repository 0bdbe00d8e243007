"""Publish the agenda from the workspace after its deadline: warned, asked why, recorded.

Issue 17 §5: ``publish --today D --late-reason "..."`` in the workspace. The pack page's
publish form gives the day the agenda goes out and warns loudly once the deadline has
passed; a late publish with no reason is stopped, on a page asking for it, before anything
is made; with a reason, the published index records it, as from the CLI.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from webfixtures import csrf, finished, make_workspace, running

DEADLINE = "Monday 3 June 2019 (five clear working days before the meeting)"
REASON = "The costs came in late from the contractor"


def released_for_decision(client) -> str:
    """Release every pack document for the pack's meeting; return the pack page."""
    for doc_id in ("report", "appendix-a", "appendix-b", "appendix-c"):
        page = client.get(f"/documents/{doc_id}/history").text
        done = client.post(f"/documents/{doc_id}/release", data={
            "csrf_token": csrf(page), "version": "1.0", "approved_by": "",
            "approved_on": ""})
        assert done.status_code == 303, done.text[-500:]
    return client.get("/").text


@pytest.mark.office
def test_a_late_agenda_is_warned_asked_why_and_the_reason_published(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "pack")
    with running(workspace) as server, server.client() as client:
        page = released_for_decision(client)
        # Today is long after 3 June 2019: the form says so loudly and needs a reason.
        assert (f'<p class="error" role="alert" id="late-warning">LATE: the agenda had to '
                f"be published by {DEADLINE}.") in page
        assert ('<label for="late-reason">Why the agenda is late (needed to publish it now; '
                'not for a draft for checking)</label>') in page
        # Not required in the browser: a draft for checking needs no reason; the server asks.
        assert ('<textarea id="late-reason" name="late_reason" rows="2" '
                'aria-describedby="late-warning">') in page
        assert '<input type="date" id="publish-on" name="publish_on" value="' in page

        # Late with no reason: stopped before anything is made, and asked why.
        stopped = client.post("/publish", data={"csrf_token": csrf(page),
                                                "publish_on": "2019-06-04"})
        assert stopped.status_code == 409
        said = html.unescape(stopped.text)
        assert "<h1>The agenda is late: say why</h1>" in said
        assert ("LATE: The agenda for Cabinet on 11 June 2019 had to be published by "
                f"{DEADLINE}. Publishing on Tuesday 4 June 2019 is late. Say why below: the "
                "published index records the reason. Nothing was published.") in said
        assert '<input type="hidden" name="publish_on" value="2019-06-04">' in said
        assert "required" in said.split('id="late-reason"')[1].split(">")[0]
        assert not (workspace / "build" / "publish").exists()
        as_json = client.post("/publish", data={"csrf_token": csrf(page),
                                                "publish_on": "2019-06-04"},
                              headers={"accept": "application/json"})
        assert as_json.status_code == 409
        assert as_json.json()["error"] == "late"
        assert as_json.json()["publish_by"] == "2019-06-03"
        bad = client.post("/publish", data={"csrf_token": csrf(page), "publish_on": "4/6/19"})
        assert "publishing on: &#39;4/6/19&#39; is not a date" in bad.text or \
            "publishing on: '4/6/19' is not a date" in html.unescape(bad.text)

        # With the reason, from the page that asked: published, warned again, recorded.
        published = client.post("/publish", data={
            "csrf_token": csrf(stopped.text), "publish_on": "2019-06-04",
            "late_reason": REASON})
        assert published.status_code == 303, published.text[-500:]
        done, _ = finished(client, published.headers["location"], seconds=300)
        assert "Done in" in done, done[-1500:]
        assert ('<p class="error" role="alert">LATE: the agenda is published on Tuesday 4 June '
                "2019, after its deadline of Monday 3 June 2019") in done
        for area in ("public", "members"):
            index = html.unescape(client.get(f"/published/{area}/index.html").text)
            assert (f"Published late, on 4 June 2019; the deadline was {DEADLINE}. Reason: "
                    f"{REASON}") in index, area


def test_drafts_are_refused_before_the_deadline_is_asked_about(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "pack")
    with running(workspace) as server, server.client() as client:
        page = client.get("/").text
        # Drafts stop a real publish first: the page says to release them, not why it is late.
        refused = client.post("/publish", data={"csrf_token": csrf(page),
                                                "publish_on": "2019-06-04"})
        assert refused.status_code == 409
        assert "<h1>The pack cannot be published yet</h1>" in refused.text
