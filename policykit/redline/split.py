"""Show a paragraph split in two as an inserted paragraph mark, two joined as a deleted one.

Where one old paragraph reads as two new ones put end to end (only whitespace between
them, the words and their formatting unchanged), the alignment pairs the old paragraph
with one of them and inserts the other: the moved half would show deleted in one and
inserted in the other. Instead both new paragraphs are kept as they are, the mark of the
first is marked inserted (``w:pPr/w:rPr/w:ins``) and the whitespace between them deleted.
Reject All then joins them back; where a new paragraph's properties differ from the old
paragraph's, it records the old ones (``w:pPrChange``), so the joined paragraph is the
old one whichever of the two marks a reader keeps (Word keeps the second's, LibreOffice
the first's). Two old paragraphs joined into one new one (the first extended by the
second, which was deleted) are shown the other way round: the new paragraph is cut where
the first old one ended, that mark deleted and the joining whitespace inserted; LibreOffice
took a deleted paragraph whose text reappears inserted for a move, and gave the next list
item the deleted paragraph's properties on Accept All.
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
from policykit.word.oxml import (
    W_ENREF,
    W_FNREF,
    W_P,
    W_PPR,
    W_PPRCHANGE,
    W_R,
    W_RPR,
    W_SECTPR,
    W_T,
    W_TXBX,
    XML_SPACE,
    qn,
)


def find_splits(pc: PartContext, ops: list[Op]) -> list[Op]:
    """Return ``ops`` with each paragraph split in two marked and turned into SPLIT steps."""
    result: list[Op] = []
    k = 0
    while k < len(ops):
        split = (_split(pc, ops[k], ops[k + 1]) or _merge(pc, ops[k], ops[k + 1])
                 if k + 1 < len(ops) else None)
        if split is None:
            result.append(ops[k])
            k += 1
        else:
            result.extend(split)
            k += 2
    return result


def _merged(a: Op, b: Op) -> tuple | None:
    if a.kind == OpKind.MODIFY and b.kind == OpKind.DEL:
        return a.old, b.old, a.new
    if a.kind == OpKind.DEL and b.kind == OpKind.MODIFY:
        return a.old, b.old, b.new
    return None


_BOOKMARKS = (qn("w:bookmarkStart"), qn("w:bookmarkEnd"))
_MERGEABLE = frozenset((W_PPR, W_R, qn("w:proofErr"), *_BOOKMARKS))


def _merge(pc: PartContext, a: Op, b: Op) -> list[Op] | None:
    """Show two old paragraphs joined in one new one as a deleted paragraph mark.

    The new paragraph is cut in two where the first old one ended: the first part, with
    the new paragraph's properties (LibreOffice keeps the first paragraph's on joining),
    ends in a deleted mark; the whitespace that joins them is inserted.
    """
    found = _merged(a, b)
    if found is None or not all(_plain(p) for p in found):
        return None
    first, second, new = found
    if any(c.tag not in _MERGEABLE for c in new) or any(
            c.tag not in (W_RPR, W_T) for r in new.iterfind(W_R) for c in r):
        return None
    tokens = pc.new_tokens.tokenize(new)[0]
    one, two = pc.old_tokens.tokenize(first)[0], pc.old_tokens.tokenize(second)[0]
    middle = _between(tokens, one, two)
    if middle is None:
        return None
    text = "".join(t.text for t in one)
    rev = pc.revision(RevisionKind.DEL, pc.block_index(new, "new"), len(text), len(text),
                      "", "new")
    head = etree.Element(W_P)
    head.append(deepcopy(new.find(W_PPR)) if new.find(W_PPR) is not None
                else etree.Element(W_PPR))
    for section in head[0].findall(W_SECTPR):  # (the section ends with the second part)
        head[0].remove(section)
    _refill(head, tokens[:len(one)])
    if middle:
        inserted = revision_element(RevisionKind.INS, pc.ctx.stamper.again(rev))
        _refill(inserted, middle)
        head.append(inserted)
    marks = [c for c in new if c.tag in _BOOKMARKS]
    for child in list(new):
        if child.tag != W_PPR:
            new.remove(child)
    _refill(new, tokens[len(tokens) - len(two):])
    new.extend(marks)
    new.addprevious(head)
    mark_paragraph_mark(head, RevisionKind.DEL, pc.ctx.stamper.again(rev))
    _record_old(pc, ((head, first), (new, second)), rev)
    return [Op(OpKind.SPLIT, first, head), Op(OpKind.SPLIT, second, new)]


def _between(tokens: list, one: list, two: list) -> list | None:
    """Return the tokens of ``tokens`` between ``one`` and ``two`` when it is one + ws + two."""
    if not one or not two or len(one) + len(two) > len(tokens):
        return None
    middle = tokens[len(one):len(tokens) - len(two)]
    if any(t.kind != TEXT or t.text.strip() for t in middle):
        return None
    if [(t.key, t.fmt) for t in tokens[:len(one)]] != [(t.key, t.fmt) for t in one] or [
            (t.key, t.fmt) for t in tokens[len(tokens) - len(two):]] != [
            (t.key, t.fmt) for t in two]:
        return None
    return middle


def _refill(parent: etree._Element, tokens: list) -> None:
    """Append runs holding the text of ``tokens``, each piece with its own run's formatting."""
    last_source, run = None, None
    for token in tokens:
        for source, piece in token.pieces:
            if source is not last_source:
                run = etree.SubElement(parent, W_R)
                rpr = source.find(W_RPR)
                if rpr is not None:
                    run.append(deepcopy(rpr))
                last_source = source
                run.append(text_element(piece, deleted=False))
            else:
                found = run[-1]
                found.text += piece
                if found.text[:1].isspace() or found.text[-1:].isspace():
                    found.set(XML_SPACE, "preserve")


def _record_old(pc: PartContext, pairs, rev) -> None:
    """Record in each new paragraph the old one's properties where they differ."""
    for paragraph, old in pairs:
        ppr, old_ppr = paragraph.find(W_PPR), old.find(W_PPR)
        if ppr_key(ppr) != ppr_key(old_ppr):
            if ppr is None:
                ppr = etree.Element(W_PPR)
                paragraph.insert(0, ppr)
            paragraph_properties_change(ppr, old_ppr, pc.ctx.stamper.again(rev))
            if pc.ctx.lists is not None:  # (the old properties name old's lists)
                pc.ctx.lists.import_into(ppr.find(W_PPRCHANGE))


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
    middle = _between(old_tokens, one, two)
    if middle is None:
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
    _record_old(pc, ((first, old), (second, old)), rev)
    return [Op(OpKind.SPLIT, old, first), Op(OpKind.SPLIT, None, second)]
