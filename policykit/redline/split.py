"""Show a paragraph split in two as an inserted paragraph mark, not a deletion and insertion.

Where one old paragraph reads as two new ones put end to end (only whitespace between
them, the words and their formatting unchanged), the alignment pairs the old paragraph
with one of them and inserts the other: the moved half would show deleted in one and
inserted in the other. Instead both new paragraphs are kept as they are, the mark of the
first is marked inserted (``w:pPr/w:rPr/w:ins``) and the whitespace between them deleted.
Reject All then joins them back; where a new paragraph's properties differ from the old
paragraph's, it records the old ones (``w:pPrChange``), so the joined paragraph is the
old one whichever of the two marks a reader keeps (Word keeps the second's, LibreOffice
the first's).
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from policykit.redline.context import PartContext
from policykit.redline.marks import (
    RevisionKind,
    mark_paragraph_mark,
    paragraph_properties_change,
    revision_element,
    text_element,
)
from policykit.redline.ops import Op, OpKind
from policykit.redline.paragraph import ppr_key
from policykit.redline.tokens import TEXT
from policykit.word.oxml import W_ENREF, W_FNREF, W_P, W_PPR, W_PPRCHANGE, W_R, W_RPR, W_TXBX


def find_splits(pc: PartContext, ops: list[Op]) -> list[Op]:
    """Return ``ops`` with each paragraph split in two marked and turned into SPLIT steps."""
    result: list[Op] = []
    k = 0
    while k < len(ops):
        split = _split(pc, ops[k], ops[k + 1]) if k + 1 < len(ops) else None
        if split is None:
            result.append(ops[k])
            k += 1
        else:
            result.extend(split)
            k += 2
    return result


def _halves(a: Op, b: Op) -> tuple | None:
    if a.kind == OpKind.MODIFY and b.kind == OpKind.INS:
        return a.old, a.new, b.new
    if a.kind == OpKind.INS and b.kind == OpKind.MODIFY:
        return b.old, a.new, b.new
    return None


def _plain(paragraph: etree._Element) -> bool:
    return paragraph.tag == W_P and next(
        paragraph.iter(W_FNREF, W_ENREF, W_TXBX, W_PPRCHANGE), None) is None


def _split(pc: PartContext, a: Op, b: Op) -> list[Op] | None:
    halves = _halves(a, b)
    if halves is None or not all(_plain(p) for p in halves):
        return None
    old, first, second = halves
    old_tokens = pc.old_tokens.tokenize(old)[0]
    one, two = pc.new_tokens.tokenize(first)[0], pc.new_tokens.tokenize(second)[0]
    if not one or not two or len(one) + len(two) > len(old_tokens):
        return None
    middle = old_tokens[len(one):len(old_tokens) - len(two)]
    if any(t.kind != TEXT or t.text.strip() for t in middle):
        return None
    if [(t.key, t.fmt) for t in old_tokens[:len(one)]] != [(t.key, t.fmt) for t in one] or [
            (t.key, t.fmt) for t in old_tokens[len(old_tokens) - len(two):]] != [
            (t.key, t.fmt) for t in two]:
        return None
    text = "".join(t.text for t in one)
    rev = pc.revision(RevisionKind.INS, pc.block_index(first, "new"), len(text), len(text),
                      "", "new")
    if middle:
        deleted = revision_element(RevisionKind.DEL, pc.ctx.stamper.again(rev))
        run = etree.SubElement(deleted, W_R)
        rpr = middle[0].pieces[0][0].find(W_RPR)
        if rpr is not None:
            run.append(deepcopy(rpr))
        run.append(text_element("".join(t.text for t in middle), deleted=True))
        first.append(deleted)
    mark_paragraph_mark(first, RevisionKind.INS, pc.ctx.stamper.again(rev))
    old_ppr = old.find(W_PPR)
    for paragraph in (first, second):
        ppr = paragraph.find(W_PPR)
        if ppr_key(ppr) != ppr_key(old_ppr):
            if ppr is None:
                ppr = etree.Element(W_PPR)
                paragraph.insert(0, ppr)
            paragraph_properties_change(ppr, old_ppr, pc.ctx.stamper.again(rev))
            if pc.ctx.lists is not None:  # (the old properties name old's lists)
                pc.ctx.lists.import_into(ppr.find(W_PPRCHANGE))
    return [Op(OpKind.SPLIT, old, first), Op(OpKind.SPLIT, None, second)]
