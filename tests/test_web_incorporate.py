"""Test the workspace's page for reviewers' returned Word copies, through the real server:
upload two copies, see each reviewer's changes and their conflict in words, leave one change
out, choose a side, bring the rest in; the reviewers are the authors in git."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
import wordmarkup as wm
from incorporatefixtures import built, content_repository
from webfixtures import PERSON, PERSON_COOKIE, csrf, field, git, running

LEGAL, COMMS = "Legal Services", "Communications"
WHEN, LATER = "2026-12-01T09:00:00Z", "2026-12-02T10:00:00Z"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    content_repository(tmp_path / "repo")
    return tmp_path / "repo"


def copies(repo: Path) -> list[tuple[str, bytes]]:
    sent = built(repo / "content")
    legal = wm.replace(sent, "one of the main ways", "one of the principal ways", LEGAL, WHEN)
    legal = wm.replace(legal, "immediate way", "immediate means", LEGAL, WHEN)
    legal = wm.comment(legal, "permanent", LEGAL, WHEN, "Is 'permanent' too strong?")
    comms = wm.replace(sent, "one of the main ways", "one of the best ways", COMMS, LATER)
    comms = wm.replace(comms, "share their views", "share their opinions", COMMS, LATER)
    return [("legal.docx", legal), ("comms.docx", comms)]


def upload(client, returned: list[tuple[str, bytes]]):
    page = client.get("/incorporate").text
    files = [("copies", (name, data, "application/octet-stream")) for name, data in returned]
    return client.post("/incorporate", data={"csrf_token": csrf(page)}, files=files)


def test_two_reviewers_copies_come_in_with_their_names(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    with running(repo) as server, server.client() as client:
        form = client.get("/incorporate").text
        assert "Returned Word copies (.docx)" in form and 'type="file"' in form

        shown = upload(client, copies(repo))

        assert shown.status_code == 200, shown.text
        page = shown.text
        assert "<h2 id=\"reviewer-1\">Legal Services</h2>" in page
        assert "<h2 id=\"reviewer-2\">Communications</h2>" in page
        assert "Conflict 1, in 1.1: the words sent were “main”" in page
        assert "Keep Legal Services's words: “principal”" in page
        assert "Keep Communications's words: “best”" in page
        assert "<del>way</del>" in page and "<ins>means</ins>" in page
        assert "Is &#39;permanent&#39; too strong?" in page
        assert "review/" not in page  # officers never see a branch
        assert git(repo, "rev-parse", "HEAD").strip() == head  # nothing written yet
        means = page.split("<ins>means</ins>", 1)[1].split('name="keep" value="', 1)[1][:40]
        means = means.split('"', 1)[0]
        listed = [chunk.split('"', 1)[0] for chunk in page.split('name="listed" value="')[1:]]
        keep = [ident for ident in listed if ident != means]

        applied = client.post("/incorporate/apply", data={
            "csrf_token": csrf(page), "key": field(page, "key"), "by": "",
            "listed": listed, "keep": keep, "conflict-1": COMMS})

        assert applied.status_code == 200, applied.text
        assert "Nothing is left to decide." in applied.text
        assert "Legal Services: 0 changes saved; Communications: 2 changes saved" in applied.text
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "one of the best ways in which people find information, share their opinions" in text
    assert "immediate way of" in text  # the change left out
    authors = git(repo, "log", "--format=%an", f"{head}..HEAD").split()
    assert COMMS in " ".join(authors) and "Legal" in " ".join(authors)
    assert "Is 'permanent' too strong?" in (repo / "content/notes/appendix-a.yaml").read_text()


def test_a_conflict_left_for_later_stays_on_the_page_and_can_be_decided(repo: Path) -> None:
    with running(repo) as server, server.client() as client:
        page = upload(client, copies(repo)).text
        listed = [chunk.split('"', 1)[0] for chunk in page.split('name="listed" value="')[1:]]
        first = client.post("/incorporate/apply", data={
            "csrf_token": csrf(page), "key": field(page, "key"), "by": "",
            "listed": listed, "keep": listed, "conflict-1": ""})
        assert first.status_code == 200, first.text
        assert "1 conflict still to decide" in first.text
        assert "one of the main ways" in (repo / "content/appendix-a.md").read_text()

        second = client.post("/incorporate/apply", data={
            "csrf_token": csrf(first.text), "key": field(first.text, "key"), "by": "",
            "conflict-1": LEGAL})

        assert second.status_code == 200, second.text
        assert "Nothing is left to decide." in second.text
    assert "one of the principal ways" in (repo / "content/appendix-a.md").read_text()
    assert git(repo, "log", "-1", "--format=%an|%cn").strip() == f"{LEGAL}|Priya Shah"


def test_bad_uploads_get_a_readable_page_and_nothing_is_written(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    with running(repo) as server, server.client() as client:
        broken = upload(client, [("broken.docx", b"PK\x03\x04 not a zip")])
        assert broken.status_code == 400 and "Error: broken.docx" in broken.text
        page = client.get("/incorporate").text
        none = client.post("/incorporate", data={"csrf_token": csrf(page)},
                           files=[("copies", ("", b"", "application/octet-stream"))])
        assert none.status_code == 400
        assert "Error: copies: choose the Word copies (.docx)" in none.text
        stale = client.post("/incorporate/apply", data={"csrf_token": csrf(page),
                                                        "key": "0" * 32})
        assert stale.status_code == 400 and "upload them again" in stale.text
        forged = client.post("/incorporate/apply", data={"key": "0" * 32})
        assert forged.status_code == 403
    assert git(repo, "rev-parse", "HEAD").strip() == head


@pytest.mark.parametrize("width", [1280, 375])
def test_an_officer_brings_copies_in_with_a_browser(repo: Path, tmp_path: Path,
                                                    width: int) -> None:
    from browser import axe_here, browser, describe, require_browser
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    require_browser()
    for name, data in copies(repo):
        (tmp_path / name).write_bytes(data)
    with running(repo) as server, browser(width=width) as driver:
        driver.get(server.url + "/static/htmx.LICENSE.txt")  # who is working: Priya Shah
        driver.add_cookie({"name": PERSON_COOKIE, "value": quote(PERSON)})
        driver.get(server.url + "/incorporate")
        assert not axe_here(driver), describe(axe_here(driver))
        picker = driver.find_element(By.ID, "copies")
        picker.send_keys(f"{tmp_path / 'legal.docx'}\n{tmp_path / 'comms.docx'}")
        driver.find_element(By.CSS_SELECTOR, "button.primary").click()
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.ID, "conflicts"))

        headings = [h.text for h in driver.find_elements(By.TAG_NAME, "h2")]
        assert headings == ["Where reviewers disagree", LEGAL, COMMS, "Comments"]
        violations = axe_here(driver)
        assert not violations, describe(violations)
        assert driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"), \
            "the review page scrolls sideways"
        driver.find_element(By.XPATH, "//label[contains(., \"Keep Legal Services's words\")]"
                            ).click()
        driver.find_element(By.CSS_SELECTOR, "button.primary").click()
        WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR,
                                                                  "[role=status]"))

        status = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
        assert "Nothing is left to decide." in status
        assert not axe_here(driver), describe(axe_here(driver))
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "one of the principal ways in which people find information, share their opinions" \
        in text
