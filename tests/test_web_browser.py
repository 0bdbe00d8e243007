"""Use the workspace in a real headless chromium: edit, preview, save, build, download; axe.

Set ``POLICYKIT_SCREENSHOTS`` to a folder to keep a PNG of each main page (the README's).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from browser import (
    CHROMIUM_FLAGS,
    axe_here,
    chromium_path,
    describe,
    require_browser,
    run_axe,
    wait,
)
from webfixtures import make_workspace, running

from policykit.office import session as office

OLD = ("Social media is now one of the main ways in which people find information, share "
       "their views and take part in local debate.")
NEW = "Social media is now the first place residents look for news of the councils."


@contextmanager
def chromium(downloads: Path) -> Iterator[object]:
    """Yield a Selenium driver for a fresh headless chromium that saves downloads."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="policykit-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium_path() or "chromium"
        for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"):
            options.add_argument(flag)
        options.add_experimental_option("prefs", {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False})
        driver = webdriver.Chrome(options=options, service=Service(
            shutil.which("chromedriver") or "chromedriver"))
        try:
            driver.set_page_load_timeout(60)
            driver.set_script_timeout(60)
            driver.execute_cdp_cmd("Page.setDownloadBehavior",
                                   {"behavior": "allow", "downloadPath": str(downloads)})
            yield driver
        finally:
            driver.quit()


def screenshot(driver: object, name: str) -> None:
    """Save a PNG of the page when POLICYKIT_SCREENSHOTS names a folder."""
    folder = os.environ.get("POLICYKIT_SCREENSHOTS")
    if folder:
        height = driver.execute_script("return document.body.scrollHeight")  # type: ignore
        driver.set_window_size(1280, min(max(height + 120, 900), 2400))  # type: ignore
        driver.save_screenshot(str(Path(folder) / f"workspace-{name}.png"))  # type: ignore
        driver.set_window_size(1280, 900)  # type: ignore


@pytest.fixture
def served(tmp_path: Path):
    require_browser()
    with running(make_workspace(tmp_path / "pack")) as server:
        yield server


@pytest.mark.office
def test_edit_preview_save_build_and_download_in_the_browser(served, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    with chromium(downloads) as driver:
        welcome(driver, served.url + "/")
        driver.find_element(By.LINK_TEXT,
                            "Appendix A: Social Media Policy for Members").click()
        preview = wait(lambda: driver.find_elements(By.CSS_SELECTOR, "iframe.preview"),
                       "the preview")[0]
        assert OLD in preview.get_attribute("srcdoc")
        driver.find_element(By.XPATH, "//button[text()='Edit as text']").click()  # the Markdown
        editor = driver.find_element(By.ID, "text")
        driver.execute_script("arguments[0].value = arguments[0].value.replace("
                              "arguments[1], arguments[2]);", editor, OLD, NEW)
        editor.send_keys(Keys.END)
        wait(lambda: NEW in (driver.find_element(By.CSS_SELECTOR, "iframe.preview")
                             .get_attribute("srcdoc") or ""), "the preview to show the edit")
        driver.find_element(By.ID, "message").send_keys("Reword the introduction")
        driver.find_element(By.CSS_SELECTOR, "#editor button.primary").click()
        wait(lambda: "Saved by Priya Shah" in driver.page_source, "the save")
        driver.find_element(By.LINK_TEXT, "Pack").click()
        driver.find_element(By.XPATH, "//button[text()='Build the Word documents']").click()
        wait(lambda: "5 documents made" in driver.page_source, "the build")
        driver.find_element(By.LINK_TEXT, "appendix-a.docx").click()
        path = downloads / "appendix-a.docx"
        wait(lambda: path.is_file() and not list(downloads.glob("*.crdownload")),
             "the download")
    data = path.read_bytes()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert NEW in text and OLD not in text
    assert NEW in " ".join(office.text(data).split())


def test_every_page_has_no_wcag_violations(served, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with chromium(tmp_path) as driver:
        welcome(driver, served.url + "/documents/appendix-a")
        driver.execute_script("arguments[0].value = arguments[0].value.replace("
                              "arguments[1], arguments[2]);",
                              driver.find_element(By.ID, "text"), OLD, NEW)
        driver.find_element(By.ID, "message").send_keys("Reword the introduction")
        driver.find_element(By.CSS_SELECTOR, "#editor button.primary").click()
        wait(lambda: "Saved by Priya Shah" in driver.page_source, "the save")
        driver.get(served.url + "/documents/appendix-a/history")
        driver.find_element(By.ID, "version").send_keys("1.0")
        driver.find_element(By.ID, "approved_by").send_keys("Cabinet")
        driver.execute_script("document.getElementById('approved_on').value = '2019-06-11';")
        driver.find_element(By.XPATH, "//button[text()='Release']").click()
        wait(lambda: "Version 1.0 released." in driver.page_source, "the release")
        pages = {  # name: (address, a heading the page must show)
            "pack": ("/", "Cabinet, 11 June 2019"),
            "editor": ("/documents/appendix-a", "Edit appendix-a.md"),
            "report": ("/documents/report", "Report details"),
            "history": ("/documents/appendix-a/history", "Versions, newest first"),
            "compare": ("/documents/appendix-a/compare?old=HEAD~2&new=HEAD",
                        "The document with its changes"),
            "reviews": ("/reviews", "Democratic Services"),
            "reviews-year": ("/reviews?within=1%20year", "Reviews"),
            "not-found": ("/documents/nothing", "Error"),
        }
        for name, (address, heading) in pages.items():
            violations = run_axe(driver, served.url + address)
            assert violations == [], f"{address}:\n{describe(violations)}"
            headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "h1, h2")]
            assert heading in headings, (address, headings)
            if name == "compare":  # the HTML redline: the edit, each change in words
                marks = {tag: [e.get_attribute("textContent") for e in driver.find_elements(
                    By.CSS_SELECTOR, f"section[aria-labelledby=text] {tag}")]
                    for tag in ("ins", "del")}
                assert any(m.startswith("[inserted: ") and "residents" in m
                           for m in marks["ins"]), marks
                assert any(m.startswith("[deleted: ") and "people" in m
                           for m in marks["del"]), marks
            if name in ("pack", "editor", "history", "compare", "reviews"):
                screenshot(driver, name)
        # The editor showing a validation error, and the keyboard reaching every control.
        driver.get(served.url + "/documents/appendix-a")
        editor = driver.find_element(By.ID, "text")
        driver.execute_script("arguments[0].value = arguments[0].value.replace("
                              "'version: \"1.0\"', 'version: [1');", editor)
        driver.find_element(By.XPATH, "//button[text()='Preview']").click()
        wait(lambda: "Error: content/appendix-a.md, line" in driver.page_source, "the error")
        violations = axe_here(driver)
        assert violations == [], describe(violations)
        reached = []
        body = driver.find_element(By.TAG_NAME, "body")
        for _ in range(40):
            (driver.switch_to.active_element if reached else body).send_keys(Keys.TAB)
            reached.append(driver.switch_to.active_element.get_attribute("id")
                           or driver.switch_to.active_element.text)
        assert reached[0] == "Skip to main content"
        fields = [r for r in reached if r in ("text", "message")]
        assert fields == ["text", "message"]


def welcome(driver: object, url: str) -> None:
    """Open ``url`` for the first time: the workspace asks who is working (Priya Shah)."""
    from selenium.webdriver.common.by import By

    driver.get(url)  # type: ignore[attr-defined]
    wait(lambda: "/welcome" in driver.current_url, "the welcome page")  # type: ignore
    driver.find_element(By.ID, "name").send_keys("Priya Shah")  # type: ignore
    driver.find_element(By.ID, "email").send_keys("priya.shah@example.gov.uk")  # type: ignore
    driver.find_element(By.XPATH, "//button[text()='Continue']").click()  # type: ignore
    wait(lambda: "Working as Priya Shah" in driver.page_source, "the page asked for")  # type: ignore
