"""Build Word revision markup: the one module that creates w:ins, w:del, moves and *PrChange.

Every helper returns or edits lxml elements built with ``qn()``; nothing here pastes XML
strings. A :class:`Revision` carries the id, author and date one mark is stamped with;
:class:`RevisionStamper` hands out ids unique across every part of the package.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from lxml import etree

from policykit.word.oxml import (
    M_OMATH,
    M_OMATHPARA,
    M_R,
    W_AUTHOR,
    W_DATE,
    W_DEL,
    W_DELINSTR,
    W_DELTEXT,
    W_FLDCHAR,
    W_FLDCHARTYPE,
    W_FLDSIMPLE,
    W_ID,
    W_INS,
    W_INSTR,
    W_INSTR_ATTR,
    W_MOVEFROM,
    W_MOVETO,
    W_NAME,
    W_PPR,
    W_PPRCHANGE,
    W_R,
    W_RPR,
    W_RPRCHANGE,
    W_SDT,
    W_SDTCONTENT,
    W_SECTPR,
    W_T,
    W_TBLPREX,
    W_TRPR,
    W_TRPRCHANGE,
    XML_SPACE,
    qn,
)


class RevisionKind(StrEnum):
    """The kinds of change a redline records, spelled as Word's elements are."""

    INS = "ins"
    DEL = "del"
    MOVE_FROM = "moveFrom"
    MOVE_TO = "moveTo"
    FORMAT = "format"


# Containers whose runs are wrapped one level down (w:ins may not hold a hyperlink).
RUN_CONTAINERS = frozenset(
    qn(t) for t in ("w:hyperlink", "w:smartTag", "w:fldSimple", "w:customXml", "w:dir", "w:bdo")
)
MARK_TAGS = frozenset((W_INS, W_DEL, W_MOVEFROM, W_MOVETO))
DELETED = {RevisionKind.DEL: W_DEL, RevisionKind.MOVE_FROM: W_MOVEFROM}
INSERTED = {RevisionKind.INS: W_INS, RevisionKind.MOVE_TO: W_MOVETO}
KIND_TAG = {**INSERTED, **DELETED}


@dataclass(frozen=True)
class Revision:
    """The id, author and date stamped on one revision mark."""

    id: int
    author: str
    date: str | None


def format_date(moment: datetime) -> str:
    """Return ``moment`` as Word writes revision dates: ``2026-01-31T09:00:00Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class RevisionStamper:
    """Hand out revision ids unique across the package, with one author and date each."""

    def __init__(self, author: str, date: datetime | None, first_id: int = 1) -> None:
        self.author = author
        self.date = format_date(date) if date is not None else None
        self._next = first_id

    def stamp(self, who: tuple[str, datetime] | None = None) -> Revision:
        """Return a fresh revision, stamped with ``who`` (author, date) or the defaults."""
        rid = self._next
        self._next += 1
        if who is None:
            return Revision(rid, self.author, self.date)
        return Revision(rid, who[0], format_date(who[1]))

    def again(self, like: Revision) -> Revision:
        """Return a fresh id carrying the author and date of ``like``."""
        rid = self._next
        self._next += 1
        return Revision(rid, like.author, like.date)


def revision_element(kind: str, rev: Revision) -> etree._Element:
    """Return an empty ``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo`` stamped with ``rev``."""
    element = etree.Element(KIND_TAG[kind])
    _stamp(element, rev)
    return element


def _stamp(element: etree._Element, rev: Revision) -> None:
    element.set(W_ID, str(rev.id))
    element.set(W_AUTHOR, rev.author)
    if rev.date is not None:
        element.set(W_DATE, rev.date)


def to_deleted_text(run: etree._Element) -> None:
    """Turn the ``w:t`` and ``w:instrText`` of ``run`` into ``w:delText``/``w:delInstrText``."""
    for child in run:
        if child.tag == W_T:
            child.tag = W_DELTEXT
        elif child.tag == W_INSTR:
            child.tag = W_DELINSTR


def complex_field(simple: etree._Element) -> list[etree._Element]:
    """Replace a ``w:fldSimple`` by the runs of the same complex field; return the runs.

    A mark may hold runs but not a simple field: LibreOffice keeps a simple field whose
    result runs were marked after Accept or Reject All (a page number left behind), and
    takes away a complex field whose runs are all marked.
    """
    results = [child for child in simple if child.tag == W_R]
    rpr = next((r.find(W_RPR) for r in results if r.find(W_RPR) is not None), None)

    def run(child: etree._Element) -> etree._Element:
        made = etree.Element(W_R)
        if rpr is not None:
            made.append(deepcopy(rpr))
        made.append(child)
        return made

    def char(kind: str) -> etree._Element:
        return run(etree.Element(W_FLDCHAR, {W_FLDCHARTYPE: kind}))

    instr = etree.Element(W_INSTR)
    instr.text = simple.get(W_INSTR_ATTR) or ""
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    runs = [char("begin"), run(instr), char("separate"), *results, char("end")]
    for made in runs:
        simple.addprevious(made)
    simple.getparent().remove(simple)
    return runs


def wrap_runs(parent: etree._Element, kind: str, rev_for: Callable[[], Revision]) -> int:
    """Wrap every run directly in ``parent`` (and in hyperlinks, fields, math) in a mark.

    Consecutive runs share one wrapper; each wrapper gets a fresh revision from
    ``rev_for``. For deletions the runs' text becomes ``w:delText``. Return the number of
    wrappers made.
    """
    made = 0
    group: list[etree._Element] = []

    def flush() -> None:
        nonlocal made
        if not group:
            return
        wrapper = revision_element(kind, rev_for())
        group[0].addprevious(wrapper)
        for run in group:
            wrapper.append(run)
            if kind in DELETED:
                to_deleted_text(run)
        group.clear()
        made += 1

    for child in list(parent):
        tag = child.tag
        if tag == W_R:
            group.append(child)
            continue
        if tag == W_FLDSIMPLE and all(c.tag in (W_R, W_RPR) for c in child):
            group.extend(complex_field(child))
            continue
        flush()
        if tag in RUN_CONTAINERS:
            made += wrap_runs(child, kind, rev_for)
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                made += wrap_runs(content, kind, rev_for)
        elif tag in (M_OMATH, M_OMATHPARA):
            made += _wrap_math(child, kind, rev_for)
    flush()
    return made


def _wrap_math(math: etree._Element, kind: str, rev_for: Callable[[], Revision]) -> int:
    made = 0
    for run in list(math.iter(M_R)):
        parent = run.getparent()
        if parent is None or parent.tag in MARK_TAGS:
            continue
        wrapper = revision_element(kind, rev_for())
        run.addprevious(wrapper)
        wrapper.append(run)
        made += 1
    return made


def _ensure_ppr(paragraph: etree._Element) -> etree._Element:
    ppr = paragraph.find(W_PPR)
    if ppr is None:
        ppr = etree.Element(W_PPR)
        paragraph.insert(0, ppr)
    return ppr


def mark_paragraph_mark(paragraph: etree._Element, kind: str, rev: Revision) -> None:
    """Mark the paragraph mark of ``paragraph`` inserted, deleted or moved (``pPr/rPr``)."""
    ppr = _ensure_ppr(paragraph)
    rpr = ppr.find(W_RPR)
    if rpr is None:
        rpr = etree.Element(W_RPR)
        anchor = ppr.find(W_SECTPR)
        if anchor is None:
            anchor = ppr.find(W_PPRCHANGE)
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    for child in list(rpr):
        if child.tag in MARK_TAGS:
            rpr.remove(child)
    rpr.insert(0, revision_element(kind, rev))


def unmark_paragraph_mark(paragraph: etree._Element) -> None:
    """Remove any revision mark from the paragraph mark of ``paragraph``."""
    ppr = paragraph.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    if rpr is None:
        return
    for child in list(rpr):
        if child.tag in MARK_TAGS:
            rpr.remove(child)
    if not len(rpr):
        ppr.remove(rpr)
        if not len(ppr):
            paragraph.remove(ppr)


def paragraph_mark_kind(paragraph: etree._Element) -> str | None:
    """Return the kind of revision on the paragraph mark of ``paragraph``, if any."""
    ppr = paragraph.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    if rpr is None:
        return None
    for child in rpr:
        if child.tag in MARK_TAGS:
            return etree.QName(child).localname
    return None


def removed_whole(paragraph: etree._Element, side: dict) -> bool:
    """Return True if ``paragraph``'s mark and every run of it are marked on ``side``.

    ``side`` is :data:`DELETED` or :data:`INSERTED`: such a paragraph goes whole on
    Accept All (deleted, moved away) or on Reject All (inserted, moved here).
    """
    if paragraph_mark_kind(paragraph) not in side:
        return False
    marks = set(side.values())
    return all(child.tag in marks or child.tag != W_R for child in paragraph) and any(
        child.tag in marks for child in paragraph)


def unify_removed_paragraph(paragraph: etree._Element, side: dict) -> bool:
    """Give every mark of a paragraph removed whole the kind and stamp of its mark.

    LibreOffice (7.4) takes away a paragraph whose text is several revisions (words
    deleted inside a moved paragraph, say) by joining it to the next paragraph and keeping
    its own properties, so the next paragraph takes its style and list number; one
    revision over the whole paragraph is taken away cleanly. Return True if any changed.
    """
    ppr = paragraph.find(W_PPR)
    mark = next(c for c in ppr.find(W_RPR) if c.tag in MARK_TAGS)
    changed = False
    for wrapper in paragraph.iter(*side.values()):
        if wrapper.getparent() is ppr.find(W_RPR):
            continue
        for name in (W_AUTHOR, W_DATE):
            if wrapper.get(name) != mark.get(name):
                changed = True
                if mark.get(name) is None:
                    wrapper.attrib.pop(name, None)
                else:
                    wrapper.set(name, mark.get(name))
        if wrapper.tag != mark.tag:
            wrapper.tag = mark.tag
            changed = True
    return changed


def run_properties_change(rpr: etree._Element, old: etree._Element | None, rev: Revision) -> None:
    """Record in ``rpr`` (the new run properties) that they were ``old`` before."""
    for child in rpr.findall(W_RPRCHANGE):
        rpr.remove(child)
    change = etree.SubElement(rpr, W_RPRCHANGE)
    _stamp(change, rev)
    before = etree.SubElement(change, W_RPR)
    if old is not None:
        for child in old:
            if child.tag not in (W_RPRCHANGE, W_INS, W_DEL, W_MOVEFROM, W_MOVETO):
                before.append(_copy(child))


def paragraph_properties_change(
    ppr: etree._Element, old: etree._Element | None, rev: Revision
) -> None:
    """Record in ``ppr`` (the new paragraph properties) that they were ``old`` before."""
    for child in ppr.findall(W_PPRCHANGE):
        ppr.remove(child)
    change = etree.SubElement(ppr, W_PPRCHANGE)
    _stamp(change, rev)
    before = etree.SubElement(change, W_PPR)
    if old is not None:
        for child in old:
            if child.tag not in (W_RPR, W_SECTPR, W_PPRCHANGE):
                before.append(_copy(child))


def mark_row(row: etree._Element, kind: str, rev: Revision) -> None:
    """Mark the table row ``row`` inserted or deleted (``w:trPr/w:ins`` or ``w:del``)."""
    trpr = row.find(W_TRPR)
    if trpr is None:
        trpr = etree.Element(W_TRPR)
        prex = row.find(W_TBLPREX)
        if prex is not None:
            prex.addnext(trpr)
        else:
            row.insert(0, trpr)
    for child in list(trpr):
        if child.tag in (W_INS, W_DEL):
            trpr.remove(child)
    mark = etree.Element(W_INS if kind == RevisionKind.INS else W_DEL)
    _stamp(mark, rev)
    change = trpr.find(W_TRPRCHANGE)
    if change is not None:
        change.addprevious(mark)
    else:
        trpr.append(mark)


def move_range(kind: str, name: str, rev: Revision) -> tuple[etree._Element, etree._Element]:
    """Return the (start, end) range marks of a move: ``w:moveFromRangeStart``... ``End``."""
    start = etree.Element(qn(f"w:{kind}RangeStart"))
    _stamp(start, rev)
    start.set(W_NAME, name)
    end = etree.Element(qn(f"w:{kind}RangeEnd"))
    end.set(W_ID, str(rev.id))
    return start, end


def text_element(text: str, deleted: bool) -> etree._Element:
    """Return a ``w:t`` (or ``w:delText``) holding ``text`` with spaces preserved."""
    element = etree.Element(W_DELTEXT if deleted else W_T)
    element.text = text
    if text[:1].isspace() or text[-1:].isspace():
        element.set(XML_SPACE, "preserve")
    return element


def _copy(element: etree._Element) -> etree._Element:
    return deepcopy(element)

