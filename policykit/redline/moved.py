"""Mark a paragraph that moved and was edited: one move, with its edits inside it.

As Word shows it: where the paragraph was, its old text with the kept words inside
``w:moveFrom`` and the lost words inside ``w:del``; where it is now, its new text with the
kept words inside ``w:moveTo`` and the added words inside ``w:ins``. Accept All keeps only
the destination with the new text, Reject All only the source with the old.
"""

from __future__ import annotations

from lxml import etree

from policykit.redline.context import PartContext
from policykit.redline.diff import absorb_small_equals, match, opcodes
from policykit.redline.marks import Revision, RevisionKind
from policykit.redline.paragraph import _Builder, _emit, _Rebuild
from policykit.word.oxml import W_PPR


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
