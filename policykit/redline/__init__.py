"""Compare two Word documents and return the new one carrying native tracked changes.

``compare(old, new)`` reads both .docx files (checked by :mod:`policykit.inputs`), aligns
their bodies, headers, footers, footnotes and endnotes, and marks every difference in the
NEW document as Word revisions: ``w:ins``/``w:del`` runs (whole words, or characters with
``granularity="char"``), inserted and deleted paragraphs with their paragraph marks,
``w:moveFrom``/``w:moveTo`` for moved paragraphs, ``w:rPrChange``/``w:pPrChange`` for
formatting-only changes, ``w:trPr`` row marks for table rows. The new document's styles,
numbering, headers, footers and section layout are kept.

Accepted-state rule: an input that already carries tracked changes is compared in its
*accepted* state (as if Review > Accept All Changes had been run on it first): its deleted
text is ignored, its inserted text counts as plain text, its old formatting records are
dropped. ``Redline.notes`` says so for each such input; the output then holds only the
engine's own revisions, one author and date each, with ids unique across all parts.

Limits: pictures, text boxes, shapes, equations, hyperlinks and fields are compared as
whole units (a changed one is deleted and inserted whole); only body paragraphs whose
text is unchanged are shown as moves; comments of the old document are not carried into
deleted text; a header or footer the new document no longer has is not shown; the
``summary_page`` is added unmarked, so Accept All then gives NEW plus that page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from docx.oxml.ns import qn
from lxml import etree

from policykit.errors import CompareError
from policykit.redline.accept import accept_all, has_revisions
from policykit.redline.engine import (
    W_ENREF,
    W_FNREF,
    Context,
    PartContext,
    Span,
    body_paragraphs,
    mark_container,
    mark_text_only,
    redline_story,
)
from policykit.redline.marks import W_ID, W_NS, RevisionStamper
from policykit.redline.package import Package, RelationshipImporter, resolve
from policykit.redline.summary import ChangeSummary
from policykit.redline.summary import summary_page as build_summary_page
from policykit.redline.tokens import Tokenizer, paragraph_text
from policykit.word.inputs import read_docx

DOCUMENT = "word/document.xml"
W_BODY = qn("w:body")
W_SECTPR = qn("w:sectPr")
W_HDRREF, W_FTRREF, W_TYPE = qn("w:headerReference"), qn("w:footerReference"), qn("w:type")
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STORY_RELS = ("/header", "/footer", "/footnotes", "/endnotes")


@dataclass
class Redline:
    """The result of a comparison: the redlined .docx, its change summary, notes."""

    docx: bytes
    summary: ChangeSummary
    notes: list[str] = field(default_factory=list)


def _open(data: bytes, name: str, notes: list[str]) -> Package:
    package = Package(read_docx(data, name))
    parts = [DOCUMENT]
    for suffix in STORY_RELS:
        parts.extend(p for p in package.parts_of_type(suffix) if package.has(p))
    revised = False
    for part in dict.fromkeys(parts):
        root = package.xml(part)
        if has_revisions(root):
            accept_all(root)
            revised = True
    if revised:
        notes.append(
            f"{name} already had tracked changes: compared its accepted state"
        )
    if package.xml(DOCUMENT).find(W_BODY) is None:
        raise CompareError(f"{name}: word/document.xml has no body; is it a Word document?")
    return package


def _max_ids(package: Package) -> tuple[int, int]:
    top_id, top_docpr = 0, 0
    for part in [DOCUMENT] + [p for s in STORY_RELS for p in package.parts_of_type(s)]:
        if not package.has(part):
            continue
        root = package.xml(part)
        for value in root.xpath("//@w:id", namespaces={"w": W_NS}):
            if value.lstrip("-").isdigit():
                top_id = max(top_id, int(value))
        for value in root.xpath(
            "//wp:docPr/@id",
            namespaces={"wp": "http://schemas.openxmlformats.org/drawingml/2006/"
                              "wordprocessingDrawing"},
        ):
            if value.isdigit():
                top_docpr = max(top_docpr, int(value))
    return top_id, top_docpr


def _heading_styles(package: Package) -> frozenset[str]:
    part = "word/styles.xml"
    if not package.has(part):
        return frozenset()
    found = set()
    for style in package.xml(part).iter(qn("w:style")):
        name = style.find(qn("w:name"))
        label = (name.get(qn("w:val")) if name is not None else "") or ""
        if label.lower().startswith("heading") or label.lower() == "title":
            found.add(style.get(qn("w:styleId")))
    return frozenset(found)


def compare(
    old: bytes,
    new: bytes,
    *,
    author: str = "policykit",
    date: datetime | None = None,
    granularity: Literal["word", "char"] = "word",
    old_name: str = "old.docx",
    new_name: str = "new.docx",
    attribute: Callable[[Span], tuple[str, datetime] | None] | None = None,
    summary_page: bool = False,
) -> Redline:
    """Return NEW with tracked changes showing every difference from OLD.

    ``attribute``, when given, is called with the :class:`Span` of each change in the
    body and returns the (author, date) to stamp it with, or None for the defaults.
    Raise :class:`InputError` for unreadable or hostile inputs, :class:`CompareError`
    when the documents cannot be compared.
    """
    if granularity not in ("word", "char"):
        raise CompareError(f"granularity must be 'word' or 'char', not {granularity!r}")
    if date is None:
        date = datetime.now(UTC).replace(microsecond=0)
    notes: list[str] = []
    old_package = _open(old, old_name, notes)
    new_package = _open(new, new_name, notes)
    top_id, top_docpr = _max_ids(new_package)
    ctx = Context(
        old=old_package,
        new=new_package,
        stamper=RevisionStamper(author, date, first_id=top_id + 1),
        granularity=granularity,
        attribute=attribute,
        heading_styles=_heading_styles(new_package),
    )
    ctx.importer = RelationshipImporter(old_package, new_package)
    ctx.docpr_next = top_docpr + 1
    old_body = old_package.xml(DOCUMENT).find(W_BODY)
    new_body = new_package.xml(DOCUMENT).find(W_BODY)
    new_note_ids = {
        (ref.tag, ref.get(W_ID)) for ref in new_body.iter(W_FNREF, W_ENREF)
    }
    body = PartContext(ctx, DOCUMENT, DOCUMENT, "body")
    redline_story(body, old_body, new_body, top=True)
    _redline_notes(ctx, body, new_note_ids, notes)
    _redline_headers_footers(ctx, notes)
    if summary_page:
        first = next(iter(new_body), None)
        for block in build_summary_page(ctx.summary):
            if first is not None:
                first.addprevious(block)
            else:
                new_body.append(block)
    return Redline(docx=new_package.to_bytes(), summary=ctx.summary, notes=notes)



def _redline_notes(ctx: Context, body: PartContext, new_note_ids: set, notes: list[str]) -> None:
    for kind, suffix, ref_tag in (("footnote", "/footnotes", W_FNREF),
                                  ("endnote", "/endnotes", W_ENREF)):
        new_parts = [p for p in ctx.new.parts_of_type(suffix) if ctx.new.has(p)]
        old_parts = [p for p in ctx.old.parts_of_type(suffix) if ctx.old.has(p)]
        deleted = [ref for ref in body.deleted_refs if ref.tag == ref_tag]
        inserted = {i for t, i in new_note_ids if t == ref_tag}
        if not new_parts and not (old_parts and deleted):
            continue
        old_part = old_parts[0] if old_parts else None
        if new_parts:
            new_part = new_parts[0]
        else:
            new_part = _adopt_notes_part(ctx, ctx.importer, old_part, kind)
        note_tag = qn(f"w:{kind}")
        new_root = ctx.new.xml(new_part)
        old_root = ctx.old.xml(old_part) if old_part else None
        new_notes = {n.get(W_ID): n for n in new_root.iter(note_tag) if not n.get(W_TYPE)}
        old_notes = (
            {n.get(W_ID): n for n in old_root.iter(note_tag) if not n.get(W_TYPE)}
            if old_root is not None else {}
        )
        pc = PartContext(ctx, old_part or new_part, new_part, f"{kind}s")
        pc.heading = kind
        done = set()
        for (map_kind, old_id), new_id in body.note_map.items():
            if map_kind != kind or new_id in done:
                continue
            if old_id in old_notes and new_id in new_notes:
                done.add(new_id)
                redline_story(pc, old_notes[old_id], new_notes[new_id])
        for new_id in sorted(inserted - done):
            note = new_notes.get(new_id)
            if note is not None:
                rev = pc.block_revision("ins", note, "new")
                mark_text_only(pc, note, "ins", rev)
        next_id = max([int(i) for i in new_notes if i and i.lstrip("-").isdigit()] + [0]) + 1
        copies: dict[str, str] = {}
        for ref in deleted:
            old_id = ref.get(W_ID)
            if old_id not in copies:
                old_note = old_notes.get(old_id)
                if old_note is None:
                    continue
                copy = etree.fromstring(etree.tostring(old_note))
                copy.set(W_ID, str(next_id))
                copies[old_id] = str(next_id)
                next_id += 1
                pc.prepare_old([copy])
                rev = pc.block_revision("del", old_note, "old")
                mark_text_only(pc, copy, "del", rev)
                new_root.append(copy)
            ref.set(W_ID, copies[old_id])
        _order_notes(new_root, note_tag, ctx.new.xml(DOCUMENT).find(W_BODY), ref_tag)


def _order_notes(root: etree._Element, note_tag: str, body: etree._Element, ref_tag: str) -> None:
    """Number the notes 1, 2, ... in the order of their references, and store them so.

    Word finds a note by id; LibreOffice partly by position: with ids, file order and
    reference order all agreeing, both read the same notes.
    """
    notes = [n for n in root if n.tag == note_tag and not n.get(W_TYPE)]
    if not notes:
        return
    by_id = {n.get(W_ID): n for n in notes}
    refs = list(body.iter(ref_tag))
    first = max([int(n.get(W_ID)) for n in root if n.tag == note_tag and n.get(W_TYPE)
                 and (n.get(W_ID) or "").lstrip("-").isdigit()] + [0]) + 1
    ranked: list[etree._Element] = []
    renumber: dict[str, str] = {}
    for ref in refs:
        old_id = ref.get(W_ID)
        note = by_id.get(old_id)
        if note is None:
            continue
        if old_id not in renumber:
            renumber[old_id] = str(first + len(ranked))
            ranked.append(note)
        ref.set(W_ID, renumber[old_id])
    rest = [n for n in notes if n.get(W_ID) not in renumber]
    for offset, note in enumerate(rest):
        renumber[note.get(W_ID)] = str(first + len(ranked) + offset)
    anchor = notes[0].getprevious()
    for note in notes:
        root.remove(note)
    position = root.index(anchor) + 1 if anchor is not None else 0
    for offset, note in enumerate(ranked + rest):
        note.set(W_ID, renumber[note.get(W_ID)])
        root.insert(position + offset, note)


def _adopt_notes_part(ctx: Context, importer: RelationshipImporter, old_part: str, kind: str
                      ) -> str:
    """Copy old's notes part (separators only) into new, which has none, and relate it."""
    new_part = importer.copy_part(old_part)
    rel = next(r for r in ctx.old.rels(DOCUMENT).values()
               if resolve(DOCUMENT, r.get("Target", "")) == old_part)
    ctx.new.add_relationship(DOCUMENT, rel.get("Type", ""), new_part.split("word/", 1)[-1],
                             False)
    root = ctx.new.xml(new_part)
    for note in list(root.iter(qn(f"w:{kind}"))):
        if not note.get(W_TYPE):
            root.remove(note)
    return new_part


def _section_refs(package: Package) -> list[tuple[tuple, str]]:
    body = package.xml(DOCUMENT).find(W_BODY)
    refs = []
    for index, sect in enumerate(body.iter(W_SECTPR)):
        for ref in sect:
            if ref.tag in (W_HDRREF, W_FTRREF):
                target = package.rel_target(DOCUMENT, ref.get(R_ID, ""))
                if target and package.has(target):
                    refs.append(((index, ref.tag, ref.get(W_TYPE) or "default"), target))
    return refs


def _redline_headers_footers(ctx: Context, notes: list[str]) -> None:
    old_refs = _section_refs(ctx.old)
    exact = dict(old_refs)
    loose: dict = {}
    for (_, tag, kind), part in old_refs:
        loose.setdefault((tag, kind), part)
    done: set[str] = set()
    used_old: set[str] = set()
    for (index, tag, kind), new_part in _section_refs(ctx.new):
        if new_part in done:
            continue
        done.add(new_part)
        label = "header" if tag == W_HDRREF else "footer"
        old_part = exact.get((index, tag, kind)) or loose.get((tag, kind))
        new_root = ctx.new.xml(new_part)
        if old_part is None:
            pc = PartContext(ctx, new_part, new_part, label)
            pc.heading = label
            rev = pc.block_revision("ins", new_root, "new")
            mark_container(pc, new_root, "ins", rev, skip_last=True)
            continue
        used_old.add(old_part)
        pc = PartContext(ctx, old_part, new_part, label)
        pc.heading = f"{label} ({kind})"
        redline_story(pc, ctx.old.xml(old_part), new_root)
    unused = {part for _, part in old_refs} - used_old
    if unused:
        notes.append(
            f"{len(unused)} header/footer part(s) of the old document have no counterpart in "
            "the new one and are not shown"
        )


def paragraph_texts(docx: bytes) -> list[str]:
    """Return the text of each body paragraph, in the order the engine indexes them."""
    package = _open(docx, "document.docx", [])
    body = package.xml(DOCUMENT).find(W_BODY)
    tokenizer = Tokenizer(lambda rid: rid)
    return [paragraph_text(tokenizer.tokenize(p)[0]) for p in body_paragraphs(body)]


__all__ = ["ChangeSummary", "Redline", "Span", "compare", "paragraph_texts"]
