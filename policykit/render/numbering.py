"""Number sections (4.) and their paragraphs (4.1, 4.2) with a Word list bound to two styles.

A numbered document's section headings and paragraphs are not typed digits: the
``Numbered Heading`` style carries level 1 of a multi-level list ("%1.") and the
``Numbered Paragraph`` style level 2 ("%1.%2"), and each level names its style
(``w:pStyle``), as Word's own heading numbering does. Level 2 restarts after every level
1 item, so the numbers Word and LibreOffice show are the ones
:class:`policykit.render.labels.SectionNumbers` computes for the HTML pages; a renumbering
then changes no text. The brand kit (tools/make_brandkit.py) binds its styles with
:func:`bind_section_numbering`; the renderer binds a council's own kit that lacks it.
"""

from __future__ import annotations

from lxml import etree

from policykit.word.oxml import (
    W_ABSTRACTNUM,
    W_ABSTRACTNUMID,
    W_NUM,
    W_NUMID,
    W_NUMPR,
    W_PPR,
    W_STYLE,
    W_STYLEID,
    W_VAL,
    el,
    val,
)

LIST_NAME = "policykit sections"
# Children that come before w:pPr in a w:style, and before w:numPr in a w:pPr (the schema's order).
_BEFORE_PPR = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
               "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal",
               "personalCompose", "personalReply", "rsid")
_BEFORE_NUMPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")
# (list text, paragraph indent in twips: left and hanging) per level; 709 twips = 1.25 cm,
# the Numbered Paragraph style's own indent and tab stop, so the text lines up as before.
LEVELS = (("%1.", None), ("%1.%2", (709, 709)))
# Where a numbered paragraph's text starts: the lists inside it start there too.
PARAGRAPH_TEXT_INDENT = LEVELS[1][1][0]


def _style(styles_root: etree._Element, style_id: str) -> etree._Element:
    for style in styles_root.iter(W_STYLE):
        if style.get(W_STYLEID) == style_id:
            return style
    raise KeyError(style_id)


def _bound_num(style: etree._Element) -> str | None:
    num_id = style.find(f"{W_PPR}/{W_NUMPR}/{W_NUMID}")
    return None if num_id is None else num_id.get(W_VAL)


def bind_section_numbering(numbering_root: etree._Element, styles_root: etree._Element,
                           heading_style: str, paragraph_style: str) -> int:
    """Bind the two styles (by id) to one section list and return its ``w:numId``.

    Styles already bound (a brand kit made by tools/make_brandkit.py) are left as they
    are and their list's id returned; otherwise a two-level list is added to the numbering
    part and ``w:numPr`` to each style.
    """
    heading, paragraph = _style(styles_root, heading_style), _style(styles_root, paragraph_style)
    bound = _bound_num(heading)
    if bound is not None and bound == _bound_num(paragraph):
        return int(bound)
    abstract_id = 1 + max(_ids(numbering_root, W_ABSTRACTNUM, W_ABSTRACTNUMID), default=-1)
    num_id = 1 + max(_ids(numbering_root, W_NUM, W_NUMID), default=0)
    abstract = el("w:abstractNum", {"w:abstractNumId": str(abstract_id)},
                  val("w:multiLevelType", "multilevel"), val("w:name", LIST_NAME))
    for level, ((text, indent), style_id) in enumerate(
            zip(LEVELS, (heading_style, paragraph_style), strict=True)):
        lvl = el("w:lvl", {"w:ilvl": str(level)}, val("w:start", "1"), val("w:numFmt", "decimal"),
                 val("w:pStyle", style_id), val("w:lvlText", text), val("w:lvlJc", "left"))
        if indent is not None:
            lvl.append(el("w:pPr", None, el("w:ind", {"w:left": str(indent[0]),
                                                      "w:hanging": str(indent[1])})))
        abstract.append(lvl)
    existing = numbering_root.findall(W_ABSTRACTNUM)
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering_root.insert(0, abstract)
    numbering_root.append(el("w:num", {"w:numId": str(num_id)},
                             val("w:abstractNumId", str(abstract_id))))
    for level, style in enumerate((heading, paragraph)):
        ppr = style.find(W_PPR)
        if ppr is None:
            ppr = el("w:pPr")
            _insert_after(style, ppr, _BEFORE_PPR)
        old = ppr.find(W_NUMPR)
        if old is not None:
            ppr.remove(old)
        number = el("w:numPr", None, val("w:ilvl", str(level)), val("w:numId", str(num_id)))
        _insert_after(ppr, number, _BEFORE_NUMPR)
    return num_id


def _ids(root: etree._Element, tag: str, attribute: str) -> list[int]:
    """Return the numeric ``attribute`` of every ``tag`` element (others are ignored)."""
    return [int(value) for element in root.iter(tag)
            if (value := element.get(attribute) or "").isdigit()]


def _insert_after(parent: etree._Element, child: etree._Element, before: tuple[str, ...]) -> None:
    """Insert ``child`` after the last child of ``parent`` named in ``before``, else first."""
    earlier = [c for c in parent if etree.QName(c).localname in before]
    if earlier:
        earlier[-1].addnext(child)
    else:
        parent.insert(0, child)


__all__ = ["LIST_NAME", "PARAGRAPH_TEXT_INDENT", "bind_section_numbering"]
