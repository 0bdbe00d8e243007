"""Read a checked .docx into what the Word rules need: paragraphs, runs, links, objects."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from policykit.check.colour import parse_hex
from policykit.check.docx_styles import RunFormat, StyleSheet, w, wval
from policykit.word.inputs import DocxPackage, parse_xml

R, P, TBL, HYPERLINK, FLDSIMPLE = w("r"), w("p"), w("tbl"), w("hyperlink"), w("fldSimple")
FLDCHAR, INSTR, RENDERED_BREAK = w("fldChar"), w("instrText"), w("lastRenderedPageBreak")
_RUN_CONTAINERS = frozenset(w(t) for t in (
    "ins", "smartTag", "customXml", "moveTo", "sdt", "sdtContent", "dir", "bdo"))
_BLOCK_CONTAINERS = frozenset(w(t) for t in ("sdt", "sdtContent", "customXml", "ins"))
_OBJECTS = frozenset(w(t) for t in ("drawing", "pict", "object"))
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ALTERNATE, CHOICE = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice"
_TEXT = {w("t"): None, w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


@dataclass
class Run:
    """A run's text, effective formatting and whether it sits in a hyperlink."""

    text: str
    fmt: RunFormat
    link: int | None  # an id shared by the runs of one link


@dataclass
class Paragraph:
    """One paragraph in reading order, with the context the rules report."""

    index: int
    text: str
    style: str | None
    level: int | None
    numbered: bool
    in_table: bool
    background: str
    runs: list[Run] = field(default_factory=list)
    objects: list[etree._Element] = field(default_factory=list)
    heading: str | None = None
    page: int | None = None
    tracked_deletion: bool = False  # holds deleted text: a redline shows it struck through


@dataclass
class WordDocument:
    """The parts of a .docx the rules read."""

    name: str
    body: etree._Element
    styles: StyleSheet
    core: etree._Element | None
    settings: etree._Element | None
    paragraphs: list[Paragraph]
    tables: list[etree._Element]


def _part(package: DocxPackage, member: str) -> etree._Element | None:
    data = package.members.get(member)
    return parse_xml(data, package.name, member) if data else None


def read_word(package: DocxPackage) -> WordDocument:
    """Return the paragraphs, tables and styles of a .docx already checked by ``read_docx``."""
    root = parse_xml(package.members["word/document.xml"], package.name, "word/document.xml")
    theme = next((m for m in package.members if m.startswith("word/theme/")), None)
    styles = StyleSheet.parse(_part(package, "word/styles.xml"),
                              _part(package, theme) if theme else None)
    body = root.find(w("body"))
    if body is None:
        body = etree.SubElement(root, w("body"))
    page = parse_hex(wval(root.find(w("background")), "color")) or "FFFFFF"
    doc = WordDocument(package.name, body, styles, _part(package, "docProps/core.xml"),
                       _part(package, "word/settings.xml"), [], list(body.iter(TBL)))
    heading: str | None = None
    rendered = next(body.iter(RENDERED_BREAK), None) is not None
    number = 1
    for element, in_table, background in _blocks(body, False, page):
        para = _paragraph(element, len(doc.paragraphs) + 1, styles, in_table, background)
        if para.level is not None:
            heading = para.text.strip() or heading
        para.heading = heading
        if rendered:  # Word saved where its pages broke: give page numbers as Word shows them
            para.page = number + (next(element.iter(RENDERED_BREAK), None) is not None
                                  and _starts_with_break(element))
            number += sum(1 for _ in element.iter(RENDERED_BREAK))
        doc.paragraphs.append(para)
    return doc


def _starts_with_break(element: etree._Element) -> bool:
    """Return whether the paragraph's first rendered page break comes before any text."""
    for node in element.iter(RENDERED_BREAK, w("t")):
        return node.tag == RENDERED_BREAK
    return False


def _blocks(parent: etree._Element, in_table: bool, background: str
            ) -> Iterator[tuple[etree._Element, bool, str]]:
    for child in parent:
        if child.tag == P:
            yield child, in_table, background
        elif child.tag == TBL:
            for row in children(child, w("tr")):
                for cell in children(row, w("tc")):
                    fill = parse_hex(wval(cell.find(f"{w('tcPr')}/{w('shd')}"), "fill"))
                    yield from _blocks(cell, True, fill or background)
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _blocks(child, in_table, background)


def children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield the children of ``parent`` with ``tag``, looking inside content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from children(child, tag)


def _runs(parent: etree._Element, link: int | None) -> Iterator[tuple[etree._Element, int | None]]:
    for child in parent:
        tag = child.tag
        if tag == R:
            yield child, link
        elif tag == HYPERLINK:
            yield from _runs(child, id(child))
        elif tag == FLDSIMPLE:
            instr = child.get(w("instr")) or ""
            yield from _runs(child, id(child) if "HYPERLINK" in instr.upper() else link)
        elif tag in _RUN_CONTAINERS:
            yield from _runs(child, link)


class _Fields:
    """Follow complex fields across runs: is the current run a HYPERLINK field's result?"""

    def __init__(self) -> None:
        self.state = ""
        self.link: int | None = None

    def see(self, child: etree._Element) -> None:
        if child.tag == FLDCHAR:
            kind = wval(child, "fldCharType")
            self.state = {"begin": "instr", "separate": self.state and "result"}.get(
                kind or "", "")
            if kind == "begin":
                self.link = None
        elif child.tag == INSTR and "HYPERLINK" in (child.text or "").upper():
            self.link = id(child)

    @property
    def result_link(self) -> int | None:
        return self.link if self.state == "result" else None


def _run_text(run: etree._Element, objects: list[etree._Element], fields: _Fields) -> str:
    text: list[str] = []
    for child in run:
        tag = child.tag
        if tag in _TEXT:
            text.append(child.text or "" if _TEXT[tag] is None else _TEXT[tag])
        elif tag in _OBJECTS:
            objects.append(child)
        elif tag == ALTERNATE:
            choice = child.find(CHOICE)
            objects.extend(c for c in (choice if choice is not None else ())
                           if c.tag in _OBJECTS)
        else:
            fields.see(child)
    return "".join(text)


def _paragraph(element: etree._Element, index: int, styles: StyleSheet, in_table: bool,
               background: str) -> Paragraph:
    ppr = element.find(w("pPr"))
    style = wval(ppr.find(w("pStyle"))) if ppr is not None else None
    level = styles.heading_level(style)
    numbered = styles.numbered(style)
    if ppr is not None:
        outline = wval(ppr.find(w("outlineLvl")))
        if outline is not None and outline.isdigit():
            level = int(outline) + 1 if int(outline) < 9 else None
        numbered = numbered or ppr.find(w("numPr")) is not None
        background = parse_hex(wval(ppr.find(w("shd")), "fill")) or background
    para = Paragraph(index, "", style, level, numbered, in_table, background)
    para.tracked_deletion = next(element.iter(w("delText")), None) is not None
    base = styles.run_format(style, None)
    fields = _Fields()
    for run, link in _runs(element, None):
        rpr = run.find(w("rPr"))
        run_style = wval(rpr.find(w("rStyle"))) if rpr is not None else None
        fmt = styles.apply(styles.run_format(style, run_style) if run_style else base, rpr)
        text = _run_text(run, para.objects, fields)
        para.runs.append(Run(text, fmt, link or fields.result_link))
    para.text = "".join(run.text for run in para.runs)
    return para


__all__ = ["Paragraph", "Run", "WordDocument", "children", "read_word"]
