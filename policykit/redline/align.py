"""Pair the blocks of two stories: equal XML, equal text, moves, then similar paragraphs.

Blocks are aligned in three passes: exact XML equality (common ends, then patience
anchors on unique blocks, Myers in the gaps), which pairs the unchanged blocks of a long
document in linear time; equal text inside each remaining gap (formatting-only changes,
re-saved paragraphs); then moves (body paragraphs with the same text deleted in one place
and inserted in another) and pairing of similar paragraphs (at least 40% of words in
common, or of letters for short ones) and of tables, in order. ``align`` returns the ops;
``row_ops`` does the same for the rows of two tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher

from docx.oxml.ns import qn
from lxml import etree

from policykit.redline.diff import match
from policykit.redline.marks import W_P, W_TBL, W_TC, W_TXBX

SIMILARITY = 0.4


def text_key(element: etree._Element) -> str:
    """Return the text of a block, used to pair blocks that differ only in markup."""
    return element.tag[-3:] + "".join(element.itertext())


def _words(element: etree._Element) -> Counter:
    return Counter("".join(element.itertext()).split())


def _similarity(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    return 2 * sum((a & b).values()) / total


def _paragraph_similarity(old: etree._Element, new: etree._Element, a: Counter, b: Counter
                          ) -> float:
    """Return how alike two paragraphs are: shared words, or shared letters when short."""
    score = _similarity(a, b)
    if score >= SIMILARITY or sum(a.values()) > 4 or sum(b.values()) > 4:
        return score
    old_text, new_text = "".join(old.itertext()), "".join(new.itertext())
    if not old_text or not new_text:
        return score
    return max(score, SequenceMatcher(None, old_text, new_text, autojunk=False).ratio())


def _pair_similar(olds: list, news: list) -> list[tuple[int, int]]:
    """Pair old and new blocks of a gap in order: similar paragraphs, tables with tables."""
    if not olds or not news:
        return []
    n, m = len(olds), len(news)
    if n * m > 2500:  # large gap: pair greedily within a window
        pairs, j = [], 0
        words_new = [_words(e) if e.tag == W_P else None for e in news]
        for i, old in enumerate(olds):
            best, best_j = 0.0, -1
            w_old = _words(old) if old.tag == W_P else None
            for k in range(j, min(m, j + 8)):
                if news[k].tag != old.tag:
                    continue
                score = 1.0 if old.tag != W_P else _paragraph_similarity(
                    old, news[k], w_old, words_new[k])
                if score > best:
                    best, best_j = score, k
            if best_j >= 0 and best >= SIMILARITY:
                pairs.append((i, best_j))
                j = best_j + 1
        return pairs
    words_old = [_words(e) if e.tag == W_P else None for e in olds]
    words_new = [_words(e) if e.tag == W_P else None for e in news]
    score = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for k in range(m):
            if olds[i].tag != news[k].tag:
                continue
            if olds[i].tag == W_P:
                s = _paragraph_similarity(olds[i], news[k], words_old[i], words_new[k])
                score[i][k] = s if s >= SIMILARITY else 0.0
            else:
                score[i][k] = 0.5
    # Best monotone matching (dynamic programming over the gap).
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


def _gap_ops(olds, news, moved_old, moved_new, following) -> list[tuple]:
    """Return ops for one gap of unmatched blocks (moves already chosen).

    ``following`` is the new block after the gap (None at the end of the story). Where
    the block after a stretch of deletions and insertions is not a paragraph, the last
    deleted and last inserted paragraphs are paired, so the stretch ends in a kept
    paragraph mark (a mark before a table or at the end cannot join anything).
    """
    free_old = [e for e in olds if e not in moved_old]
    free_new = [e for e in news if e not in moved_new]
    old_pos = {e: k for k, e in enumerate(olds)}
    new_pos = {e: k for k, e in enumerate(news)}
    pairs = [(free_old[i], free_new[k]) for i, k in _pair_similar(free_old, free_new)]
    ops: list[tuple] = []
    i = j = 0
    for old, new in [*pairs, (None, None)]:
        oi = old_pos[old] if old is not None else len(olds)
        nj = new_pos[new] if new is not None else len(news)
        after = new if new is not None else following
        sub_old, sub_new = olds[i:oi], news[j:nj]
        forced = None
        if (after is None or after.tag != W_P) and sub_old and sub_new:
            last_old, last_new = sub_old[-1], sub_new[-1]
            if (last_old.tag == W_P and last_new.tag == W_P
                    and last_old not in moved_old and last_new not in moved_new):
                forced = (last_old, last_new)
                sub_old, sub_new = sub_old[:-1], sub_new[:-1]
        bridge = None
        if (sub_old and sub_new and any(e.tag != W_P for e in sub_new)
                and any(e.tag != W_P for e in sub_old)):
            # Tables deleted and inserted: pair the last deleted paragraph with the first
            # inserted one, so the insertions start after a kept paragraph mark.
            last_old, first_new = sub_old[-1], sub_new[0]
            if (last_old.tag == W_P and first_new.tag == W_P
                    and last_old not in moved_old and first_new not in moved_new):
                bridge = (last_old, first_new)
        if bridge is not None:
            ops.extend(_single_ops(sub_old[:-1], [], moved_old, moved_new))
            ops.append(("modify", *bridge))
            ops.extend(_single_ops([], sub_new[1:], moved_old, moved_new))
        else:
            ops.extend(_single_ops(sub_old, sub_new, moved_old, moved_new))
        if forced is not None:
            ops.append(("modify", *forced))
        if old is not None:
            ops.append(("modify", old, new))
        i, j = oi + 1, nj + 1
    return ops


def _single_ops(olds, news, moved_old, moved_new) -> list[tuple]:
    """Return deletions then insertions; insertions first when only they hold a table.

    The paragraph before an inserted table needs a plain paragraph before its group to
    hand its mark to (see ``engine._fix_last_marks``): deleted paragraphs there would not do.
    """
    deletions = [
        ("movefrom", old, moved_old[old]) if old in moved_old else ("del", old, None)
        for old in olds
    ]
    insertions = [
        ("moveto", None, new, moved_new[new]) if new in moved_new else ("ins", None, new)
        for new in news
    ]
    if any(e.tag != W_P for e in news) and all(e.tag == W_P for e in olds):
        return insertions + deletions
    return deletions + insertions


R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_R_MARK = b"officeDocument/2006/relationships"


def block_key(element: etree._Element, rel_key: Callable[[str], str] | None) -> bytes:
    """Return the XML of a block, with what its relationship ids point at when it has any.

    Two pictures under the same ``rId`` in two packages may be different images.
    """
    data = etree.tostring(element)
    if rel_key is None or _R_MARK not in data:
        return data
    targets = [
        rel_key(value)
        for node in element.iter()
        if isinstance(node.tag, str)
        for attr, value in node.attrib.items()
        if attr.startswith(R_NS)
    ]
    return data + "\x00".join(targets).encode()


def align(
    old_units: list, new_units: list, allow_moves: bool,
    old_rel: Callable[[str], str] | None = None, new_rel: Callable[[str], str] | None = None,
) -> list[tuple]:
    """Return the ops turning the old blocks into the new: equal, modify, ins, del, moves."""
    old_keys = [block_key(u, old_rel) for u in old_units]
    new_keys = [block_key(u, new_rel) for u in new_units]
    pairs = match(old_keys, new_keys)
    segments: list[tuple] = []  # ("equal", o, n) or ("gap", olds, news)
    i = j = 0
    for pi, pj in [*pairs, (len(old_units), len(new_units))]:
        if pi > i or pj > j:
            olds, news = old_units[i:pi], new_units[j:pj]
            if olds and news:
                # Second pass: equal text pairs up re-saved or re-formatted blocks.
                tk_old = [text_key(u) for u in olds]
                tk_new = [text_key(u) for u in news]
                a = b = 0
                for qi, qj in [*match(tk_old, tk_new), (len(olds), len(news))]:
                    if qi > a or qj > b:
                        segments.append(("gap", olds[a:qi], news[b:qj]))
                    if qi < len(olds):
                        segments.append(("modify", olds[qi], news[qj]))
                    a, b = qi + 1, qj + 1
            else:
                segments.append(("gap", olds, news))
        if pi < len(old_units):
            segments.append(("equal", old_units[pi], new_units[pj]))
        i, j = pi + 1, pj + 1
    moved_old: dict = {}
    moved_new: dict = {}
    if allow_moves:
        _find_moves(segments, moved_old, moved_new)
    ops: list[tuple] = []
    for index, segment in enumerate(segments):
        if segment[0] != "gap":
            ops.append(segment)
            continue
        following = next((s[2] for s in segments[index + 1:] if s[0] != "gap"), None)
        ops.extend(_gap_ops(segment[1], segment[2], moved_old, moved_new, following))
    # A changed paragraph followed by another paragraph may be shown as deleted and
    # inserted whole when the two share nothing; before a table or at the end it may not.
    after = None
    for k in range(len(ops) - 1, -1, -1):
        op = ops[k]
        if op[0] == "modify" and op[2].tag == W_P:
            ops[k] = (*op, after is not None and after.tag == W_P)
        if op[0] in ("equal", "modify", "ins", "moveto"):
            after = op[2]
    return ops


def _find_moves(segments, moved_old: dict, moved_new: dict) -> None:
    """Pair paragraphs deleted in one gap and inserted, with the same text, in another.

    Moved paragraphs that follow one another on both sides share one move number, so a
    moved passage is one move.
    """
    deleted: dict[str, list] = {}
    inserted: dict[str, list] = {}
    gap_of: dict = {}
    old_rank: dict = {}
    new_rank: dict = {}
    for index, segment in enumerate(segments):
        if segment[0] != "gap":
            old_rank[segment[1]] = len(old_rank)
            new_rank[segment[2]] = len(new_rank)
            continue
        for element in segment[1]:
            old_rank[element] = len(old_rank)
            if element.tag == W_P:
                gap_of[element] = index
                deleted.setdefault(" ".join("".join(element.itertext()).split()), []).append(
                    element)
        for element in segment[2]:
            new_rank[element] = len(new_rank)
            if element.tag == W_P:
                gap_of[element] = index
                inserted.setdefault(" ".join("".join(element.itertext()).split()), []).append(
                    element)
    pairs = []
    for text, olds in deleted.items():
        news = inserted.get(text)
        if not news or len(olds) != 1 or len(news) != 1:
            continue
        if len(text) < 12 or " " not in text or gap_of[olds[0]] == gap_of[news[0]]:
            continue
        pairs.append((old_rank[olds[0]], new_rank[news[0]], olds[0], news[0]))
    pairs.sort(key=lambda pair: pair[0])
    number, last = 0, None
    for old_at, new_at, old, new in pairs:
        if last is None or old_at != last[0] + 1 or new_at != last[1] + 1:
            number += 1
        moved_old[old] = number
        moved_new[new] = number
        last = (old_at, new_at)


def _row_text(row: etree._Element) -> str:
    return "\x1f".join("".join(cell.itertext()) for cell in row if cell.tag == W_TC)


def cells(row: etree._Element) -> list[etree._Element]:
    """Return the cells of a table row."""
    return [cell for cell in row if cell.tag == W_TC]


_COMPLEX = (W_TBL, qn("w:drawing"), qn("w:pict"), qn("w:object"), W_TXBX)


def _complex_row(row: etree._Element) -> bool:
    return any(True for cell in row if cell.tag == W_TC for _ in cell.iter(*_COMPLEX))


def row_ops(olds: list, news: list) -> list[tuple]:
    text_pairs = match([_row_text(r) for r in olds], [_row_text(r) for r in news])
    pairs: list[tuple[int, int]] = []
    a = b = 0
    for qi, qj in [*text_pairs, (len(olds), len(news))]:
        sub_old, sub_new = list(range(a, qi)), list(range(b, qj))
        if sub_old and sub_new and len(sub_old) == len(sub_new) and any(
            _complex_row(olds[x]) or _complex_row(news[y])
            for x, y in zip(sub_old, sub_new, strict=False)
        ):
            # Rows holding nested tables or drawings are changed in place: LibreOffice
            # cannot take back a deleted row's nested table.
            pairs.extend(zip(sub_old, sub_new, strict=True))
        elif sub_old and sub_new:
            words_old = [Counter(_row_text(olds[x]).split()) for x in sub_old]
            words_new = [Counter(_row_text(news[y]).split()) for y in sub_new]
            last = -1
            for x, wo in zip(sub_old, words_old, strict=True):
                for pos, (y, wn) in enumerate(zip(sub_new, words_new, strict=True)):
                    if pos > last and _similarity(wo, wn) >= SIMILARITY:
                        pairs.append((x, y))
                        last = pos
                        break
        if qi < len(olds):
            pairs.append((qi, qj))
        a, b = qi + 1, qj + 1
    pairs = [
        (x, y) for x, y in pairs if len(cells(olds[x])) == len(cells(news[y]))
    ]
    ops: list[tuple] = []
    i = j = 0
    for x, y in pairs:
        ops.extend(("del", olds[k], None) for k in range(i, x))
        ops.extend(("ins", None, news[k]) for k in range(j, y))
        ops.append(("modify", olds[x], news[y]))
        i, j = x + 1, y + 1
    ops.extend(("del", olds[k], None) for k in range(i, len(olds)))
    ops.extend(("ins", None, news[k]) for k in range(j, len(news)))
    return ops
