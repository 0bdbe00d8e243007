"""Read a reviewer's returned copy of a built document: its paragraphs with every tracked
change (author, date), the formatting it cannot carry, its comments and its properties.

A copy is read once into :class:`ReturnedCopy`; :func:`view` then gives the paragraphs as they
read with some revisions accepted and the rest rejected (all rejected: the copy as it was sent,
plus any untracked edits; one author's accepted: that reviewer's changes alone).
The copy is checked like any untrusted Word file (``word.inputs``) and refused when it holds
macros.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from policykit.errors import InputError
from policykit.word.inputs import DocxPackage, parse_xml, read_docx
from policykit.word.oxml import qn as _qn
from policykit.word.sourcemap import anchor_of

qn = functools.cache(_qn)  # the reader asks for the same few tags many thousand times
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/terms/"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

#: run properties the content holds (bold, italic, strikethrough) or that a save adds harmlessly
_HELD = {qn(f"w:{name}") for name in (
    "b", "bCs", "i", "iCs", "strike", "rStyle", "rFonts", "lang", "sz", "szCs", "kern",
    "noProof", "webHidden", "spacing", "ins", "del", "moveFrom", "moveTo", "rPrChange",
    "eastAsianLayout", "specVanish", "w")}
_NAMES = {"color": "font colour", "u": "underline", "highlight": "highlight", "shd": "shading",
          "caps": "capitals", "smallCaps": "small capitals",
          "vertAlign": "superscript or subscript",
          "dstrike": "double strikethrough", "vanish": "hidden text"}
_COLOURS = {"FF0000": "red", "C00000": "dark red", "0000FF": "blue", "00B050": "green",
            "FFFF00": "yellow", "7030A0": "purple"}


@dataclass(frozen=True)
class Revision:
    """One tracked change as Word recorded it: what kind, by whom, when."""

    kind: str  # insert, delete, move, format, paragraph
    author: str
    date: str | None


@dataclass
class Piece:
    """A stretch of text with one formatting and one tracked state."""

    text: str
    bold: bool = False
    italic: bool = False
    inserted: Revision | None = None
    deleted: Revision | None = None
    formatted: Revision | None = None  # an rPrChange: bold/italic were old_bold/old_italic
    old_bold: bool = False
    old_italic: bool = False
    unheld: tuple[str, ...] = ()  # formatting the content cannot hold ("font colour red")
    old_unheld: tuple[str, ...] = ()


@dataclass
class CopyParagraph:
    """One Word paragraph of the copy (a body paragraph or one in a table cell)."""

    anchor: int | None
    style: str
    listed: str | None  # "bullet", "number" or None
    pieces: list[Piece] = field(default_factory=list)
    cell: tuple[int, int, int] | None = None  # table, row, column
    mark_inserted: Revision | None = None
    mark_deleted: Revision | None = None
    restyled: Revision | None = None  # a pPrChange: the style was old_style, listed old_listed
    old_style: str = ""
    old_listed: str | None = None


@dataclass
class Comment:
    """A comment: who, when, what it says, the words it is anchored to, and its replies."""

    ident: str
    author: str
    date: str | None
    text: str
    anchor: int | None = None  # the paragraph (source map number) it is attached to
    quoted: str = ""
    parent: str | None = None
    done: bool = False
    replies: list[Comment] = field(default_factory=list)


@dataclass
class ReturnedCopy:
    """Everything read from one returned copy."""

    name: str
    properties: dict[str, str]
    last_modified_by: str | None
    modified: str | None
    paragraphs: list[CopyParagraph]
    comments: list[Comment]
    keywords: str = ""

    def authors(self) -> list[str]:
        """Return the authors of tracked changes, in order of first appearance."""
        seen: dict[str, None] = {}
        for paragraph in self.paragraphs:
            for revision in (paragraph.mark_inserted, paragraph.mark_deleted, paragraph.restyled):
                if revision:
                    seen.setdefault(revision.author)
            for piece in paragraph.pieces:
                for revision in (piece.inserted, piece.deleted, piece.formatted):
                    if revision:
                        seen.setdefault(revision.author)
        return list(seen)

    def dates(self, author: str) -> list[str]:
        """Return the dates of ``author``'s tracked changes."""
        found = []
        for paragraph in self.paragraphs:
            revisions = [paragraph.mark_inserted, paragraph.mark_deleted, paragraph.restyled]
            for piece in paragraph.pieces:
                revisions += [piece.inserted, piece.deleted, piece.formatted]
            found += [r.date for r in revisions if r and r.author == author and r.date]
        return found


@dataclass
class ViewParagraph:
    """A paragraph as it reads with some revisions accepted: style, list, anchor, formatted text."""

    anchor: int | None
    style: str
    listed: str | None
    pieces: list[Piece]
    cell: tuple[int, int, int] | None = None
    main: CopyParagraph | None = None  # the Word paragraph whose mark it keeps

    @property
    def text(self) -> str:
        """Return the plain text."""
        return "".join(piece.text for piece in self.pieces)


class _Reader:
    def __init__(self, package: DocxPackage) -> None:
        self.package = package
        self.styles: dict[str, str] = {}
        self.formats: dict[tuple[str, str], str] = {}
        self.open_comments: dict[str, list[str]] = {}
        self.quoted: dict[str, str] = {}
        self.anchors: dict[str, int | None] = {}
        self.paragraphs: list[CopyParagraph] = []
        self._styles()
        self._numbering()

    def _xml(self, member: str) -> etree._Element | None:
        data = self.package.members.get(member)
        return None if data is None else parse_xml(data, self.package.name, member)

    def _styles(self) -> None:
        root = self._xml("word/styles.xml")
        for style in [] if root is None else root.iter(qn("w:style")):
            name = style.find(qn("w:name"))
            self.styles[style.get(qn("w:styleId")) or ""] = (
                name.get(qn("w:val")) if name is not None else style.get(qn("w:styleId")) or ""
            ).lower()

    def _numbering(self) -> None:
        root = self._xml("word/numbering.xml")
        if root is None:
            return
        abstract = {}
        for node in root.iter(qn("w:abstractNum")):
            for lvl in node.iter(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                abstract[(node.get(qn("w:abstractNumId")), lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal")
        for num in root.iter(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for (abstract_id, level), fmt in abstract.items():
                if abstract_id == ref.get(qn("w:val")):
                    self.formats[(num.get(qn("w:numId")) or "", level or "0")] = fmt

    def style_of(self, ppr: etree._Element | None) -> tuple[str, str | None]:
        if ppr is None:
            return "normal", None
        style = ppr.find(qn("w:pStyle"))
        name = self.styles.get(style.get(qn("w:val")), style.get(qn("w:val")).lower()) \
            if style is not None else "normal"
        listed = None
        num = ppr.find(qn("w:numPr"))
        if num is not None and num.find(qn("w:numId")) is not None:
            num_id = num.find(qn("w:numId")).get(qn("w:val")) or "0"
            level = num.find(qn("w:ilvl"))
            fmt = self.formats.get((num_id, level.get(qn("w:val")) if level is not None else "0"))
            if num_id != "0" and fmt is not None:
                listed = "bullet" if fmt == "bullet" else "number"
        return name, listed

    def body(self, parent: etree._Element, cell: tuple[int, int, int] | None = None) -> None:
        for child in parent:
            if child.tag == qn("w:p"):
                self.paragraph(child, cell)
            elif child.tag == qn("w:tbl"):
                table = sum(1 for p in self.paragraphs if p.cell and p.cell[1:] == (0, 0))
                for r, row in enumerate(child.iter(qn("w:tr"))):
                    for c, tc in enumerate(row.findall(qn("w:tc"))):
                        self.body(tc, (table, r, c))
            elif child.tag in (qn("w:sdtContent"), qn("w:customXml")):
                self.body(child, cell)
            elif child.tag == qn("w:sdt") and child.find(qn("w:sdtContent")) is not None:
                self.body(child.find(qn("w:sdtContent")), cell)

    def paragraph(self, element: etree._Element, cell: tuple[int, int, int] | None) -> None:
        ppr = element.find(qn("w:pPr"))
        style, listed = self.style_of(ppr)
        paragraph = CopyParagraph(anchor=None, style=style, listed=listed, cell=cell)
        if ppr is not None:
            mark = ppr.find(qn("w:rPr"))
            if mark is not None:
                for tag, attr in (("w:ins", "mark_inserted"), ("w:moveTo", "mark_inserted"),
                                  ("w:del", "mark_deleted"), ("w:moveFrom", "mark_deleted")):
                    node = mark.find(qn(tag))
                    if node is not None:
                        setattr(paragraph, attr, _revision(node, "paragraph"))
            change = ppr.find(qn("w:pPrChange"))
            if change is not None:
                paragraph.restyled = _revision(change, "paragraph format")
                old = change.find(qn("w:pPr"))
                paragraph.old_style, paragraph.old_listed = self.style_of(old)
            else:
                paragraph.old_style, paragraph.old_listed = style, listed
        else:
            paragraph.old_style, paragraph.old_listed = style, listed
        self.paragraphs.append(paragraph)
        self.inline(element, paragraph, None, None)

    def inline(self, parent: etree._Element, paragraph: CopyParagraph,
               inserted: Revision | None, deleted: Revision | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == qn("w:r"):
                self.run(child, paragraph, inserted, deleted)
            elif tag in (qn("w:ins"), qn("w:moveTo")):
                self.inline(child, paragraph, _revision(child, "insert" if tag == qn("w:ins")
                                                         else "move"), deleted)
            elif tag in (qn("w:del"), qn("w:moveFrom")):
                self.inline(child, paragraph, inserted,
                            _revision(child, "delete" if tag == qn("w:del") else "move"))
            elif tag in (qn("w:hyperlink"), qn("w:smartTag"), qn("w:customXml"),
                         qn("w:fldSimple"), qn("w:sdtContent"), qn("w:dir"), qn("w:bdo")):
                self.inline(child, paragraph, inserted, deleted)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.inline(content, paragraph, inserted, deleted)
            elif tag == qn("w:bookmarkStart"):
                number = anchor_of(child.get(qn("w:name")))
                if number is not None and paragraph.anchor is None:
                    paragraph.anchor = number
            elif tag == qn("w:commentRangeStart"):
                ident = child.get(qn("w:id")) or ""
                self.open_comments[ident] = []
                self.anchors.setdefault(ident, paragraph.anchor)
                self.anchors[ident] = self.anchors[ident] or paragraph.anchor \
                    or self._nearest_anchor()
            elif tag == qn("w:commentRangeEnd"):
                ident = child.get(qn("w:id")) or ""
                self.quoted[ident] = "".join(self.open_comments.pop(ident, []))

    def _nearest_anchor(self) -> int | None:
        return next((p.anchor for p in reversed(self.paragraphs) if p.anchor is not None), None)

    def run(self, run: etree._Element, paragraph: CopyParagraph,
            inserted: Revision | None, deleted: Revision | None) -> None:
        rpr = run.find(qn("w:rPr"))
        bold, italic, unheld = _formatting(rpr)
        piece = Piece("", bold, italic, inserted, deleted, old_bold=bold, old_italic=italic,
                      unheld=unheld, old_unheld=unheld)
        change = rpr.find(qn("w:rPrChange")) if rpr is not None else None
        if change is not None:
            piece.formatted = _revision(change, "format")
            piece.old_bold, piece.old_italic, piece.old_unheld = _formatting(
                change.find(qn("w:rPr")))
        text = []
        for node in run:
            if node.tag in (qn("w:t"), qn("w:delText")):
                text.append(node.text or "")
            elif node.tag == qn("w:tab"):
                text.append("\t")
            elif node.tag in (qn("w:br"), qn("w:cr")):
                text.append(" ")
            elif node.tag == qn("w:noBreakHyphen"):
                text.append("-")
            elif node.tag == qn("w:commentReference"):
                ident = node.get(qn("w:id")) or ""
                self.anchors.setdefault(ident, paragraph.anchor or self._nearest_anchor())
        piece.text = "".join(text)
        if piece.text:
            paragraph.pieces.append(piece)
            if deleted is None:
                for buffer in self.open_comments.values():
                    buffer.append(piece.text)

    def comments(self) -> list[Comment]:
        root = self._xml("word/comments.xml")
        if root is None:
            return []
        extended = self._xml("word/commentsExtended.xml")
        parents: dict[str, tuple[str | None, bool]] = {}
        for node in [] if extended is None else extended.iter(f"{{{W15}}}commentEx"):
            parents[node.get(f"{{{W15}}}paraId") or ""] = (
                node.get(f"{{{W15}}}paraIdParent"), node.get(f"{{{W15}}}done") == "1")
        by_para: dict[str, Comment] = {}
        found = []
        for node in root.iter(qn("w:comment")):
            ident = node.get(qn("w:id")) or ""
            paras = node.findall(qn("w:p"))
            comment = Comment(
                ident=ident, author=node.get(qn("w:author")) or "Unknown",
                date=node.get(qn("w:date")),
                text="\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paras),
                anchor=self.anchors.get(ident), quoted=self.quoted.get(ident, ""),
            )
            last = paras[-1].get(f"{{{W14}}}paraId") if paras else None
            if last:
                by_para[last] = comment
                parent, comment.done = parents.get(last, (None, False))
                comment.parent = parent
            found.append(comment)
        if extended is None:  # LibreOffice writes no commentsExtended: a later comment on
            first: dict[tuple[int | None, str], Comment] = {}  # the same words is a reply
            for comment in sorted(found, key=lambda c: (c.date or "", _number(c.ident))):
                parent = first.setdefault((comment.anchor, comment.quoted), comment)
                if parent is not comment and comment.quoted:
                    comment.parent = f"reply-to-{parent.ident}"
                    by_para[comment.parent] = parent
        top = []
        for comment in found:
            parent = by_para.get(comment.parent or "")
            if parent is not None and parent is not comment:
                comment.anchor = comment.anchor if comment.anchor is not None else parent.anchor
                parent.replies.append(comment)
            else:
                top.append(comment)
        return sorted(top, key=lambda c: (c.date or "", _number(c.ident)))


def _number(ident: str) -> int:
    return int(ident) if ident.isdigit() else 0


def _revision(node: etree._Element, kind: str) -> Revision:
    return Revision(kind, node.get(qn("w:author")) or "Unknown", node.get(qn("w:date")))


def _on(node: etree._Element | None) -> bool:
    return node is not None and node.get(qn("w:val")) not in ("0", "false", "off")


def _formatting(rpr: etree._Element | None) -> tuple[bool, bool, tuple[str, ...]]:
    if rpr is None:
        return False, False, ()
    unheld = []
    for child in rpr:
        if child.tag in _HELD or not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        value = child.get(qn("w:val")) or ""
        if local == "color" and value.lower() in ("auto", "000000", ""):
            continue
        if local == "u" and value in ("none", ""):
            continue
        if local in ("highlight", "shd") and value in ("none", "clear", "") and \
                (child.get(qn("w:fill")) or "auto") in ("auto", "FFFFFF"):
            continue
        name = _NAMES.get(local, local)
        if local == "color":
            name += f" {_COLOURS.get(value.upper(), '#' + value)}"
        elif local == "highlight":
            name += f" {value}"
        unheld.append(name)
    return _on(rpr.find(qn("w:b"))), _on(rpr.find(qn("w:i"))), tuple(unheld)


def _core(package: DocxPackage) -> tuple[str | None, str | None, str]:
    data = package.members.get("docProps/core.xml")
    if data is None:
        return None, None, ""
    root = parse_xml(data, package.name, "docProps/core.xml")
    by = root.find(f"{{{_CP}}}lastModifiedBy")
    modified = root.find(f"{{{_DC}}}modified")
    keywords = root.find(f"{{{_CP}}}keywords")
    return ((by.text or "").strip() or None if by is not None else None,
            (modified.text or "").strip() or None if modified is not None else None,
            (keywords.text or "").strip() if keywords is not None else "")


def _custom(package: DocxPackage) -> dict[str, str]:
    data = package.members.get("docProps/custom.xml")
    if data is None:
        return {}
    root = parse_xml(data, package.name, "docProps/custom.xml")
    return {prop.get("name") or "": "".join(prop.itertext()).strip()
            for prop in root if prop.get("name")}


_MACRO = re.compile(r"vbaProject|macroEnabled|vbaData", re.IGNORECASE)


def read_copy(data: bytes, name: str) -> ReturnedCopy:
    """Read a returned copy; refuse it (InputError) when it is not a safe Word document."""
    package = read_docx(data, name)
    types = package.members.get("[Content_Types].xml", b"").decode("utf-8", "replace")
    if any(_MACRO.search(member) for member in package.members) or _MACRO.search(types):
        raise InputError(f"{name}: holds macros (a VBA project), which policykit refuses to "
                         "read; save it as a plain Word document (.docx) and try again")
    reader = _Reader(package)
    root = parse_xml(package.members[package.main], name, package.main)
    body = root.find(qn("w:body"))
    if body is None:
        raise InputError(f"{name}: has no document body; is it a Word document?")
    reader.body(body)
    by, modified, keywords = _core(package)
    return ReturnedCopy(name=name, properties=_custom(package), last_modified_by=by,
                        modified=modified, paragraphs=reader.paragraphs,
                        comments=reader.comments(), keywords=keywords)


def view(paragraphs: list[CopyParagraph], accept: Callable[[Revision], bool]
         ) -> list[ViewParagraph]:
    """Return the paragraphs as they read with the revisions ``accept`` approves accepted and
    every other revision rejected (a removed paragraph mark joins a paragraph to the next)."""
    out: list[ViewParagraph] = []
    pending: list[tuple[CopyParagraph, list[Piece]]] = []
    for paragraph in paragraphs:
        pieces = []
        for piece in paragraph.pieces:
            shown = (piece.inserted is None or accept(piece.inserted)) and \
                    (piece.deleted is None or not accept(piece.deleted))
            if not shown:
                continue
            if piece.formatted is not None and not accept(piece.formatted):
                piece = Piece(piece.text, piece.old_bold, piece.old_italic,
                              unheld=piece.old_unheld, old_unheld=piece.old_unheld)
            pieces.append(piece)
        pending.append((paragraph, pieces))
        inserted = paragraph.mark_inserted is not None and not accept(paragraph.mark_inserted)
        deleted = paragraph.mark_deleted is not None and accept(paragraph.mark_deleted)
        if inserted or deleted:
            continue  # this paragraph mark is gone: the text runs on into the next paragraph
        joined = [piece for _, some in pending for piece in some]
        main = next((p for p, some in pending if "".join(x.text for x in some).strip()),
                    pending[-1][0])
        old = main.restyled is not None and not accept(main.restyled)
        anchor = main.anchor if main.anchor is not None else next(
            (p.anchor for p, _ in pending if p.anchor is not None), None)
        out.append(ViewParagraph(anchor, main.old_style if old else main.style,
                                 main.old_listed if old else main.listed, joined, main.cell,
                                 main))
        pending = []
    return out


__all__ = ["Comment", "CopyParagraph", "Piece", "ReturnedCopy", "Revision", "ViewParagraph",
           "read_copy", "view"]
