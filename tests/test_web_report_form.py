"""The report's details are a form: labels, hints, one box per ward, errors beside the field.

Nobody sees YAML unless they open "Edit report.yaml as text". Saving the form unchanged
leaves the file byte for byte; a changed ward list is written as the text the report
prints ("Amersham, Chesham Bois"); "Add another" works without JavaScript.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from webfixtures import PERSON, PERSON_COOKIE, make_workspace, running

REPORT = "content/report.yaml"


@pytest.fixture
def server(tmp_path: Path):
    with running(make_workspace(tmp_path / "pack")) as running_server:
        yield running_server


def _form(client: httpx.Client) -> tuple[str, dict[str, list[str]]]:
    """Return the report page and what its details form would post as it stands."""
    page = client.get("/documents/report").text
    form = re.search(r'action="/documents/report/fields".*?</form>', page, re.S).group(0)
    posted: dict[str, list[str]] = {}
    for found in re.finditer(r'<input (?:id="[^"]*" )?(?:type="hidden" )?name="([^"]+)"'
                             r' value="([^"]*)"', form):
        posted.setdefault(found.group(1), []).append(html.unescape(found.group(2)))
    for found in re.finditer(r'<select id="[^"]+" name="([^"]+)".*?</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', found.group(0))
        posted[found.group(1)] = [chosen.group(1) if chosen else ""]
    return page, posted


def _log(folder: Path) -> list[str]:
    return subprocess.run(["git", "log", "--format=%an|%s"], cwd=folder, capture_output=True,
                          text=True, check=True).stdout.splitlines()


def test_the_report_page_shows_its_details_as_labelled_fields(server) -> None:
    with server.client() as client:
        page, posted = _form(client)
    text = html.unescape(page)
    assert '<label for="field-subject">Subject</label>' in text
    assert '<p class="hint" id="field-report_of-hint">Who presents it, e.g. Councillor ' \
        "Nick Naylor</p>" in text
    assert 'name="author.email" value="cprimmer@chiltern.gov.uk" type="email"' in text
    assert "<legend>Wards affected</legend>" in text
    assert '<label for="field-wards_affected-1" class="visually-hidden">Wards affected, box ' \
        "1</label>" in text
    assert "For Cabinet on 11 June 2019. The meeting and its date are in the " \
        '<a href="/documents/pack">pack settings</a>' in text
    assert posted["wards_affected"] == ["All", ""]  # the ward, and a spare box
    assert posted["recommendations"][:2] == [
        "The social media policy for Members contained in Appendix A is approved.",
        "The social media guidance contained in Appendix B is approved."]
    assert "<summary>Edit report.yaml as text (for experts)</summary>" in text


def test_saving_the_form_unchanged_leaves_the_file_as_typed(server) -> None:
    path = server.folder / REPORT
    before = path.read_bytes()
    commits = _log(server.folder)
    with server.client() as client:
        _, posted = _form(client)
        saved = client.post("/documents/report/fields", data=posted)
    assert saved.status_code == 303, html.unescape(saved.text)[-600:]
    assert path.read_bytes() == before and _log(server.folder) == commits


def test_wards_are_a_list_that_round_trips_and_add_another_needs_no_script(server) -> None:
    path = server.folder / REPORT
    with server.client() as client:
        _, posted = _form(client)
        posted["wards_affected"] = ["Amersham", "  Chesham   Bois ", ""]
        grown = client.post("/documents/report/fields",
                            data={**posted, "add": "wards_affected"})
        assert grown.status_code == 200  # the form again, one more box, nothing saved
        boxes = re.findall(r'name="wards_affected" value="([^"]*)"', grown.text)
        assert boxes == ["Amersham", "Chesham Bois", "", ""]
        assert "wards_affected: All\n" in path.read_text(encoding="utf-8")
        saved = client.post("/documents/report/fields", data=posted)
        assert saved.status_code == 303, html.unescape(saved.text)[-600:]
        assert "wards_affected: Amersham, Chesham Bois\n" in path.read_text(encoding="utf-8")
        assert _log(server.folder)[0] == "Priya Shah|Change the report details"
        before = path.read_bytes()
        _, again = _form(client)
        assert again["wards_affected"] == ["Amersham", "Chesham Bois", ""]
        assert client.post("/documents/report/fields", data=again).status_code == 303
    assert path.read_bytes() == before  # shown as a list, saved unchanged: same text


def test_a_wrong_field_is_shown_beside_it_and_nothing_is_saved(server) -> None:
    path = server.folder / REPORT
    before = path.read_bytes()
    with server.client() as client:
        _, posted = _form(client)
        refused = client.post("/documents/report/fields", data={
            **posted, "author.email": "connie at chiltern", "subject": "A new subject"})
        no_ward = client.post("/documents/report/fields", data={**posted, "wards_affected": ""})
    assert refused.status_code == 422
    text = html.unescape(refused.text)
    assert re.search(r'<p class="error" id="field-author-email-error">Error: '
                     r"'connie at chiltern' is not an email address; write it as "
                     r"name@example.gov.uk</p>", text)
    assert 'name="author.email" value="connie at chiltern" type="email" ' \
        'aria-describedby="field-author-email-error" aria-invalid="true"' in text
    assert 'value="A new subject"' in text  # what was typed is kept
    assert '<a href="#field-author-email">Error: ' in text  # the summary links to the field
    text = html.unescape(no_ward.text)
    assert no_ward.status_code == 422
    assert '<p class="error" id="field-wards_affected-error">Error: give at least one ward, ' \
        "or All if it affects every ward</p>" in text
    assert path.read_bytes() == before


@pytest.mark.parametrize("width", [1280, 375])
def test_the_report_form_in_a_browser_has_no_wcag_violations(tmp_path: Path,
                                                              width: int) -> None:
    from browser import axe_here, browser, describe, require_browser, run_axe, wait
    from selenium.webdriver.common.by import By

    require_browser()
    folder = make_workspace(tmp_path / "pack")
    with running(folder) as server, browser(width=width) as driver:
        driver.get(server.url + "/static/htmx.LICENSE.txt")
        driver.add_cookie({"name": PERSON_COOKIE, "value": quote(PERSON)})
        violations = run_axe(driver, server.url + "/documents/report")
        assert violations == [], describe(violations)
        assert driver.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth"), \
            "the report page scrolls sideways"
        driver.find_element(By.ID, "field-wards_affected-2").send_keys("Chesham Bois")
        driver.find_element(By.CSS_SELECTOR, "button[value=wards_affected]").click()
        wait(lambda: driver.find_elements(By.ID, "field-wards_affected-3"), "another ward box")
        assert driver.find_element(By.ID, "field-wards_affected-3").get_attribute("value") == ""
        driver.find_element(By.ID, "field-wards_affected-3").send_keys("Amersham")
        email = driver.find_element(By.ID, "field-author-email")
        email.clear()
        email.send_keys("connie at chiltern\n")  # Enter saves: the first button is Save
        wait(lambda: driver.find_elements(By.ID, "field-author-email-error"),
             "the error beside the email")
        violations = axe_here(driver)  # the page the refused save shows: no reload
        assert violations == [], describe(violations)
        email = driver.find_element(By.ID, "field-author-email")
        email.clear()
        email.send_keys("cprimmer@chiltern.gov.uk\n")
        wait(lambda: "Saved by Priya Shah" in driver.page_source, "the saved page")
    assert "wards_affected: All, Chesham Bois, Amersham\n" in \
        (folder / REPORT).read_text(encoding="utf-8")
