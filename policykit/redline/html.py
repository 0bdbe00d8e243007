"""Write a redline as one self-contained, accessible HTML page, for readers without Word.

Insertions are ``<ins>`` and deletions ``<del>``, each with a text label read out by
screen readers and shown in print ("inserted:", "deleted:"), not colour alone; moved text
is ``<del class="moved">``/``<ins class="moved">`` labelled "moved from here:" and "moved
here:". The change summary (counts by heading) comes first. No scripts, no external
files: the styles are inline in the page.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from lxml import etree

from policykit.redline.align import cells, rows
from policykit.redline.cover import is_cover
from policykit.redline.package import Package
from policykit.redline.summary import KINDS, NOUNS, ChangeSummary, counted
from policykit.word.inputs import read_docx
from policykit.word.oxml import (
    W_BODY,
    W_BR,
    W_DEL,
    W_DELTEXT,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_SDT,
    W_SDTCONTENT,
    W_T,
    W_TAB,
    W_TBL,
    W_TR,
    W_VAL,
)

MARKS = {
    W_INS: ("ins", "", "inserted: "),
    W_DEL: ("del", "", "deleted: "),
    W_MOVETO: ("ins", "moved", "moved here: "),
    W_MOVEFROM: ("del", "moved", "moved from here: "),
}
PAGE_STYLE = """
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.5; max-width: 50em;
       margin: 2em auto; padding: 0 1em; color: #1a1a1a; }
"""
MARK_STYLE = """ins { text-decoration: underline; text-decoration-thickness: 2px; color: #00509e;
      background: #eef5ff; }
del { text-decoration: line-through; color: #a4000f; background: #fff0f0; }
ins.moved { text-decoration: underline double; color: #0b6e22; background: #effaf1; }
del.moved { text-decoration: line-through double; color: #0b6e22; background: #effaf1; }
.label { position: absolute; width: 1px; height: 1px; overflow: hidden;
         clip: rect(0 0 0 0); white-space: nowrap; }
"""
TABLE_STYLE = """table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #666; padding: 0.2em 0.5em; text-align: left;
         vertical-align: top; }
"""
PRINT_STYLE = """@media print { .label { position: static; width: auto; height: auto; clip: auto;
               font-size: 0.75em; } }
"""
STYLE = PAGE_STYLE + MARK_STYLE + TABLE_STYLE + PRINT_STYLE


def _mark_of(node: etree._Element, stop: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in MARKS:
            return parent
        parent = parent.getparent()
    return None


def _pieces(paragraph: etree._Element) -> Iterator[tuple[str | None, str]]:
    """Yield (mark tag or None, text) for the text of a paragraph, in order."""
    for node in paragraph.iter(W_T, W_DELTEXT, W_TAB, W_BR):
        if node.getparent() is not None and node.getparent().tag == W_PPR:
            continue
        mark = _mark_of(node, paragraph)
        if node.tag in (W_T, W_DELTEXT):
            text = node.text or ""
        else:
            text = "\t" if node.tag == W_TAB else "\n"
        yield (mark.tag if mark is not None else None), text


def _inline(paragraph: etree._Element) -> str:
    out: list[str] = []
    current: str | None = None
    buffer: list[str] = []

    def flush() -> None:
        if not buffer:
            return
        text = html.escape("".join(buffer)).replace("\n", "<br>")
        if current is None:
            out.append(text)
        else:
            element, css, label = MARKS[current]
            klass = f' class="{css}"' if css else ""
            out.append(f'<{element}{klass}><span class="label">[{label}</span>{text}'
                       f'<span class="label">]</span></{element}>')
        buffer.clear()

    for mark, text in _pieces(paragraph):
        if mark != current:
            flush()
            current = mark
        buffer.append(text)
    flush()
    return "".join(out)


def _level(paragraph: etree._Element, headings: frozenset[str]) -> int:
    """Return the level a paragraph's heading style names (Heading 1 is 2), or 0."""
    style = paragraph.find(f"{W_PPR}/{W_PSTYLE}")
    name = style.get(W_VAL, "") if style is not None else ""
    if name not in headings:
        return 0
    digits = "".join(c for c in name if c.isdigit())
    return min(int(digits) + 1, 6) if digits else 2


class _Outline:
    """Keep heading levels in order for readers: never more than one level deeper."""

    def __init__(self, styles: frozenset[str]) -> None:
        self.styles = styles
        self.last = 2  # the page's h1 and the section's h2 come first

    def level(self, paragraph: etree._Element) -> int:
        """Return the heading level (2-6) of ``paragraph``, or 0 when it is no heading."""
        level = _level(paragraph, self.styles)
        if level:
            level = max(2, min(level, self.last + 1))
            self.last = level
        return level


def _blocks(container: etree._Element, headings: _Outline) -> Iterator[str]:
    for child in container:
        if child.tag == W_P:
            content = _inline(child)
            level = headings.level(child)
            tag = f"h{level}" if level else "p"
            yield f"<{tag}>{content}</{tag}>" if content or tag == "p" else ""
        elif child.tag == W_TBL:
            yield "<table>"
            for row in rows(child):
                yield "<tr>" + "".join(
                    "<td>" + "".join(_blocks(cell, headings)) + "</td>" for cell in cells(row)
                ) + "</tr>"
            yield "</table>"
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None and not is_cover(child):  # the page's summary stands for it
                yield from _blocks(content, headings)
        elif child.tag == W_TR:  # a row outside any table: show its cells as paragraphs
            for cell in cells(child):
                yield from _blocks(cell, headings)


def _summary(summary: ChangeSummary) -> str:
    counts = summary.counts
    lines = [
        '<section aria-labelledby="summary"><h2 id="summary">Summary of changes</h2>',
        "<p>" + html.escape(", ".join(counted(counts[k], NOUNS[k]) for k in KINDS)) + ".</p>",
        "<p>How changes are shown: <ins>inserted text</ins> is underlined, "
        "<del>deleted text</del> is struck through, <ins class=\"moved\">moved text</ins> is "
        "double underlined where it now is and <del class=\"moved\">double struck "
        "through</del> where it was; each change is also labelled in words for screen "
        "readers and in print.</p>",
    ]
    rows_ = summary.to_rows()
    lines.append("<table><thead><tr>" + "".join(
        f'<th scope="col">{html.escape(c)}</th>' for c in rows_[0]) + "</tr></thead><tbody>")
    for row in rows_[1:]:
        lines.append(f'<tr><th scope="row">{html.escape(row[0])}</th>' + "".join(
            f"<td>{html.escape(c)}</td>" for c in row[1:]) + "</tr>")
    lines.append("</tbody></table></section>")
    return "\n".join(lines)


def redline_body(docx: bytes, summary: ChangeSummary) -> tuple[str, str]:
    """Return (styles, body) of the redline ``docx`` to place inside another page.

    The body is the change summary and the marked text, each a ``section`` with an ``h2``
    (Heading 1 is ``h2``: the page around it gives the one ``h1``); the styles cover the
    marks and their labels only, so the page keeps its own look.
    """
    package = Package(read_docx(docx, "redline.docx"))
    body = package.xml(package.main).find(W_BODY)
    headings = _Outline(package.heading_styles())
    parts = [
        _summary(summary),
        '<section aria-labelledby="text"><h2 id="text">The document with its changes</h2>',
        *[block for block in _blocks(body, headings) if block],
        "</section>",
    ]
    return MARK_STYLE + PRINT_STYLE, "\n".join(parts)


def redline_html(docx: bytes, summary: ChangeSummary, *, title: str, lang: str = "en-GB"
                 ) -> str:
    """Return the redline ``docx`` as a self-contained HTML page titled ``title``.

    Paragraphs in heading styles become headings (Heading 1 is ``h2``: the page title is
    the one ``h1``).
    """
    _, body = redline_body(docx, summary)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<main><h1>{html.escape(title)}</h1>",
        body + "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"
