"""Reject the tracked changes an input already carries, and count them (``--tracked reject``).

The rejected state is what Word shows after Review > Reject All Changes: inserted and
moved-in content dropped, deleted and moved-away content kept as plain text, old formatting
put back, inserted rows and cells removed, and a paragraph whose mark was inserted joined to
the paragraph after it. ``count_revisions`` says how many tracked changes a part holds, so
the comparison can say so ("the old document holds 12 tracked changes").
"""

from __future__ import annotations

from lxml import etree

from policykit.redline.accept import _join_with_next, _unwrap
from policykit.word.oxml import W_DEL, W_INS, W_MOVEFROM, W_MOVETO, W_PPR, W_R, W_RPR, W_TRPR, qn

# One tracked change each (a paragraph mark's insertion or deletion included).
_COUNTED = tuple(qn(f"w:{t}") for t in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
    "tblPrChange", "tblPrExChange", "tcPrChange", "trPrChange", "cellIns", "cellDel",
    "cellMerge", "numberingChange"))
# A change record holding the old properties of its parent (the first child).
_OLD_PROPERTIES = tuple(qn(f"w:{t}") for t in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "tcPrChange",
    "trPrChange", "tblGridChange"))
# What a properties element keeps when its old properties are put back.
_KEEP = frozenset(qn(f"w:{t}") for t in ("rPr", "sectPr", "headerReference",
                                           "footerReference", "cnfStyle"))
_DROP_MARKS = tuple(qn(f"w:{t}") for t in (
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "numberingChange", "cellDel",
    "cellMerge"))
_W_CELLINS = qn("w:cellIns")
_W_T = qn("w:t")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_EMPTY_AFTER = (qn("w:hyperlink"), qn("w:smartTag"), qn("w:customXml"))
_TEXT = {qn("w:delText"): qn("w:t"), qn("w:delInstrText"): qn("w:instrText")}


def count_revisions(root: etree._Element) -> int:
    """Return how many tracked changes the XML part ``root`` holds."""
    return sum(1 for _ in root.iter(*_COUNTED))


def reject_all(root: etree._Element) -> None:
    """Reject, in place, every tracked change in the XML part ``root``."""
    for trpr in list(root.iter(W_TRPR)):
        marks = [child for child in trpr if child.tag in (W_DEL, W_INS)]
        row = trpr.getparent()
        if any(mark.tag == W_INS for mark in marks) and row is not None \
                and row.getparent() is not None:
            row.getparent().remove(row)
            continue
        for mark in marks:
            trpr.remove(mark)
    for cell_ins in list(root.iter(_W_CELLINS)):
        tcpr = cell_ins.getparent()
        cell = tcpr.getparent() if tcpr is not None else None
        if cell is not None and cell.getparent() is not None:
            cell.getparent().remove(cell)
    joins = []
    for rpr in list(root.iter(W_RPR)):
        ppr = rpr.getparent()
        if ppr is None or ppr.tag != W_PPR:
            continue
        for mark in [child for child in rpr if child.tag in (W_INS, W_DEL, W_MOVETO,
                                                              W_MOVEFROM)]:
            rpr.remove(mark)
            if mark.tag in (W_INS, W_MOVETO):
                joins.append(ppr.getparent())
    for element in list(root.iter(W_INS, W_MOVETO)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
            if parent.tag in _EMPTY_AFTER and not any(True for _ in parent.iter(W_R)):
                parent.getparent().remove(parent)  # a link whose words were all inserted
    for element in list(root.iter(W_DEL, W_MOVEFROM)):
        _unwrap(element)
    for element in root.iter(*_TEXT):
        element.tag = _TEXT[element.tag]
    for change in list(root.iter(*_OLD_PROPERTIES)):
        _put_back(change)
    for element in list(root.iter(*_DROP_MARKS)):
        if element.getparent() is not None:
            element.getparent().remove(element)
    for paragraph in joins:
        if paragraph is not None and paragraph.getparent() is not None:
            _join_with_next(paragraph)
    _merge_text_runs(root)


def _merge_text_runs(root: etree._Element) -> None:
    """Join neighbouring plain-text runs with the same formatting (deleted text put back
    beside kept text), so the engine sees the words as the original author's one run."""
    for first in list(root.iter(W_R)):
        if first.getparent() is None or not _plain(first):
            continue
        following = first.getnext()
        while following is not None and following.tag == W_R and _plain(following) and \
                _format(following) == _format(first):
            text_first, text_next = first.find(_W_T), following.find(_W_T)
            text_first.text = (text_first.text or "") + (text_next.text or "")
            text_first.set(_XML_SPACE, "preserve")
            following.getparent().remove(following)
            following = first.getnext()


def _plain(run: etree._Element) -> bool:
    return [child.tag for child in run if child.tag != W_RPR] == [_W_T]


def _format(run: etree._Element) -> bytes:
    rpr = run.find(W_RPR)
    return b"" if rpr is None else etree.tostring(rpr, method="c14n")


def _put_back(change: etree._Element) -> None:
    """Replace the properties holding ``change`` with the old ones it records."""
    parent = change.getparent()
    if parent is None:
        return
    parent.remove(change)
    old = next(iter(change), None)
    kept = [child for child in parent if child.tag in _KEEP]
    for child in list(parent):
        parent.remove(child)
    for child in list(old) if old is not None else []:
        parent.append(child)
    front = [child for child in kept if child.tag not in (W_RPR, qn("w:sectPr"))]
    for index, child in enumerate(front):
        parent.insert(index, child)
    for child in kept:
        if child not in front:
            parent.append(child)


__all__ = ["count_revisions", "reject_all"]
