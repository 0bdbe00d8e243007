"""Tests for policykit.publish.html: pages from the content, numbered as the Word documents."""

from __future__ import annotations

import io
import re
import shutil
import time
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import docx
import pytest
from browser import browser, describe, require_browser, run_axe
from listlabels import style_list_labels

from policykit import api
from policykit.content.folder import load
from policykit.errors import ContentError
from policykit.publish.html import render_index, render_page
from policykit.publish.pipeline import build_outputs
from policykit.publish.theme import HtmlTheme
from policykit.render.document import BrandKit

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def content():
    return load(ROOT / "content")


class Outline(HTMLParser):
    """Collect what a reader meets: headings, numbers, table header cells, text, links."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.numbers: list[str] = []
        self.th_scopes: list[str | None] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._in_number = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "span" and attrs.get("class") == "number":
            self._in_number = True
        if tag == "th":
            self.th_scopes.append(attrs.get("scope"))
        if tag == "a":
            self.hrefs.append(attrs.get("href", ""))
        if tag in ("style", "script", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if self._in_number:
            self.numbers.append(data)
            self._in_number = False
        if not self._skip and data.strip():
            self.text.append(" ".join(data.split()))


def outline(page: str) -> Outline:
    parsed = Outline()
    parsed.feed(page)
    return parsed


def word_numbers(content, doc_id: str) -> list[str]:
    data = api.build_document(content, doc_id, kit=BrandKit.default())
    return [label for label in style_list_labels(docx.Document(io.BytesIO(data))) if label]


@pytest.mark.parametrize("doc_id", ["report", "appendix-a"])
def test_numbers_are_those_of_the_word_document(content, doc_id):
    numbers = outline(render_page(content, doc_id)).numbers
    assert numbers == word_numbers(content, doc_id)
    assert len(numbers) > 5


def test_a_page_is_one_h1_headings_in_order_and_marked_top_and_bottom(content):
    for doc_id in ("report", "appendix-a", "appendix-b", "appendix-c"):
        page = render_page(content, doc_id)
        parsed = outline(page)
        assert page.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
        assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1
        assert all(b - a <= 1 for a, b in pairwise(parsed.headings))
        assert parsed.text[0] == "Skip to main content" and "main" in parsed.ids
        assert parsed.text[1] == "Classification: OFFICIAL"
        assert parsed.text[-1] == "Classification: OFFICIAL"
        assert parsed.th_scopes and all(s in ("row", "col") for s in parsed.th_scopes)
        assert "<script" not in page


def test_the_report_lists_its_appendices_from_the_pack_saying_which_are_exempt(content):
    text = " ".join(outline(render_page(content, "report")).text)
    assert ("Appendices Appendix A: Social Media Policy for Members Appendix B: Social Media "
            "Guidance for Members Appendix C: Costs of the External Social Media Training "
            "(exempt under paragraph 3 of Part 1 of Schedule 12A)") in text


def test_for_the_public_an_exempt_document_is_only_its_notice(content):
    public = render_page(content, "appendix-c", public=True)
    members = render_page(content, "appendix-c")
    assert "Costs of the External Social Media Training" in public
    assert ("Appendix C is not published. It contains exempt information under paragraph 3 of "
            "Part 1 of Schedule 12A to the Local Government Act 1972") in public
    assert "NOT FOR PUBLICATION" not in public and "as a PDF" not in public
    assert "1,450" not in public and "commercially confidential" not in public
    assert "£1,450" in members
    assert "NOT FOR PUBLICATION by virtue of paragraph 3" in members


def test_draft_pages_say_draft_at_the_top_and_bottom(content):
    page = render_page(content, "appendix-a", draft=True)
    assert page.count("<strong>DRAFT</strong>") == 2
    assert "<title>DRAFT: Appendix A: Social Media Policy for Members" in page


def test_content_is_rendered_literally_never_as_markup_or_template(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    hostile = ("\n<script>alert(1)</script> {{ 7*7 }} {% raw %} "
               "[click](javascript:alert(1)) [site](https://example.gov.uk)\n")
    path = folder / "appendix-b.md"
    path.write_text(path.read_text(encoding="utf-8") + hostile, encoding="utf-8")
    page = render_page(load(folder), "appendix-b")
    assert "<script>" not in page
    assert ("&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% raw %} "
            "[click](javascript:alert(1))") in page  # as typed, as in the Word document
    assert 'href="javascript' not in page
    assert '<a href="https://example.gov.uk">site</a>' in page


def test_exempt_paragraph_must_be_in_part_1(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    path = folder / "appendix-c.md"
    path.write_text(path.read_text(encoding="utf-8").replace("paragraph: 3", "paragraph: 8"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load(folder)
    assert str(caught.value) == (
        f"{path}, line 9, field exempt.paragraph: there is no paragraph 8 in Part 1 of "
        "Schedule 12A; use a paragraph from 1 to 7")


def test_the_index_lists_the_documents_and_the_agenda_pack(content):
    parsed = outline(render_index(content, members=True))
    assert parsed.headings[0] == 1
    assert parsed.hrefs[1:] == ["index.html", "report.html", "report.pdf", "appendix-a.html",
                                "appendix-a.pdf", "appendix-b.html", "appendix-b.pdf",
                                "appendix-c.html", "appendix-c.pdf", "agenda-pack.pdf"]


def test_a_council_restyles_the_pages_with_templates_beside_the_content(tmp_path, content):
    theme_dir = tmp_path / "templates" / "html"
    shutil.copytree(ROOT / "templates" / "html", theme_dir)
    (theme_dir / "style.css").write_text("body { color: #123456; }", encoding="utf-8")
    theme = HtmlTheme.beside(tmp_path / "content")
    assert theme.source == str(theme_dir)
    assert "body { color: #123456; }" in render_page(content, "report", theme=theme)


def test_html_for_the_whole_pack_takes_under_a_second(content):
    started = time.perf_counter()
    files, _, starts = build_outputs(content, BrandKit.default(), HtmlTheme.default(),
                                     commit=None, draft=True, pdf=False)
    assert time.perf_counter() - started < 1.0
    assert starts == 0
    assert sorted(n for n in files if n.startswith("public/")) == [
        "public/appendix-a.html", "public/appendix-b.html", "public/appendix-c.html",
        "public/index.html", "public/logo.png", "public/report.html", "public/style.css"]


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_wcag_22_aa_violation_in_the_previews(tmp_path, content, width):
    require_browser()
    for doc_id in ("report", "appendix-a", "appendix-b", "appendix-c"):
        (tmp_path / f"{doc_id}.html").write_text(render_page(content, doc_id), encoding="utf-8")
    with browser(width=width) as driver:
        for doc_id in ("report", "appendix-a", "appendix-b", "appendix-c"):
            violations = run_axe(driver, (tmp_path / f"{doc_id}.html").as_uri())
            assert violations == [], f"{doc_id} at {width}px:\n{describe(violations)}"
            scroll = driver.execute_script(
                "return document.documentElement.scrollWidth")
            assert scroll <= max(width, 500), f"{doc_id} scrolls sideways at {width}px"
