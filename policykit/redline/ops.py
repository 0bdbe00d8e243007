"""Name the steps of an alignment: a small Op dataclass, its kinds, gaps and moves.

``align`` returns :class:`Op` steps; :class:`Moves` records which blocks moved (and,
for a paragraph moved and edited, its partner on the other side).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree

from policykit.redline.marks import RevisionKind


class OpKind(StrEnum):
    """What one alignment step does with a block; moves spelled as Word's marks are."""

    EQUAL = "equal"
    MODIFY = "modify"
    INS = RevisionKind.INS.value
    DEL = RevisionKind.DEL.value
    MOVE_FROM = RevisionKind.MOVE_FROM.value
    MOVE_TO = RevisionKind.MOVE_TO.value
    SPLIT = "split"  # one old paragraph shown as two new ones, already marked


@dataclass(frozen=True, slots=True)
class Op:
    """One alignment step: a block kept, changed, inserted, deleted or moved.

    ``move`` numbers the moved passage the block belongs to (blocks moved together share
    it); ``may_split`` says a changed paragraph may be shown deleted and inserted whole.
    """

    kind: OpKind
    old: etree._Element | None = None
    new: etree._Element | None = None
    move: int = 0
    may_split: bool = False

    @property
    def keeps_new(self) -> bool:
        """Return True when the step leaves ``new`` in the new story."""
        return self.kind in (OpKind.EQUAL, OpKind.MODIFY, OpKind.INS, OpKind.MOVE_TO,
                             OpKind.SPLIT)


@dataclass(frozen=True, slots=True)
class Gap:
    """Old and new blocks between two kept blocks, not yet paired."""

    olds: list
    news: list


@dataclass
class Moves:
    """The moved blocks of a story: block -> move number, on each side."""

    old: dict
    new: dict
    partner: dict = field(default_factory=dict)  # moved and edited: old <-> new

    def free(self, element, side_old: bool) -> bool:
        """Return True when ``element`` is not moved."""
        return element not in (self.old if side_old else self.new)


def words(element: etree._Element) -> Counter:
    return Counter("".join(element.itertext()).split())


def shared_words(a: Counter, b: Counter) -> int:
    """Return how many words two word counts share: ``sum((a & b).values())``, built faster."""
    if len(a) > len(b):
        a, b = b, a
    common = 0
    for word, count in a.items():
        other = b.get(word, 0)
        shared = count if count < other else other
        if shared > 0:
            common += shared
    return common


def similarity(a: Counter, b: Counter) -> float:
    """Return 2 * (words in common) / (words in both): the Dice score of two word counts."""
    total = a.total() + b.total()
    if not total:
        return 1.0
    return 2 * shared_words(a, b) / total
