"""Read the list labels a redline's paragraphs carry in NEW (Accept All) and in OLD (Reject All).

A paragraph is numbered through its own ``w:numPr`` or its style's (through ``w:basedOn``);
each list counts per level, a level restarting after a higher one, a ``w:startOverride``
restarting its list where the list is first used. NEW's view leaves out paragraphs whose
mark is deleted or moved away and reads the current properties; OLD's view leaves out
paragraphs whose mark is inserted or moved here and reads the properties a
``w:pPrChange`` recorded. Bullets are told apart from numbers (:class:`Label`).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from policykit.redline.package import Package
from policykit.word.oxml import (
    W_ABSTRACTNUM,
    W_ABSTRACTNUMID,
    W_BASEDON,
    W_DEL,
    W_DELTEXT,
    W_ILVL,
    W_INS,
    W_LVL,
    W_LVLOVERRIDE,
    W_MOVEFROM,
    W_MOVETO,
    W_NUM,
    W_NUMFMT,
    W_NUMID,
    W_NUMPR,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_RPR,
    W_START,
    W_STARTOVERRIDE,
    W_STYLE,
    W_STYLEID,
    W_T,
    W_VAL,
    qn,
)

W_LVLTEXT = qn("w:lvlText")
W_PPRCHANGE = qn("w:pPrChange")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class Label:
    """A paragraph's list label: its text ("5.", "(a)"), level, and whether it is a bullet."""

    text: str
    level: int
    bullet: bool
    list_id: str


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def format_number(number: int, fmt: str) -> str:
    """Return ``number`` in a list level's format (decimal, lowerLetter, upperRoman...)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(number).upper() if fmt == "upperRoman" else _roman(number)
    return str(number)


def mark_of(paragraph: etree._Element) -> str | None:
    """Return the tag of the revision on a paragraph's mark (``w:ins``, ``w:del``, ...)."""
    rpr = paragraph.find(f"{W_PPR}/{W_RPR}")
    if rpr is None:
        return None
    return next((c.tag for c in rpr if c.tag in (W_INS, W_DEL, W_MOVETO, W_MOVEFROM)), None)


def in_view(paragraph: etree._Element, old: bool) -> bool:
    """Return True when ``paragraph`` is in NEW (Accept All), or in OLD with ``old``.

    A paragraph with text of that side is in it, whatever its mark; an empty one is in it
    unless its mark was inserted (for OLD) or deleted (for NEW).
    """
    gone = (W_INS, W_MOVETO) if old else (W_DEL, W_MOVEFROM)
    empty = True
    for node in paragraph.iter(W_T, W_DELTEXT):
        if not (node.text or "").strip():
            continue
        empty = False
        parent = node.getparent()
        while parent is not None and parent is not paragraph and parent.tag not in gone:
            parent = parent.getparent()
        if parent is paragraph:
            return True
    return empty and mark_of(paragraph) not in gone


class Numbering:
    """The lists of one package: levels, formats, starts, overrides and styles' numbers."""

    def __init__(self, package: Package) -> None:
        part = next(iter(package.parts_of_type("/numbering")), None)
        root = package.xml(part) if part is not None and package.has(part) else None
        styles_part = next(iter(package.parts_of_type("/styles")), None)
        styles = (package.xml(styles_part).iter(W_STYLE)
                  if styles_part is not None and package.has(styles_part) else [])
        self.styles = {s.get(W_STYLEID): s for s in styles}
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.overrides: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for abstract in root.iter(W_ABSTRACTNUM):
            for lvl in abstract.iter(W_LVL):
                fmt, text, start = lvl.find(W_NUMFMT), lvl.find(W_LVLTEXT), lvl.find(W_START)
                self.levels[(abstract.get(W_ABSTRACTNUMID), int(lvl.get(W_ILVL, "0")))] = (
                    fmt.get(W_VAL, "decimal") if fmt is not None else "decimal",
                    text.get(W_VAL, "") if text is not None else "",
                    int(start.get(W_VAL, "1")) if start is not None else 1)
        for num in root.iter(W_NUM):
            link = num.find(W_ABSTRACTNUMID)
            if link is None:
                continue
            self.abstract_of[num.get(W_NUMID)] = link.get(W_VAL)
            self.overrides[num.get(W_NUMID)] = {
                int(o.get(W_ILVL, "0")): int(o.find(W_STARTOVERRIDE).get(W_VAL, "1"))
                for o in num.iter(W_LVLOVERRIDE) if o.find(W_STARTOVERRIDE) is not None}

    def style_numbering(self, style_id: str | None, depth: int = 0) -> etree._Element | None:
        """Return the ``w:numPr`` a style gives its paragraphs (through its bases), or None."""
        style = self.styles.get(style_id or "")
        if style is None or depth > 10:
            return None
        found = style.find(f"{W_PPR}/{W_NUMPR}")
        if found is not None:
            return found
        based = style.find(W_BASEDON)
        return self.style_numbering(based.get(W_VAL) if based is not None else None, depth + 1)


def _ppr_of(paragraph: etree._Element, old: bool) -> etree._Element | None:
    ppr = paragraph.find(W_PPR)
    if old and ppr is not None:
        change = ppr.find(W_PPRCHANGE)
        if change is not None and change.find(W_PPR) is not None:
            return change.find(W_PPR)
    return ppr


def _labels(numbering: Numbering, paragraphs: list[etree._Element], old: bool
            ) -> dict[etree._Element, Label]:
    counters: dict[str, list[int]] = {}
    started: set[str] = set()
    labels: dict[etree._Element, Label] = {}
    for paragraph in paragraphs:
        if not in_view(paragraph, old):
            continue
        ppr = _ppr_of(paragraph, old)
        style = ppr.find(W_PSTYLE) if ppr is not None else None
        direct = ppr.find(W_NUMPR) if ppr is not None else None
        styled = numbering.style_numbering(style.get(W_VAL) if style is not None else None)
        pairs = [n for n in (direct, styled) if n is not None]
        num_id = next((n.find(W_NUMID).get(W_VAL) for n in pairs
                       if n.find(W_NUMID) is not None), None)
        level_of = next((n.find(W_ILVL) for n in pairs if n.find(W_ILVL) is not None), None)
        abstract = numbering.abstract_of.get(num_id or "")
        if abstract is None:
            continue
        level = min(int(level_of.get(W_VAL, "0")) if level_of is not None else 0, 8)
        count = counters.setdefault(abstract, [0] * 9)
        if num_id not in started:
            started.add(num_id)
            for lvl, start in numbering.overrides.get(num_id, {}).items():
                count[lvl:] = [0] * (9 - lvl)
                count[lvl] = start - 1 if lvl < 9 else 0
        starts = [numbering.levels.get((abstract, k), ("decimal", "", 1))[2] for k in range(9)]
        if count[level] == 0 and starts[level] > 1:
            count[level] = starts[level] - 1
        count[level] += 1
        count[level + 1:] = [0] * (8 - level)
        fmt, text, _ = numbering.levels.get((abstract, level), ("decimal", "", 1))
        if fmt in ("bullet", "none"):
            labels[paragraph] = Label("", level, True, num_id or "")
            continue
        for k in range(level + 1):
            fmt_k = numbering.levels.get((abstract, k), ("decimal", "", 1))[0]
            text = text.replace(f"%{k + 1}", format_number(max(count[k], 1), fmt_k))
        labels[paragraph] = Label(text, level, False, num_id or "")
    return labels


def redline_labels(package: Package, body: etree._Element
                   ) -> tuple[dict[etree._Element, Label], dict[etree._Element, Label]]:
    """Return (NEW's labels, OLD's labels) of the paragraphs of a redline's ``body``."""
    numbering = Numbering(package)
    paragraphs = list(body.iter(W_P))
    return _labels(numbering, paragraphs, old=False), _labels(numbering, paragraphs, old=True)


__all__ = ["Label", "Numbering", "format_number", "in_view", "mark_of", "redline_labels"]
