"""Write HTML fixtures: the pages `policykit publish` writes, edited to break each rule.

Called by make_fixtures.py; adds its pages to EXPECTED.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import lxml.html
from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
BASES = ("report", "appendix-a", "appendix-b")


def base_page(doc_id: str) -> etree._Element:
    """Return the page ``policykit publish`` writes for a document, link texts made clear."""
    sys.path.insert(0, str(ROOT))
    from policykit import api
    from policykit.content import load

    root = lxml.html.document_fromstring(api.preview_html(load(ROOT / "content"), doc_id))
    for link in root.iter("a"):
        if link.text_content().startswith(("http", "www")):
            link.text = "the council's website"
    return root


def after_h1(root: etree._Element, fragment: str) -> None:
    h1 = next(root.iter("h1"))
    for element in reversed(lxml.html.fragments_fromstring(fragment)):
        h1.addnext(element)


def first(root: etree._Element, tag: str) -> etree._Element:
    return next(root.iter(tag))


def _drop_lang(root: etree._Element) -> None:
    del root.attrib["lang"]


def _empty_title(root: etree._Element) -> None:
    first(root, "title").text = ""


def _landmarks(root: etree._Element) -> None:
    for element in root.iter("header", "main", "footer", "nav", "aside"):
        element.tag = "div"
    for element in root.iter():
        if isinstance(element.tag, str):
            element.attrib.pop("role", None)


TABLE = ("<table><tr><td>Council</td><td>Account</td></tr>"
         "<tr><td>Chiltern</td><td>@ChilternDC</td></tr></table>")
EMPTY_TH = ("<table><tr><th>Council</th><th></th></tr>"
            "<tr><td>Chiltern</td><td>@ChilternDC</td></tr></table>")
Edit = Callable[[etree._Element], None]
SEEDS: dict[str, list[tuple[Edit, int]]] = {
    "missing-language": [(_drop_lang, 1)] * 3,
    "missing-title": [(_empty_title, 1), (lambda r: first(r, "title").drop_tree(), 1),
                      (lambda r: setattr(first(r, "title"), "text", "  "), 1)],
    "one-h1": [(lambda r: after_h1(r, "<h1>Second title</h1>"), 1),
               (lambda r: setattr(first(r, "h1"), "tag", "p"), 1),
               (lambda r: after_h1(r, "<h1>Again</h1><h1>And again</h1>"), 1)],
    "skipped-heading-level": [(lambda r: after_h1(r, "<h3>Key dates</h3>"), 1),
                              (lambda r: after_h1(r, "<h4>Key dates</h4>"), 1),
                              (lambda r: after_h1(r, "<h2>A</h2><h4>B</h4><h6>C</h6>"), 2)],
    "empty-heading": [(lambda r: after_h1(r, "<h2></h2>"), 1),
                      (lambda r: after_h1(r, "<h2> </h2><h3></h3>"), 2),
                      (lambda r: after_h1(r, "<h2><span></span></h2>"), 1)],
    "first-heading-not-level-1": [
        (lambda r: first(r, "h1").addprevious(lxml.html.fragment_fromstring("<h2>Menu</h2>")),
         1)] * 3,
    "missing-alt-text": [(lambda r: after_h1(r, '<p><img src="logo.png"></p>'), 1),
                         (lambda r: after_h1(r, '<p><img src="a.png"><img src="b.png"></p>'),
                          2),
                         (lambda r: after_h1(r, '<p><a href="/"><img src="home.png"></a></p>'),
                          1)],
    "missing-table-header": [(lambda r: after_h1(r, TABLE), 1)] * 2 + [
        (lambda r: after_h1(r, TABLE + TABLE), 2)],
    "empty-table-header": [(lambda r: after_h1(r, EMPTY_TH), 1)] * 3,
    "unclear-link-text": [(lambda r: after_h1(r, '<p><a href="/a">click here</a></p>'), 1),
                          (lambda r: after_h1(r, '<p><a href="/b">https://www.chiltern.gov.uk'
                                                 '</a> and <a href="/c">more</a></p>'), 2),
                          (lambda r: after_h1(r, '<p><a href="/d"><img src="x.png" alt="">'
                                                 '</a></p>'), 1)],
    "missing-landmarks": [(_landmarks, 1)] * 3,
}


def html_fixtures(expected: dict[str, dict[str, int]]) -> None:
    """Write a clean page and three broken pages per HTML rule."""
    for old in HERE.glob("*.html"):
        old.unlink()
    clean = {rule: 0 for rule in SEEDS}
    for doc_id in BASES:
        name = f"html-clean--{doc_id}.html"
        (HERE / name).write_bytes(lxml.html.tostring(base_page(doc_id), doctype="<!DOCTYPE html>"))
        expected[name] = dict(clean)
    for rule, seeds in SEEDS.items():
        for doc_id, (edit, count) in zip(BASES, seeds, strict=True):
            root = base_page(doc_id)
            edit(root)
            name = f"html-{rule}--{doc_id}.html"
            (HERE / name).write_bytes(lxml.html.tostring(root, doctype="<!DOCTYPE html>"))
            expected[name] = {rule: count}
