"""Mark every difference between two stories in the new one: the engine's core.

A *story* is a sequence of blocks (paragraphs, tables, block content controls): the
body, a header or footer, a footnote, a table cell. ``redline_story`` aligns the blocks
(``align``), diffs paired paragraphs word by word (``paragraph.redline_paragraph``),
paired tables row by row and cell by cell, and inserts or deletes everything else whole,
copying deleted old blocks into the new story with their relationships.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass

from lxml import etree

from policykit.redline.align import align, block_key, cells, row_ops, rows
from policykit.redline.context import Context, PartContext
from policykit.redline.diff import match
from policykit.redline.marks import (
    DELETED,
    INSERTED,
    Revision,
    RevisionKind,
    mark_paragraph_mark,
    mark_row,
    move_range,
    paragraph_mark_kind,
    removed_whole,
    unify_removed_paragraph,
    unmark_paragraph_mark,
    wrap_runs,
)
from policykit.redline.moved import (
    mark_moved_table,
    redline_moved_destination,
    redline_moved_source,
)
from policykit.redline.ops import Op, OpKind
from policykit.redline.paragraph import ppr_key, redline_paragraph, renumber
from policykit.redline.split import find_splits
from policykit.word.oxml import (
    MC_FALLBACK,
    W_DELTEXT,
    W_ENREF,
    W_FNREF,
    W_INS,
    W_OUTLINE,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_SDT,
    W_SDTCONTENT,
    W_SECTPR,
    W_T,
    W_TAB,
    W_TBL,
    W_TR,
    W_VAL,
    qn,
)

BLOCKS = frozenset((W_P, W_TBL, W_SDT))


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
    ops = find_splits(pc, align(old_units, new_units, allow_moves=top,
                                old_rel=pc.old_tokens.rel_key, new_rel=pc.new_tokens.rel_key))
    story = _Story(pc, new_container, new_units)
    for op in ops:
        if op.keeps_new and op.new.tag == W_P and _is_heading(pc.ctx, op.new):
            label = pc.ctx.labels.get(op.new)
            pc.heading = f"{label} {_heading_text(op.new)}" if label else _heading_text(op.new)
        if op.kind == OpKind.MODIFY:
            story.modify(op)
        else:
            story.emit(op)
    _fix_last_marks(pc, story.out)
    _add_move_ranges(pc, story.moves)


@dataclass
class _Placed:
    """A block as placed in the new story, with the mark on its paragraph mark."""

    element: etree._Element
    mark: RevisionKind | None = None
    rev: Revision | None = None


class _Story:
    """Carry out the ops of one story, remembering where each block went."""

    def __init__(self, pc: PartContext, container: etree._Element, new_units: list) -> None:
        self.pc = pc
        self.container = container
        self.new_units = new_units
        self.out: list[_Placed] = []
        self.moves: dict[tuple, dict] = {}
        self.previous: etree._Element | None = None

    def modify(self, op: Op) -> None:
        """Mark the changes inside a paired paragraph, table or content control."""
        old, new = op.old, op.new
        if new.tag == W_P:
            if redline_paragraph(self.pc, old, new, may_split=op.may_split,
                                 story=self._story) is None:
                self.emit(Op(OpKind.DEL, old))
                self.emit(Op(OpKind.INS, new=new))
                return
        elif new.tag == W_TBL:
            redline_table(self.pc, old, new)
        else:
            _redline_sdt(self.pc, old, new)
        self._placed(new)

    def _story(self, old: etree._Element, new: etree._Element) -> None:
        """Redline the story of a text box kept in a changed paragraph.

        The copy of a box in a fallback (``mc:Fallback``, the VML Word writes for older
        readers) is marked alike but not counted again in the summary.
        """
        changes = list(self.pc.ctx.summary.changes)
        redline_story(self.pc, old, new)
        if any(a.tag == MC_FALLBACK for a in new.iterancestors()):
            self.pc.ctx.summary.changes[:] = changes

    def _placed(self, element, mark: RevisionKind | None = None, rev=None) -> None:
        self.previous = element
        self.out.append(_Placed(element, mark, rev))

    def emit(self, op: Op) -> None:
        """Carry out one op that keeps, inserts, deletes or moves a block whole."""
        pc = self.pc
        if op.kind in (OpKind.EQUAL, OpKind.SPLIT):
            if op.kind == OpKind.EQUAL and (op.new.tag != W_P or not renumber(pc, op.old, op.new)):
                pc.note_refs_of(op.old, op.new)
            self._placed(op.new)
        elif op.kind == OpKind.INS:
            rev = pc.block_revision(RevisionKind.INS, op.new, "new")
            mark_block(pc, op.new, RevisionKind.INS, rev)
            self._placed(op.new, RevisionKind.INS, rev)
        elif op.kind == OpKind.DEL:
            copy = deepcopy(op.old)
            rev = pc.block_revision(RevisionKind.DEL, op.old, "old")
            self._bring_old(copy)
            mark_block(pc, copy, RevisionKind.DEL, rev)
            self._put(copy, RevisionKind.DEL, rev)
        elif op.kind == OpKind.MOVE_FROM:
            copy = deepcopy(op.old)
            rev = _move_revision(pc, self.moves, (RevisionKind.MOVE_FROM, op.move), op.old,
                                 "old", copy)
            self._bring_old(copy)
            _mark_move(pc, copy, RevisionKind.MOVE_FROM, rev, op.old, op.new)
            self._put(copy, RevisionKind.MOVE_FROM, rev)
        elif op.kind == OpKind.MOVE_TO:
            rev = _move_revision(pc, self.moves, (RevisionKind.MOVE_TO, op.move), op.new,
                                 "new", op.new)
            _mark_move(pc, op.new, RevisionKind.MOVE_TO, rev, op.old, op.new)
            self._placed(op.new, RevisionKind.MOVE_TO, rev)

    def _bring_old(self, copy: etree._Element) -> None:
        self.pc.prepare_old([copy])
        _collect_refs(self.pc, copy)

    def _put(self, copy: etree._Element, mark: RevisionKind, rev: Revision) -> None:
        """Place an old block's copy after the previous block of the new story."""
        if self.previous is not None:
            self.previous.addnext(copy)
        elif self.new_units:
            self.new_units[0].addprevious(copy)
        else:
            sect = self.container.find(W_SECTPR)
            if sect is not None:
                sect.addprevious(copy)
            else:
                self.container.append(copy)
        self._placed(copy, mark, rev)


def _collect_refs(pc: PartContext, copy: etree._Element) -> None:
    for ref in copy.iter(W_FNREF, W_ENREF):
        pc.deleted_note_ref(ref)


def _side(mark: RevisionKind | None) -> RevisionKind | None:
    """Return INS for inserted or moved-in marks, DEL for deleted or moved-away ones."""
    if mark in INSERTED:
        return RevisionKind.INS
    if mark in DELETED:
        return RevisionKind.DEL
    return None


def _stuck(group: list[_Placed], following: etree._Element | None) -> int | None:
    """Return the first paragraph of the group whose mark has no paragraph after it to join."""
    for k, entry in enumerate(group):
        after = group[k + 1].element if k + 1 < len(group) else following
        if entry.element.tag == W_P and (after is None or after.tag != W_P):
            return k
    return None


def _plain_paragraph(entry: _Placed | None) -> bool:
    return (entry is not None and entry.element.tag == W_P
            and paragraph_mark_kind(entry.element) is None)


def _fix_last_marks(pc: PartContext, out: list[_Placed]) -> None:
    """Move a paragraph mark that cannot come and go to the paragraph before its group.

    Removing a paragraph mark (rejecting an insertion, accepting a deletion) joins its
    paragraph to the next paragraph. The mark of the last paragraph of a group of inserted
    (or deleted) blocks has no paragraph to join when a table or the end of the story
    follows it; so the mark of the paragraph before the group is marked instead, and that
    last paragraph keeps a plain mark (the two paragraphs then stand for one another).
    """
    index = 0
    while index < len(out):
        side = _side(out[index].mark)
        if side is None:
            index += 1
            continue
        start = index
        while index + 1 < len(out) and _side(out[index + 1].mark) == side:
            index += 1
        group = out[start:index + 1]
        following = out[index + 1].element if index + 1 < len(out) else None
        _fix_group(pc, side, group, out[start - 1] if start > 0 else None, following)
        index += 1


def _list_end(side: RevisionKind, group: list[_Placed], before: _Placed | None,
              following: etree._Element | None) -> bool:
    """Return True for inserted paragraphs (list items) before a paragraph of another kind.

    Rejecting the last item's mark would join it to that paragraph and leave a bare list
    label ("4."); the mark of the item before the group, formatted alike, is marked instead.
    """
    last = group[-1].element
    return (side == RevisionKind.INS and _plain_paragraph(before)
            and all(e.mark == RevisionKind.INS and e.element.tag == W_P for e in group)
            and following is not None and following.tag == W_P
            and ppr_key(following.find(W_PPR)) != ppr_key(last.find(W_PPR))
            and ppr_key(before.element.find(W_PPR)) == ppr_key(last.find(W_PPR)))


def _keep_next_numbering(side: RevisionKind, group: list[_Placed],
                         following: etree._Element | None) -> None:
    """Make each paragraph of the group that goes whole one revision, where it matters.

    A paragraph taken away in several revisions would give the paragraph after the group
    its own style and list number in LibreOffice (see :func:`unify_removed_paragraph`):
    where their properties differ, its words are marked as its paragraph mark is.
    """
    if following is None or following.tag != W_P:
        return
    marks = DELETED if side == RevisionKind.DEL else INSERTED
    after = ppr_key(following.find(W_PPR))
    for entry in group:
        paragraph = entry.element
        if (paragraph.tag == W_P and ppr_key(paragraph.find(W_PPR)) != after
                and removed_whole(paragraph, marks)):
            unify_removed_paragraph(paragraph, marks)


def _deleted_before(side: RevisionKind, group: list[_Placed], before: _Placed | None,
                    following: etree._Element | None) -> bool:
    """Return True for deleted paragraphs before a kept one, after one formatted alike.

    LibreOffice shows the paragraph after a deleted paragraph mark as deleted in its list
    numbering ("[2.] Two", every number after it one short); so the mark of the paragraph
    before the group, formatted as the group's last paragraph, is deleted instead, and the
    deletion ends inside the group (a passage moved away too: a moved mark there fails).
    """
    last = group[-1].element
    return (side == RevisionKind.DEL and _plain_paragraph(before)
            and all(e.mark in DELETED and e.element.tag == W_P for e in group)
            and following is not None and following.tag == W_P
            and any((t.text or "").strip() for t in last.iter(W_DELTEXT))
            and ppr_key(before.element.find(W_PPR)) == ppr_key(last.find(W_PPR)))


def _fix_group(pc: PartContext, side: RevisionKind, group: list[_Placed],
               before: _Placed | None, following: etree._Element | None) -> None:
    stuck = _stuck(group, following)
    if stuck is None and (_list_end(side, group, before, following)
                          or _deleted_before(side, group, before, following)):
        stuck = len(group) - 1
    if stuck is not None and _plain_paragraph(before):
        mark_paragraph_mark(before.element, side, pc.ctx.stamper.again(group[stuck].rev))
        unmark_paragraph_mark(group[stuck].element)
    elif (side == RevisionKind.INS and _plain_paragraph(before)
          and group[0].element.tag == W_P and group[0].mark == RevisionKind.INS
          and _ends_inserted(before.element)):
        # Text inserted at the end of the paragraph before an inserted paragraph: mark
        # that paragraph's mark instead (LibreOffice reads an inserted paragraph as an
        # inserted mark before it, and would merge the two insertions wrongly).
        run = 0
        while run + 1 < len(group) and group[run + 1].element.tag == W_P:
            run += 1
        mark_paragraph_mark(before.element, side, pc.ctx.stamper.again(group[0].rev))
        unmark_paragraph_mark(group[run].element)
    _keep_next_numbering(side, group, following)


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
            mark_row(row, RevisionKind.DEL if kind in DELETED else RevisionKind.INS, again())
            for cell in cells(row):
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


def _mark_move(pc: PartContext, paragraph, kind: RevisionKind, rev, old=None, new=None
               ) -> None:
    """Mark a moved paragraph; one moved and edited (old and new both given) shows its edits."""
    again = lambda: pc.ctx.stamper.again(rev)  # noqa: E731
    if paragraph.tag == W_TBL:
        mark_moved_table(pc, paragraph, kind, again, old, new)
        return
    edited = False
    if old is not None and new is not None:
        if kind == RevisionKind.MOVE_FROM:
            edited = redline_moved_source(pc, old, new, paragraph, again())
        else:
            edited = redline_moved_destination(pc, old, new, again())
    if not edited:
        wrap_runs(paragraph, kind, again)
    mark_paragraph_mark(paragraph, kind, again())


def _add_move_ranges(pc: PartContext, moves: dict) -> None:
    """Put one move range around each moved passage, named alike on both sides."""
    names: dict = {}
    for (kind, number), move in moves.items():
        name = names.setdefault(number, f"move{pc.ctx.stamper.stamp().id}")
        start, end = move_range(kind, name, pc.ctx.stamper.again(move["rev"]))
        first, last = move["first"], move["last"]
        if first.tag == W_TBL:  # (a passage starting or ending with a table)
            first = next(first.iter(W_P))
        if last.tag == W_TBL:
            last = list(last.iter(W_P))[-1]
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
    old_rows, new_rows = rows(old_tbl), rows(new_tbl)
    pairs = match([block_key(r, pc.old_tokens.rel_key) for r in old_rows],
                  [block_key(r, pc.new_tokens.rel_key) for r in new_rows])
    ops: list[Op] = []
    i = j = 0
    for pi, pj in [*pairs, (len(old_rows), len(new_rows))]:
        if pi > i or pj > j:
            ops.extend(row_ops(old_rows[i:pi], new_rows[j:pj]))
        if pi < len(old_rows):
            ops.append(Op(OpKind.EQUAL, old_rows[pi], new_rows[pj]))
        i, j = pi + 1, pj + 1
    previous = None
    for op in ops:
        if op.kind == OpKind.EQUAL:
            pc.note_refs_of(op.old, op.new)
        elif op.kind == OpKind.MODIFY:
            for old_cell, new_cell in zip(cells(op.old), cells(op.new), strict=True):
                redline_story(pc, old_cell, new_cell)
        elif op.kind == OpKind.INS:
            rev = pc.block_revision(RevisionKind.INS, op.new, "new")
            _mark_whole_row(pc, op.new, RevisionKind.INS, rev)
        else:
            copy = deepcopy(op.old)
            rev = pc.block_revision(RevisionKind.DEL, op.old, "old")
            pc.prepare_old([copy])
            _collect_refs(pc, copy)
            _mark_whole_row(pc, copy, RevisionKind.DEL, rev)
            if previous is not None:
                previous.addnext(copy)
            elif new_rows:
                new_rows[0].addprevious(copy)
            else:
                new_tbl.append(copy)  # (old rows of a table that has none left)
            previous = copy
            continue
        previous = op.new


def _mark_whole_row(pc: PartContext, row: etree._Element, kind: RevisionKind,
                    rev: Revision) -> None:
    mark_row(row, kind, pc.ctx.stamper.again(rev))
    for cell in cells(row):
        mark_container(pc, cell, kind, rev, skip_last=True)


__all__ = ["Context", "PartContext", "mark_block", "mark_container", "mark_text_only",
           "redline_story", "redline_table"]
