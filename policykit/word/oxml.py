"""Build WordprocessingML elements for rendering: paragraphs, runs, links, lists, tables.

The schema-level layer under ``render`` and ``markdown``: small functions that return lxml
elements, built with ``qn()``. Text is always set as element text, never pasted as XML, so
whatever the content holds (``<``, ``&``, ``{{ }}``) reaches the page literally.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from policykit.errors import TemplateError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# -- Tag and attribute names: the one vocabulary (redline reads and marks with these) --------
W_NS = W
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
_PREFIXES = {"w": W_NS, "m": M_NS, "r": R_NS, "wp": WP_NS, "w14": W14_NS}


def qn(tag: str) -> str:
    """Return the Clark name of a prefixed name: ``qn("w:p")`` is ``{...main}p``.

    As python-docx's ``docx.oxml.ns.qn`` (its prefixes read for any other than these),
    without importing python-docx: a comparison never needs it.
    """
    prefix, name = tag.split(":")
    uri = _PREFIXES.get(prefix)
    if uri is None:
        from docx.oxml.ns import nsmap

        uri = nsmap[prefix]
    return f"{{{uri}}}{name}"


W_BODY, W_P, W_R, W_T, W_PPR, W_RPR = (
    qn("w:body"), qn("w:p"), qn("w:r"), qn("w:t"), qn("w:pPr"), qn("w:rPr"))
W_TAB, W_BR, W_CR = qn("w:tab"), qn("w:br"), qn("w:cr")
W_DELTEXT, W_INSTR, W_DELINSTR = qn("w:delText"), qn("w:instrText"), qn("w:delInstrText")
W_INS, W_DEL = qn("w:ins"), qn("w:del")
W_MOVEFROM, W_MOVETO = qn("w:moveFrom"), qn("w:moveTo")
W_TBL, W_TR, W_TC, W_TRPR, W_TBLPREX = (
    qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:trPr"), qn("w:tblPrEx"))
W_SECTPR, W_PPRCHANGE, W_RPRCHANGE = qn("w:sectPr"), qn("w:pPrChange"), qn("w:rPrChange")
W_ID, W_AUTHOR, W_DATE, W_NAME = qn("w:id"), qn("w:author"), qn("w:date"), qn("w:name")
W_TYPE, W_VAL, W_PSTYLE, W_OUTLINE = qn("w:type"), qn("w:val"), qn("w:pStyle"), qn("w:outlineLvl")
W_TRPRCHANGE = qn("w:trPrChange")
W_STYLE, W_STYLEID, W_NUMPR = qn("w:style"), qn("w:styleId"), qn("w:numPr")
W_SDT, W_SDTCONTENT = qn("w:sdt"), qn("w:sdtContent")
W_TXBX = qn("w:txbxContent")
W_HDRREF, W_FTRREF = qn("w:headerReference"), qn("w:footerReference")
W_FLDCHAR, W_FLDCHARTYPE = qn("w:fldChar"), qn("w:fldCharType")
W_FNREF, W_ENREF = qn("w:footnoteReference"), qn("w:endnoteReference")
W_NBH, W_SOFTH, W_SYM = qn("w:noBreakHyphen"), qn("w:softHyphen"), qn("w:sym")
W_LRPB = qn("w:lastRenderedPageBreak")
W_COMMENTREF, W_ANNOTREF = qn("w:commentReference"), qn("w:annotationRef")
M_R, M_OMATH, M_OMATHPARA = f"{{{M_NS}}}r", f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"
R_ID = f"{{{R_NS}}}id"
WP_DOCPR, WP_ANCHOR = f"{{{WP_NS}}}docPr", f"{{{WP_NS}}}anchor"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
# -- end of the vocabulary block ----------------------------------------------------------------
# -- More names of the same vocabulary, read by the importer ----------------------------------
W_BASEDON, W_DEFAULT = qn("w:basedOn"), qn("w:default")
W_ILVL, W_NUMID = qn("w:ilvl"), qn("w:numId")
W_ABSTRACTNUM, W_ABSTRACTNUMID, W_NUM = qn("w:abstractNum"), qn("w:abstractNumId"), qn("w:num")
W_LVL, W_LVLOVERRIDE, W_STARTOVERRIDE = qn("w:lvl"), qn("w:lvlOverride"), qn("w:startOverride")
W_NUMFMT, W_START = qn("w:numFmt"), qn("w:start")
W_B, W_I, W_VANISH, W_RSTYLE = qn("w:b"), qn("w:i"), qn("w:vanish"), qn("w:rStyle")
W_HYPERLINK, W_ANCHOR, W_FLDSIMPLE, W_INSTR_ATTR = (
    qn("w:hyperlink"), qn("w:anchor"), qn("w:fldSimple"), qn("w:instr"))
W_SDTPR, W_SHOWINGPLCHDR = qn("w:sdtPr"), qn("w:showingPlcHdr")
W_DOCPARTOBJ, W_DOCPARTGALLERY = qn("w:docPartObj"), qn("w:docPartGallery")
W_SMARTTAG, W_CUSTOMXML, W_DIR, W_BDO = (
    qn("w:smartTag"), qn("w:customXml"), qn("w:dir"), qn("w:bdo"))
W_PTAB, W_DRAWING, W_PICT, W_OBJECT = qn("w:ptab"), qn("w:drawing"), qn("w:pict"), qn("w:object")
W_TCPR, W_GRIDSPAN, W_ALTCHUNK = qn("w:tcPr"), qn("w:gridSpan"), qn("w:altChunk")
W_LANG, W_THEMEFONTLANG = qn("w:lang"), qn("w:themeFontLang")
MC_ALTERNATECONTENT = f"{{{MC_NS}}}AlternateContent"


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """Return a new element ``tag`` (``w:p``) with ``w:``-qualified attributes and children."""
    element = etree.Element(qn(tag))
    if attrs:
        for key, value in attrs.items():
            element.set(qn(key), value)
    for child in children:
        element.append(child)
    return element


def val(tag: str, value: str) -> etree._Element:
    """Return ``<tag w:val="value"/>``."""
    return el(tag, {"w:val": value})


def val_of(element: etree._Element | None, default: str | None = None) -> str | None:
    """Return an element's ``w:val`` (``default`` when the element or the value is absent)."""
    return default if element is None else element.get(W_VAL, default)


def toggle_of(element: etree._Element | None) -> bool | None:
    """Return a toggle property's value (``<w:b/>`` is on), or None when it is absent."""
    if element is None:
        return None
    return (val_of(element, "true") or "true").lower() in ("1", "true", "on")


def text_of(element: etree._Element) -> str:
    """Return the text of every ``w:t`` inside ``element``, joined."""
    return "".join(t.text or "" for t in element.iter(W_T))


@dataclass(frozen=True)
class RunStyle:
    """The character formatting of a run of text."""

    bold: bool = False
    italic: bool = False
    strike: bool = False
    style_id: str | None = None

    def properties(self) -> etree._Element | None:
        """Return the run's ``w:rPr``, or None when it has no formatting."""
        if not (self.bold or self.italic or self.strike or self.style_id):
            return None
        rpr = el("w:rPr")
        if self.style_id:
            rpr.append(val("w:rStyle", self.style_id))
        if self.bold:
            rpr.append(el("w:b"))
        if self.italic:
            rpr.append(el("w:i"))
        if self.strike:
            rpr.append(el("w:strike"))
        return rpr


def run(text: str, style: RunStyle | None = None) -> etree._Element:
    """Return a ``w:r`` holding ``text``; tabs become ``w:tab`` elements."""
    r = el("w:r")
    if style is not None and (rpr := style.properties()) is not None:
        r.append(rpr)
    for index, piece in enumerate(text.split("\t")):
        if index:
            r.append(el("w:tab"))
        if piece:
            t = etree.SubElement(r, qn("w:t"))
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(XML_SPACE, "preserve")
    return r


def line_break() -> etree._Element:
    """Return a run holding a line break."""
    return el("w:r", None, el("w:br"))


def paragraph(
    style_id: str | None = None,
    runs: Iterable[etree._Element] = (),
    *,
    num: tuple[int, int] | None = None,
    align: str | None = None,
    keep_next: bool = False,
) -> etree._Element:
    """Return a ``w:p`` with a style, optional list numbering (numId, ilvl), and runs."""
    p = el("w:p")
    if style_id or num or align or keep_next:
        ppr = etree.SubElement(p, W_PPR)
        if style_id:
            ppr.append(val("w:pStyle", style_id))
        if keep_next:
            ppr.append(el("w:keepNext"))
        if num:
            ppr.append(el("w:numPr", None, val("w:ilvl", str(num[1])), val("w:numId", str(num[0]))))
        if align:
            ppr.append(val("w:jc", align))
    for r in runs:
        p.append(r)
    return p


def hyperlink(part, url: str, runs: Iterable[etree._Element]) -> etree._Element:
    """Return a ``w:hyperlink`` to an external ``url``, related from ``part``."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rid = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = el("w:hyperlink")
    link.set(qn("r:id"), rid)
    link.set(qn("w:history"), "1")
    for r in runs:
        link.append(r)
    return link


def table(
    rows: list[list[list[etree._Element]]],
    style_id: str | None,
    *,
    header: bool = True,
    widths: list[int] | None = None,
    align: list[str | None] | None = None,
) -> etree._Element:
    """Return a ``w:tbl``: rows of cells of paragraphs; the first row repeats on each page.

    No row splits across pages.
    """
    columns = max((len(r) for r in rows), default=1)
    tbl = el("w:tbl")
    tbl_pr = etree.SubElement(tbl, qn("w:tblPr"))
    if style_id:
        tbl_pr.append(val("w:tblStyle", style_id))
    tbl_pr.append(el("w:tblW", {"w:w": "5000", "w:type": "pct"}))
    tbl_pr.append(el("w:tblLook", {
        "w:val": "04A0" if header else "0400", "w:firstRow": "1" if header else "0",
        "w:lastRow": "0", "w:firstColumn": "0", "w:lastColumn": "0",
        "w:noHBand": "1", "w:noVBand": "1",
    }))
    grid = etree.SubElement(tbl, qn("w:tblGrid"))
    widths = widths or [9000 // columns] * columns
    for width in widths:
        grid.append(el("w:gridCol", {"w:w": str(width)}))
    for index, cells in enumerate(rows):
        tr = etree.SubElement(tbl, qn("w:tr"))
        if header and index == 0:
            tr.append(el("w:trPr", None, el("w:tblHeader"), el("w:cantSplit")))
        else:  # a row never splits across pages
            tr.append(el("w:trPr", None, el("w:cantSplit")))
        for column in range(columns):
            tc = etree.SubElement(tr, qn("w:tc"))
            tc.append(el("w:tcPr", None, el("w:tcW", {"w:w": str(widths[column]),
                                                        "w:type": "dxa"})))
            content = cells[column] if column < len(cells) else []
            for p in content or [paragraph()]:
                if align and column < len(align) and align[column]:
                    ppr = p.find(qn("w:pPr"))
                    if ppr is None:
                        ppr = el("w:pPr")
                        p.insert(0, ppr)
                    ppr.append(val("w:jc", align[column]))
                tc.append(p)
    return tbl


BULLETS = ("\u2022", "\u25e6", "\u25aa")
NUMBER_FORMATS = (("decimal", "%{}."), ("lowerLetter", "%{}."), ("lowerRoman", "%{}."))
# Lists inside numbered paragraphs, as legal drafting letters them: (a), (i), (A).
LEGAL_FORMATS = (("lowerLetter", "(%{})"), ("lowerRoman", "(%{})"), ("upperLetter", "(%{})"))


class Numbering:
    """Add list definitions to a document's numbering part: one bullet list, fresh numbers.

    Each ordered list gets its own ``w:num`` so it restarts at its first number, as Word
    does when you start a new numbered list. With ``legal`` (a document whose paragraphs
    are numbered 4.1, 4.2), ordered lists are lettered as legal drafting letters them:
    (a), (b), then (i), (ii), then (A), (B); every list, bulleted or ordered, then starts
    ``indent`` twips in, under the text of the numbered paragraph it belongs to.
    """

    def __init__(self, numbering_element: etree._Element, *, legal: bool = False,
                 indent: int = 0) -> None:
        self.root = numbering_element
        self.legal = legal
        self.indent = indent
        abstract_ids = [
            int(a.get(qn("w:abstractNumId"))) for a in self.root.iter(qn("w:abstractNum"))
        ]
        num_ids = [int(n.get(qn("w:numId"))) for n in self.root.iter(qn("w:num"))]
        self._next_abstract = max(abstract_ids, default=0) + 1
        self._next_num = max(num_ids, default=0) + 1
        self._bullet_abstract = self._add_abstract("bullet")
        self._number_abstract = self._add_abstract("number")
        self._bullet_num: int | None = None

    def _add_abstract(self, kind: str) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        abstract = el("w:abstractNum", {"w:abstractNumId": str(abstract_id)})
        abstract.append(val("w:multiLevelType", "hybridMultilevel"))
        abstract.append(val("w:name", f"policykit {kind}"))
        for level in range(9):
            lvl = el("w:lvl", {"w:ilvl": str(level)})
            lvl.append(val("w:start", "1"))
            if kind == "bullet":
                lvl.append(val("w:numFmt", "bullet"))
                lvl.append(val("w:lvlText", BULLETS[level % 3]))
            else:
                fmt, text = (LEGAL_FORMATS if self.legal else NUMBER_FORMATS)[level % 3]
                lvl.append(val("w:numFmt", fmt))
                lvl.append(val("w:lvlText", text.format(level + 1)))
            lvl.append(val("w:lvlJc", "left"))
            hanging = 567 if self.legal and kind != "bullet" else 397
            left = self.indent + 567 * level + hanging if self.legal else 567 * (level + 1)
            lvl.append(el("w:pPr", None, el("w:ind", {"w:left": str(left),
                                                      "w:hanging": str(hanging)})))
            if kind == "bullet":
                lvl.append(el("w:rPr", None, el("w:rFonts", {
                    "w:ascii": "Arial", "w:hAnsi": "Arial", "w:hint": "default"})))
            abstract.append(lvl)
        existing = self.root.findall(qn("w:abstractNum"))
        if existing:
            existing[-1].addnext(abstract)
        else:
            self.root.insert(0, abstract)
        return abstract_id

    def _add_num(self, abstract_id: int, start: int | None = None, level: int = 0) -> int:
        num_id = self._next_num
        self._next_num += 1
        num = el("w:num", {"w:numId": str(num_id)}, val("w:abstractNumId", str(abstract_id)))
        if start is not None:
            override = el("w:lvlOverride", {"w:ilvl": str(level)},
                          val("w:startOverride", str(start)))
            num.append(override)
        self.root.append(num)
        return num_id

    def bullets(self) -> int:
        """Return the numId shared by every bulleted list."""
        if self._bullet_num is None:
            self._bullet_num = self._add_num(self._bullet_abstract)
        return self._bullet_num

    def numbers(self, start: int = 1, level: int = 0) -> int:
        """Return a new numId for an ordered list at ``level`` (0-8) that starts at ``start``.

        The start is set on the list's own level: set on level 0 for a nested list, it
        restarted the list around it (the importer read "2." after a nested list as "1.").
        """
        return self._add_num(self._number_abstract, start, min(level, MAX_LIST_LEVEL))


MAX_LIST_LEVEL = 8  # w:ilvl runs from 0 to 8: deeper lists are drawn at the ninth level

# Styles policykit can add to a brand kit that lacks them: (WD_STYLE_TYPE name, base style).
ADDABLE_STYLES = {
    "Hyperlink": ("CHARACTER", None),
    "Code": ("CHARACTER", None),
    "Numbered Heading": ("PARAGRAPH", "Heading 1"),
    "Numbered Paragraph": ("PARAGRAPH", "Normal"),
    "Table Label": ("PARAGRAPH", "Normal"),
}


class StyleIds:
    """Map the style names the renderer uses to the template's style ids.

    A template missing one of policykit's own helper styles (Hyperlink, Code, Numbered
    Heading, Numbered Paragraph, Table Label) gets a plain one added; any other missing
    style is an error.
    """

    def __init__(self, document, source: str) -> None:
        self._styles = document.styles
        self._source = source
        self._cache: dict[str, str] = {}

    def _add(self, name: str) -> str:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import Cm, RGBColor

        kind, base = ADDABLE_STYLES[name]
        style = self._styles.add_style(name, WD_STYLE_TYPE[kind])
        if base is not None and base in [s.name for s in self._styles]:
            style.base_style = self._styles[base]
        if name == "Hyperlink":
            style.font.underline = True
            style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        elif name == "Code":
            style.font.name = "Courier New"
        elif name == "Numbered Paragraph":
            style.paragraph_format.left_indent = Cm(1.25)
            style.paragraph_format.first_line_indent = Cm(-1.25)
        return style.style_id

    def __getitem__(self, name: str) -> str:
        if name not in self._cache:
            try:
                self._cache[name] = self._styles[name].style_id
            except KeyError:
                if name in ADDABLE_STYLES:
                    self._cache[name] = self._add(name)
                    return self._cache[name]
                raise TemplateError(
                    f"{self._source} has no style named {name!r}; add it to the template "
                    "(python tools/make_brandkit.py shows the styles policykit uses)"
                ) from None
        return self._cache[name]

    def get(self, name: str, fallback: str) -> str:
        """Return the id of ``name``, or of ``fallback`` when the template lacks it."""
        try:
            return self[name]
        except TemplateError:
            return self[fallback]


__all__ = [
    "MAX_LIST_LEVEL",
    "Numbering",
    "RunStyle",
    "StyleIds",
    "el",
    "hyperlink",
    "line_break",
    "paragraph",
    "run",
    "table",
    "text_of",
    "toggle_of",
    "val",
    "val_of",
]
