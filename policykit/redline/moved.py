"""Mark a paragraph that moved and was edited: one move, with its edits inside it.

As Word shows it: where the paragraph was, its old text with the kept words inside
``w:moveFrom`` and the lost words inside ``w:del``; where it is now, its new text with the
kept words inside ``w:moveTo`` and the added words inside ``w:ins``. Accept All keeps only
the destination with the new text, Reject All only the source with the old. A moved
table is marked alike cell by cell, its rows marked deleted at the source and inserted at
the destination (table rows carry no move mark) so the rows go with their text; rows
added or removed inside it are inserted or deleted.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from policykit.redline.align import cells, row_ops, rows
from policykit.redline.context import PartContext
from policykit.redline.diff import absorb_small_equals, match, opcodes
from policykit.redline.marks import (
    Revision,
    RevisionKind,
    mark_paragraph_mark,
    mark_row,
    wrap_runs,
)
from policykit.redline.ops import OpKind
from policykit.redline.paragraph import _Builder, _emit, _Rebuild
from policykit.word.oxml import W_P, W_PPR


def _moved_ops(pc: PartContext, old_p: etree._Element, new_p: etree._Element):
    """Return the token diff of a moved pair, computed once (before either side changes)."""
    found = pc.moved_diffs.get((old_p, new_p))
    if found is None:
        found = pc.moved_diffs[(old_p, new_p)] = _token_diff(pc, old_p, new_p)
    return found


def _token_diff(pc: PartContext, old_p: etree._Element, new_p: etree._Element):
    old_tokens, _ = pc.old_tokens.tokenize(old_p)
    new_tokens, passives = pc.new_tokens.tokenize(new_p)
    old_keys = [t.key for t in old_tokens]
    new_keys = [t.key for t in new_tokens]
    ops = absorb_small_equals(
        opcodes(old_keys, new_keys, match(old_keys, new_keys, patience=False)),
        old_keys, new_keys)
    return old_tokens, new_tokens, passives, ops


def redline_moved_source(pc: PartContext, old_p: etree._Element, new_p: etree._Element,
                         copy: etree._Element, rev: Revision) -> bool:
    """Mark the source of a paragraph that moved and was edited (Word's moved-and-edited).

    ``copy`` (old's copy, placed where old was) keeps old's text: kept words inside
    ``w:moveFrom``, words the new text lost inside ``w:del``; so Reject All brings the old
    text back here and Accept All removes it. Return False, touching nothing, when the
    copy does not split into the same tokens as old.
    """
    old_tokens, new_tokens, _, ops = _moved_ops(pc, old_p, new_p)
    copy_tokens, _ = pc.old_tokens.tokenize(copy)
    if [t.text for t in copy_tokens] != [t.text for t in old_tokens]:
        return False
    source = _Rebuild(pc, old_p, new_p, copy_tokens, new_tokens, [])
    _clear(copy)
    source.builder = _Builder(copy, pc)
    for tag, i1, i2, _, _ in ops:
        if tag == "equal":
            for token in copy_tokens[i1:i2]:
                _emit(source.builder, RevisionKind.MOVE_FROM, rev, token, None)
        elif i2 > i1:
            source.moved_deleted(i1, i2)
    return True


def redline_moved_destination(pc: PartContext, old_p: etree._Element, new_p: etree._Element,
                              rev: Revision) -> bool:
    """Mark the destination of a paragraph that moved and was edited.

    ``new_p`` keeps new's text: kept words inside ``w:moveTo``, added words inside
    ``w:ins``; so Accept All keeps new's text here and Reject All removes it.
    """
    old_tokens, new_tokens, passives, ops = _moved_ops(pc, old_p, new_p)
    _clear(new_p)
    destination = _Rebuild(pc, old_p, new_p, old_tokens, new_tokens, passives)
    for tag, _, _, j1, j2 in ops:
        if tag == "equal":
            for j in range(j1, j2):
                destination.place(j)
                _emit(destination.builder, RevisionKind.MOVE_TO, rev, new_tokens[j], None)
        elif j2 > j1:
            destination.inserted(j1, j2)
    destination.place(len(new_tokens) + 1)
    return True


def _clear(paragraph: etree._Element) -> None:
    """Remove everything from ``paragraph`` but its properties."""
    for child in list(paragraph):
        if child.tag != W_PPR:
            paragraph.remove(child)


def mark_moved_table(pc: PartContext, table: etree._Element, kind: RevisionKind,
                     rev_for: Callable[[], Revision], old_tbl: etree._Element,
                     new_tbl: etree._Element) -> None:
    """Mark a moved table (``table``: old's copy at the source, or new's table) as one move.

    Its rows are marked deleted (source) or inserted (destination); each cell paragraph
    paired with its counterpart shows its edits inside the move, as a moved paragraph
    does. A row only old has is deleted at the source, one only new has inserted at the
    destination. The last paragraph mark of a cell stays plain: it goes with its row.
    """
    source = kind == RevisionKind.MOVE_FROM
    row_kind = RevisionKind.DEL if source else RevisionKind.INS
    placed = dict(zip(rows(old_tbl), rows(table), strict=True)) if source else None
    for op in row_ops(rows(old_tbl), rows(new_tbl)):
        if op.kind == OpKind.MODIFY:
            row = placed[op.old] if source else op.new
            mark_row(row, row_kind, rev_for())
            for cell, old_cell, new_cell in zip(cells(row), cells(op.old), cells(op.new),
                                                strict=True):
                _mark_moved_cell(pc, cell, kind, rev_for, old_cell, new_cell)
        elif (op.kind == OpKind.DEL) == source:  # a row the other side has not
            row = placed[op.old] if source else op.new
            rev = pc.block_revision(row_kind, row, "old" if source else "new")
            again = lambda rev=rev: pc.ctx.stamper.again(rev)  # noqa: E731
            mark_row(row, row_kind, again())
            for cell in cells(row):
                _mark_moved_cell(pc, cell, row_kind, again)


def _mark_moved_cell(pc: PartContext, cell: etree._Element, kind: RevisionKind,
                     rev_for: Callable[[], Revision], old_cell: etree._Element | None = None,
                     new_cell: etree._Element | None = None) -> None:
    """Mark the paragraphs of a cell; paired with the other side's, with their edits."""
    paragraphs = [c for c in cell if c.tag == W_P]
    pairs: list = [None] * len(paragraphs)
    if old_cell is not None and new_cell is not None:
        old_ps = [c for c in old_cell if c.tag == W_P]
        new_ps = [c for c in new_cell if c.tag == W_P]
        if len(old_ps) == len(new_ps) == len(paragraphs):
            pairs = list(zip(old_ps, new_ps, strict=True))
    for index, (paragraph, pair) in enumerate(zip(paragraphs, pairs, strict=True)):
        edited = False
        if pair is not None and kind == RevisionKind.MOVE_FROM:
            edited = redline_moved_source(pc, pair[0], pair[1], paragraph, rev_for())
        elif pair is not None:
            edited = redline_moved_destination(pc, pair[0], pair[1], rev_for())
        if not edited:
            wrap_runs(paragraph, kind, rev_for)
        if index < len(paragraphs) - 1:
            mark_paragraph_mark(paragraph, kind, rev_for())
