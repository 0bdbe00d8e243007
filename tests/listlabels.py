"""Read the list labels Word shows for paragraphs numbered through their style (4., 4.1).

A test-side reading of the numbering XML, independent of policykit.render: for each
paragraph whose style (or a style it is based on) carries ``w:numPr``, count per list and
level as Word does (a level restarts after any higher level) and fill in ``w:lvlText``.
Decimal levels only, which is all the section list uses.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.oxml.ns import qn


def _style_numbering(document: Document) -> dict[str, tuple[str, int]]:
    """Return {style id: (numId, level)} for styles numbered directly or through a base."""
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iter(qn("w:style"))}

    def numbered(style_id: str | None, seen: frozenset[str] = frozenset()):
        style = styles.get(style_id or "")
        if style is None or style_id in seen:
            return None
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            level = num_pr.find(qn("w:ilvl"))
            return (num_pr.find(qn("w:numId")).get(qn("w:val")),
                    int(level.get(qn("w:val"))) if level is not None else 0)
        based = style.find(qn("w:basedOn"))
        return numbered(based.get(qn("w:val")) if based is not None else None,
                        seen | {style_id})

    return {sid: found for sid in styles if (found := numbered(sid)) is not None}


def style_list_labels(document: Document) -> list[str | None]:
    """Return, for each body paragraph in order, its style-numbered label or None."""
    numbering = document.part.numbering_part.element
    abstract_of = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
                   for n in numbering.iter(qn("w:num"))}
    texts = {(a.get(qn("w:abstractNumId")), int(lvl.get(qn("w:ilvl")))):
             lvl.find(qn("w:lvlText")).get(qn("w:val"))
             for a in numbering.iter(qn("w:abstractNum")) for lvl in a.iter(qn("w:lvl"))}
    by_style = _style_numbering(document)
    counters: dict[str, list[int]] = {}
    labels: list[str | None] = []
    for paragraph in document.paragraphs:
        style = paragraph.style.style_id if paragraph.style is not None else None
        direct = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")  # a list of its own
        if style not in by_style or direct is not None:
            labels.append(None)
            continue
        num_id, level = by_style[style]
        abstract = abstract_of[num_id]
        count = counters.setdefault(abstract, [0] * 9)
        count[level] += 1
        count[level + 1:] = [0] * (8 - level)
        labels.append(re.sub(r"%(\d)", lambda m, c=count: str(c[int(m.group(1)) - 1]),
                             texts[(abstract, level)]))
    return labels


def shown_text(document: Document) -> list[str]:
    """Return each body paragraph's text as Word shows it: the label, a tab, the text."""
    return [f"{label}\t{p.text}" if label else p.text
            for label, p in zip(style_list_labels(document), document.paragraphs, strict=True)]
