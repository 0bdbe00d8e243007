"""Compare two Word documents and return the new one carrying native tracked changes.

``compare(old, new)`` reads both .docx files (checked by :mod:`policykit.word.inputs`; the
main part found through the package relationships), aligns
their bodies, headers, footers, footnotes and endnotes, and marks every difference in the
NEW document as Word revisions: ``w:ins``/``w:del`` runs (whole words, or characters with
``granularity="char"``), inserted and deleted paragraphs with their paragraph marks,
``w:moveFrom``/``w:moveTo`` for moved paragraphs (moved and edited: one move with the
edits marked inside), ``w:rPrChange``/``w:pPrChange`` for
formatting-only changes, ``w:trPr`` row marks for table rows, ``w:sectPrChange`` for a
changed page setup. The new document's styles,
numbering, headers, footers and section layout are kept; an old style that deleted text
names and new lacks is added (:mod:`.styles`).

Accepted-state rule: an input that already carries tracked changes is compared in its
*accepted* state (as if Review > Accept All Changes had been run on it first): its deleted
text is ignored, its inserted text counts as plain text, its old formatting records are
dropped. ``Redline.notes`` says so for each such input; the output then holds only the
engine's own revisions, one author and date each, with ids unique across all parts.

Limits: pictures, equations, hyperlinks and fields are compared as whole units (a changed
one is deleted and inserted whole; a text box whose shape is unchanged has its words
compared); a passage moved and edited is one move with its edits inside, but a table in
it is deleted and inserted; comments of the old document are not carried into deleted
text; a header or footer the new document no longer has is not shown; the
``summary_page`` and the ``cover`` note are added unmarked, so Accept All then gives NEW
plus that page.

Owns: the comparison engine (context, ops, align, moves, diff, tokens, paragraph, moved,
engine, parts, marks, accept, summary, cover, html, package, styles, section, lists,
lines, controls, split). May import: ``policykit.errors`` and ``policykit.word``; never
``content`` or ``render``. Exports :class:`RevisionKind`, the one spelling of the kinds of
change (``versions.blame`` may use it), and :class:`CoverNote`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Literal

from lxml import etree

from policykit.errors import CompareError
from policykit.redline.accept import accept_all, has_revisions, unwrap_direction
from policykit.redline.context import Context, PartContext, Span, body_paragraphs
from policykit.redline.cover import (
    CORE_REL,
    CoverNote,
    cover_blocks,
    cover_for_files,
    describe,
    long_date,
    remove_cover,
    set_core_properties,
)
from policykit.redline.engine import redline_story
from policykit.redline.lists import ListImporter, paragraph_labels
from policykit.redline.marks import RevisionKind, RevisionStamper
from policykit.redline.package import Package, RelationshipImporter
from policykit.redline.parts import redline_headers_footers, redline_notes
from policykit.redline.reject import count_revisions, reject_all
from policykit.redline.section import mark_page_setup_change
from policykit.redline.styles import adopt_old_styles, story_parts
from policykit.redline.summary import ChangeSummary
from policykit.redline.summary import summary_page as build_summary_page
from policykit.redline.tokens import Tokenizer, paragraph_text
from policykit.word.inputs import read_docx
from policykit.word.oxml import (
    W_BODY,
    W_ENREF,
    W_FNREF,
    W_ID,
    W_NS,
    WP_NS,
)

STORY_RELS = ("/header", "/footer", "/footnotes", "/endnotes")


@dataclass
class Redline:
    """The result of a comparison: the redlined .docx, its change summary, notes."""

    docx: bytes
    summary: ChangeSummary
    notes: list[str] = field(default_factory=list)

    def to_html(self, title: str) -> str:
        """Return the redline as a self-contained, accessible HTML page titled ``title``."""
        from policykit.redline.html import redline_html  # only HTML needs it: load on use

        return redline_html(self.docx, self.summary, title=title)


def _open(data: bytes, name: str, notes: list[str], role: str = "",
          tracked: str = "accept") -> Package:
    package = Package(read_docx(data, name))
    if not package.has(package.main):
        raise CompareError(f"{name}: has no main document part; is it a Word document?")
    parts = [package.main]
    for suffix in STORY_RELS:
        parts.extend(p for p in package.parts_of_type(suffix) if package.has(p))
    revised = 0
    for part in dict.fromkeys(parts):
        root = package.xml(part)
        if has_revisions(root):
            revised += count_revisions(root)
            (reject_all if tracked == "reject" else accept_all)(root)
        unwrap_direction(root)
    if revised:
        other = "accept" if tracked == "reject" else "reject"
        notes.append(
            f"the {role or 'input'} document holds {revised} tracked "
            f"change{'s' * (revised != 1)}; compared as if they were {tracked}ed ({name}; "
            f"--tracked {other} compares it as if they were {other}ed)"
        )
    if package.xml(package.main).find(W_BODY) is None:
        raise CompareError(f"{name}: {package.main} has no body; is it a Word document?")
    return package


def _max_ids(package: Package) -> tuple[int, int]:
    top_id, top_docpr = 0, 0
    for part in [package.main] + [p for s in STORY_RELS for p in package.parts_of_type(s)]:
        if not package.has(part):
            continue
        root = package.xml(part)
        for value in root.xpath("//@w:id", namespaces={"w": W_NS}):
            if value.lstrip("-").isdigit():
                top_id = max(top_id, int(value))
        for value in root.xpath("//wp:docPr/@id", namespaces={"wp": WP_NS}):
            if value.isdigit():
                top_docpr = max(top_docpr, int(value))
    return top_id, top_docpr


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
    cover: CoverNote | None = None,
    tracked: Literal["accept", "reject"] = "accept",
) -> Redline:
    """Return NEW with tracked changes showing every difference from OLD.

    Every revision is stamped ``author`` and ``date`` (the caller's clock: with no date
    the marks carry none). ``attribute``, when given, is called with the :class:`Span` of
    each change in the body and returns the (author, date) to stamp it with, or None for
    the defaults. Raise :class:`InputError` for unreadable or hostile inputs,
    :class:`CompareError` when the documents cannot be compared. With ``cover``, the
    redline starts with a cover note (see :mod:`policykit.redline.cover`) and carries its
    title and subject. ``tracked`` says how tracked changes the inputs already hold are
    read: as if accepted (the default) or rejected; each such input is named in ``notes``
    with its count, and on the cover note.
    """
    if granularity not in ("word", "char"):
        raise CompareError(f"granularity must be 'word' or 'char', not {granularity!r}")
    if tracked not in ("accept", "reject"):
        raise CompareError(f"tracked must be 'accept' or 'reject', not {tracked!r}")
    notes: list[str] = []
    old_package = _open(old, old_name, notes, "old", tracked)
    new_package = _open(new, new_name, notes, "new", tracked)
    top_id, top_docpr = _max_ids(new_package)
    ctx = Context(
        old=old_package,
        new=new_package,
        stamper=RevisionStamper(author, date, first_id=top_id + 1),
        granularity=granularity,
        attribute=attribute,
        heading_styles=new_package.heading_styles(),
    )
    ctx.importer = RelationshipImporter(old_package, new_package)
    ctx.lists = ListImporter(old_package, new_package)
    ctx.lists.stamp = ctx.stamper.stamp
    ctx.docpr_next = top_docpr + 1
    old_body = old_package.xml(old_package.main).find(W_BODY)
    new_body = new_package.xml(new_package.main).find(W_BODY)
    ctx.labels = paragraph_labels(new_package, new_body)
    new_note_ids = {
        (ref.tag, ref.get(W_ID)) for ref in new_body.iter(W_FNREF, W_ENREF)
    }
    body = PartContext(ctx, old_package.main, new_package.main, "body")
    redline_story(body, old_body, new_body, top=True)
    redline_notes(ctx, body, new_note_ids)
    redline_headers_footers(ctx, notes)
    adopt_old_styles(old_package, new_package, story_parts(new_package))
    mark_page_setup_change(old_body, new_body, ctx.stamper)
    if summary_page:
        _put_first(new_body, build_summary_page(ctx.summary))
    if cover is not None:
        said = tuple(note.split(" (", 1)[0] for note in notes if " tracked change" in note)
        _put_first(new_body, cover_blocks(replace(cover, notes=said), ctx.summary))
    _set_title(new_package, cover, author)
    return Redline(docx=new_package.to_bytes(), summary=ctx.summary, notes=notes)


def _set_title(package: Package, cover: CoverNote | None, author: str) -> None:
    """Name who compared as the redline's author; with a cover, its own title and subject.

    (A PDF made from the redline takes its Author from here, not from the new document.)
    """
    part = next((p for p in package.parts_of_type(CORE_REL, "") if package.has(p)), None)
    if part is None:
        return
    if cover is None:
        set_core_properties(package.xml(part), "", "", author)
    else:
        set_core_properties(package.xml(part), cover.title, cover.subject or cover.title,
                            cover.made_by)


def _put_first(body: etree._Element, blocks: list[etree._Element]) -> None:
    first = next(iter(body), None)
    for block in blocks:
        if first is not None:
            first.addprevious(block)
        else:
            body.append(block)


def paragraph_texts(docx: bytes) -> list[str]:
    """Return the text of each body paragraph, in the order the engine indexes them."""
    package = _open(docx, "document.docx", [])
    body = package.xml(package.main).find(W_BODY)
    tokenizer = Tokenizer(lambda rid: rid)
    return [paragraph_text(tokenizer.tokenize(p)[0]) for p in body_paragraphs(body)]


__all__ = [
    "ChangeSummary", "CoverNote", "Redline", "RevisionKind", "Span", "compare", "cover_for_files",
    "describe", "long_date", "remove_cover",
    "paragraph_texts",
]
