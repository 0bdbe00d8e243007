"""Pair the blocks of two stories: equal XML, equal text, moves, then similar paragraphs.

Blocks are aligned in three passes: exact XML equality (common ends, then patience
anchors on unique blocks, Myers in the gaps), which pairs the unchanged blocks of a long
document in linear time; equal text inside each remaining gap (formatting-only changes,
re-saved paragraphs); then moves (body paragraphs with the same text deleted in one place
and inserted in another) and pairing of similar paragraphs (at least 40% of words in
common, or of letters for short ones) and of tables, in order. ``align`` returns the
:class:`Op` steps; ``row_ops`` does the same for the rows of two tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher

from lxml import etree

from policykit.redline.diff import match
from policykit.redline.moves import find_moves
from policykit.redline.ops import Gap, Moves, Op, OpKind, shared_words, similarity, words
from policykit.word.oxml import (
    R_NS,
    W_DEL,
    W_INS,
    W_P,
    W_SDT,
    W_SDTCONTENT,
    W_T,
    W_TBL,
    W_TC,
    W_TR,
    W_TXBX,
    qn,
)

SIMILARITY = 0.4
KEPT = 0.8  # share of the shorter paragraph's words kept in the longer: an edit in place
WINDOW = 8  # how far ahead a large gap looks for a similar block
LARGE_GAP = 2500  # old x new blocks above which a gap is paired greedily


def text_key(element: etree._Element) -> str:
    """Return the text of a block, used to pair blocks that differ only in markup."""
    return element.tag[-3:] + "".join(element.itertext())


def _paragraphsimilarity(old: etree._Element, new: etree._Element, a: Counter, b: Counter
                          ) -> float:
    """Return how alike two paragraphs are: shared words, or shared letters when short.

    A paragraph whose words are nearly all kept in the other (a sentence appended to a
    short list item) is similar enough to be edited in place.
    """
    score = similarity(a, b)
    if score < SIMILARITY and _same_form(old, new):
        score = SIMILARITY
    smaller = min(sum(a.values()), sum(b.values()))
    if smaller >= 2 and shared_words(a, b) >= KEPT * smaller:
        score = max(score, SIMILARITY)
    if score >= SIMILARITY or sum(a.values()) > 4 or sum(b.values()) > 4:
        return score
    old_text, new_text = "".join(old.itertext()), "".join(new.itertext())
    if not old_text or not new_text:
        return score
    return max(score, SequenceMatcher(None, old_text, new_text, autojunk=False).ratio())


def _outside_controls(paragraph: etree._Element) -> str:
    return "".join(child.text or "" for run in paragraph if run.tag != W_SDT
                   for child in run.iter(W_T))


def _same_form(old: etree._Element, new: etree._Element) -> bool:
    """Return True for two paragraphs alike but for the text of their content controls.

    (A form filled in: "Name: [Click or tap here to enter text.]" and "Name: [Jane Smith]"
    share no word, yet are one paragraph whose control changed.)
    """
    if old.find(W_SDT) is None or new.find(W_SDT) is None:
        return False
    return _outside_controls(old) == _outside_controls(new)


def _block_score(old, new, w_old, w_new, other: float) -> float:
    """Return how alike two blocks are (``other`` for two tables or content controls)."""
    if old.tag != new.tag:
        return 0.0
    if old.tag != W_P:
        return other
    return _paragraphsimilarity(old, new, w_old, w_new)


def _pair_similar(olds: list, news: list) -> list[tuple[int, int]]:
    """Pair old and new blocks of a gap in order: similar paragraphs, tables with tables."""
    if not olds or not news:
        return []
    words_old = [words(e) if e.tag == W_P else None for e in olds]
    words_new = [words(e) if e.tag == W_P else None for e in news]
    if len(olds) * len(news) > LARGE_GAP:
        return _pair_greedily(olds, news, words_old, words_new)
    score = [
        [_similar_or_nothing(_block_score(old, new, wo, wn, 0.5)) for new, wn in
         zip(news, words_new, strict=True)]
        for old, wo in zip(olds, words_old, strict=True)
    ]
    return _best_monotone(score, len(olds), len(news))


def _similar_or_nothing(score: float) -> float:
    return score if score >= SIMILARITY else 0.0


def _pair_greedily(olds, news, words_old, words_new) -> list[tuple[int, int]]:
    """Pair a large gap greedily: each old block with the best of the next few new ones."""
    pairs, j, m = [], 0, len(news)
    for i, old in enumerate(olds):
        best, best_j = 0.0, -1
        for k in range(j, min(m, j + WINDOW)):
            score = _block_score(old, news[k], words_old[i], words_new[k], 1.0)
            if news[k].tag == old.tag and score > best:
                best, best_j = score, k
        if best_j >= 0 and best >= SIMILARITY:
            pairs.append((i, best_j))
            j = best_j + 1
    return pairs


def _best_monotone(score: list[list[float]], n: int, m: int) -> list[tuple[int, int]]:
    """Return the pairs of the best monotone matching (dynamic programming over the gap)."""
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for k in range(m - 1, -1, -1):
            take = score[i][k] + best[i + 1][k + 1] if score[i][k] > 0 else 0.0
            best[i][k] = max(take, best[i + 1][k], best[i][k + 1])
    pairs, i, k = [], 0, 0
    while i < n and k < m:
        if score[i][k] > 0 and best[i][k] == score[i][k] + best[i + 1][k + 1]:
            pairs.append((i, k))
            i, k = i + 1, k + 1
        elif best[i][k] == best[i + 1][k]:
            i += 1
        else:
            k += 1
    return pairs


def _gap_ops(olds, news, moves: Moves, following) -> list[Op]:
    """Return ops for one gap of unmatched blocks (moves already chosen).

    ``following`` is the new block after the gap (None at the end of the story). Where
    the block after a stretch of deletions and insertions is not a paragraph, the last
    deleted and last inserted paragraphs are paired, so the stretch ends in a kept
    paragraph mark (a mark before a table or at the end cannot join anything).
    """
    free_old = [e for e in olds if e not in moves.old]
    free_new = [e for e in news if e not in moves.new]
    old_pos = {e: k for k, e in enumerate(olds)}
    new_pos = {e: k for k, e in enumerate(news)}
    pairs = [(free_old[i], free_new[k]) for i, k in _pair_similar(free_old, free_new)]
    ops: list[Op] = []
    i = j = 0
    for old, new in [*pairs, (None, None)]:
        oi = old_pos[old] if old is not None else len(olds)
        nj = new_pos[new] if new is not None else len(news)
        after = new if new is not None else following
        ops.extend(_stretch_ops(olds[i:oi], news[j:nj], moves, after))
        if old is not None:
            ops.append(Op(OpKind.MODIFY, old, new))
        i, j = oi + 1, nj + 1
    return ops


def _stretch_ops(sub_old: list, sub_new: list, moves: Moves, after) -> list[Op]:
    """Return the ops of a stretch of unpaired blocks followed by the new block ``after``."""
    forced = None
    if (after is None or after.tag != W_P) and sub_old and sub_new:
        forced = _paragraph_pair(sub_old[-1], sub_new[-1], moves)
        if forced is not None:
            sub_old, sub_new = sub_old[:-1], sub_new[:-1]
    ops: list[Op] = []
    bridge = None
    if (sub_old and sub_new and any(e.tag != W_P for e in sub_new)
            and any(e.tag != W_P for e in sub_old)):
        # Tables deleted and inserted: pair the last deleted paragraph with the first
        # inserted one, so the insertions start after a kept paragraph mark.
        bridge = _paragraph_pair(sub_old[-1], sub_new[0], moves)
    if bridge is not None:
        ops.extend(_single_ops(sub_old[:-1], [], moves))
        ops.append(bridge)
        ops.extend(_single_ops([], sub_new[1:], moves))
    else:
        ops.extend(_single_ops(sub_old, sub_new, moves))
    if forced is not None:
        ops.append(forced)
    return ops


def _paragraph_pair(old, new, moves: Moves) -> Op | None:
    """Return a MODIFY op for two unmoved paragraphs, else None."""
    if (old.tag == W_P and new.tag == W_P
            and moves.free(old, True) and moves.free(new, False)):
        return Op(OpKind.MODIFY, old, new)
    return None


def _single_ops(olds, news, moves: Moves) -> list[Op]:
    """Return deletions then insertions; insertions first when only they hold a table.

    The paragraph before an inserted table needs a plain paragraph before its group to
    hand its mark to (see ``engine._fix_last_marks``): deleted paragraphs there would not do.
    """
    deletions = [
        Op(OpKind.MOVE_FROM, old, moves.partner.get(old), move=moves.old[old])
        if old in moves.old
        else Op(OpKind.DEL, old)
        for old in olds
    ]
    insertions = [
        Op(OpKind.MOVE_TO, moves.partner.get(new), new, move=moves.new[new])
        if new in moves.new
        else Op(OpKind.INS, new=new)
        for new in news
    ]
    if any(e.tag != W_P for e in news) and all(e.tag == W_P for e in olds):
        return insertions + deletions
    return deletions + insertions


_R_MARK = b"officeDocument/2006/relationships"
_R_PREFIX = f"{{{R_NS}}}"
# Whether a block carries an r: attribute (its XML names the namespace in any case).
_HAS_R_ATTRIBUTE = etree.XPath("boolean(descendant-or-self::*/@*[namespace-uri() = $ns])")


def block_key(element: etree._Element, rel_key: Callable[[str], str] | None) -> bytes:
    """Return the XML of a block, with what its relationship ids point at when it has any.

    Two pictures under the same ``rId`` in two packages may be different images.
    """
    data = etree.tostring(element)
    if rel_key is None or _R_MARK not in data or not _HAS_R_ATTRIBUTE(element, ns=R_NS):
        return data
    targets = [
        rel_key(value)
        for node in element.iter()
        if isinstance(node.tag, str)
        for attr, value in node.attrib.items()
        if attr.startswith(_R_PREFIX)
    ]
    return data + "\x00".join(targets).encode()


def _segments(old_units: list, new_units: list, old_rel, new_rel) -> list[Op | Gap]:
    """Return kept blocks (equal XML, then equal text) and the gaps between them."""
    old_keys = [block_key(u, old_rel) for u in old_units]
    new_keys = [block_key(u, new_rel) for u in new_units]
    segments: list[Op | Gap] = []
    i = j = 0
    for pi, pj in [*match(old_keys, new_keys), (len(old_units), len(new_units))]:
        if pi > i or pj > j:
            olds, news = old_units[i:pi], new_units[j:pj]
            if olds and news:
                segments.extend(_text_segments(olds, news))
            else:
                segments.append(Gap(olds, news))
        if pi < len(old_units):
            segments.append(Op(OpKind.EQUAL, old_units[pi], new_units[pj]))
        i, j = pi + 1, pj + 1
    return segments


def _text_segments(olds: list, news: list) -> list[Op | Gap]:
    """Second pass: equal text pairs up re-saved or re-formatted blocks."""
    found: list[Op | Gap] = []
    tk_old = [text_key(u) for u in olds]
    tk_new = [text_key(u) for u in news]
    a = b = 0
    for qi, qj in [*match(tk_old, tk_new), (len(olds), len(news))]:
        if qi > a or qj > b:
            found.append(Gap(olds[a:qi], news[b:qj]))
        if qi < len(olds):
            found.append(Op(OpKind.MODIFY, olds[qi], news[qj]))
        a, b = qi + 1, qj + 1
    return found


def align(
    old_units: list, new_units: list, allow_moves: bool,
    old_rel: Callable[[str], str] | None = None, new_rel: Callable[[str], str] | None = None,
) -> list[Op]:
    """Return the ops turning the old blocks into the new: equal, modify, ins, del, moves."""
    segments = _segments(old_units, new_units, old_rel, new_rel)
    moves = Moves({}, {})
    if allow_moves:
        find_moves(segments, moves, movable_table)
    ops: list[Op] = []
    for index, segment in enumerate(segments):
        if isinstance(segment, Op):
            ops.append(segment)
            continue
        following = next((s.new for s in segments[index + 1:] if isinstance(s, Op)), None)
        ops.extend(_gap_ops(segment.olds, segment.news, moves, following))
    # A changed paragraph followed by another paragraph may be shown as deleted and
    # inserted whole when the two share nothing; before a table or at the end it may not.
    after = None
    for k in range(len(ops) - 1, -1, -1):
        op = ops[k]
        if op.kind == OpKind.MODIFY and op.new.tag == W_P:
            ops[k] = Op(op.kind, op.old, op.new, op.move,
                        after is not None and after.tag == W_P)
        if op.keeps_new:
            after = op.new
    return ops


def movable_table(table: etree._Element) -> bool:
    """Return True for a table whose cells hold only paragraphs: one that can be moved.

    (Nested tables and content controls in cells are deleted and inserted instead.)
    """
    return not any(child.tag in (W_TBL, W_SDT)
                   for row in rows(table) for cell in cells(row) for child in cell)


def _row_text(row: etree._Element) -> str:
    return "\x1f".join("".join(cell.itertext()) for cell in cells(row))


def cells(row: etree._Element) -> list[etree._Element]:
    """Return the cells of a table row, those inside content controls included."""
    return list(_children(row, W_TC))


def rows(table: etree._Element) -> list[etree._Element]:
    """Return the rows of a table, those inside content controls included."""
    return list(_children(table, W_TR))


def _children(parent: etree._Element, tag: str):
    """Yield the ``tag`` children of ``parent``, looking inside ``w:sdt`` wrappers too."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)


_COMPLEX = (W_TBL, qn("w:drawing"), qn("w:pict"), qn("w:object"), W_TXBX)


def _complex_row(row: etree._Element) -> bool:
    return any(True for cell in row if cell.tag == W_TC for _ in cell.iter(*_COMPLEX))


def _pair_rows(olds: list, news: list, sub_old: list[int], sub_new: list[int]
               ) -> list[tuple[int, int]]:
    """Pair the rows of one gap: in place when complex, else similar rows in order."""
    if not sub_old or not sub_new:
        return []
    if len(sub_old) == len(sub_new) and any(
        _complex_row(olds[x]) or _complex_row(news[y])
        for x, y in zip(sub_old, sub_new, strict=False)
    ):
        # Rows holding nested tables or drawings are changed in place: LibreOffice
        # cannot take back a deleted row's nested table.
        return list(zip(sub_old, sub_new, strict=True))
    words_old = [Counter(_row_text(olds[x]).split()) for x in sub_old]
    words_new = [Counter(_row_text(news[y]).split()) for y in sub_new]
    if len(sub_old) * len(sub_new) > LARGE_GAP:  # in order, the first similar row
        pairs, last = [], -1
        for x, wo in zip(sub_old, words_old, strict=True):
            for pos, (y, wn) in enumerate(zip(sub_new, words_new, strict=True)):
                if pos > last and similarity(wo, wn) >= SIMILARITY:
                    pairs.append((x, y))
                    last = pos
                    break
        return pairs
    # The best pairing in order: a deleted row is not mistaken for the edited one after it.
    score = [[_similar_or_nothing(similarity(wo, wn)) for wn in words_new] for wo in words_old]
    similar = _best_monotone(score, len(sub_old), len(sub_new))
    return [(sub_old[i], sub_new[k]) for i, k in _in_place(similar, len(sub_old), len(sub_new))
            if row_format(olds[sub_old[i]]) == row_format(news[sub_new[k]])]


# (widths follow the table's grid, which is the new one either way)
_NOT_FORMAT = frozenset((W_INS, W_DEL, qn("w:trPrChange"), qn("w:tcPrChange"), qn("w:tcW")))


def row_format(row: etree._Element) -> bytes:
    """Return the row's own properties and its cells' (revision marks aside).

    A row whose formatting changed (a cell's shading, the last row's border) is deleted
    and inserted, not kept: LibreOffice 7.4 does not take back ``w:tcPrChange`` on Reject
    All, so the kept row would show the new shading in the old document.
    """
    parts = [row.find(qn("w:trPr"))] + [cell.find(qn("w:tcPr")) for cell in cells(row)]
    return b"|".join(
        b"".join(etree.tostring(c) for c in part if c.tag not in _NOT_FORMAT)
        if part is not None else b"" for part in parts)


def _in_place(pairs: list[tuple[int, int]], n: int, m: int) -> list[tuple[int, int]]:
    """Add to ``pairs`` the rows left between them, paired in place, first with first.

    Rows that share no word (a year's figures replaced by the next year's) are still the
    same rows of the table edited: kept, their cells marked, they keep what the row
    carries (header-row repeat, shading, the bottom border of the last row), which a row
    deleted and another inserted lose in LibreOffice. What one side has more is deleted
    or inserted after them.
    """
    found: list[tuple[int, int]] = []
    i = k = 0
    for x, y in [*pairs, (n, m)]:
        found.extend(zip(range(i, x), range(k, y), strict=False))
        if x < n:
            found.append((x, y))
        i, k = x + 1, y + 1
    return found


def row_ops(olds: list, news: list) -> list[Op]:
    """Return the ops turning old rows (not equal to any new row) into new ones."""
    text_pairs = match([_row_text(r) for r in olds], [_row_text(r) for r in news])
    pairs: list[tuple[int, int]] = []
    a = b = 0
    for qi, qj in [*text_pairs, (len(olds), len(news))]:
        pairs.extend(_pair_rows(olds, news, list(range(a, qi)), list(range(b, qj))))
        if qi < len(olds):
            pairs.append((qi, qj))
        a, b = qi + 1, qj + 1
    pairs = [
        (x, y) for x, y in pairs if len(cells(olds[x])) == len(cells(news[y]))
    ]
    ops: list[Op] = []
    i = j = 0
    for x, y in pairs:
        ops.extend(Op(OpKind.DEL, olds[k]) for k in range(i, x))
        ops.extend(Op(OpKind.INS, new=news[k]) for k in range(j, y))
        ops.append(Op(OpKind.MODIFY, olds[x], news[y]))
        i, j = x + 1, y + 1
    ops.extend(Op(OpKind.DEL, olds[k]) for k in range(i, len(olds)))
    ops.extend(Op(OpKind.INS, new=news[k]) for k in range(j, len(news)))
    return ops
