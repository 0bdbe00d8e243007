"""Test the HTML redline: marks with text labels, moves told apart, the summary, no scripts."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_redline_sim import build
from typer.testing import CliRunner

from policykit.cli import app
from policykit.redline import compare
from policykit.redline.html import redline_body

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
MOVED = "Complaints are answered within ten working days of receipt."
OLD = [("Scope", "Heading 1"), "Applies to staff.", MOVED, "Middle one.", "Middle two.",
       "Closing <words> & more."]
NEW = [("Scope", "Heading 1"), "Applies to all staff.", "Middle one.", "Middle two.", MOVED,
       "Closing <words> & more."]


class Tags(HTMLParser):
    """Collect the tags and the text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def page() -> str:
    return compare(build(OLD), build(NEW), date=DATE).to_html("New compared with old")


def test_the_page_marks_changes_with_words_and_tells_moves_apart() -> None:
    html = page()
    parser = Tags()
    parser.feed(html)
    text = "".join(parser.text)
    assert "[inserted: all" in text
    assert f"[moved from here: {MOVED}" in text and f"[moved here: {MOVED}" in text
    assert "Closing <words> & more." in text  # content is text, never markup
    assert ("ins", {"class": "moved"}) in parser.tags and ("del", {"class": "moved"}) in (
        parser.tags)
    assert "1 insertion, 0 deletions, 1 move, 0 formatting changes." in text
    assert any(tag == "h2" for tag, _ in parser.tags) and ("title", {}) in parser.tags
    assert ("html", {"lang": "en-GB"}) in parser.tags


def test_the_page_is_self_contained_with_no_scripts() -> None:
    html = page()
    parser = Tags()
    parser.feed(html)
    names = {tag for tag, _ in parser.tags}
    assert "script" not in names and "link" not in names and "img" not in names
    assert "http://" not in html and "https://" not in html


def test_compare_writes_html_for_an_html_output(tmp_path: Path) -> None:
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    old.write_bytes(build(OLD))
    new.write_bytes(build(NEW))
    out = tmp_path / "redline.html"
    result = CliRunner().invoke(app, ["compare", str(old), str(new), "-o", str(out),
                                      "--date", "2026-03-31"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "<title>new.docx compared with old.docx</title>" in out.read_text(encoding="utf-8")


def _axe() -> Path | None:
    found = os.environ.get("POLICYKIT_AXE_JS")
    path = Path(found) if found else Path(__file__).resolve().parents[1] / (
        "node_modules/axe-core/axe.min.js")
    return path if path.is_file() else None


def test_the_page_has_no_accessibility_violations_in_a_real_browser(tmp_path: Path) -> None:
    axe = _axe()
    in_ci = os.environ.get("CI", "").strip().lower() == "true"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if axe is None or browser is None or shutil.which("chromedriver") is None:
        if in_ci:
            pytest.fail("axe-core or chromium is missing (set POLICYKIT_AXE_JS)", False)
        pytest.skip("axe-core or chromium is missing (set POLICYKIT_AXE_JS)")
    from selenium import webdriver

    target = tmp_path / "redline.html"
    target.write_text(page(), encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    try:
        driver.get(target.as_uri())
        driver.execute_script(axe.read_text(encoding="utf-8"))
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document).then(r => done(r.violations.map(v => v.id + ': ' + v.help)));")
    finally:
        driver.quit()
    assert result == []


def test_the_body_to_embed_is_the_page_without_its_frame() -> None:
    redline = compare(build(OLD), build(NEW), date=DATE)
    styles, body = redline_body(redline.docx, redline.summary)
    assert body.startswith('<section aria-labelledby="summary">') and "<h1" not in body
    assert "<html" not in body and "<style" not in body and "body {" not in styles
    assert "ins.moved" in styles and ".label" in styles
    assert body in redline.to_html("New compared with old")


def test_the_html_redline_shows_the_cover_note_once_as_its_own_summary() -> None:
    from datetime import UTC, datetime

    from test_redline_sim import build

    from policykit.redline import CoverNote, compare

    date = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
    cover = CoverNote("New compared with old", "old.docx", "new.docx", "Legal", date)
    redline = compare(build(["Keep this.", "Report within one day."]),
                      build(["Keep this.", "Report within two days."]), date=date, cover=cover)
    page = redline.to_html("New compared with old")
    # The cover's table and legend are not repeated: the page's own summary stands for them.
    assert "Compared by" not in page and "Legal" not in page
    assert page.count("How changes are shown") == 1 and page.count("Summary of changes") == 1
    assert "Report within" in page and "<del" in page and "<ins" in page
