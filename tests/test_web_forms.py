"""Settings as forms: the pack's settings and a policy's details, never YAML unless asked."""

from __future__ import annotations

import html
import subprocess

import pytest
from webfixtures import csrf, field, make_workspace, running


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with running(make_workspace(tmp_path_factory.mktemp("forms") / "pack")) as running_server:
        yield running_server


def _changed(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True) if a != b]


def test_the_pack_settings_are_a_form(server) -> None:
    path = server.folder / "content/pack.yaml"
    before = path.read_text(encoding="utf-8")
    with server.client() as client:
        page = client.get("/documents/pack")
        assert page.status_code == 200
        text = html.unescape(page.text)
        assert "<h2 id=\"settings-heading\">Pack settings</h2>" in text
        assert '<label for="setting-meeting_date">Meeting date</label>' in text
        assert 'type="date" value="2019-06-11"' in text
        assert '<select id="setting-classification" name="classification"' in text
        assert "<summary>Edit pack.yaml as text (for experts)</summary>" in text
        saved = client.post("/documents/pack/settings", data={
            "csrf_token": csrf(page.text), "token": field(page.text, "token"),
            "council": "Chiltern and South Bucks District Councils", "committee": "Full Council",
            "meeting_date": "2019-07-01", "classification": "OFFICIAL-SENSITIVE",
            "language": "en-GB"})
        assert saved.status_code == 303, html.unescape(saved.text)[-600:]
    assert _changed(before, path.read_text(encoding="utf-8")) == [
        ("committee: Cabinet", "committee: Full Council"),
        ("meeting_date: 2019-06-11", "meeting_date: 2019-07-01"),
        ("classification: OFFICIAL", "classification: OFFICIAL-SENSITIVE")]
    log = subprocess.run(["git", "log", "-1", "--format=%an|%s"], cwd=server.folder,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert log == "Priya Shah|Change the settings"


def test_a_wrong_setting_is_shown_beside_its_field(server) -> None:
    path = server.folder / "content/pack.yaml"
    before = path.read_text(encoding="utf-8")
    with server.client() as client:
        page = client.get("/documents/pack").text
        refused = client.post("/documents/pack/settings", data={
            "csrf_token": csrf(page), "token": field(page, "token"), "committee": "",
            "meeting_date": "2019-07-01"})
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    assert '<p class="error" id="setting-committee-error">Error: committee: committee is ' \
        "required; fill it in</p>" in text
    assert 'id="setting-committee" name="committee" type="text" value=""' in text
    assert 'aria-invalid="true"' in text
    assert path.read_text(encoding="utf-8") == before


def test_a_policy_s_details_are_a_form(server) -> None:
    path = server.folder / "content/appendix-b.md"
    before = path.read_text(encoding="utf-8")
    with server.client() as client:
        page = client.get("/documents/appendix-b").text
        assert "<h2 id=\"settings-heading\">Document details</h2>" in page
        assert '<label for="setting-review.interval">Review every (optional)</label>' in page
        saved = client.post("/documents/appendix-b/settings", data={
            "csrf_token": csrf(page), "token": field(page, "token"),
            "owner": "Legal Services", "review.interval": "2 years"})
        assert saved.status_code == 303, html.unescape(saved.text)[-600:]
    changed = _changed(before, path.read_text(encoding="utf-8"))
    assert [b for _, b in changed] == ["owner: Legal Services", '  interval: "2 years"']
