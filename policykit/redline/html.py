"""Write a redline as one self-contained, accessible HTML page, for readers without Word.

The page reads like the document: its own paragraph numbers (NEW's number; where it
changed, OLD's number struck before it), headings, bullet and numbered lists, bold and
italic, tables with their changes marked cell by cell (a row or table inserted, deleted
or moved whole is labelled once). Insertions are ``<ins>`` and deletions ``<del>`` with a
background and a thick underline or a strike, never colour alone and never styled as a
link, each labelled in words for screen readers and print (:mod:`.htmltext`). Moved text
is labelled both ways ("moved to 9.2", "moved from 6.4"), each a link to the other.

The page starts with the facts of the comparison (the documents' titles, versions and
dates, who compared them, when), an outline of NEW's headings and the change summary; the
classification marking is at the top and bottom of the screen page and of every printed
page. No scripts, no external files: the styles are inline in the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from policykit.redline.align import cells, rows
from policykit.redline.cover import is_cover
from policykit.redline.facts import ComparisonFacts, custom_properties, long_moment
from policykit.redline.htmlstyle import MARK_STYLE, PRINT_STYLE, STYLE, print_marking
from policykit.redline.htmltable import moved_rows, same_table
from policykit.redline.htmltext import inline, pieces, plain_text
from policykit.redline.labels import Label, in_view, mark_of, redline_labels
from policykit.redline.package import Package
from policykit.redline.summary import KINDS, NOUNS, ChangeSummary, counted
from policykit.word.inputs import read_docx
from policykit.word.oxml import (
    W_BODY,
    W_DEL,
    W_ID,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_NAME,
    W_NUMPR,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_SDT,
    W_SDTCONTENT,
    W_TBL,
    W_TR,
    W_TRPR,
    W_VAL,
    qn,
)

RANGES = {qn("w:moveFromRangeStart"): "from", qn("w:moveToRangeStart"): "to"}
RANGE_ENDS = {qn("w:moveFromRangeEnd"): "from", qn("w:moveToRangeEnd"): "to"}
W_TBLHEADER = qn("w:tblHeader")
GONE = (W_DEL, W_MOVEFROM)


@dataclass
class _Page:
    """What the writer knows about the redline: labels both ways, moves, ids, headings."""

    new: dict[etree._Element, Label]
    old: dict[etree._Element, Label]
    headings: frozenset[str]
    ids: dict[etree._Element, str] = field(default_factory=dict)
    partner: dict[etree._Element, etree._Element] = field(default_factory=dict)
    last_level: int = 2
    outline: list[tuple[int, str, str]] = field(default_factory=list)

    def heading_level(self, paragraph: etree._Element) -> int:
        """Return the heading level (2-6) of ``paragraph``, never more than one deeper."""
        style = paragraph.find(f"{W_PPR}/{W_PSTYLE}")
        name = style.get(W_VAL, "") if style is not None else ""
        if name not in self.headings or name.lower() == "title":
            return 0
        digits = "".join(c for c in name if c.isdigit())
        level = min(int(digits) + 1, 6) if digits else 2
        level = max(2, min(level, self.last_level + 1))
        self.last_level = level
        return level

    def nearest_label(self, paragraph: etree._Element, labels: dict) -> str:
        """Return the number of ``paragraph``, else of the numbered paragraph before it."""
        found = ""
        for candidate, label in labels.items():
            if not label.bullet:
                found = label.text
            if candidate is paragraph:
                return found
        return found


def _moves(body: etree._Element) -> dict[etree._Element, etree._Element]:
    """Pair each moved paragraph with its counterpart at the other place (by move name)."""
    sides: dict[tuple[str, str], list[etree._Element]] = {}
    open_: dict[str, str | None] = {"from": None, "to": None}
    ends: dict[str, str] = {}
    for node in body.iter():
        if node.tag == W_P:
            mark = mark_of(node)
            side = "from" if mark == W_MOVEFROM or node.find(f".//{W_MOVEFROM}") is not None \
                else "to" if mark == W_MOVETO or node.find(f".//{W_MOVETO}") is not None else None
            start = next((n for n in node.iter(*RANGES) if RANGES[n.tag] == side), None)
            name = start.get(W_NAME) if start is not None else open_.get(side or "")
            if side and name:
                sides.setdefault((side, name), []).append(node)
        elif node.tag in RANGES:
            open_[RANGES[node.tag]] = node.get(W_NAME)
            ends[node.get(W_ID, "")] = RANGES[node.tag]
        elif node.tag in RANGE_ENDS and ends.get(node.get(W_ID, "")) == RANGE_ENDS[node.tag]:
            open_[RANGE_ENDS[node.tag]] = None
    partner: dict[etree._Element, etree._Element] = {}
    for (side, name), froms in sides.items():
        if side != "from" or not sides.get(("to", name)):
            continue
        tos = sides[("to", name)]
        for i, paragraph in enumerate(froms):
            partner[paragraph] = tos[min(i, len(tos) - 1)]
        for i, paragraph in enumerate(tos):
            partner[paragraph] = froms[min(i, len(froms) - 1)]
    return partner


def _number(page: _Page, paragraph: etree._Element) -> str:
    new, old = page.new.get(paragraph), page.old.get(paragraph)
    if new is not None and new.bullet or old is not None and old.bullet and new is None:
        return ""
    if paragraph in page.partner:  # a move says where it came from or went
        old = None if mark_of(paragraph) in (W_MOVETO, W_INS) else old
    number = ""
    if old is not None and old.text and (new is None or new.text != old.text):
        number = ('<del class="number"><span class="label">[old number: </span>'
                  f'{html.escape(old.text)}<span class="label">]</span></del>')
    if new is not None and new.text:
        number += (" " if number else "") + html.escape(new.text)
    return f'<span class="num">{number}</span> ' if number else ""


def _move_note(page: _Page, paragraph: etree._Element) -> str:
    other = page.partner.get(paragraph)
    if other is None:
        return ""
    away = mark_of(paragraph) in GONE or paragraph.find(f".//{W_MOVEFROM}") is not None
    labels = page.new if away else page.old
    label = page.nearest_label(other, labels)
    own = labels.get(other)
    where = label if own is not None and not own.bullet else (
        f"the list after {label}" if label else "")
    words = f"moved to {where}" if away else f"moved from {where}"
    words = words if where else ("moved to its new place" if away else "moved from its old place")
    target = page.ids.setdefault(other, f"p{len(page.ids) + 1}")
    return f' <a class="move" href="#{target}">({html.escape(words)})</a>'


def _is_list_item(page: _Page, paragraph: etree._Element) -> Label | None:
    label = page.new.get(paragraph) or page.old.get(paragraph)
    if label is None:
        return None
    direct = paragraph.find(f"{W_PPR}/{W_NUMPR}") is not None
    return label if label.bullet or direct else None


def _paragraph(page: _Page, paragraph: etree._Element, tag: str = "p") -> str:
    text = inline(paragraph)
    if not "".join(p.text for p in pieces(paragraph)).strip():
        return ""
    ident = page.ids.setdefault(paragraph, f"p{len(page.ids) + 1}")
    content = _number(page, paragraph) + text + _move_note(page, paragraph)
    level = page.heading_level(paragraph) if tag == "p" else 0
    if level and not in_view(paragraph, old=False):  # a heading NEW no longer has
        return f'<p id="{ident}" class="gone-heading level{level}">{content}</p>'
    if level:
        label = page.new.get(paragraph)
        words = f"{label.text} {plain_text(paragraph)}" if label and label.text else (
            plain_text(paragraph))
        page.outline.append((level, ident, words.strip()))
        tag = f"h{level}"
    return f'<{tag} id="{ident}">{content}</{tag}>'


def _list(page: _Page, items: list[tuple[etree._Element, Label]]) -> Iterator[str]:
    stack: list[tuple[str, int]] = []
    for paragraph, label in items:
        tag = "ul" if label.bullet else "ol"
        while stack and (stack[-1][1] > label.level or stack[-1][1] == label.level
                         and stack[-1][0] != tag):
            yield f"</li></{stack.pop()[0]}>"
        if stack and stack[-1][1] == label.level:
            yield "</li>"
        else:
            stack.append((tag, label.level))
            yield f"<{tag}>" if tag == "ul" else '<ol class="numbered">'
        yield "<li>" + _paragraph(page, paragraph, "div")
    while stack:
        yield f"</li></{stack.pop()[0]}>"


def _table_marks(table: etree._Element) -> tuple[list[set], str | None]:
    """Return the marks of each row's text, and the one mark of the whole table (or None)."""
    marks = [{p.mark for c in cells(r) for q in c.iter(W_P) for p in pieces(q)
              if p.text.strip()} for r in rows(table)]
    whole = set().union(*marks) if marks else set()
    return marks, next(iter(whole)) if len(whole) == 1 and None not in whole else None


def _table_moves(body: etree._Element) -> dict[etree._Element, etree._Element]:
    """Pair each table deleted whole with a table inserted whole like it (a moved table)."""
    found: dict[str, list[etree._Element]] = {"del": [], "ins": []}
    for table in body.iter(W_TBL):
        kind = _table_marks(table)[1]
        if kind in found:
            found[kind].append(table)
    pairs: dict[etree._Element, etree._Element] = {}
    for gone in found["del"]:
        came = next((t for t in found["ins"] if t not in pairs and same_table(gone, t)), None)
        if came is not None:
            pairs[gone], pairs[came] = came, gone
    return pairs


def _before(table: etree._Element, labels: dict[etree._Element, Label], page: _Page) -> str:
    previous = table.getprevious()
    while previous is not None and (previous.tag != W_P or previous not in labels):
        previous = previous.getprevious()
    label = page.nearest_label(previous, labels) if previous is not None else ""
    return f" after {label}" if label else ""


def _caption(page: _Page, table: etree._Element, kind: str) -> str:
    words = {"ins": "Table inserted", "del": "Table deleted", "moveTo": "Table moved here",
             "moveFrom": "Table moved from here"}[kind]
    other = page.partner.get(table)
    if other is not None:
        target = page.ids.setdefault(other, f"p{len(page.ids) + 1}")
        where = (f"Table moved to its place{_before(other, page.new, page)}, where its "
                 "changes are marked" if kind == "del" else
                 f"Table moved here from its place{_before(other, page.old, page)}, its "
                 "changes marked row by row")
        words = f'<a class="move" href="#{target}">{html.escape(where)}</a>'
    return f'<caption class="{kind}">{words}</caption>'


def _table(page: _Page, table: etree._Element) -> Iterator[str]:
    marks, kind = _table_marks(table)
    words = {"ins": "Table inserted", "del": "Table deleted", "moveTo": "Table moved here",
             "moveFrom": "Table moved from here"}
    ident = page.ids.setdefault(table, f"p{len(page.ids) + 1}")
    yield f'<table id="{ident}">'
    if kind:
        yield _caption(page, table, kind)
    if kind == "ins" and table in page.partner:
        header = [r.find(f"{W_TRPR}/{W_TBLHEADER}") is not None for r in rows(table)]
        yield from moved_rows(page.partner[table], table, header)
        yield "</table>"
        return
    for row, row_marks in zip(rows(table), marks, strict=True):
        header = row.find(f"{W_TRPR}/{W_TBLHEADER}") is not None
        cell = "th" if header else "td"
        scope = ' scope="col"' if header else ""
        row_kind = next(iter(row_marks)) if len(row_marks) == 1 and None not in row_marks \
            else None
        label = ("" if kind or not row_kind else
                 f'<span class="label">[row {words[row_kind].split(" ", 1)[1]}] </span>')
        out = []
        for i, c in enumerate(cells(row)):
            inner = "".join(_cell_blocks(page, c, labelled=not (kind or row_kind)))
            out.append(f"<{cell}{scope}>{label if i == 0 else ''}{inner}</{cell}>")
        yield (f'<tr class="{row_kind}">' if row_kind and not kind else "<tr>") + "".join(
            out) + "</tr>"
    yield "</table>"


def _cell_blocks(page: _Page, cell: etree._Element, labelled: bool) -> Iterator[str]:
    for paragraph in cell.iter(W_P):
        if not labelled:
            text = inline(paragraph, labelled=False)
            if text.strip():
                yield f"<p>{_number(page, paragraph)}{text}</p>"
        else:
            yield _paragraph(page, paragraph, "div")


def _blocks(page: _Page, container: etree._Element) -> Iterator[str]:
    items: list[tuple[etree._Element, Label]] = []
    for child in container:
        label = _is_list_item(page, child) if child.tag == W_P else None
        if label is not None:
            items.append((child, label))
            continue
        if items:
            yield from _list(page, items)
            items = []
        if child.tag == W_P:
            yield _paragraph(page, child)
        elif child.tag == W_TBL:
            yield from _table(page, child)
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None and not is_cover(child):  # the page's facts stand for it
                yield from _blocks(page, content)
        elif child.tag == W_TR:  # a row outside any table: show its cells as paragraphs
            for cell in cells(child):
                yield from _blocks(page, cell)
    if items:
        yield from _list(page, items)


def _summary(summary: ChangeSummary) -> str:
    counts = summary.counts
    lines = [
        '<section aria-labelledby="summary"><h2 id="summary">Summary of changes</h2>',
        "<p>" + html.escape(", ".join(counted(counts[k], NOUNS[k]) for k in KINDS)) + ".</p>",
        "<p>How changes are shown: <ins>inserted text</ins> has a green background and a "
        "thick underline; <del>deleted text</del> has a pink background and is struck "
        "through; <ins class=\"moved\">moved text</ins> has a blue background, with a link "
        "between where it was and where it now is; where a paragraph's number changed, "
        "the old number is struck through before the new one; <span class=\"formatted\">"
        "text whose formatting changed</span> has a dotted underline. Screen readers and print "
        "also say each change in words.</p>",
    ]
    rows_ = summary.to_rows()
    lines.append("<table><thead><tr>" + "".join(
        f'<th scope="col">{html.escape(c)}</th>' for c in rows_[0]) + "</tr></thead><tbody>")
    for row in rows_[1:]:
        lines.append(f'<tr><th scope="row">{html.escape(row[0])}</th>' + "".join(
            f"<td>{html.escape(c)}</td>" for c in row[1:]) + "</tr>")
    lines.append("</tbody></table></section>")
    return "\n".join(lines)


def _facts(facts: ComparisonFacts) -> str:
    rows_ = (("Original (old)", facts.old.line()), ("Revised (new)", facts.new.line()),
             ("Compared by", facts.made_by), ("Compared on", long_moment(facts.made_on)))
    return ('<section aria-labelledby="about"><h2 id="about">About this comparison</h2><dl>'
            + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows_)
            + "</dl></section>")


def _outline(page: _Page) -> str:
    if not page.outline:
        return ""
    items = "".join(f'<li class="level{level}"><a href="#{ident}">{html.escape(words)}</a></li>'
                    for level, ident, words in page.outline)
    return ('<nav aria-labelledby="outline"><h2 id="outline">Contents of the revised '
            f'document</h2><ul>{items}</ul></nav>')


def _marking(classification: str, where: str) -> str:
    if not classification:
        return ""
    return (f'<p class="marking marking-{where}">Classification: '
            f"{html.escape(classification)}</p>")


def _classification(package: Package) -> str:
    return custom_properties(package.members, "redline.docx").get("Classification", "")


def _bookmark_words(text: str) -> str:
    text = re.sub(r"\[\s*(old\s*number|deleted)\s*:[^\]]*\]|\(\s*moved\s*(to|from)[^)]*\)", "",
                  text)
    text = re.sub(r"\[\s*(inserted|moved\s*here)\s*:\s*([^\]]*)\]", r"\2", text)
    return " ".join(text.split())


def bookmarks(page: str) -> Callable[[str], str]:
    """Return a function giving a printed heading of ``page`` its bookmark title.

    The title is NEW's number and words, without marks or old numbers, spaced as on the
    page (a heading broken over lines loses spaces in a PDF's bookmarks).
    """
    root = lxml.html.fromstring(page)
    known = {}
    for heading in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        words = _bookmark_words(heading.text_content())
        known["".join(words.split())] = words

    def title(text: str) -> str:
        words = _bookmark_words(text)
        return known.get("".join(words.split()), words)

    return title


def _content(docx: bytes, summary: ChangeSummary, facts: ComparisonFacts | None
             ) -> tuple[str, str]:
    """Return (classification marking, the body between the two markings)."""
    package = Package(read_docx(docx, "redline.docx"))
    body = package.xml(package.main).find(W_BODY)
    new, old = redline_labels(package, body)
    page = _Page(new, old, package.heading_styles())
    page.partner = {**_moves(body), **_table_moves(body)}
    text = [block for block in _blocks(page, body) if block]
    marking = facts.classification if facts is not None else _classification(package)
    parts = [
        _facts(facts) if facts is not None else "",
        _summary(summary),
        _outline(page),
        '<section aria-labelledby="text"><h2 id="text">The document with its changes</h2>',
        *text,
        "</section>",
    ]
    return marking, "\n".join(p for p in parts if p)


def redline_body(docx: bytes, summary: ChangeSummary, facts: ComparisonFacts | None = None
                 ) -> tuple[str, str]:
    """Return (styles, body) of the redline ``docx`` to place inside another page.

    The body is the facts of the comparison (when given), the change summary, an outline
    of NEW's headings and the marked text, each a ``section`` or ``nav`` with an ``h2``
    (Heading 1 is ``h2``: the page around it gives the one ``h1``), between two lines of
    classification marking; the styles cover the marks and their labels only, so the page
    keeps its own look.
    """
    marking, content = _content(docx, summary, facts)
    parts = [_marking(marking, "top"), content, _marking(marking, "bottom")]
    return MARK_STYLE + PRINT_STYLE, "\n".join(p for p in parts if p)


def redline_html(docx: bytes, summary: ChangeSummary, *, title: str, lang: str = "en-GB",
                 facts: ComparisonFacts | None = None) -> str:
    """Return the redline ``docx`` as a self-contained HTML page titled ``title``.

    With ``facts``, the page is titled by the documents' own titles and versions and
    starts with the facts of the comparison. Paragraphs in heading styles become
    headings (Heading 1 is ``h2``: the page title is the one ``h1``). The classification
    marking is the page's first and last line (its header and footer).
    """
    marking, content = _content(docx, summary, facts)
    title = facts.title if facts is not None else title
    top, bottom = _marking(marking, "top"), _marking(marking, "bottom")
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        f"<style>{STYLE}{print_marking(marking)}</style>",
        "</head><body>",
        f"<header>{top}</header>" if top else "",
        f"<main><h1>{html.escape(title)}</h1>",
        content + "</main>",
        f"<footer>{bottom}</footer>" if bottom else "",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"
