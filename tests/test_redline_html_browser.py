"""Test the sample pair's HTML redline in a real chromium: axe, marks, print, screenshots.

The page is opened at 1280 and 320 px wide and checked with axe-core (0 violations);
inserted text must not look like a link and every mark must say what it is in words;
printed with chromium's own print-to-PDF, every page carries the classification marking
at its top and bottom. Screenshots of the screen page and PNGs of the printed pages are
kept in the tests' artefact folder (``POLICYKIT_ARTEFACTS`` or pytest's temporary folder)
for a person to look at.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import browser, describe, require_browser, run_axe
from test_redline_html_sample import compare, pair  # noqa: F401  (the fixture)


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("POLICYKIT_ARTEFACTS")
    folder = (Path(configured) if configured else tmp_path_factory.getbasetemp() / "artefacts"
              ) / "redline-html"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def page_file(pair: tuple[Path, Path]) -> Path:  # noqa: F811
    out = pair[0].parent / "redline.html"
    result = compare(pair, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("width", [1280, 320])
def test_the_sample_redline_has_no_accessibility_violations(page_file: Path, artefacts: Path,
                                                            width: int) -> None:
    require_browser()
    with browser(width=width) as driver:
        # A window is never narrower than ~500 px: emulate the width (WCAG 1.4.10 reflow).
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        violations = run_axe(driver, page_file.as_uri())
        inner, scrolled, client = driver.execute_script(
            "const e = document.documentElement;"
            "return [innerWidth, e.scrollWidth, e.clientWidth];")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": min(height, 16000), "deviceScaleFactor": 1,
            "mobile": False})
        driver.save_screenshot(str(artefacts / f"redline-{width}px.png"))
    assert violations == [], describe(violations)
    assert inner == width
    assert scrolled <= client, f"the page scrolls sideways at {width} px: {scrolled} > {client}"


def test_marks_are_not_links_and_say_what_they_are(page_file: Path) -> None:
    require_browser()
    with browser() as driver:
        driver.get(page_file.as_uri())
        looks = driver.execute_script("""
            const ins = document.querySelector('section[aria-labelledby=text] ins:not(.moved)');
            const del = document.querySelector('section[aria-labelledby=text] del');
            const s = getComputedStyle(ins), d = getComputedStyle(del);
            return {insLine: s.textDecorationLine, insBorder: parseFloat(s.borderBottomWidth),
                    insBack: s.backgroundColor, insColour: s.color,
                    bodyColour: getComputedStyle(document.body).color,
                    delLine: d.textDecorationLine, delBack: d.backgroundColor,
                    labelWidth: ins.querySelector('.label').getBoundingClientRect().width,
                    insAll: ins.textContent,
                    links: [...document.querySelectorAll('ins a, ins[href]')].length};""")
    assert looks["insLine"] == "none" and looks["insBorder"] >= 2
    assert looks["insBack"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert looks["insColour"] == looks["bodyColour"]  # not blue like a link
    assert looks["delLine"] == "line-through" and looks["delBack"] != "rgba(0, 0, 0, 0)"
    assert looks["insAll"].startswith("[inserted: ") and looks["insAll"].endswith("]")
    assert looks["labelWidth"] <= 1  # the words are for screen readers, not drawn
    assert looks["links"] == 0


def _pages(pdf: Path) -> list[str]:
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True)
    return [p for p in result.stdout.split("\f") if p.strip()]


def test_every_printed_page_carries_the_marking_top_and_bottom(page_file: Path,
                                                               artefacts: Path) -> None:
    require_browser()
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed")
    pdf = artefacts / "redline-printed.pdf"
    with browser() as driver:
        driver.get(page_file.as_uri())
        printed = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True,
                                                             "preferCSSPageSize": True})
    pdf.write_bytes(base64.b64decode(printed["data"]))
    pages = _pages(pdf)
    assert len(pages) >= 5
    for number, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[0] == "Classification: OFFICIAL", f"page {number} top: {lines[0]!r}"
        assert "Classification: OFFICIAL" in lines[-1] or "Classification: OFFICIAL" in (
            lines[-2]), f"page {number} foot: {lines[-2:]!r}"
        assert f"Page {number} of {len(pages)}" in " ".join(lines[-2:])
    printed_text = " ".join(pages)
    assert "[inserted: " in printed_text and "[old number: 6.] 5. Principles" in " ".join(
        printed_text.split())
    for stale in artefacts.glob("printed-page-*.png"):
        stale.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(artefacts / "printed-page")],
                   check=True)
    assert len(list(artefacts.glob("printed-page-*.png"))) == len(pages)
