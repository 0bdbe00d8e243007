"""Read an existing Word policy (.docx bytes) into blocks of formatted text, then Markdown.

Pure: bytes in, text out. The document's XML is walked directly, body children in order
(``w:p``, ``w:tbl``, ``w:sdt`` content, ``w:ins`` wrappers), because python-docx's
``Document.paragraphs`` skips paragraphs inside tracked insertions. Tracked changes are
imported in their accepted state: inserted text is kept, deleted text dropped.

What maps to what:

- Title / Subtitle styles -> front matter ``title`` / ``subtitle`` (not in the body);
- Heading N (or a style with an outline level) -> ``#`` * N, capped at six;
- list paragraphs (``w:numPr`` on the paragraph or its style) -> ``-`` or ``1.`` from the
  numbering definition's ``w:numFmt``; nesting from ``w:ilvl`` plus the digit of styles
  such as "List Bullet 2", whose numbering has a single level; a "List Continue" paragraph
  -> a further paragraph of the open item ("List Continue 2": of the second list down);
- Quote / Intense Quote -> ``>``; tables -> GFM tables, first row as the header, a merged
  cell's text once with blank cells where it spanned;
- bold / italic runs -> ``**`` / ``*``; external http(s)/mailto/tel hyperlinks -> links;
- a "Document control" heading and its two-column table -> front matter (owner, version,
  status, approval); a classification from the Classification custom property, a marking
  in a header or footer, or a marking line in the body (which is not body text);
- typed section numbers ("2. Scope", "2.1 Staff...") or Word-numbered level-1 headings ->
  ``number_paragraphs: true``, the typed numbers stripped since build computes them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import docx
import docx.document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from policykit.errors import InputError
from policykit.importer.markdown import Block, ImportCounts, MarkdownWriter, Piece, plain
from policykit.importer.metadata import (
    APPENDIX,
    bare_levels_as_text,
    document_classification,
    document_control,
    marking,
    strip_numbers,
)
from policykit.importer.runs import Reader
from policykit.importer.styles import Catalogue
from policykit.word.inputs import parse_xml, read_docx
from policykit.word.oxml import (
    M_OMATH,
    W_ALTCHUNK,
    W_COMMENTREF,
    W_CUSTOMXML,
    W_DEL,
    W_DOCPARTGALLERY,
    W_DOCPARTOBJ,
    W_ENREF,
    W_FNREF,
    W_GRIDSPAN,
    W_ILVL,
    W_INS,
    W_MOVEFROM,
    W_MOVETO,
    W_NUMID,
    W_NUMPR,
    W_OUTLINE,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_RPR,
    W_SDT,
    W_SDTCONTENT,
    W_SDTPR,
    W_TBL,
    W_TC,
    W_TCPR,
    W_TR,
    W_TRPR,
    val_of,
)

_NOT_IMPORTED = [
    (W_FNREF, "footnotes"),
    (W_ENREF, "endnotes"),
    (W_COMMENTREF, "comments"),
    (M_OMATH, "equations"),
    (W_ALTCHUNK, "embedded HTML or RTF chunks"),
]
_DELETED_MARK = f"{W_PPR}/{W_RPR}/{W_DEL}"
_FRONT_KINDS = ("title", "subtitle", "marking", "appendix")


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


def open_document(data: bytes, source: str) -> docx.document.Document:
    """Check the bytes with :mod:`policykit.word.inputs` (zip bombs, DTDs, .doc...), then open."""
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


# ---------------------------------------------------------------- reading the body


def _body_elements(parent: etree._Element, reader: Reader) -> Iterator[etree._Element]:
    """Yield the paragraphs and tables of a body in order, as accepting all changes leaves it."""
    for child in parent:
        if child.tag in (W_P, W_TBL):
            yield child
        elif child.tag == W_SDT:
            gallery = child.find(f"{W_SDTPR}/{W_DOCPARTOBJ}/{W_DOCPARTGALLERY}")
            if gallery is not None and any(
                    kind in (val_of(gallery) or "").lower() for kind in ("contents", "cover")):
                continue  # a table of contents or a cover page: build makes its own
            inner = child.find(W_SDTCONTENT)
            if inner is not None:
                yield from _body_elements(inner, reader)
        elif child.tag in (W_INS, W_MOVETO, W_CUSTOMXML):
            reader.tracked = reader.tracked or child.tag != W_CUSTOMXML
            yield from _body_elements(child, reader)
        elif child.tag in (W_DEL, W_MOVEFROM):
            reader.tracked = True


@dataclass(frozen=True)
class _Numbering:
    """The list numbering a paragraph has, from itself or its style."""

    num_id: str | None
    ilvl: int
    fmt: str | None
    abstract: str | None


def _numbering(ppr: etree._Element | None, style_id: str | None,
               catalogue: Catalogue) -> _Numbering:
    num = ppr.find(W_NUMPR) if ppr is not None else None
    num_id = val_of(num.find(W_NUMID)) if num is not None else None
    ilvl_text = val_of(num.find(W_ILVL)) if num is not None else None
    num_id = num_id or catalogue.first(style_id, "num_id")  # type: ignore[assignment]
    ilvl = int(ilvl_text) if ilvl_text and ilvl_text.isdigit() else int(
        catalogue.first(style_id, "ilvl") or 0)  # type: ignore[call-overload]
    fmt = catalogue.number_format(num_id, ilvl) if num_id and num_id != "0" else None
    abstract = catalogue.abstract_of.get(num_id) if fmt and fmt != "none" else None
    return _Numbering(num_id, ilvl, fmt, abstract)


def _heading_level(name: str, ppr: etree._Element | None, style_id: str | None,
                   catalogue: Catalogue) -> int | None:
    """Return the heading level of a paragraph (from its style name or outline), or None."""
    heading = re.match(r"heading (\d)$", name)
    outline = catalogue.first(style_id, "outline")
    if ppr is not None and ppr.find(W_OUTLINE) is not None:
        outline = int(val_of(ppr.find(W_OUTLINE), "9") or 9)
    if heading:
        return int(heading.group(1))
    if isinstance(outline, int) and outline < 9:
        return outline + 1
    return None


def _front_block(name: str, pieces: list[Piece], numbered: bool) -> Block | None:
    """Return the block of a title, subtitle or marking line, or None for body text (a
    list item saying only "SECRET" is the author's text, never a marking)."""
    if name in ("title", "subtitle") and APPENDIX.match(plain(pieces)):
        return Block("appendix", pieces)  # the pack gives appendix letters, not the document
    if name in ("title", "subtitle"):
        return Block(name, pieces)
    if not numbered and marking(plain(pieces)):
        return Block("marking", pieces)
    return None


def _paragraph(element: etree._Element, reader: Reader) -> Block | None:
    """Return a paragraph as a block of the kind its style and numbering make it, or None."""
    catalogue = reader.catalogue
    ppr = element.find(W_PPR)
    style_id = val_of(ppr.find(W_PSTYLE)) if ppr is not None else None
    name = catalogue.name(style_id)
    pieces = reader.pieces(element)
    if not plain(pieces).strip() or name.startswith("toc ") or name == "toc heading":
        return None
    numbering = _numbering(ppr, style_id, catalogue)
    fmt = numbering.fmt
    front = _front_block(name, pieces, bool(fmt and fmt != "none"))
    if front is not None:
        return front
    level = _heading_level(name, ppr, style_id, catalogue)
    if level is not None:
        return Block("heading", pieces, level=min(max(level, 1), 6),
                     numbering=numbering.abstract if fmt != "bullet" else None)
    if fmt and fmt != "none":
        depth = re.match(r"list(?: bullet| number| continue)? (\d)$", name)
        level = numbering.ilvl + (int(depth.group(1)) - 1 if depth else 0)
        return Block("item", pieces, level=level, ordered=fmt != "bullet",
                     numbering=numbering.abstract, num_id=numbering.num_id, ilvl=numbering.ilvl)
    continued = re.match(r"list continue(?: (\d))?$", name)
    if continued:  # a second paragraph of a list item
        return Block("continuation", pieces, level=int(continued.group(1) or 1) - 1)
    if "quote" in name or "quotation" in name or name == "block text":  # LibreOffice: Quotations
        return Block("quote", pieces)
    return Block("paragraph", pieces)


def _rows(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield ``tag`` children of a table or row, looking inside content controls."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (W_SDT, W_CUSTOMXML, W_SDTCONTENT):
            yield from _rows(child, tag)


def _cell_paragraphs(parent: etree._Element, reader: Reader) -> Iterator[etree._Element]:
    """Yield a cell's paragraphs in order, those of a nested table's cells included."""
    for element in _body_elements(parent, reader):
        if element.tag == W_P:
            yield element
        else:
            for tr in _rows(element, W_TR):
                for tc in _rows(tr, W_TC):
                    yield from _cell_paragraphs(tc, reader)


def _cell(tc: etree._Element, reader: Reader) -> list[Piece]:
    """Return a cell's text as pieces on one line (a nested table is cell text)."""
    pieces: list[Piece] = []
    for paragraph in _cell_paragraphs(tc, reader):
        found = reader.pieces(paragraph)
        if plain(found).strip():
            if pieces:
                pieces.append(Piece(" "))
            pieces.extend(Piece(p.text.replace("\n", " "), p.bold, p.italic, p.link)
                          for p in found)
    return pieces


def _table(element: etree._Element, reader: Reader) -> Block | None:
    """Return a table as rows of cells of pieces (merged cells blank), or None if empty."""
    rows: list[list[list[Piece]]] = []
    for tr in _rows(element, W_TR):
        if tr.find(f"{W_TRPR}/{W_DEL}") is not None:
            reader.tracked = True  # a deleted row: gone once the changes are accepted
            continue
        row: list[list[Piece]] = []
        for tc in _rows(tr, W_TC):
            row.append(_cell(tc, reader))
            span = val_of(tc.find(f"{W_TCPR}/{W_GRIDSPAN}"), "1") or "1"
            row.extend([] for _ in range(int(span) - 1 if span.isdigit() else 0))
        if row:
            rows.append(row)
    if not any(plain(cell).strip() for row in rows for cell in row):
        return None
    return Block("table", rows=rows)


def _blocks(parent: etree._Element, reader: Reader) -> list[Block]:
    """Return the blocks of a body (or text box), each text box's after its paragraph.

    A paragraph whose mark is a tracked deletion joins the next one, as Word's Accept All
    does: the text runs on into the following paragraph, which keeps its own style.
    """
    blocks: list[Block] = []
    carry: list[Piece] = []
    for element in _body_elements(parent, reader):
        block = (_paragraph if element.tag == W_P else _table)(element, reader)
        if element.tag == W_P and element.find(_DELETED_MARK) is not None:
            reader.tracked = True
            carry += block.pieces if block is not None else []
            block = None
        elif carry and block is not None and block.kind != "table":
            block.pieces, carry = carry + block.pieces, []
        elif carry:
            blocks.append(Block("paragraph", carry))
            carry = []
        if block is not None:
            blocks.append(block)
        boxes, reader.text_boxes = reader.text_boxes, []
        for box in boxes:
            blocks.extend(_blocks(box, reader))
    if carry:
        blocks.append(Block("paragraph", carry))
    return blocks


def _number_items(blocks: list[Block], catalogue: Catalogue) -> None:
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


def _notes(reader: Reader, writer: MarkdownWriter, blocks: list[Block],
           document: docx.document.Document) -> list[str]:
    """Return what the import could not carry over, one note each, for the officer to check."""
    source = reader.source
    notes: list[str] = []
    if reader.pictures:
        notes.append(f"{source} has {reader.pictures} picture(s) or embedded object(s): "
                     "they are not imported; add them by hand if they are needed")
    for block in blocks:
        if block.kind == "appendix":
            letter = APPENDIX.match(plain(block.pieces)).group("letter")  # type: ignore[union-attr]
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
    return notes


def _title(document: docx.document.Document, blocks: list[Block]) -> str | None:
    """Return the title: the Title paragraphs, else the core title, else the first heading."""
    titles = " ".join(" ".join(plain(b.pieces).split()) for b in blocks if b.kind == "title")
    core = re.sub(r"^Microsoft Word - |\.docx?$", "",
                  (document.core_properties.title or "").strip())
    headings = [b for b in blocks if b.kind == "heading"]
    return (titles or core.strip()
            or (" ".join(plain(headings[0].pieces).split()) if headings else None))


def read_word_policy(data: bytes, source: str) -> WordPolicy:
    """Read a Word policy's body as Markdown, with its title, author and classification."""
    document = open_document(data, source)
    reader = Reader(document, Catalogue(document), source)
    blocks = _blocks(document.element.body, reader)
    started = False
    for block in blocks:  # a Title or Subtitle after the body has begun is body text
        if block.kind in ("title", "subtitle") and started:
            block.kind, block.level = ("heading", 1) if block.kind == "title" else ("paragraph", 0)
        started = started or block.kind not in _FRONT_KINDS
    notes: list[str] = []
    bare_levels_as_text(document, blocks)
    control = document_control(blocks)
    number_paragraphs = strip_numbers(blocks)
    _number_items(blocks, reader.catalogue)
    writer = MarkdownWriter()
    body = writer.write([b for b in blocks if b.kind not in _FRONT_KINDS])
    classification = document_classification(document, blocks, control, notes, source)
    if reader.tracked:
        notes.insert(0, f"{source} has tracked changes: imported its accepted state")
    notes.extend(_notes(reader, writer, blocks, document))
    subtitle = " ".join(" ".join(plain(b.pieces).split()) for b in blocks
                        if b.kind == "subtitle")
    return WordPolicy(
        body=body,
        title=_title(document, blocks),
        subtitle=subtitle or None,
        author=(document.core_properties.author or "").strip() or None,
        control=control,
        classification=classification,
        number_paragraphs=number_paragraphs,
        counts=writer.counts,
        notes=notes,
    )


__all__ = ["WordPolicy", "open_document", "read_word_policy"]
