"""Accept the tracked changes an input already carries, so the engine compares clean text.

A document edited with Track Changes on holds insertions, deletions, moves and formatting
changes of its own. The engine compares each input's *accepted state*: what Word shows
after Review > Accept All Changes. Deleted and moved-away content is dropped, inserted and
moved-in content kept, old formatting records removed, deleted rows and cells removed,
and a paragraph whose mark was deleted is joined to the paragraph after it.
"""

from __future__ import annotations

from lxml import etree

from policykit.word.oxml import (
    W_DEL,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_NS,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_SDT,
    W_TBL,
    W_TRPR,
    W_VAL,
    qn,
)

_DROP_WITH_CONTENT = tuple(
    qn(t) for t in ("w:del", "w:moveFrom", "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd")
)
_UNWRAP = (W_INS, W_MOVETO)
_DROP_MARKS = tuple(
    qn(t)
    for t in (
        "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange", "w:tblPrExChange",
        "w:tcPrChange", "w:trPrChange", "w:tblGridChange", "w:numberingChange",
        "w:moveFromRangeStart", "w:moveFromRangeEnd", "w:moveToRangeStart", "w:moveToRangeEnd",
        "w:customXmlInsRangeStart", "w:customXmlInsRangeEnd", "w:customXmlMoveFromRangeStart",
        "w:customXmlMoveFromRangeEnd", "w:customXmlMoveToRangeStart", "w:customXmlMoveToRangeEnd",
        "w:cellIns", "w:cellMerge",
    )
)
_W_CELLDEL = qn("w:cellDel")
W_DIR, W_BDO, W_RTL = qn("w:dir"), qn("w:bdo"), qn("w:rtl")
_AFTER_RTL = frozenset(qn(f"w:{t}") for t in (
    "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"))  # schema order
_REVISION_XPATH = etree.XPath(
    "boolean(.//w:ins|.//w:del|.//w:moveFrom|.//w:moveTo|.//w:rPrChange|.//w:pPrChange"
    "|.//w:cellDel|.//w:cellIns|.//w:tblPrChange|.//w:sectPrChange|.//w:trPrChange)",
    namespaces={"w": W_NS},
)


def has_revisions(root: etree._Element) -> bool:
    """Return True when the XML part ``root`` carries any tracked change."""
    return bool(_REVISION_XPATH(root))


def accept_all(root: etree._Element) -> None:
    """Accept, in place, every tracked change in the XML part ``root``."""
    _accept_rows_and_cells(root)
    joins = _accept_paragraph_marks(root)
    for element in list(root.iter(*_DROP_WITH_CONTENT)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for element in list(root.iter(*_UNWRAP)):
        _unwrap(element)
    for element in list(root.iter(*_DROP_MARKS)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    for paragraph in joins:
        _join_with_next(paragraph)


def _accept_rows_and_cells(root: etree._Element) -> None:
    """Remove deleted rows and cells (the whole row or cell goes); unmark inserted rows."""
    for trpr in list(root.iter(W_TRPR)):
        marks = [c for c in trpr if c.tag in (W_DEL, W_INS)]
        if any(m.tag == W_DEL for m in marks):
            row = trpr.getparent()
            if row is not None and row.getparent() is not None:
                row.getparent().remove(row)
            continue
        for mark in marks:
            trpr.remove(mark)
    for cell_del in list(root.iter(_W_CELLDEL)):
        tcpr = cell_del.getparent()
        cell = tcpr.getparent() if tcpr is not None else None
        if cell is not None and cell.getparent() is not None:
            cell.getparent().remove(cell)


def _accept_paragraph_marks(root: etree._Element) -> list[etree._Element]:
    """Make inserted paragraph marks plain; return the paragraphs whose mark was deleted."""
    joins = []
    for rpr in list(root.iter(W_RPR)):
        ppr = rpr.getparent()
        if ppr is None or ppr.tag != W_PPR:
            continue
        for mark in list(rpr):
            if mark.tag in (W_INS, W_MOVETO):
                rpr.remove(mark)
            elif mark.tag in (W_DEL, W_MOVEFROM):
                rpr.remove(mark)
                paragraph = ppr.getparent()
                if paragraph is not None and paragraph.tag == W_P:
                    joins.append(paragraph)
    return joins


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _join_with_next(paragraph: etree._Element) -> None:
    following = paragraph.getnext()
    while following is not None and following.tag != W_P and not _is_block(following):
        following = following.getnext()
    parent = paragraph.getparent()
    if following is None or following.tag != W_P or parent is None:
        return
    content = [c for c in paragraph if c.tag != W_PPR]
    anchor = following.find(W_PPR)
    position = 1 if anchor is not None else 0
    for offset, child in enumerate(content):
        following.insert(position + offset, child)
    parent.remove(paragraph)


def _is_block(element: etree._Element) -> bool:
    return element.tag in (W_TBL, W_SDT, W_P)


def unwrap_direction(root: etree._Element) -> bool:
    """Unwrap ``w:dir``/``w:bdo`` (bidirectional embeddings) so their words are compared.

    Word wraps right-to-left text in these; compared whole, an unchanged Arabic or Persian
    paragraph would be deleted and inserted whole when only its runs split differently.
    The direction stays on each run as ``w:rtl`` (for ``rtl``). Return True if any.
    """
    found = list(root.iter(W_DIR, W_BDO))
    for element in reversed(found):  # innermost first
        if element.get(W_VAL) == "rtl":
            for run in element.iter(W_R):
                rpr = run.find(W_RPR)
                if rpr is None:
                    rpr = etree.Element(W_RPR)
                    run.insert(0, rpr)
                if rpr.find(W_RTL) is None:
                    after = next((c for c in rpr if c.tag in _AFTER_RTL), None)
                    if after is not None:
                        after.addprevious(etree.Element(W_RTL))
                    else:
                        rpr.append(etree.Element(W_RTL))
        _unwrap(element)
    return bool(found)
