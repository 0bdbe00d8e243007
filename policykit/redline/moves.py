"""Find the paragraphs that moved between two stories: the same text, or edited.

A paragraph deleted in one gap of the alignment and inserted in another is a move when
its text is the same, or, edited, when the two keep most of their words, are each
other's best match and are clearly closer than anything in their own gaps. A table is a
move by the same rules, on its words as a whole.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from policykit.redline.ops import Gap, Moves, Op, similarity
from policykit.word.oxml import W_ENREF, W_FNREF, W_P, W_TBL, W_TXBX


def _normal_text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


@dataclass
class GapParagraphs:
    """The paragraphs of a story's gaps: by normalised text, their gap and their rank."""

    deleted: dict = field(default_factory=dict)
    inserted: dict = field(default_factory=dict)
    gap_of: dict = field(default_factory=dict)
    old_rank: dict = field(default_factory=dict)
    new_rank: dict = field(default_factory=dict)
    deleted_tables: list = field(default_factory=list)
    inserted_tables: list = field(default_factory=list)


def _gap_paragraphs(segments: list[Op | Gap]) -> GapParagraphs:
    found = GapParagraphs()
    for index, segment in enumerate(segments):
        if isinstance(segment, Op):
            found.old_rank[segment.old] = len(found.old_rank)
            found.new_rank[segment.new] = len(found.new_rank)
            continue
        for elements, rank, by_text in ((segment.olds, found.old_rank, found.deleted),
                                        (segment.news, found.new_rank, found.inserted)):
            for element in elements:
                rank[element] = len(rank)
                if element.tag == W_P:
                    found.gap_of[element] = index
                    by_text.setdefault(_normal_text(element), []).append(element)
                elif element.tag == W_TBL:
                    found.gap_of[element] = index
                    tables = (found.deleted_tables if by_text is found.deleted
                              else found.inserted_tables)
                    tables.append(element)
    return found


def find_moves(segments: list[Op | Gap], moves: Moves,
               movable_table: Callable[[etree._Element], bool] | None = None) -> None:
    """Pair paragraphs deleted in one gap and inserted, the same or edited, in another.

    Tables are paired too when ``movable_table`` is given: it says whether a table can
    move (one holding nested tables or content controls in its cells cannot).
    Moved blocks that follow one another on both sides share one move number, so a moved
    passage (a section with its tables) is one move.
    """
    gaps = _gap_paragraphs(segments)
    pairs = []
    for text, olds in gaps.deleted.items():
        news = gaps.inserted.get(text)
        if not news or len(olds) != 1 or len(news) != 1:
            continue
        if len(text) < 12 or " " not in text or gaps.gap_of[olds[0]] == gaps.gap_of[news[0]]:
            continue
        pairs.append((gaps.old_rank[olds[0]], gaps.new_rank[news[0]], olds[0], news[0]))
    taken = {pair[2] for pair in pairs} | {pair[3] for pair in pairs}
    for old, new in _similar_moves(
        [e for group in gaps.deleted.values() for e in group if e not in taken],
        [e for group in gaps.inserted.values() for e in group if e not in taken], gaps.gap_of,
    ):
        pairs.append((gaps.old_rank[old], gaps.new_rank[new], old, new))
        moves.partner[old], moves.partner[new] = new, old
    if movable_table is not None:
        for old, new in _table_moves(gaps, movable_table):
            pairs.append((gaps.old_rank[old], gaps.new_rank[new], old, new))
            moves.partner[old], moves.partner[new] = new, old
    _number_passages(pairs, moves)


def _table_moves(gaps: GapParagraphs, movable_table: Callable) -> list[tuple]:
    """Pair tables deleted in one gap with tables, the same or edited, inserted in another."""
    olds = [t for t in gaps.deleted_tables if movable_table(t)]
    news = [t for t in gaps.inserted_tables if movable_table(t)]
    return _similar_moves(olds, news, gaps.gap_of)


def _number_passages(pairs: list[tuple], moves: Moves) -> None:
    """Number the moves: pairs that follow one another on both sides share a number."""
    pairs.sort(key=lambda pair: pair[0])
    number, last = 0, None
    for old_at, new_at, old, new in pairs:
        if last is None or old_at != last[0] + 1 or new_at != last[1] + 1:
            number += 1
        moves.old[old] = number
        moves.new[new] = number
        last = (old_at, new_at)


MOVE_SIMILARITY = 0.6  # share of words a moved and edited paragraph keeps
MOVE_MIN_WORDS = 3
MOVE_MARGIN = 0.25  # how much closer than anything in its own gap a moved paragraph must be
MOVE_MAX_PAIRS = 250_000  # deleted x inserted paragraphs above which no edited moves are sought
_NUMBERING = re.compile(r"^[\d.()]+$|^[a-z]?[.)]$")
_NOT_MOVABLE = (W_FNREF, W_ENREF, W_TXBX)


def _move_words(element: etree._Element) -> Counter:
    """Return the words of a paragraph or table, typed paragraph numbers ("5.", "11.2") aside."""
    paragraphs = element.iter(W_P) if element.tag == W_TBL else (element,)
    text = " ".join("".join(p.itertext()) for p in paragraphs)
    return Counter(w for w in text.split() if not _NUMBERING.match(w))


def _similar_moves(olds: list, news: list, gap_of: dict) -> list[tuple]:
    """Pair paragraphs deleted in one gap with edited copies inserted in another.

    A pair must be each other's best match, keep at least 60% of their words, lie in
    different gaps, and be clearly closer than anything in either paragraph's own gap
    (there it is an edit in place).
    Paragraphs holding notes or text boxes are not moved (LibreOffice cannot take them back).
    """
    olds = [e for e in olds if next(e.iter(*_NOT_MOVABLE), None) is None]
    news = [e for e in news if next(e.iter(*_NOT_MOVABLE), None) is None]
    if not olds or not news or len(olds) * len(news) > MOVE_MAX_PAIRS:
        return []
    words_old = [_move_words(e) for e in olds]
    words_new = [_move_words(e) for e in news]
    best_new, best_old = _best_matches(words_old, words_new)
    found = []
    for i, (score, k) in best_new.items():
        if (score >= MOVE_SIMILARITY and best_old[k][1] == i
                and gap_of[olds[i]] != gap_of[news[k]]
                and _at_home(words_old[i], news, words_new, gap_of, gap_of[olds[i]])
                < score - MOVE_MARGIN
                and _at_home(words_new[k], olds, words_old, gap_of, gap_of[news[k]])
                < score - MOVE_MARGIN):
            found.append((olds[i], news[k]))
    return found


def _best_matches(words_old: list[Counter], words_new: list[Counter]) -> tuple[dict, dict]:
    """Return each old paragraph's best new match and each new one's best old, with scores.

    The scores are :func:`similarity`'s, the words in common counted through an index of
    the new paragraphs' words (each pair is not walked word by word).
    """
    best_new: dict[int, tuple[float, int]] = {}
    best_old: dict[int, tuple[float, int]] = {}
    long_new = [(k, wn.total()) for k, wn in enumerate(words_new)]
    long_new = [(k, size) for k, size in long_new if size >= MOVE_MIN_WORDS]
    postings: dict[str, list[tuple[int, int]]] = {}
    for slot, (k, _) in enumerate(long_new):
        for word, count in words_new[k].items():
            postings.setdefault(word, []).append((slot, count))
    for i, wo in enumerate(words_old):
        size = wo.total()
        if size < MOVE_MIN_WORDS:
            continue
        common = [0] * len(long_new)
        for word, count in wo.items():
            for slot, other in postings.get(word, ()):
                common[slot] += count if count < other else other
        top = (0.0, -1)
        for slot, (k, other_size) in enumerate(long_new):
            if not common[slot]:  # a score of 0 is never a best
                continue
            score = 2 * common[slot] / (size + other_size)
            if score > top[0]:
                top = (score, k)
            if score > best_old.get(k, (0.0, -1))[0]:
                best_old[k] = (score, i)
        if top[1] >= 0:
            best_new[i] = top
    return best_new, best_old


def _at_home(words: Counter, others: list, other_words: list[Counter], gap_of: dict,
             gap: int) -> float:
    """Return how alike a paragraph is to its best counterpart in its own gap."""
    return max((similarity(words, other_words[k]) for k, other in enumerate(others)
                if gap_of[other] == gap), default=0.0)
