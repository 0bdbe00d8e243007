"""Hold what one comparison shares: both packages, the stamper, the summary, each part's state.

:class:`Context` lives for a whole comparison; :class:`PartContext` for one story part
(the body, a header, the footnotes): its tokenizers, the note references it pairs, and how
old content is made safe to live in the new part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from policykit.redline.lists import ListImporter
from policykit.redline.marks import Revision, RevisionKind, RevisionStamper
from policykit.redline.package import Package, RelationshipImporter
from policykit.redline.summary import ChangeSummary
from policykit.redline.tokens import Tokenizer, paragraph_text
from policykit.word.oxml import (
    MC_FALLBACK,
    W14_NS,
    W_BODY,
    W_ENREF,
    W_FNREF,
    W_ID,
    W_P,
    W_TXBX,
    WP_DOCPR,
    qn,
)

_STRIP_FROM_OLD = tuple(
    qn(t) for t in ("w:bookmarkStart", "w:bookmarkEnd", "w:commentRangeStart",
                    "w:commentRangeEnd", "w:commentReference", "w:permStart", "w:permEnd",
                    "w:proofErr")
)


@dataclass(frozen=True)
class Span:
    """Where one change is: kind, block index (into ``paragraph_texts``), character range.

    ``block`` indexes ``paragraph_texts(new)`` for ins/moveTo/format and
    ``paragraph_texts(old)`` for del/moveFrom.
    """

    kind: RevisionKind
    block: int
    start: int
    end: int
    text: str


Attribute = Callable[[Span], "tuple[str, datetime] | None"]


def body_paragraphs(body: etree._Element) -> list[etree._Element]:
    """Return the paragraphs of ``body`` in document order, text boxes and fallbacks aside."""
    skip: set = set()
    for box in body.iter(W_TXBX, MC_FALLBACK):
        skip.update(box.iter(W_P))
    if not skip:
        return list(body.iter(W_P))
    return [p for p in body.iter(W_P) if p not in skip]


@dataclass
class Context:
    """Everything one comparison shares: both packages, ids, attribution, the summary."""

    old: Package
    new: Package
    stamper: RevisionStamper
    granularity: str = "word"
    attribute: Attribute | None = None
    summary: ChangeSummary = field(default_factory=ChangeSummary)
    heading_styles: frozenset[str] = frozenset()
    importer: RelationshipImporter | None = None
    lists: ListImporter | None = None
    labels: dict = field(default_factory=dict)  # new paragraph -> its list label ("5.")
    docpr_next: int = 100000
    _index: dict = field(default_factory=dict)

    def index_of(self, side: str) -> dict:
        """Return {paragraph: index} of the body paragraphs of ``side`` (built on demand)."""
        found = self._index.get(side)
        if found is None:
            package = self.old if side == "old" else self.new
            body = package.xml(package.main).find(W_BODY)
            found = {p: i for i, p in enumerate(body_paragraphs(body))}
            self._index[side] = found
        return found


class PartContext:
    """One story part being compared: its names in both packages, tokenizers, note links."""

    def __init__(self, ctx: Context, old_part: str, new_part: str, label: str) -> None:
        self.ctx = ctx
        self.old_part = old_part
        self.new_part = new_part
        self.label = label
        self.heading = ""
        self.old_tokens = Tokenizer(lambda rid: ctx.old.rel_key(old_part, rid), ctx.granularity)
        self.new_tokens = Tokenizer(lambda rid: ctx.new.rel_key(new_part, rid), ctx.granularity)
        self.note_map: dict[tuple[str, str], str] = {}  # (kind, old id) -> new id
        self.deleted_refs: list[etree._Element] = []
        self.moved_diffs: dict[tuple, tuple] = {}  # (old, new) moved paragraph -> token diff

    # -- attribution and summary -------------------------------------------------------
    def block_index(self, paragraph: etree._Element, side: str) -> int | None:
        """Return the index of ``paragraph`` among the body paragraphs of ``side``."""
        if self.label != "body" or self.ctx.attribute is None:
            return None
        return self.ctx.index_of(side).get(paragraph)

    def revision(self, kind: RevisionKind, block: int | None, start: int, end: int, text: str,
                 side: str) -> Revision:
        """Record one change and return the revision to stamp its marks with."""
        self.ctx.summary.add(kind, self.heading, self.label, text)
        who = None
        if self.ctx.attribute is not None and block is not None:
            who = self.ctx.attribute(Span(kind, block, start, end, text))
        return self.ctx.stamper.stamp(who)

    def block_revision(self, kind: RevisionKind, element: etree._Element, side: str
                       ) -> Revision:
        """Return the revision for a block inserted, deleted or moved whole."""
        text = ""
        block = None
        if element.tag == W_P:
            if self.ctx.attribute is not None:
                tokens = (self.new_tokens if side == "new" else self.old_tokens).tokenize(element)
                text = paragraph_text(tokens[0])
                block = self.block_index(element, side)
            else:
                text = "".join(element.itertext())
        else:
            text = "".join(element.itertext())
            if self.ctx.attribute is not None and self.label == "body":
                paragraphs = list(element.iter(W_P))
                if paragraphs:
                    block = self.block_index(paragraphs[0], side)
        return self.revision(kind, block, 0, len(text), text, side)

    # -- footnotes and endnotes --------------------------------------------------------
    def map_note(self, old_ref: etree._Element, new_ref: etree._Element) -> None:
        """Remember that the old note referenced by ``old_ref`` is now ``new_ref``'s."""
        kind = "footnote" if new_ref.tag == W_FNREF else "endnote"
        self.note_map[(kind, old_ref.get(W_ID, ""))] = new_ref.get(W_ID, "")

    def deleted_note_ref(self, ref: etree._Element) -> None:
        """Remember a note reference inside deleted old text (its note is copied later)."""
        self.deleted_refs.append(ref)

    # -- old content brought into the new document -----------------------------------------
    def prepare_old(self, elements: list[etree._Element]) -> None:
        """Make old elements safe to live in the new part: ids, bookmarks, relationships."""
        for element in elements:
            for found in list(element.iter(*_STRIP_FROM_OLD)):
                parent = found.getparent()
                if parent is not None:
                    parent.remove(found)
            for node in element.iter(W_P, WP_DOCPR):
                if node.tag == WP_DOCPR:
                    node.set("id", str(self.ctx.docpr_next))
                    self.ctx.docpr_next += 1
                else:
                    for attr in (f"{{{W14_NS}}}paraId", f"{{{W14_NS}}}textId"):
                        if attr in node.attrib:
                            del node.attrib[attr]
            if self.ctx.importer is not None:
                self.ctx.importer.import_into(element, self.old_part, self.new_part)
            if self.ctx.lists is not None:
                self.ctx.lists.import_into(element)

    def note_refs_of(self, old: etree._Element, new: etree._Element) -> None:
        """Pair the note references of two equal blocks, in order."""
        olds = list(old.iter(W_FNREF, W_ENREF))
        if not olds:
            return
        for old_ref, new_ref in zip(olds, new.iter(W_FNREF, W_ENREF), strict=False):
            if old_ref.tag == new_ref.tag:
                self.map_note(old_ref, new_ref)
