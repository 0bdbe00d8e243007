"""Write the text of one redline paragraph as HTML: marks in words, bold and italic kept.

Each change is ``<ins>`` or ``<del>`` with a visually hidden label ("[inserted: ", "]")
that screen readers read and print shows. Neighbouring insertions and deletions are one
change: the deleted words first, then the inserted ones, and a space or a punctuation
mark between two changes is folded into them; a deletion of spaces alone next to an
insertion is not shown. A move that carries only spaces or punctuation is shown as an
insertion or deletion, never as a move. Text whose formatting changed (``w:rPrChange``)
is outlined with a dotted line and labelled "[formatting changed: ...]".
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass

from lxml import etree

from policykit.word.oxml import (
    W_B,
    W_BR,
    W_DEL,
    W_DELTEXT,
    W_I,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_PPR,
    W_R,
    W_RPR,
    W_RPRCHANGE,
    W_RSTYLE,
    W_T,
    W_TAB,
    W_VAL,
)

KINDS = {W_INS: "ins", W_DEL: "del", W_MOVETO: "moveTo", W_MOVEFROM: "moveFrom"}
TAGS = {
    "ins": ("ins", "", "inserted: "),
    "del": ("del", "", "deleted: "),
    "moveTo": ("ins", "moved", "moved here: "),
    "moveFrom": ("del", "moved", "moved from here: "),
}
SHORT = 3  # unchanged text of up to this many spaces or punctuation marks joins two changes


@dataclass
class Piece:
    """A stretch of text with one mark ("ins", "del", "moveTo", "moveFrom" or None)."""

    mark: str | None
    text: str
    bold: bool = False
    italic: bool = False
    formatted: bool = False


def _on(rpr: etree._Element | None, tag: str) -> bool:
    found = rpr.find(tag) if rpr is not None else None
    return found is not None and found.get(W_VAL, "true") not in ("0", "false", "off")


def _style(rpr: etree._Element | None) -> str:
    found = rpr.find(W_RSTYLE) if rpr is not None else None
    return (found.get(W_VAL, "") if found is not None else "").lower()


def pieces(paragraph: etree._Element) -> list[Piece]:
    """Return the text of ``paragraph`` in order, each piece with its mark and emphasis."""
    out: list[Piece] = []
    for node in paragraph.iter(W_T, W_DELTEXT, W_TAB, W_BR):
        run = node.getparent()
        if run is None or run.tag != W_R:
            continue
        mark, parent, skip = None, run.getparent(), False
        while parent is not None and parent is not paragraph:
            skip = skip or parent.tag in (W_PPR, W_RPRCHANGE)
            if mark is None and parent.tag in KINDS:
                mark = KINDS[parent.tag]
            parent = parent.getparent()
        if skip:
            continue
        rpr = run.find(W_RPR)
        text = node.text or "" if node.tag in (W_T, W_DELTEXT) else (
            "\t" if node.tag == W_TAB else "\n")
        style = _style(rpr)
        bold, italic = _on(rpr, W_B) or "strong" in style, _on(rpr, W_I) or "emphasis" in style
        formatted = rpr is not None and rpr.find(W_RPRCHANGE) is not None
        if out and (out[-1].mark, out[-1].bold, out[-1].italic, out[-1].formatted) == (
                mark, bold, italic, formatted):
            out[-1].text += text
        else:
            out.append(Piece(mark, text, bold, italic, formatted))
    return out


def trivial(text: str) -> bool:
    """Return True when ``text`` is only spaces and punctuation (or empty)."""
    return all(c.isspace() or unicodedata.category(c).startswith("P") for c in text)


def _fold(items: list[Piece]) -> list[Piece | list[Piece]]:
    """Group neighbouring insertions and deletions into changes (lists of pieces)."""
    for piece in items:
        if piece.mark in ("moveTo", "moveFrom") and trivial(piece.text):
            piece.mark = "ins" if piece.mark == "moveTo" else "del"
    out: list[Piece | list[Piece]] = []
    for piece in items:
        if piece.mark in ("ins", "del"):
            if out and isinstance(out[-1], list):
                out[-1].append(piece)
            elif (len(out) >= 2 and isinstance(out[-2], list) and isinstance(out[-1], Piece)
                  and out[-1].mark is None and len(out[-1].text) <= SHORT
                  and trivial(out[-1].text)):
                between = out.pop()
                assert isinstance(between, Piece)
                change = out[-1]
                assert isinstance(change, list)
                change.append(Piece("del", between.text, between.bold, between.italic))
                change.append(Piece("ins", between.text, between.bold, between.italic))
                change.append(piece)
            else:
                out.append([piece])
        else:
            out.append(piece)
    return out


def _text(piece: Piece) -> str:
    text = html.escape(piece.text).replace("\n", "<br>")
    if piece.bold and piece.text.strip():
        text = f"<strong>{text}</strong>"
    if piece.italic and piece.text.strip():
        text = f"<em>{text}</em>"
    return text


def marked(kind: str, content: str, *, labelled: bool = True) -> str:
    """Return ``content`` wrapped in the mark of ``kind``, labelled in words unless told not."""
    element, css, label = TAGS[kind]
    klass = f' class="{css}"' if css else ""
    if not labelled:
        return f"<{element}{klass}>{content}</{element}>"
    return (f'<{element}{klass}><span class="label">[{label}</span>{content}'
            f'<span class="label">]</span></{element}>')


def _change(change: list[Piece], labelled: bool) -> str:
    deleted = [p for p in change if p.mark == "del"]
    inserted = [p for p in change if p.mark == "ins"]
    old = "".join(p.text for p in deleted)
    new = "".join(p.text for p in inserted)
    out = []
    if deleted and not (inserted and not old.strip()):
        out.append(marked("del", "".join(_text(p) for p in deleted), labelled=labelled))
    if inserted:
        content = "".join(_text(p) for p in inserted)
        out.append(content if deleted and not new.strip() else
                   marked("ins", content, labelled=labelled))
    return "".join(out)


def inline(paragraph: etree._Element, *, labelled: bool = True) -> str:
    """Return the HTML of a paragraph's text with its changes marked.

    With ``labelled`` False the marks carry no words of their own (the row or paragraph
    around them is labelled once).
    """
    out: list[str] = []
    for item in _fold(pieces(paragraph)):
        if isinstance(item, list):
            out.append(_change(item, labelled))
        elif item.mark is None and item.formatted and item.text.strip() and labelled:
            out.append(f'<span class="formatted"><span class="label">[formatting changed: '
                       f'</span>{_text(item)}<span class="label">]</span></span>')
        elif item.mark is None:
            out.append(_text(item))
        else:
            out.append(marked(item.mark, _text(item), labelled=labelled))
    return "".join(out)


def plain_text(paragraph: etree._Element, *, old: bool = False) -> str:
    """Return a paragraph's text as NEW has it (or as OLD had it, with ``old``)."""
    left_out = ("ins", "moveTo") if old else ("del", "moveFrom")
    return "".join(p.text for p in pieces(paragraph) if p.mark not in left_out)





def plain_html(paragraph: etree._Element, *, old: bool = False) -> str:
    """Return the HTML of a paragraph's text as NEW has it (OLD with ``old``), unmarked."""
    left_out = ("ins", "moveTo") if old else ("del", "moveFrom")
    return "".join(_text(p) for p in pieces(paragraph) if p.mark not in left_out)
__all__ = ["Piece", "inline", "marked", "pieces", "plain_html", "plain_text", "trivial"]
