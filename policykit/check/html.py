"""Check an HTML page: language, title, headings, images, tables, links and landmarks."""

from __future__ import annotations

import lxml.html
from lxml import etree

from policykit.check.docx import BARE_URL, VAGUE_LINKS
from policykit.check.model import CheckSettings, FileReport, Finding
from policykit.check.plain import TextBlock, plain_findings, snippet
from policykit.errors import InputError

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_LANDMARKS = ("main", "nav", "header", "footer", "aside")


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, huge_tree=False,
                                remove_pis=True)


def _text(element: etree._Element) -> str:
    parts = [element.text_content()]
    parts += [img.get("alt", "") for img in element.iter("img")]
    return " ".join(" ".join(parts).split())


def _at(rule: str, message: str, element: etree._Element, heading: str | None,
        text: str | None = None) -> Finding:
    words = text if text is not None else _text(element)
    return Finding(rule, message, line=element.sourceline, heading=heading,
                   text=snippet(words) if words else None)


def check_head(root: etree._Element, settings: CheckSettings) -> list[Finding]:
    """Check the page's language and title, and that it has landmarks and one h1."""
    found = []
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not lang:
        found.append(Finding("missing-language", "<html> has no lang attribute", line=1))
    elif settings.language and lang.lower() != settings.language.lower():
        found.append(Finding("wrong-language", f"lang is {lang}, the content says "
                             f"{settings.language}", line=root.sourceline))
    title = root.find(".//title")
    if title is None or not title.text_content().strip():
        found.append(Finding("missing-title", "the page has no <title>", line=1))
    h1s = list(root.iter("h1"))
    if len(h1s) != 1:
        found.append(Finding("one-h1", f"the page has {len(h1s)} <h1> elements", line=1))
    roles = {el.get("role") for el in root.iter() if isinstance(el.tag, str) and el.get("role")}
    if not any(next(root.iter(tag), None) is not None for tag in _LANDMARKS) and not (
            roles & {"main", "navigation", "banner", "contentinfo"}):
        found.append(Finding("missing-landmarks", "no <main>, <header>, <nav> or <footer>",
                             line=1))
    return found


def check_body(root: etree._Element) -> tuple[list[Finding], list[TextBlock]]:
    """Check headings, images, tables and links in document order; collect the text."""
    found: list[Finding] = []
    blocks: list[TextBlock] = []
    heading: str | None = None
    previous: int | None = None
    for element in root.iter(*_HEADINGS, "img", "table", "a", "p", "li"):
        tag = element.tag
        if tag in _HEADINGS:
            level, text = int(tag[1]), _text(element)
            if not text:
                found.append(_at("empty-heading", f"<{tag}> with no text", element, heading))
                continue
            if previous is None and level != 1:
                found.append(_at("first-heading-not-level-1", f"the first heading is <{tag}>",
                                 element, heading))
            elif previous is not None and level > previous + 1:
                found.append(_at("skipped-heading-level", f"<{tag}> follows <h{previous}>",
                                 element, heading))
            previous, heading = level, text
        elif tag == "img" and element.get("alt") is None and element.get("role") not in (
                "presentation", "none"):
            found.append(_at("missing-alt-text", f"<img src={element.get('src', '')[:30]!r}> "
                             "has no alt attribute", element, heading, ""))
        elif tag == "table":
            found.extend(_table(element, heading))
        elif tag == "a" and element.get("href") is not None:
            text = _text(element) or element.get("aria-label", "")
            if not text or BARE_URL.match(text) or text.lower().strip(".:!") in VAGUE_LINKS:
                found.append(_at("unclear-link-text", f"the link text {text[:40]!r} does not "
                                 "say where it goes", element, heading, text))
        elif tag in ("p", "li") and (text := _text(element)):
            blocks.append(TextBlock(text, line=element.sourceline, heading=heading))
    return found, blocks


def _table(table: etree._Element, heading: str | None) -> list[Finding]:
    if table.get("role") in ("presentation", "none"):
        return []
    rows = [r for r in table.iter("tr")]
    width = max((len(r.findall("td")) + len(r.findall("th")) for r in rows), default=0)
    if len(rows) < 2 or width < 2:
        return []
    headers = list(table.iter("th"))
    if not headers:
        return [_at("missing-table-header", "the table has no <th> cells", table, heading)]
    empty = [th for th in headers if not _text(th) and not th.get("aria-label")]
    if empty:
        return [_at("empty-table-header", f"{len(empty)} empty <th> cell(s)", table, heading)]
    return []


def check_html(data: bytes, settings: CheckSettings, path: str) -> FileReport:
    """Return the findings for one HTML page."""
    try:
        root = lxml.html.document_fromstring(data, parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: is not a readable HTML page ({exc})") from None
    found = check_head(root, settings)
    body, blocks = check_body(root)
    plain, age = plain_findings(blocks, settings)
    found = [f for f in found + body + plain if settings.wants(f.rule)]
    found.sort(key=lambda f: f.line or 0)
    return FileReport(path=path, kind="html", findings=found, reading_age=age)


__all__ = ["check_body", "check_head", "check_html"]
