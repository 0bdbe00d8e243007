"""Turn an existing Word policy (.docx bytes) into a policykit content file (Markdown text).

Pure: bytes in, text out. The document's XML is walked directly, body children in order
(``w:p``, ``w:tbl``, ``w:sdt`` content, ``w:ins`` wrappers), because python-docx's
``Document.paragraphs`` skips paragraphs inside tracked insertions. Tracked changes are
imported in their accepted state: inserted text is kept, deleted text dropped.

What maps to what:

- Title / Subtitle styles -> front matter ``title`` / ``subtitle`` (not in the body);
- Heading N (or a style with an outline level) -> ``#`` * N, capped at six;
- list paragraphs (``w:numPr`` on the paragraph or its style) -> ``-`` or ``1.`` from the
  numbering definition's ``w:numFmt``; nesting from ``w:ilvl`` plus the digit of styles
  such as "List Bullet 2", whose numbering has a single level;
- Quote / Intense Quote -> ``>``; tables -> GFM tables, first row as the header, a merged
  cell's text once with blank cells where it spanned;
- bold / italic runs -> ``**`` / ``*``; external http(s)/mailto/tel hyperlinks -> links;
- a "Document control" heading and its two-column table -> front matter (owner, version,
  status, approval); a classification from the Classification custom property, a marking
  in a header or footer, or a marking line in the body (which is not body text);
- typed section numbers ("2. Scope", "2.1 Staff...") or Word-numbered level-1 headings ->
  ``number_paragraphs: true``, the typed numbers stripped since build computes them.

Every line is checked by parsing it back with build's own Markdown parser: if the
formatting cannot be written so that the text reads the same, the line is written plain
and a note says so.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree
from pydantic import ValidationError

from policykit import content
from policykit.content.models import Classification
from policykit.errors import ContentError, InputError
from policykit.render.markdown import parse_inline
from policykit.word.inputs import parse_xml, read_docx

_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MARKING = re.compile(r"^\s*classification\s*:\s*(?P<value>.+?)\s*$", re.I)
_BARE_LEVEL = re.compile(r"^\s*(OFFICIAL(-SENSITIVE)?( [A-Z]+)?|SECRET|TOP SECRET)\s*$")
_HEADING_NUMBER = re.compile(r"^\d{1,2}\.?[ \t\u00a0]+(?=\S)")  # "2. Scope", as build numbers
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\d{1,3}\.?[ \t\u00a0]+(?=\S)")  # "2.1 Staff..."
_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
_NOT_IMPORTED = [
    (qn("w:footnoteReference"), "footnotes"),
    (qn("w:endnoteReference"), "endnotes"),
    (qn("w:commentReference"), "comments"),
    (qn("m:oMath"), "equations"),
    (qn("w:altChunk"), "embedded HTML or RTF chunks"),
]
_APPENDIX = re.compile(r"^\s*Appendix\s+(?P<letter>[A-Z])\s*$")
_DELETED_MARK = f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}"
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_TRUE = {"1", "true", "on"}


@dataclass(frozen=True)
class Piece:
    """A stretch of run text with its formatting; ``"\\n"`` in ``text`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass
class ImportCounts:
    """How many of each kind of block the import wrote."""

    headings: int = 0
    paragraphs: int = 0
    lists: int = 0
    list_items: int = 0
    tables: int = 0

    def __str__(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return (f"{n(self.headings, 'heading')}, {n(self.paragraphs, 'paragraph')}, "
                f"{n(self.lists, 'list')} ({n(self.list_items, 'item')}), "
                f"{n(self.tables, 'table')}")


@dataclass
class WordPolicy:
    """What was read from a Word policy: its body as Markdown and what it says about itself.

    ``control`` holds the rows of a two-column "Document control" table (lower-case label ->
    value), which is front matter rather than body.
    """

    body: str
    title: str | None
    subtitle: str | None
    author: str | None
    control: dict[str, str]
    classification: str | None
    number_paragraphs: bool
    counts: ImportCounts
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportedPolicy:
    """A content file made from a Word policy, ready to write to ``content/<id>.md``."""

    doc_id: str
    text: str
    title: str
    owner: str
    classification: str
    policy: WordPolicy
    notes: list[str]


# ---------------------------------------------------------------- opening the package


def _open(data: bytes, source: str) -> docx.document.Document:
    """Check the bytes with :mod:`policykit.inputs` (zip bombs, DTDs, .doc...), then open."""
    package = read_docx(data, source)
    for member, blob in package.members.items():
        if member.endswith((".xml", ".rels")):
            parse_xml(blob, source, member)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError,
            zipfile.BadZipFile) as exc:
        raise InputError(f"{source} cannot be read as a Word document ({exc}); "
                         "open it in Word and save it again as .docx") from None


# ---------------------------------------------------------------- styles and numbering


def _val(element: etree._Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(qn("w:val"), default)


def _on(element: etree._Element | None) -> bool | None:
    """Return a toggle property's value (``<w:b/>`` is on), or None when absent."""
    return None if element is None else (_val(element, "true") or "true").lower() in _TRUE


@dataclass
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None
    bold: bool | None
    italic: bool | None


class _Catalogue:
    """Styles and numbering definitions of one document, resolved through ``basedOn``."""

    def __init__(self, document: docx.document.Document) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        styles_root = document.styles.element
        for element in styles_root.iter(qn("w:style")):
            style_id = element.get(qn("w:styleId")) or ""
            ppr, rpr = element.find(qn("w:pPr")), element.find(qn("w:rPr"))
            num = ppr.find(qn("w:numPr")) if ppr is not None else None
            ilvl = _val(num.find(qn("w:ilvl"))) if num is not None else None
            outline = _val(ppr.find(qn("w:outlineLvl"))) if ppr is not None else None
            self.styles[style_id] = _Style(
                name=(_val(element.find(qn("w:name"))) or style_id).lower(),
                based_on=_val(element.find(qn("w:basedOn"))),
                num_id=_val(num.find(qn("w:numId"))) if num is not None else None,
                ilvl=int(ilvl) if ilvl and ilvl.isdigit() else None,
                outline=int(outline) if outline and outline.isdigit() else None,
                bold=_on(rpr.find(qn("w:b"))) if rpr is not None else None,
                italic=_on(rpr.find(qn("w:i"))) if rpr is not None else None,
            )
            if element.get(qn("w:type")) == "paragraph" and element.get(qn("w:default")) in (
                    "1", "true"):
                self.default_paragraph = style_id
        self.formats: dict[tuple[str, int], str] = {}
        self.abstract_of: dict[str, str] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.restarts: dict[tuple[str, int], int] = {}  # w:startOverride of a w:num
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        if numbering is not None:
            abstract = {a.get(qn("w:abstractNumId")): a
                        for a in numbering.iter(qn("w:abstractNum"))}
            for num in numbering.iter(qn("w:num")):
                abstract_id = _val(num.find(qn("w:abstractNumId"))) or ""
                self.abstract_of[num.get(qn("w:numId")) or ""] = abstract_id
                levels = abstract.get(abstract_id)
                lvls = list(levels.iter(qn("w:lvl"))) if levels is not None else []
                num_id = num.get(qn("w:numId")) or ""
                for override in num.iter(qn("w:lvlOverride")):
                    lvls.extend(override.iter(qn("w:lvl")))
                    start = _val(override.find(qn("w:startOverride")))
                    if start and start.isdigit():
                        self.restarts[(num_id, int(override.get(qn("w:ilvl"), 0)))] = int(start)
                for lvl in lvls:
                    key = (num_id, int(lvl.get(qn("w:ilvl"), 0)))
                    self.formats[key] = _val(lvl.find(qn("w:numFmt")), "decimal") or "decimal"
                    start = _val(lvl.find(qn("w:start")), "1") or "1"
                    self.starts[key] = int(start) if start.isdigit() else 1

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        current = style_id if style_id in self.styles else self.default_paragraph
        while current and current in self.styles and current not in seen:
            seen.add(current)
            yield self.styles[current]
            current = self.styles[current].based_on

    def name(self, style_id: str | None) -> str:
        return next((s.name for s in self.chain(style_id)), "normal")

    def first(self, style_id: str | None, attribute: str) -> object:
        return next((getattr(s, attribute) for s in self.chain(style_id)
                     if getattr(s, attribute) is not None), None)

    def number_format(self, num_id: str, ilvl: int) -> str | None:
        return self.formats.get((num_id, ilvl)) or self.formats.get((num_id, 0))


# ---------------------------------------------------------------- reading inline content


@dataclass
class _Reader:
    document: docx.document.Document
    catalogue: _Catalogue
    source: str
    tracked: bool = False
    pictures: int = 0
    text_boxes: list[etree._Element] = field(default_factory=list)  # read after the paragraph
    text_box_count: int = 0
    symbols: int = 0
    dropped_links: list[str] = field(default_factory=list)
    fields: list[list[str]] = field(default_factory=list)  # [instruction, state] per field

    def link_target(self, element: etree._Element) -> str | None:
        rel_id = element.get(qn("r:id"))
        rel = self.document.part.rels.get(rel_id) if rel_id else None
        if rel is None or not rel.is_external:
            return None
        anchor = element.get(qn("w:anchor"))
        return self.checked_link(rel.target_ref + (f"#{anchor}" if anchor else ""))

    def checked_link(self, url: str) -> str | None:
        url = url.strip()
        if url.lower().startswith(_SAFE_SCHEMES):
            return url
        self.dropped_links.append(url)
        return None

    def field_link(self) -> str | None:
        for instruction, state in reversed(self.fields):
            if state == "result":
                match = re.match(r'\s*HYPERLINK\s+"([^"]+)"', instruction)
                if match:
                    return self.checked_link(match.group(1))
        return None

    def pieces(self, element: etree._Element, link: str | None = None) -> list[Piece]:
        """Return the text of a paragraph's inline content as formatted pieces."""
        out: list[Piece] = []
        for child in element:
            tag = child.tag
            if tag == qn("w:r"):
                out.extend(self.run(child, link))
            elif tag == qn("w:hyperlink"):
                out.extend(self.pieces(child, self.link_target(child) or link))
            elif tag in (qn("w:del"), qn("w:moveFrom")):
                self.tracked = True
            elif tag in (qn("w:ins"), qn("w:moveTo")):
                self.tracked = True
                out.extend(self.pieces(child, link))
            elif tag == qn("w:sdt"):
                inner = child.find(qn("w:sdtContent"))
                if child.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None:
                    continue  # "Click or tap here to enter text."
                if inner is not None:
                    out.extend(self.pieces(inner, link))
            elif tag == qn("w:fldSimple"):
                match = re.match(r'\s*HYPERLINK\s+"([^"]+)"', child.get(qn("w:instr"), ""))
                target = self.checked_link(match.group(1)) if match else None
                out.extend(self.pieces(child, target or link))
            elif tag in (qn("w:smartTag"), qn("w:customXml"), qn("w:dir"), qn("w:bdo")):
                out.extend(self.pieces(child, link))
        return out

    def run(self, run: etree._Element, link: str | None) -> list[Piece]:
        rpr = run.find(qn("w:rPr"))
        char_style = _val(rpr.find(qn("w:rStyle"))) if rpr is not None else None
        bold = _on(rpr.find(qn("w:b"))) if rpr is not None else None
        italic = _on(rpr.find(qn("w:i"))) if rpr is not None else None
        if char_style:
            bold = bold if bold is not None else bool(self.catalogue.first(char_style, "bold"))
            italic = italic if italic is not None else bool(
                self.catalogue.first(char_style, "italic"))
        hidden = rpr is not None and bool(_on(rpr.find(qn("w:vanish"))))
        text: list[str] = []
        for child in run:
            tag = child.tag
            if tag == qn("w:fldChar"):
                kind = child.get(qn("w:fldCharType"))
                if kind == "begin":
                    self.fields.append(["", "instruction"])
                elif kind == "separate" and self.fields:
                    self.fields[-1][1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif self.fields and self.fields[-1][1] == "instruction":
                if tag == qn("w:instrText"):
                    self.fields[-1][0] += child.text or ""
            elif tag == qn("w:t"):
                text.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:ptab")):
                text.append("\t")
            elif tag == qn("w:sym"):
                self.symbols += 1
            elif tag in (qn("w:br"), qn("w:cr")):
                if child.get(qn("w:type"), "textWrapping") == "textWrapping":
                    text.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                text.append("-")
            elif tag in (qn("w:drawing"), qn("w:pict"), qn("w:object"), _MC_ALTERNATE):
                box = next(child.iter(qn("w:txbxContent")), None)  # mc:Choice before Fallback
                if box is not None:
                    self.text_boxes.append(box)
                    self.text_box_count += 1
                else:
                    self.pictures += 1
        joined = _XML_ILLEGAL.sub("", "".join(text))
        if not joined or hidden:
            return []
        return [Piece(joined, bool(bold), bool(italic), link or self.field_link())]


# ---------------------------------------------------------------- writing Markdown


_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_LINE_START = re.compile(r"^([#>+=:-]|\d{1,9}(?=[.)](?:\s|$)))")


def escape(text: str, line_start: bool = False) -> str:
    """Return text with Markdown's special characters escaped so it renders literally."""
    text = re.sub(r"([\\`*_\[\]<|~])", r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if line_start:
        match = _LINE_START.match(text)
        if match:
            if match.group(1).isdigit():
                text = f"{match.group(1)}\\{text[match.end():]}"
            else:
                text = "\\" + text
    return text


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core):]


def _format_line(pieces: list[Piece], italic_mark: str = "*", plain: bool = False) -> str:
    """Write one line of formatted pieces as inline Markdown (no line breaks inside)."""
    out: list[str] = []
    stack: list[str] = []
    pending = ""
    first = True
    marks = {"b": "**", "i": italic_mark}
    groups: list[tuple[str | None, list[Piece]]] = []
    for piece in pieces:
        link = None if plain else piece.link
        if groups and groups[-1][0] == link:
            groups[-1][1].append(piece)
        else:
            groups.append((link, [piece]))
    for link, group in groups:
        if link is not None:
            inner = _format_line([Piece(p.text, p.bold, p.italic) for p in group], italic_mark)
            lead, core, trail = _split_space("".join(p.text for p in group))
            if not core:
                pending += lead
                continue
            while stack:
                out.append(marks[stack.pop()])
            destination = re.sub(r"([()\\])", r"\\\1", link).replace(" ", "%20")
            destination = destination.replace("<", "%3C").replace(">", "%3E")
            out.append(pending + lead + f"[{inner}]({destination})")
            pending, first = trail, False
            continue
        for piece in _merge(group):
            lead, core, trail = _split_space(piece.text)
            if not core:
                pending += lead
                continue
            want = set() if plain else {k for k, on in (("b", piece.bold), ("i", piece.italic))
                                        if on}
            while stack and not set(stack) <= want:
                out.append(marks[stack.pop()])
            out.append(pending + lead)
            for key in ("b", "i"):
                if key in want and key not in stack:
                    stack.append(key)
                    out.append(marks[key])
            out.append(escape(core, line_start=first))
            pending, first = trail, False
    while stack:
        out.append(marks[stack.pop()])
    return "".join(out).strip()


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link) == (
                piece.bold, piece.italic, piece.link):
            merged[-1] = Piece(merged[-1].text + piece.text, piece.bold, piece.italic, piece.link)
        else:
            merged.append(piece)
    return merged


def rendered_text(markdown: str) -> str:
    """Return the text a reader sees when build renders one line of inline Markdown."""
    out: list[str] = []

    def walk(tokens: list) -> None:
        for token in tokens:
            if token.type in ("text", "code_inline", "html_inline"):
                out.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                out.append("\n")
            if token.children:
                walk(token.children)

    walk(parse_inline(markdown))
    return "".join(out)


def _split_lines(pieces: list[Piece]) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        for index, part in enumerate(piece.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Piece(part, piece.bold, piece.italic, piece.link))
    return lines


def _drop_prefix(pieces: list[Piece], count: int) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if count >= len(piece.text):
            count -= len(piece.text)
            continue
        out.append(Piece(piece.text[count:], piece.bold, piece.italic, piece.link))
        count = 0
    return out


def _plain(pieces: list[Piece]) -> str:
    return "".join(piece.text for piece in pieces)


@dataclass
class _Writer:
    """Write blocks as Markdown lines, checking every line renders to the original text."""

    lost_formatting: int = 0

    def inline(self, pieces: list[Piece], joiner: str = "\\\n") -> str:
        """Return pieces as inline Markdown, lines joined by ``joiner`` (a hard break)."""
        lines = []
        for line in _split_lines(pieces):
            expected = _plain(line).strip()
            if not expected:
                continue
            for attempt in ({}, {"italic_mark": "_"}, {"plain": True}):
                markdown = _format_line(line, **attempt)
                if rendered_text(markdown) == expected:
                    break
            if attempt.get("plain") and any(p.bold or p.italic or p.link for p in line):
                self.lost_formatting += 1
            lines.append(markdown)
        return joiner.join(lines)


# ---------------------------------------------------------------- reading the body


@dataclass
class _Block:
    kind: str  # heading, paragraph, quote, item, table, title, subtitle, marking
    pieces: list[Piece] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    rows: list[list[list[Piece]]] = field(default_factory=list)
    numbering: str | None = None  # the abstract numbering of a Word-numbered paragraph
    num_id: str | None = None
    ilvl: int = 0
    number: int | None = None  # the number Word shows on an ordered item


def _body_elements(parent: etree._Element, reader: _Reader) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables of a body in order, as accepting all changes leaves it."""
    for child in parent:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            gallery = child.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
            if gallery is not None and any(
                    kind in (_val(gallery) or "").lower() for kind in ("contents", "cover")):
                continue  # a table of contents or a cover page: build makes its own
            inner = child.find(qn("w:sdtContent"))
            if inner is not None:
                yield from _body_elements(inner, reader)
        elif child.tag in (qn("w:ins"), qn("w:moveTo"), qn("w:customXml")):
            reader.tracked = reader.tracked or child.tag != qn("w:customXml")
            yield from _body_elements(child, reader)
        elif child.tag in (qn("w:del"), qn("w:moveFrom")):
            reader.tracked = True


def _paragraph(element: etree._Element, reader: _Reader) -> _Block | None:
    """Return a paragraph as a block of the kind its style and numbering make it, or None."""
    catalogue = reader.catalogue
    ppr = element.find(qn("w:pPr"))
    style_id = _val(ppr.find(qn("w:pStyle"))) if ppr is not None else None
    name = catalogue.name(style_id)
    pieces = reader.pieces(element)
    if not _plain(pieces).strip():
        return None
    if name.startswith("toc ") or name == "toc heading":
        return None
    if name in ("title", "subtitle") and _APPENDIX.match(_plain(pieces)):
        return _Block("appendix", pieces)  # the pack gives appendix letters, not the document
    if name in ("title", "subtitle"):
        return _Block(name, pieces)
    if _marking(_plain(pieces)):
        return _Block("marking", pieces)
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    num_id = _val(num.find(qn("w:numId"))) if num is not None else None
    ilvl_text = _val(num.find(qn("w:ilvl"))) if num is not None else None
    num_id = num_id or catalogue.first(style_id, "num_id")  # type: ignore[assignment]
    ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else int(
        catalogue.first(style_id, "ilvl") or 0)  # type: ignore[call-overload]
    fmt = catalogue.number_format(num_id, ilvl) if num_id and num_id != "0" else None
    numbering = catalogue.abstract_of.get(num_id) if fmt and fmt != "none" else None
    heading = re.match(r"heading (\d)$", name)
    outline = catalogue.first(style_id, "outline")
    if ppr is not None and ppr.find(qn("w:outlineLvl")) is not None:
        outline = int(_val(ppr.find(qn("w:outlineLvl")), "9") or 9)
    if heading or (isinstance(outline, int) and outline < 9):
        level = int(heading.group(1)) if heading else int(outline) + 1  # type: ignore[arg-type]
        return _Block("heading", pieces, level=min(max(level, 1), 6),
                      numbering=numbering if fmt != "bullet" else None)
    if fmt and fmt != "none":
        depth = re.match(r"list(?: bullet| number| continue)? (\d)$", name)
        level = ilvl + (int(depth.group(1)) - 1 if depth else 0)
        return _Block("item", pieces, level=level, ordered=fmt != "bullet", numbering=numbering,
                      num_id=num_id, ilvl=ilvl)
    if "quote" in name or "quotation" in name or name == "block text":  # LibreOffice: Quotations
        return _Block("quote", pieces)
    return _Block("paragraph", pieces)


def _rows(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield ``tag`` children of a table or row, looking inside content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (qn("w:sdt"), qn("w:customXml"), qn("w:sdtContent")):
            yield from _rows(child, tag)


def _cell_paragraphs(parent: etree._Element, reader: _Reader) -> Iterator[etree._Element]:
    """Yield a cell's paragraphs in order, those of a nested table's cells included."""
    for element in _body_elements(parent, reader):
        if element.tag == qn("w:p"):
            yield element
        else:
            for tr in _rows(element, qn("w:tr")):
                for tc in _rows(tr, qn("w:tc")):
                    yield from _cell_paragraphs(tc, reader)


def _table(element: etree._Element, reader: _Reader) -> _Block | None:
    """Return a table as rows of cells of pieces (merged cells blank), or None if empty."""
    rows: list[list[list[Piece]]] = []
    for tr in _rows(element, qn("w:tr")):
        if tr.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None:
            reader.tracked = True  # a deleted row: gone once the changes are accepted
            continue
        row: list[list[Piece]] = []
        for tc in _rows(tr, qn("w:tc")):
            pieces: list[Piece] = []
            for paragraph in _cell_paragraphs(tc, reader):  # a nested table is cell text
                found = reader.pieces(paragraph)
                if _plain(found).strip():
                    if pieces:
                        pieces.append(Piece(" "))
                    pieces.extend(Piece(p.text.replace("\n", " "), p.bold, p.italic, p.link)
                                  for p in found)
            row.append(pieces)
            span = _val(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"), "1") or "1"
            row.extend([] for _ in range(int(span) - 1 if span.isdigit() else 0))
        if row:
            rows.append(row)
    if not any(_plain(cell).strip() for row in rows for cell in row):
        return None
    return _Block("table", rows=rows)


def _blocks(parent: etree._Element, reader: _Reader) -> list[_Block]:
    """Return the blocks of a body (or text box), each text box's after its paragraph.

    A paragraph whose mark is a tracked deletion joins the next one, as Word's Accept All
    does: the text runs on into the following paragraph, which keeps its own style.
    """
    blocks: list[_Block] = []
    carry: list[Piece] = []
    for element in _body_elements(parent, reader):
        block = (_paragraph if element.tag == qn("w:p") else _table)(element, reader)
        if element.tag == qn("w:p") and element.find(_DELETED_MARK) is not None:
            reader.tracked = True
            carry += block.pieces if block is not None else []
            block = None
        elif carry and block is not None and block.kind != "table":
            block.pieces, carry = carry + block.pieces, []
        elif carry:
            blocks.append(_Block("paragraph", carry))
            carry = []
        if block is not None:
            blocks.append(block)
        boxes, reader.text_boxes = reader.text_boxes, []
        for box in boxes:
            blocks.extend(_blocks(box, reader))
    if carry:
        blocks.append(_Block("paragraph", carry))
    return blocks


# ---------------------------------------------------------------- metadata


def _document_classification(document: docx.document.Document, blocks: list[_Block],
                             control: dict[str, str], notes: list[str], source: str
                             ) -> str | None:
    """Return the first valid classification the document gives itself, noting bad ones."""
    candidates: list[tuple[str, str]] = []
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/custom.xml":
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False,
                                                               no_network=True))
            for prop in root:
                if (prop.get("name") or "").strip().lower() == "classification":
                    value = "".join(prop.itertext()).strip()
                    if value:
                        candidates.append((value, "its Classification property"))
    for part in document.part.package.iter_parts():
        if part.content_type.endswith(("header+xml", "footer+xml")):
            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False,
                                                               no_network=True))
            for paragraph in root.iter(qn("w:p")):
                text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
                match = _MARKING.match(text) or _BARE_LEVEL.match(text)
                if match:
                    candidates.append((match.group(1) if not _MARKING.match(text)
                                       else match.group("value"), "its header or footer"))
    candidates.extend((_marking(_plain(block.pieces)) or "", "a marking in its body")
                      for block in blocks if block.kind == "marking")
    if control.get("classification"):
        candidates.append((control["classification"], "its document control table"))
    for value, where in candidates:
        try:
            return str(Classification.model_validate(value))
        except ValidationError:
            notes.append(f"{source}: {where} says {value!r}, which is not a classification; "
                         "ignored it")
    return None


_CONTROL_HEADINGS = ("document control", "document information", "version control")


def _document_control(blocks: list[_Block]) -> dict[str, str]:
    """Take a "Document control" heading and its two-column table out of the body."""
    for index, block in enumerate(blocks[:-1]):
        table = blocks[index + 1]
        if (block.kind == "heading" and _plain(block.pieces).strip().lower() in _CONTROL_HEADINGS
                and table.kind == "table" and all(len(row) == 2 for row in table.rows)):
            del blocks[index:index + 2]
            return {" ".join(_plain(key).split()).lower(): " ".join(_plain(value).split())
                    for key, value in table.rows}
    return {}


def _marking(text: str) -> str | None:
    """Return the classification a marking line such as "Classification: OFFICIAL" gives."""
    match = _MARKING.match(text)
    value = match.group("value") if match else text.strip() if _BARE_LEVEL.match(text) else None
    try:
        return str(Classification.model_validate(value)) if value else None
    except ValidationError:
        return None


def _strip_numbers(blocks: list[_Block]) -> bool:
    """Return True when the document numbers its sections, as ``number_paragraphs`` does.

    Either typed numbers ("2. Scope", "2.1 Staff..."), which are stripped since build
    computes them, or Word's own numbering on the level-1 headings, whose paragraphs numbered
    in the same scheme ("2.1") become plain paragraphs. Either way at least two level-1
    headings, four in five of them numbered.
    """
    headings = [b for b in blocks if b.kind == "heading" and b.level == 1]
    typed = [b for b in headings if _HEADING_NUMBER.match(_plain(b.pieces))]
    schemes = {b.numbering for b in headings if b.numbering}
    word = [b for b in headings if b.numbering]
    if len(headings) < 2:
        return False
    if len(word) * 5 >= len(headings) * 4:
        for block in blocks:
            if block.kind == "item" and block.numbering in schemes:
                block.kind = "paragraph"
        return True
    if len(typed) * 5 < len(headings) * 4:
        return False
    for block in blocks:
        pattern = _PARAGRAPH_NUMBER if block.kind == "paragraph" else (
            _HEADING_NUMBER if block.kind == "heading" and block.level == 1 else None)
        match = pattern.match(_plain(block.pieces)) if pattern else None
        if match:
            block.pieces = _drop_prefix(block.pieces, match.end())
    return True


# ---------------------------------------------------------------- assembling the file


@dataclass
class _Open:
    """A list level being written: its Word level, where its markers and text start."""

    level: int
    indent: int
    ordered: bool
    delimiter: str = "."
    numbering: str | None = None
    counter: int = 0
    content: int = 0


def _number_items(blocks: list[_Block], catalogue: _Catalogue) -> None:
    """Give each ordered item the number Word shows: lists of one abstract numbering count
    on across interruptions; a deeper level restarts under each new item above it."""
    counters: dict[str, dict[int, int]] = {}
    seen: set[str] = set()
    for block in blocks:
        if block.kind != "item" or block.num_id is None or block.numbering is None:
            continue
        levels = counters.setdefault(block.numbering, {})
        key = (block.num_id, block.ilvl)
        if block.num_id not in seen:
            seen.add(block.num_id)
            for (num_id, ilvl), start in catalogue.restarts.items():
                if num_id == block.num_id:
                    levels[ilvl] = start - 1
        start = catalogue.restarts.get(key, catalogue.starts.get(key, 1))
        levels[block.ilvl] = levels[block.ilvl] + 1 if block.ilvl in levels else start
        for deeper in [ilvl for ilvl in levels if ilvl > block.ilvl]:
            del levels[deeper]
        if block.ordered:
            block.number = levels[block.ilvl]


def _markdown(blocks: list[_Block], writer: _Writer, counts: ImportCounts) -> str:
    chunks: list[str] = []
    items: list[str] = []
    stack: list[_Open] = []
    for block in blocks:
        if block.kind != "item" and items:
            chunks.append("\n".join(items))
            items, stack = [], []
        if block.kind == "heading":
            text = writer.inline(block.pieces, " ")
            chunks.append("#" * block.level + " " + re.sub(r"(\s)(#+)$", r"\1\\\2", text))
            counts.headings += 1
        elif block.kind in ("paragraph", "quote"):
            prefix = "> " if block.kind == "quote" else ""
            chunks.append(prefix + writer.inline(block.pieces, "\\\n" + prefix))
            counts.paragraphs += 1
        elif block.kind == "item":
            while stack and stack[-1].level > block.level:
                stack.pop()
            same = stack[-1] if stack and stack[-1].level == block.level else None
            number = block.number or (same.counter + 1 if same and same.ordered else 1)
            if same and same.ordered == block.ordered and (not block.ordered or (
                    same.numbering == block.numbering and number == same.counter + 1)):
                top = same
            else:  # a new list: the first, a deeper one, one of the other kind, or a restart
                delimiter = ")" if same and same.ordered and same.delimiter == "." else "."
                if same:
                    stack.pop()
                if not stack:
                    counts.lists += 1
                if block.ordered and number != 1 and items:
                    items.append("")  # only a list starting at 1 may interrupt a paragraph
                top = _Open(block.level, same.indent if same else stack[-1].content if stack
                            else 0, block.ordered, delimiter, block.numbering)
                stack.append(top)
            top.counter = number
            marker = f"{number}{top.delimiter}" if top.ordered else "-"
            top.content = top.indent + len(marker) + 1
            text = writer.inline(block.pieces, "\\\n" + " " * top.content)
            items.append(" " * top.indent + marker + " " + text)
            counts.list_items += 1
        elif block.kind == "table":
            width = max(len(row) for row in block.rows)
            lines = []
            for index, row in enumerate(block.rows):
                cells = [writer.inline(cell, " ") for cell in row]
                cells += [""] * (width - len(cells))
                lines.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
                if index == 0:
                    lines.append("|" + " --- |" * width)
            chunks.append("\n".join(lines))
            counts.tables += 1
    if items:
        chunks.append("\n".join(items))
    return "\n\n".join(chunks) + "\n" if chunks else ""


def read_word_policy(data: bytes, source: str) -> WordPolicy:
    """Read a Word policy's body as Markdown, with its title, author and classification."""
    document = _open(data, source)
    reader = _Reader(document, _Catalogue(document), source)
    blocks = _blocks(document.element.body, reader)
    started = False
    for block in blocks:  # a Title or Subtitle after the body has begun is body text
        if block.kind in ("title", "subtitle") and started:
            block.kind, block.level = ("heading", 1) if block.kind == "title" else ("paragraph", 0)
        started = started or block.kind not in ("title", "subtitle", "marking", "appendix")
    notes: list[str] = []
    control = _document_control(blocks)
    number_paragraphs = _strip_numbers(blocks)
    _number_items(blocks, reader.catalogue)
    writer = _Writer()
    counts = ImportCounts()
    body = _markdown([b for b in blocks if b.kind not in (
        "title", "subtitle", "marking", "appendix")], writer, counts)

    def joined(kind: str) -> str | None:
        text = " ".join(" ".join(_plain(b.pieces).split()) for b in blocks if b.kind == kind)
        return text or None

    properties = document.core_properties
    headings = [b for b in blocks if b.kind == "heading"]
    core_title = re.sub(r"^Microsoft Word - |\.docx?$", "", (properties.title or "").strip())
    title = (joined("title") or core_title.strip()
             or (" ".join(_plain(headings[0].pieces).split()) if headings else None))
    classification = _document_classification(document, blocks, control, notes, source)
    if reader.tracked:
        notes.insert(0, f"{source} has tracked changes: imported its accepted state")
    if reader.pictures:
        notes.append(f"{source} has {reader.pictures} picture(s) or embedded object(s): "
                     "they are not imported; add them by hand if they are needed")
    for block in blocks:
        if block.kind == "appendix":
            letter = _APPENDIX.match(_plain(block.pieces)).group("letter")  # type: ignore[union-attr]
            notes.append(f"{source} is headed 'Appendix {letter}': the pack gives appendix "
                         f"letters, so add 'appendix: {letter}' to its entry in pack.yaml")
    if reader.symbols:
        notes.append(f"{source} has {reader.symbols} symbol(s) from a symbol font (Insert > "
                     "Symbol): they are not imported; type them as text if they are needed")
    if reader.text_box_count:
        notes.append(f"{source} has {reader.text_box_count} text box(es): their text is imported "
                     "as ordinary paragraphs after the paragraph holding each box; check it")
    if reader.dropped_links:
        notes.append(f"{source}: kept the text but not the link of {len(reader.dropped_links)} "
                     f"hyperlink(s) that are not web, mailto or tel links "
                     f"(first: {reader.dropped_links[0]!r})")
    if writer.lost_formatting:
        notes.append(f"{source}: {writer.lost_formatting} line(s) kept their text but lost "
                     "bold, italic or links that Markdown cannot write there; check them")
    for tag, what in _NOT_IMPORTED:
        if document.element.body.find(f".//{tag}") is not None:
            notes.append(f"{source} has {what}: they are not imported; add them by hand if "
                         "they are needed")
    return WordPolicy(
        body=body,
        title=title,
        subtitle=joined("subtitle"),
        author=(properties.author or "").strip() or None,
        control=control,
        classification=classification,
        number_paragraphs=number_paragraphs,
        counts=counts,
        notes=notes,
    )


def _yaml_text(value: str) -> str:
    """Return a string as a YAML scalar: plain when that is unambiguous, else double-quoted."""
    plain = (value[:1].isalpha() and value == value.strip() and value.isprintable()
             and not re.search(r":(\s|$)|\s#|[\[\]{}\"`]|\s\s", value)
             and value.lower() not in ("yes", "no", "on", "off", "y", "n", "true", "false",
                                       "null"))
    return value if plain else json.dumps(value, ensure_ascii=False)


def title_from_file_name(source: str) -> str:
    """Return a readable title made from a file name: ``staff_social-media.docx`` -> words."""
    words = re.sub(r"[-_.]+", " ", PurePath(source).stem).split()
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else "Untitled policy"


def _approval(text: str | None) -> tuple[str, date] | None:
    """Read "Joint Staffing Committee, 18 March 2014" (the build's own wording) as (by, on)."""
    by, _, when = (text or "").rpartition(",")
    for pattern in ("%d %B %Y", "%Y-%m-%d", "%d/%m/%Y", "%d %b %Y"):
        try:
            return (by.strip(), datetime.strptime(when.strip(), pattern).date()) if by else None
        except ValueError:
            continue
    return None


def import_word_policy(
    data: bytes,
    source: str,
    doc_id: str,
    *,
    owner: str | None = None,
    version: str | None = None,
    status: str | None = None,
    classification: str | None = None,
) -> ImportedPolicy:
    """Return the content file for a Word policy, validated as ``content/<doc_id>.md``.

    Unless given, ``owner``, ``version`` and ``status`` come from the document's "Document
    control" table, the owner else from its author; version defaults to 1.0, status to draft.
    ``classification`` is used only when the document carries none of its own (a
    Classification property, a marking in its header, footer or body, or a control row).
    """
    if not _DOC_ID.match(doc_id) or len(doc_id) > 80:
        raise ContentError(f"{doc_id!r} is not a document id; use lower-case letters, digits "
                           "and hyphens, e.g. staff-social-media-policy")
    if classification is not None:
        try:
            classification = str(Classification.model_validate(classification))
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise ContentError(problem) from None
    if status is not None and status not in ("draft", "approved", "superseded"):
        raise ContentError(f"unknown status {status!r}; use draft, approved or superseded")
    policy = read_word_policy(data, source)
    control = policy.control
    notes = list(policy.notes)
    owner = (owner or "").strip() or control.get("owner") or policy.author
    if not owner:
        raise InputError(f"{source} does not name an author in its properties, so the owner is "
                         "unknown; say which team owns the policy with --owner \"Team name\"")
    version = version or control.get("version") or "1.0"
    if status is None:
        status = control.get("status", "draft").lower()
        if status not in ("draft", "approved", "superseded"):
            notes.append(f"{source}: its document control gives the status {status!r}; "
                         "imported it as draft")
            status = "draft"
    approval = _approval(control.get("approved")) if status != "draft" else None
    if status == "approved" and approval is None:
        raise ContentError(f"{source} has no approval record (a document control row such as "
                           "'Approved | Cabinet, 18 March 2014'); import it as draft and add "
                           "'approval: {by: ..., on: YYYY-MM-DD}' to the content file",
                           field="status")
    chosen = policy.classification or (classification or "OFFICIAL")
    if policy.classification and classification and classification != policy.classification:
        notes.append(f"{source} is marked {policy.classification}: imported it as that, not "
                     f"{classification}; edit content/{doc_id}.md if the marking is out of date")
    title = policy.title or title_from_file_name(source)
    front = [
        "---",
        f"title: {_yaml_text(title)}",
        *([f"subtitle: {_yaml_text(policy.subtitle)}"] if policy.subtitle else []),
        f"owner: {_yaml_text(owner)}",
        f"version: {json.dumps(version, ensure_ascii=False)}",
        f"status: {_yaml_text(status)}",
        *([f"approval:\n  by: {_yaml_text(approval[0])}\n  on: {approval[1].isoformat()}"]
          if approval else []),
        f"classification: {_yaml_text(chosen)}",
        f"number_paragraphs: {'true' if policy.number_paragraphs else 'false'}",
        "---",
    ]
    text = "\n".join(front) + "\n\n" + policy.body
    content.parse(text, f"content/{doc_id}.md")
    return ImportedPolicy(doc_id=doc_id, text=text, title=title, owner=owner,
                          classification=chosen, policy=policy, notes=notes)


__all__ = [
    "ImportCounts",
    "ImportedPolicy",
    "Piece",
    "WordPolicy",
    "escape",
    "import_word_policy",
    "read_word_policy",
    "rendered_text",
    "title_from_file_name",
]
