"""Accept the tracked changes an input already carries, so the engine compares clean text.

A document edited with Track Changes on holds insertions, deletions, moves and formatting
changes of its own. The engine compares each input's *accepted state*: what Word shows
after Review > Accept All Changes. Deleted and moved-away content is dropped, inserted and
moved-in content kept, old formatting records removed, deleted rows and cells removed,
and a paragraph whose mark was deleted is joined to the paragraph after it.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from policykit.redline.marks import W_P, W_PPR, W_RPR

_DROP_WITH_CONTENT = tuple(
    qn(t) for t in ("w:del", "w:moveFrom", "w:customXmlDelRangeStart", "w:customXmlDelRangeEnd")
)
_UNWRAP = (qn("w:ins"), qn("w:moveTo"))
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
_W_DEL, _W_INS = qn("w:del"), qn("w:ins")
_W_TRPR, _W_TR, _W_TC, _W_TCPR = qn("w:trPr"), qn("w:tr"), qn("w:tc"), qn("w:tcPr")
_W_CELLDEL = qn("w:cellDel")
_W_MOVEFROM, _W_MOVETO = qn("w:moveFrom"), qn("w:moveTo")
_REVISION_XPATH = etree.XPath(
    "boolean(.//w:ins|.//w:del|.//w:moveFrom|.//w:moveTo|.//w:rPrChange|.//w:pPrChange"
    "|.//w:cellDel|.//w:cellIns|.//w:tblPrChange|.//w:sectPrChange|.//w:trPrChange)",
    namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
)


def has_revisions(root: etree._Element) -> bool:
    """Return True when the XML part ``root`` carries any tracked change."""
    return bool(_REVISION_XPATH(root))


def accept_all(root: etree._Element) -> None:
    """Accept, in place, every tracked change in the XML part ``root``."""
    # Row and cell deletions first: the whole row or cell goes.
    for trpr in list(root.iter(_W_TRPR)):
        marks = [c for c in trpr if c.tag in (_W_DEL, _W_INS)]
        if any(m.tag == _W_DEL for m in marks):
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
    # Paragraph marks: inserted marks become plain, deleted marks join paragraphs.
    joins = []
    for rpr in list(root.iter(W_RPR)):
        ppr = rpr.getparent()
        if ppr is None or ppr.tag != W_PPR:
            continue
        for mark in list(rpr):
            if mark.tag in (_W_INS, _W_MOVETO):
                rpr.remove(mark)
            elif mark.tag in (_W_DEL, _W_MOVEFROM):
                rpr.remove(mark)
                paragraph = ppr.getparent()
                if paragraph is not None and paragraph.tag == W_P:
                    joins.append(paragraph)
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
    return element.tag in (qn("w:tbl"), qn("w:sdt"), W_P)
