"""Mark every difference between two stories in the new one: the engine's core.

A *story* is a sequence of blocks (paragraphs, tables, block content controls): the
body, a header or footer, a footnote, a table cell. ``redline_story`` aligns the blocks
(``align``), diffs paired paragraphs word by word (``paragraph.redline_paragraph``),
paired tables row by row and cell by cell, and inserts or deletes everything else whole,
copying deleted old blocks into the new story with their relationships.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime

from docx.oxml.ns import qn
from lxml import etree

from policykit.redline.align import align, block_key, cells, row_ops
from policykit.redline.diff import match
from policykit.redline.marks import (
    DELETED,
    W_ID,
    W_INS,
    W_P,
    W_PPR,
    W_SDT,
    W_SDTCONTENT,
    W_T,
    W_TAB,
    W_TBL,
    W_TC,
    W_TR,
    W_TXBX,
    RevisionStamper,
    mark_paragraph_mark,
    mark_row,
    move_range,
    paragraph_mark_kind,
    unmark_paragraph_mark,
    wrap_runs,
)
from policykit.redline.package import Package, RelationshipImporter
from policykit.redline.paragraph import redline_paragraph
from policykit.redline.summary import ChangeSummary
from policykit.redline.tokens import W_ENREF, W_FNREF, Tokenizer, paragraph_text

BLOCKS = frozenset((W_P, W_TBL, W_SDT))
SIMILARITY = 0.4
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_STRIP_FROM_OLD = tuple(
    qn(t) for t in ("w:bookmarkStart", "w:bookmarkEnd", "w:commentRangeStart",
                    "w:commentRangeEnd", "w:commentReference", "w:permStart", "w:permEnd",
                    "w:proofErr")
)
W_PSTYLE, W_VAL, W_OUTLINE = qn("w:pStyle"), qn("w:val"), qn("w:outlineLvl")
INS_LIKE = {"ins": "ins", "moveTo": "ins"}
DEL_LIKE = {"del": "del", "moveFrom": "del"}


@dataclass(frozen=True)
class Span:
    """Where one change is: kind, block index (into ``paragraph_texts``), character range.

    ``block`` indexes ``paragraph_texts(new)`` for ins/moveTo/format and
    ``paragraph_texts(old)`` for del/moveFrom.
    """

    kind: str
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
    docpr_next: int = 100000
    _index: dict = field(default_factory=dict)

    def index_of(self, side: str) -> dict:
        """Return {paragraph: index} of the body paragraphs of ``side`` (built on demand)."""
        found = self._index.get(side)
        if found is None:
            package = self.old if side == "old" else self.new
            body = package.xml("word/document.xml").find(qn("w:body"))
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

    # -- attribution and summary -------------------------------------------------------
    def block_index(self, paragraph: etree._Element, side: str) -> int | None:
        """Return the index of ``paragraph`` among the body paragraphs of ``side``."""
        if self.label != "body" or self.ctx.attribute is None:
            return None
        return self.ctx.index_of(side).get(paragraph)

    def revision(self, kind: str, block: int | None, start: int, end: int, text: str, side: str):
        """Record one change and return the revision to stamp its marks with."""
        self.ctx.summary.add(kind, self.heading, self.label, text)
        who = None
        if self.ctx.attribute is not None and block is not None:
            who = self.ctx.attribute(Span(kind, block, start, end, text))
        return self.ctx.stamper.stamp(who)

    def block_revision(self, kind: str, element: etree._Element, side: str):
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
                    for attr in (f"{{{W14}}}paraId", f"{{{W14}}}textId"):
                        if attr in node.attrib:
                            del node.attrib[attr]
            if self.ctx.importer is not None:
                self.ctx.importer.import_into(element, self.old_part, self.new_part)

    def note_refs_of(self, old: etree._Element, new: etree._Element) -> None:
        """Pair the note references of two equal blocks, in order."""
        olds = list(old.iter(W_FNREF, W_ENREF))
        if not olds:
            return
        for old_ref, new_ref in zip(olds, new.iter(W_FNREF, W_ENREF), strict=False):
            if old_ref.tag == new_ref.tag:
                self.map_note(old_ref, new_ref)


# ---------------------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------------------


def _is_heading(ctx: Context, paragraph: etree._Element) -> bool:
    ppr = paragraph.find(W_PPR)
    if ppr is None:
        return False
    style = ppr.find(W_PSTYLE)
    if style is not None and style.get(W_VAL) in ctx.heading_styles:
        return True
    return ppr.find(W_OUTLINE) is not None


def _heading_text(paragraph: etree._Element) -> str:
    parts = [(node.text or "") if node.tag == W_T else " "
             for node in paragraph.iter(W_T, W_TAB)]
    return " ".join("".join(parts).split())[:80]


def redline_story(
    pc: PartContext, old_container: etree._Element, new_container: etree._Element,
    top: bool = False,
) -> None:
    """Mark in ``new_container`` every difference from ``old_container`` (both stories)."""
    old_units = [c for c in old_container if c.tag in BLOCKS]
    new_units = [c for c in new_container if c.tag in BLOCKS]
    ops = align(old_units, new_units, allow_moves=top,
                old_rel=pc.old_tokens.rel_key, new_rel=pc.new_tokens.rel_key)
    ctx = pc.ctx
    out: list[list] = []  # [element, mark kind of its paragraph mark, revision]
    move_names: dict[tuple, dict] = {}
    state = {"previous": None}
    for op in ops:
        kind = op[0]
        if kind in ("equal", "modify", "ins", "moveto"):
            new = op[2]
            if new.tag == W_P and _is_heading(ctx, new):
                pc.heading = _heading_text(new)
        if kind == "modify":
            old, new = op[1], op[2]
            if new.tag == W_P:
                if redline_paragraph(pc, old, new, may_split=op[3]) is None:
                    _emit(pc, ("del", old, None), state, new_container, new_units, out, move_names)
                    _emit(pc, ("ins", None, new), state, new_container, new_units, out, move_names)
                    continue
            elif new.tag == W_TBL:
                redline_table(pc, old, new)
            else:
                _redline_sdt(pc, old, new)
            state["previous"] = new
            out.append([new, None, None])
        else:
            _emit(pc, op, state, new_container, new_units, out, move_names)
    _fix_last_marks(pc, out)
    _add_move_ranges(pc, move_names)


def _emit(pc: PartContext, op: tuple, state: dict, new_container, new_units, out, move_names
          ) -> None:
    """Carry out one op that keeps, inserts, deletes or moves a block whole."""
    kind = op[0]
    previous = state["previous"]
    if kind == "equal":
        pc.note_refs_of(op[1], op[2])
        previous = op[2]
        out.append([previous, None, None])
    elif kind == "ins":
        new = op[2]
        rev = pc.block_revision("ins", new, "new")
        mark_block(pc, new, "ins", rev)
        previous = new
        out.append([new, "ins", rev])
    elif kind == "del":
        copy = deepcopy(op[1])
        rev = pc.block_revision("del", op[1], "old")
        pc.prepare_old([copy])
        _collect_refs(pc, copy)
        mark_block(pc, copy, "del", rev)
        _place(copy, previous, new_container, new_units)
        previous = copy
        out.append([copy, "del", rev])
    elif kind == "movefrom":
        copy = deepcopy(op[1])
        rev = _move_revision(pc, move_names, ("moveFrom", op[2]), op[1], "old", copy)
        pc.prepare_old([copy])
        _collect_refs(pc, copy)
        _mark_move(pc, copy, "moveFrom", rev)
        _place(copy, previous, new_container, new_units)
        previous = copy
        out.append([copy, "moveFrom", rev])
    elif kind == "moveto":
        new = op[2]
        rev = _move_revision(pc, move_names, ("moveTo", op[3]), new, "new", new)
        _mark_move(pc, new, "moveTo", rev)
        previous = new
        out.append([new, "moveTo", rev])
    state["previous"] = previous


def _collect_refs(pc: PartContext, copy: etree._Element) -> None:
    for ref in copy.iter(W_FNREF, W_ENREF):
        pc.deleted_note_ref(ref)


def _place(copy, previous, container, new_units) -> None:
    if previous is not None:
        previous.addnext(copy)
    elif new_units:
        new_units[0].addprevious(copy)
    else:
        sect = container.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(copy)
        else:
            container.append(copy)


def _fix_last_marks(pc: PartContext, out: list[list]) -> None:
    """Move a paragraph mark that cannot come and go to the paragraph before its group.

    Removing a paragraph mark (rejecting an insertion, accepting a deletion) joins its
    paragraph to the next paragraph. The mark of the last paragraph of a group of inserted
    (or deleted) blocks has no paragraph to join when a table or the end of the story
    follows it; so the mark of the paragraph before the group is marked instead, and that
    last paragraph keeps a plain mark (the two paragraphs then stand for one another).
    """
    index = 0
    while index < len(out):
        kind = out[index][1]
        side = (INS_LIKE.get(kind) or DEL_LIKE.get(kind)) if kind else None
        if side is None:
            index += 1
            continue
        table = INS_LIKE if side == "ins" else DEL_LIKE
        start = index
        while index + 1 < len(out) and out[index + 1][1] in table:
            index += 1
        group = out[start:index + 1]
        following = out[index + 1][0] if index + 1 < len(out) else None
        # The first paragraph of the group whose mark has no paragraph after it to join.
        stuck = next((k for k, entry in enumerate(group) if entry[0].tag == W_P and (
            (group[k + 1][0] if k + 1 < len(group) else following) is None
            or (group[k + 1][0] if k + 1 < len(group) else following).tag != W_P)), None)
        before = out[start - 1] if start > 0 else None
        if stuck is not None and before is not None and (
            before[0].tag == W_P and paragraph_mark_kind(before[0]) is None
        ):
            mark_paragraph_mark(before[0], side, pc.ctx.stamper.again(group[stuck][2]))
            unmark_paragraph_mark(group[stuck][0])
        elif (side == "ins" and before is not None and before[0].tag == W_P
              and group[0][0].tag == W_P and group[0][1] == "ins"
              and paragraph_mark_kind(before[0]) is None and _ends_inserted(before[0])):
            # Text inserted at the end of the paragraph before an inserted paragraph: mark
            # that paragraph's mark instead (LibreOffice reads an inserted paragraph as an
            # inserted mark before it, and would merge the two insertions wrongly).
            run = 0
            while run + 1 < len(group) and group[run + 1][0].tag == W_P:
                run += 1
            mark_paragraph_mark(before[0], side, pc.ctx.stamper.again(group[0][2]))
            unmark_paragraph_mark(group[run][0])
        index += 1


_TRAILING_MARKUP = frozenset(qn(t) for t in (
    "w:bookmarkStart", "w:bookmarkEnd", "w:commentRangeStart", "w:commentRangeEnd",
    "w:proofErr", "w:permStart", "w:permEnd"))


def _ends_inserted(paragraph: etree._Element) -> bool:
    for child in reversed(paragraph):
        if child.tag in _TRAILING_MARKUP:
            continue
        return child.tag == W_INS
    return False


def mark_block(pc: PartContext, element: etree._Element, kind: str, rev, last_mark=True) -> None:
    """Mark a whole paragraph, table or content control inserted or deleted."""
    again = lambda: pc.ctx.stamper.again(rev)  # noqa: E731
    if element.tag == W_P:
        wrap_runs(element, kind, again)
        if last_mark:
            mark_paragraph_mark(element, kind, again())
    elif element.tag == W_TBL:
        for row in element.iter(W_TR):
            if _owner_table(row) is not element:
                continue
            mark_row(row, "del" if kind in DELETED else "ins", again())
            for cell in row.iter(W_TC):
                if cell.getparent() is row:
                    mark_container(pc, cell, kind, rev, skip_last=True)
    elif element.tag == W_SDT:
        content = element.find(W_SDTCONTENT)
        if content is not None:
            mark_container(pc, content, kind, rev, skip_last=False)


def _owner_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != W_TBL:
        parent = parent.getparent()
    return parent


def mark_container(pc: PartContext, container, kind: str, rev, skip_last: bool) -> None:
    """Mark every block of a story (a cell, a note, a header) inserted or deleted."""
    units = [c for c in container if c.tag in BLOCKS]
    for index, unit in enumerate(units):
        last = index == len(units) - 1
        mark_block(pc, unit, kind, rev, last_mark=not (skip_last and last))


def mark_text_only(pc: PartContext, container, kind: str, rev) -> None:
    """Mark the text of a note inserted or deleted with its reference, marks left plain.

    The note comes and goes with its reference; marking its paragraph marks too would
    only give LibreOffice a chance to join its paragraphs on Reject All.
    """
    for paragraph in list(container.iter(W_P)):
        wrap_runs(paragraph, kind, lambda: pc.ctx.stamper.again(rev))


def _move_revision(pc: PartContext, moves: dict, key: tuple, source, side: str, placed):
    """Return the revision of a moved paragraph; the first of a passage records the move."""
    found = moves.get(key)
    if found is None:
        rev = pc.block_revision(key[0], source, side)
        moves[key] = {"rev": rev, "first": placed, "last": placed}
        return rev
    found["last"] = placed
    return pc.ctx.stamper.again(found["rev"])


def _mark_move(pc: PartContext, paragraph, kind: str, rev) -> None:
    again = lambda: pc.ctx.stamper.again(rev)  # noqa: E731
    wrap_runs(paragraph, kind, again)
    mark_paragraph_mark(paragraph, kind, again())


def _add_move_ranges(pc: PartContext, moves: dict) -> None:
    """Put one move range around each moved passage, named alike on both sides."""
    names: dict = {}
    for (kind, number), move in moves.items():
        name = names.setdefault(number, f"move{pc.ctx.stamper.stamp().id}")
        start, end = move_range(kind, name, pc.ctx.stamper.again(move["rev"]))
        first, last = move["first"], move["last"]
        ppr = first.find(W_PPR)
        if ppr is not None:
            ppr.addnext(start)
        else:
            first.insert(0, start)
        last.append(end)


def _redline_sdt(pc: PartContext, old, new) -> None:
    old_content, new_content = old.find(W_SDTCONTENT), new.find(W_SDTCONTENT)
    if old_content is None or new_content is None:
        return
    redline_story(pc, old_content, new_content)


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------


def redline_table(pc: PartContext, old_tbl: etree._Element, new_tbl: etree._Element) -> None:
    """Mark the differences between two tables: rows inserted, deleted, cells changed."""
    old_rows = [r for r in old_tbl if r.tag == W_TR]
    new_rows = [r for r in new_tbl if r.tag == W_TR]
    pairs = match([block_key(r, pc.old_tokens.rel_key) for r in old_rows],
                  [block_key(r, pc.new_tokens.rel_key) for r in new_rows])
    ops: list[tuple] = []
    i = j = 0
    for pi, pj in [*pairs, (len(old_rows), len(new_rows))]:
        if pi > i or pj > j:
            ops.extend(row_ops(old_rows[i:pi], new_rows[j:pj]))
        if pi < len(old_rows):
            ops.append(("equal", old_rows[pi], new_rows[pj]))
        i, j = pi + 1, pj + 1
    previous = None
    for kind, old, new in ops:
        if kind == "equal":
            pc.note_refs_of(old, new)
            previous = new
        elif kind == "modify":
            for old_cell, new_cell in zip(cells(old), cells(new), strict=True):
                redline_story(pc, old_cell, new_cell)
            previous = new
        elif kind == "ins":
            rev = pc.block_revision("ins", new, "new")
            mark_row(new, "ins", pc.ctx.stamper.again(rev))
            for cell in cells(new):
                mark_container(pc, cell, "ins", rev, skip_last=True)
            previous = new
        else:
            copy = deepcopy(old)
            rev = pc.block_revision("del", old, "old")
            pc.prepare_old([copy])
            _collect_refs(pc, copy)
            mark_row(copy, "del", pc.ctx.stamper.again(rev))
            for cell in cells(copy):
                mark_container(pc, cell, "del", rev, skip_last=True)
            if previous is not None:
                previous.addnext(copy)
            elif new_rows:
                new_rows[0].addprevious(copy)
            else:
                new_tbl.append(copy)
            previous = copy



__all__ = [
    "Context", "PartContext", "Span", "body_paragraphs", "mark_block", "mark_container",
    "mark_text_only",
    "redline_story", "redline_table",
]
