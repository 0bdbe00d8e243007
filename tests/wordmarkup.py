"""Make reviewers' copies in Word's own markup, for what LibreOffice does not write.

Each function takes a built .docx (bytes) and returns a new one with one more change, written
the way Word writes it: ``w:ins``/``w:del`` around runs, ``w:moveFrom``/``w:moveTo`` with their
range marks, ``w:rPrChange`` and ``w:pPrChange`` holding the old properties, a paragraph mark
inserted or deleted in ``w:pPr/w:rPr``, and comments in ``comments.xml`` with replies in
``commentsExtended.xml``. Text is found within one run (the build writes a run per format).
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_ids = itertools.count(500)


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _edit(docx: bytes, change) -> bytes:
    parts = _parts(docx)
    root = etree.fromstring(parts["word/document.xml"])
    change(root, parts)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    return _zip(parts)


def _mark(tag: str, author: str, date: str) -> etree._Element:
    element = etree.Element(q(tag))
    element.set(q("id"), str(next(_ids)))
    element.set(q("author"), author)
    element.set(q("date"), date)
    return element


def _run_with(root: etree._Element, text: str) -> etree._Element:
    for t in root.iter(q("t")):
        if text in (t.text or ""):
            return t.getparent()
    raise AssertionError(f"no run holds {text!r}")


def _paragraph_with(root: etree._Element, text: str) -> etree._Element:
    for p in root.iter(q("p")):
        if text in "".join(t.text or "" for t in p.iter(q("t"))):
            return p
    raise AssertionError(f"no paragraph holds {text!r}")


def _split(run: etree._Element, text: str) -> tuple[etree._Element, etree._Element,
                                                     etree._Element]:
    """Split a run into (before, the words, after) runs; return the three."""
    t = run.find(q("t"))
    full = t.text or ""
    at = full.index(text)
    pieces = []
    for chunk in (full[:at], text, full[at + len(text):]):
        new = copy.deepcopy(run)
        new_t = new.find(q("t"))
        new_t.text = chunk
        new_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        pieces.append(new)
    for piece in pieces:
        run.addprevious(piece)
    run.getparent().remove(run)
    for piece in (pieces[0], pieces[2]):
        if not piece.find(q("t")).text:
            piece.getparent().remove(piece)
    return pieces[0], pieces[1], pieces[2]


def _to_deleted(run: etree._Element) -> None:
    for t in run.findall(q("t")):
        t.tag = q("delText")


def replace(docx: bytes, old: str, new: str, author: str, date: str) -> bytes:
    """Delete ``old`` and insert ``new`` in its place, tracked."""
    def change(root, parts):
        _, words, _ = _split(_run_with(root, old), old)
        deleted = _mark("del", author, date)
        words.addprevious(deleted)
        inserted = _mark("ins", author, date)
        deleted.addnext(inserted)
        added = copy.deepcopy(words)
        added.find(q("t")).text = new
        deleted.append(words)
        _to_deleted(words)
        if new:
            inserted.append(added)
        else:
            inserted.getparent().remove(inserted)
    return _edit(docx, change)


def _new_paragraph(like: etree._Element, text: str, author: str, date: str,
                   style: str | None = None) -> etree._Element:
    paragraph = etree.Element(q("p"))
    ppr = copy.deepcopy(like.find(q("pPr"))) if like.find(q("pPr")) is not None \
        else etree.SubElement(paragraph, q("pPr"))
    if style is not None:
        ppr.find(q("pStyle")).set(q("val"), style)
    paragraph.append(ppr)
    rpr = ppr.find(q("rPr"))
    if rpr is None:
        rpr = etree.SubElement(ppr, q("rPr"))
    rpr.append(_mark("ins", author, date))
    inserted = _mark("ins", author, date)
    run = etree.SubElement(inserted, q("r"))
    etree.SubElement(run, q("t")).text = text
    paragraph.append(inserted)
    return paragraph


def insert_paragraph(docx: bytes, after: str, text: str, author: str, date: str) -> bytes:
    """Add a paragraph (same style) after the paragraph holding ``after``, tracked."""
    def change(root, parts):
        paragraph = _paragraph_with(root, after)
        paragraph.addnext(_new_paragraph(paragraph, text, author, date))
    return _edit(docx, change)


def delete_paragraph(docx: bytes, holding: str, author: str, date: str) -> bytes:
    """Delete the whole paragraph holding ``holding`` (its text and its mark), tracked."""
    def change(root, parts):
        paragraph = _paragraph_with(root, holding)
        ppr = paragraph.find(q("pPr"))
        rpr = ppr.find(q("rPr"))
        if rpr is None:
            rpr = etree.SubElement(ppr, q("rPr"))
        rpr.append(_mark("del", author, date))
        for run in list(paragraph.findall(q("r"))):
            deleted = _mark("del", author, date)
            run.addprevious(deleted)
            deleted.append(run)
            _to_deleted(run)
    return _edit(docx, change)


def move_paragraph(docx: bytes, holding: str, after: str, author: str, date: str) -> bytes:
    """Move the paragraph holding ``holding`` after the one holding ``after``, as Word does."""
    def change(root, parts):
        source = _paragraph_with(root, holding)
        target = _paragraph_with(root, after)
        moved = copy.deepcopy(source)
        for number, (paragraph, kind) in enumerate(((source, "moveFrom"), (moved, "moveTo"))):
            ppr = paragraph.find(q("pPr"))
            rpr = ppr.find(q("rPr"))
            if rpr is None:
                rpr = etree.SubElement(ppr, q("rPr"))
            rpr.append(_mark(kind, author, date))
            start = _mark(f"{kind}RangeStart", author, date)
            start.set(q("name"), f"move{number}")
            ppr.addnext(start)
            wrapper = _mark(kind, author, date)
            for run in [r for r in paragraph if r.tag in (q("r"), q("hyperlink"))]:
                wrapper.append(run)
                for inner in [run] if run.tag == q("r") else run.findall(q("r")):
                    if kind == "moveFrom":
                        _to_deleted(inner)
            start.addnext(wrapper)
            end = etree.SubElement(paragraph, q(f"{kind}RangeEnd"))
            end.set(q("id"), start.get(q("id")))
            for bookmark in paragraph.findall(q("bookmarkStart")) if kind == "moveTo" else []:
                bookmark.getparent().remove(bookmark)
        target.addnext(moved)
    return _edit(docx, change)


def format_words(docx: bytes, words: str, author: str, date: str, *, bold: bool = False,
                 italic: bool = False, colour: str | None = None) -> bytes:
    """Make ``words`` bold, italic or coloured, tracked (``w:rPrChange`` holds the old look)."""
    def change(root, parts):
        _, run, _ = _split(_run_with(root, words), words)
        rpr = run.find(q("rPr"))
        if rpr is None:
            rpr = etree.Element(q("rPr"))
            run.insert(0, rpr)
        old = copy.deepcopy(rpr)
        for flag, tag in ((bold, "b"), (italic, "i")):
            if flag:
                rpr.insert(0, etree.Element(q(tag)))
        if colour:
            etree.SubElement(rpr, q("color")).set(q("val"), colour)
        record = _mark("rPrChange", author, date)
        record.append(old)
        rpr.append(record)
    return _edit(docx, change)


def restyle(docx: bytes, holding: str, style_id: str, author: str, date: str) -> bytes:
    """Give the paragraph holding ``holding`` the style ``style_id``, tracked (w:pPrChange)."""
    def change(root, parts):
        ppr = _paragraph_with(root, holding).find(q("pPr"))
        old = copy.deepcopy(ppr)
        for child in list(old):
            if child.tag in (q("rPr"), q("pPrChange")):
                old.remove(child)
        style = ppr.find(q("pStyle"))
        style.set(q("val"), style_id)
        for numbering in ppr.findall(q("numPr")):
            ppr.remove(numbering)
        record = _mark("pPrChange", author, date)
        record.append(old)
        ppr.append(record)
    return _edit(docx, change)


def _comment(author: str, date: str, text: str, ident: int, para: str) -> etree._Element:
    comment = etree.Element(q("comment"), nsmap={"w": W, "w14": W14})
    comment.set(q("id"), str(ident))
    comment.set(q("author"), author)
    comment.set(q("date"), date)
    comment.set(q("initials"), "".join(w[0] for w in author.split()))
    paragraph = etree.SubElement(comment, q("p"))
    paragraph.set(f"{{{W14}}}paraId", para)
    run = etree.SubElement(paragraph, q("r"))
    etree.SubElement(run, q("t")).text = text
    return comment


def comment(docx: bytes, words: str, author: str, date: str, text: str,
            replies: list[tuple[str, str, str]] = ()) -> bytes:
    """Comment on ``words``, with replies (author, date, text) linked in commentsExtended."""
    def change(root, parts):
        comments = etree.fromstring(parts["word/comments.xml"]) if "word/comments.xml" in parts \
            else etree.Element(q("comments"), nsmap={"w": W, "w14": W14})
        extended = etree.fromstring(parts["word/commentsExtended.xml"]) \
            if "word/commentsExtended.xml" in parts else \
            etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
        first = len(comments)
        _, run, _ = _split(_run_with(root, words), words)
        ids = []
        for offset, (who, when, what) in enumerate([(author, date, text), *replies]):
            ident = first + offset
            para = f"{0x10000000 + ident * 17:08X}"
            comments.append(_comment(who, when, what, ident, para))
            entry = etree.SubElement(extended, f"{{{W15}}}commentEx")
            entry.set(f"{{{W15}}}paraId", para)
            if offset:
                entry.set(f"{{{W15}}}paraIdParent", ids[0][1])
            entry.set(f"{{{W15}}}done", "0")
            ids.append((ident, para))
        for ident, _ in ids:
            start = etree.Element(q("commentRangeStart"))
            start.set(q("id"), str(ident))
            run.addprevious(start)
            end = etree.Element(q("commentRangeEnd"))
            end.set(q("id"), str(ident))
            run.addnext(end)
            reference = etree.Element(q("r"))
            etree.SubElement(reference, q("commentReference")).set(q("id"), str(ident))
            end.addnext(reference)
        parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True)
        parts["word/commentsExtended.xml"] = etree.tostring(
            extended, xml_declaration=True, encoding="UTF-8", standalone=True)
        _register(parts)
    return _edit(docx, change)


def _register(parts: dict[str, bytes]) -> None:
    types = parts["[Content_Types].xml"].decode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    base = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    for part, kind, rel in (
        ("comments.xml", f"{base}.comments+xml",
         "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"),
        ("commentsExtended.xml", f"{base}.commentsExtended+xml",
         "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"),
    ):
        if f"/word/{part}" not in types:
            types = types.replace("</Types>", f'<Override PartName="/word/{part}" '
                                  f'ContentType="{kind}"/></Types>')
        if f'Target="{part}"' not in rels:
            rels = rels.replace("</Relationships>", f'<Relationship Id="rIdPk{part[:8]}" '
                                f'Type="{rel}" Target="{part}"/></Relationships>')
    parts["[Content_Types].xml"] = types.encode()
    parts["word/_rels/document.xml.rels"] = rels.encode()


def strip_properties(docx: bytes) -> bytes:
    """Remove the custom document properties (as some tools do on save)."""
    parts = _parts(docx)
    parts.pop("docProps/custom.xml", None)
    parts["[Content_Types].xml"] = re.sub(
        rb'<Override PartName="/docProps/custom.xml"[^>]*/>', b"", parts["[Content_Types].xml"])
    parts["_rels/.rels"] = re.sub(rb'<Relationship [^>]*Target="/?docProps/custom.xml"[^>]*/>',
                                  b"", parts["_rels/.rels"])
    return _zip(parts)


def accept_all(docx: bytes) -> bytes:
    """Accept every tracked change and drop the marks: the copy as if edited untracked."""
    def change(root, parts):
        for element in list(root.iter(q("del"), q("moveFrom"))):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)
        for element in list(root.iter(q("ins"), q("moveTo"))):
            parent = element.getparent()
            if parent is None:
                continue
            if parent.tag == q("rPr"):
                parent.remove(element)
                continue
            for child in list(element):
                element.addprevious(child)
            parent.remove(element)
        for element in list(root.iter(q("rPrChange"), q("pPrChange"))):
            element.getparent().remove(element)
    return _edit(docx, change)


def split_paragraph(docx: bytes, after: str, text: str, author: str, date: str) -> bytes:
    """Add a paragraph the way Word records Enter at the end of a paragraph and typing: the
    paragraph holding ``after`` gets an inserted mark; the new one keeps the old mark."""
    def change(root, parts):
        paragraph = _paragraph_with(root, after)
        new = etree.Element(q("p"))
        ppr = paragraph.find(q("pPr"))
        if ppr is not None:
            new.append(copy.deepcopy(ppr))
            rpr = ppr.find(q("rPr"))
            if rpr is None:
                rpr = etree.SubElement(ppr, q("rPr"))
            rpr.append(_mark("ins", author, date))
        inserted = _mark("ins", author, date)
        run = etree.SubElement(inserted, q("r"))
        etree.SubElement(run, q("t")).text = text
        new.append(inserted)
        paragraph.addnext(new)
    return _edit(docx, change)
