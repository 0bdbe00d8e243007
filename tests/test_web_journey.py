"""An officer who has never used git, in a real chromium: the whole journey, axe on each page.

First visit (the name is asked), open Appendix A in the rich editor, edit a paragraph and
see the preview follow it, add a bullet, fix a link's words, save, meet a colleague's
conflicting save (refused, naming them), release, record a review, publish a draft with its
progress shown, and read the compare page from its summary. Every page is checked with
axe-core (WCAG 2.2 AA) at 1280 px and at 375 px, and at 375 px and 320 px nothing scrolls
sideways. The server runs with git knowing nobody.

Set ``POLICYKIT_SCREENSHOTS`` to a folder to keep a PNG of each page (the README's).
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from functools import partial
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from browser import axe_here, browser, describe, require_browser
from browser import wait as wait_for
from test_web_editor import select, type_keys
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

WIDTHS = (1280, 375, 320)
wait = partial(wait_for, seconds=60)  # the journey publishes: a longer default wait
OVERFLOWING = ("return [...document.querySelectorAll('body *')].filter(e => "
               "e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 5)"
               ".map(e => e.outerHTML.slice(0, 120))")


def checked(driver: object, name: str) -> None:
    """Check the page as it is at each width: axe finds nothing, nothing scrolls sideways."""
    for width in WIDTHS:
        driver.set_window_size(width, 900)  # type: ignore[attr-defined]
        time.sleep(0.2)
        wide = driver.execute_script(  # type: ignore[attr-defined]
            "return [document.documentElement.scrollWidth, window.innerWidth];")
        assert wide[0] <= wide[1], (f"{name} at {width} px is {wide[0]} px wide", driver.
                                    execute_script(OVERFLOWING))  # type: ignore[attr-defined]
        if width != 320:
            violations = axe_here(driver)
            assert violations == [], f"{name} at {width} px:\n{describe(violations)}"
        folder = os.environ.get("POLICYKIT_SCREENSHOTS")
        if folder and width in (1280, 375):
            height = driver.execute_script("return document.body.scrollHeight")  # type: ignore
            driver.set_window_size(width, min(max(height + 120, 900), 2400))  # type: ignore
            driver.save_screenshot(  # type: ignore[attr-defined]
                str(Path(folder) / f"workspace-{name}-{width}.png"))
    driver.set_window_size(1280, 900)  # type: ignore[attr-defined]


@pytest.fixture
def served(tmp_path: Path):
    require_browser()
    workspace = make_workspace(tmp_path / "pack")
    with running(workspace, env=without_git_identity(tmp_path / "home"),
                 identity=False) as server:
        yield server


@pytest.mark.office
def test_an_officer_new_to_git_goes_from_first_visit_to_publishing(served) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with browser() as driver:
        # First visit: the workspace asks who is working.
        driver.get(served.url + "/")
        wait(lambda: "/welcome" in driver.current_url, "the welcome page")
        checked(driver, "welcome")
        driver.find_element(By.ID, "name").send_keys("Jane Smith")
        driver.find_element(By.ID, "email").send_keys("jane.smith@council.gov.uk")
        driver.find_element(By.ID, "team").send_keys("Democratic Services")
        driver.find_element(By.XPATH, "//button[text()='Continue']").click()
        wait(lambda: "Working as Jane Smith" in driver.page_source, "the pack")
        checked(driver, "pack")

        # Open Appendix A in the rich editor: edit a paragraph (the preview follows it), add
        # a bullet and fix a link's words, as an officer would, by selecting and typing.
        driver.find_element(By.LINK_TEXT, "Appendix A: Social Media Policy for Members").click()
        wait(lambda: driver.execute_script(
            "return document.getElementById('rich-editor').getAttribute('data-ready')")
            == "true", "the rich editor")
        with httpx.Client(base_url=served.url, timeout=60, cookies={
                PERSON_COOKIE: quote("Connie Primmer <connie@council.gov.uk>")}) as colleague:
            text, form = editor(colleague)
            del form["author"]
            colleague_page = colleague.post("/documents/appendix-a", data={
                **form, "message": "Tighten the purpose",
                "text": text.replace("# Purpose", "# Purpose of the policy")})
        assert colleague_page.status_code == 303
        select(driver, OLD)
        type_keys(driver, NEW)
        wait(lambda: NEW[:40] in (driver.find_element(By.CSS_SELECTOR, "iframe.preview")
                                  .get_attribute("data-following") or ""),
             "the preview to follow the paragraph being edited")
        select(driver, "either council, when acting in that capacity.", collapse_to_end=True)
        type_keys(driver, "\n", "officers acting for the councils.")
        select(driver, "Electoral Commission", within="a")
        type_keys(driver, "Electoral Commission website")
        wait(lambda: "officers acting for the councils" in (driver.find_element(
            By.CSS_SELECTOR, "iframe.preview").get_attribute("srcdoc") or ""),
            "the preview to show the new bullet")
        checked(driver, "editor")

        # Save: refused, because Connie Primmer saved since; the choice names her.
        driver.find_element(By.ID, "message").send_keys("Reword the introduction")
        driver.find_element(By.CSS_SELECTOR, "#editor button.primary").click()
        wait(lambda: "Connie Primmer saved this document" in driver.page_source,
             "the conflict")
        assert "Save my text over Connie Primmer’s changes" in driver.page_source
        checked(driver, "conflict")
        # Bring her change into the text, and save over it knowingly.
        driver.execute_script(
            "const a = document.getElementById('text');"
            "a.value = a.value.replace('# Purpose\\n', '# Purpose of the policy\\n');")
        driver.find_element(By.XPATH, "//button[@name='overwrite']").click()
        wait(lambda: re.search(r"Saved by Jane Smith today at \d\d:\d\d", driver.page_source),
             "the save")
        on_disk = (served.folder / "content/appendix-a.md").read_text(encoding="utf-8")
        assert NEW in on_disk and "# Purpose of the policy" in on_disk
        assert "\n- officers acting for the councils.\n" in on_disk
        assert "[Electoral Commission website](https://www.electoralcommission.org.uk)" \
            in on_disk

        # Release version 1.0, then record a review.
        driver.find_element(By.LINK_TEXT, "History and releases").click()
        checked(driver, "history")
        driver.find_element(By.ID, "version").send_keys("1.0")
        driver.find_element(By.ID, "approved_by").send_keys("Cabinet")
        driver.execute_script("document.getElementById('approved_on').value = '2019-06-11';")
        driver.find_element(By.XPATH, "//button[text()='Release']").click()
        wait(lambda: "Version 1.0 released." in driver.page_source, "the release")
        assert re.search(r"Version 1\.0, released by Jane Smith on \d+ \w+ \d{4}",
                         driver.page_source)
        driver.find_element(By.LINK_TEXT, "Reviews").click()
        checked(driver, "reviews")
        Select(driver.find_element(By.ID, "record-doc")).select_by_value("appendix-a")
        driver.execute_script("document.getElementById('record-on').value = '2026-01-05';")
        driver.find_element(By.XPATH, "//button[text()='Record the review']").click()
        wait(lambda: "Review of appendix-a recorded." in driver.page_source, "the review")

        # Publish a draft: progress is shown, then what was made, linked.
        driver.find_element(By.LINK_TEXT, "Pack").click()
        driver.find_element(By.ID, "draft").click()
        driver.find_element(By.XPATH, "//button[text()='Publish the pack']").click()
        wait(lambda: "/jobs/" in driver.current_url, "the progress page")
        assert "Working on it" in driver.page_source or "Done in" in driver.page_source
        wait(lambda: "Done in" in driver.page_source or "Error:" in driver.page_source,
             "the publishing", seconds=300)
        assert "Done in" in driver.page_source, driver.page_source[-2000:]
        checked(driver, "published")
        assert driver.find_element(By.PARTIAL_LINK_TEXT, "agenda-pack.pdf")

        # Compare: from the summary to a change and back.
        driver.get(served.url + "/documents/appendix-a/history")
        driver.find_elements(By.PARTIAL_LINK_TEXT, "Compare with today")[-1].click()
        wait(lambda: "Each change" in driver.page_source, "the compare page")
        checked(driver, "compare")
        driver.find_element(By.CSS_SELECTOR, "#listed-1 a").click()
        wait(lambda: driver.current_url.endswith("#change-1"), "the first change")
        driver.find_element(By.CSS_SELECTOR, "#change-1 a.back").click()
        wait(lambda: driver.current_url.endswith("#listed-1"), "back to the list")
    log = subprocess.run(["git", "log", "--format=%an|%s"], cwd=served.folder, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert log[:2] == ["Jane Smith|Review appendix-a", "Jane Smith|Release appendix-a 1.0"] \
        or all(line.startswith(("Jane Smith|", "Connie Primmer|", "Test Runner|"))
               for line in log), log


def test_a_colleague_cannot_save_over_without_choosing_to(served) -> None:
    with httpx.Client(base_url=served.url, timeout=60, cookies={
            PERSON_COOKIE: quote("Jane Smith <jane@council.gov.uk>")}) as client:
        text, form = editor(client)
        token = csrf(client.get("/").text)
        assert token
        with httpx.Client(base_url=served.url, timeout=60, cookies={
                PERSON_COOKIE: quote("Connie Primmer <connie@council.gov.uk>")}) as other:
            _, theirs = editor(other)
            assert other.post("/documents/appendix-a", data={
                **theirs, "message": "Hers", "text": text.replace(OLD, NEW)}).status_code == 303
        for _ in range(2):  # pressing Save again is refused again
            refused = client.post("/documents/appendix-a", data={
                **form, "message": "Mine", "text": text.replace("# Purpose", "# Aim")})
            assert refused.status_code == 409
            assert "Connie Primmer saved this document" in refused.text
    assert NEW in (served.folder / "content/appendix-a.md").read_text(encoding="utf-8")


def test_the_other_pages_fit_a_phone_and_pass_axe(served) -> None:
    from selenium.webdriver.common.by import By

    with browser() as driver:
        driver.get(served.url + "/static/htmx.LICENSE.txt")
        driver.add_cookie({"name": PERSON_COOKIE,
                           "value": quote("Jane Smith <jane@council.gov.uk>")})
        for name, address, heading in (
                ("report", "/documents/report", "Report details"),
                ("settings", "/documents/pack", "Pack settings"),
                ("details", "/documents/appendix-b", "Document details"),
                ("reviews-year", "/reviews?within=1%20year", "Record a review"),
                ("not-found", "/documents/nothing", "Error")):
            driver.get(served.url + address)
            headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "h1, h2")]
            assert heading in headings, (address, headings)
            checked(driver, name)
        driver.get(served.url + "/")
        driver.find_element(By.XPATH, "//button[text()='Publish the pack']").click()
        wait(lambda: "The pack cannot be published yet" in driver.page_source,
             "the refusal in words")
        checked(driver, "unpublished")
