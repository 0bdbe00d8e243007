"""Blame words across versions: which commit wrote each new word, which deleted each old one.

Pure: it sees only the paragraph texts of each version, in order, and who made each
version. ``Attribution`` then answers the redline engine's ``attribute`` callback: for a
span inserted into the newest version, the author and date of the version that introduced
most of its words; for a span deleted from the oldest version, the version that deleted it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from typing import Protocol

_WORD = re.compile(r"\w+|[^\w\s]")
_BREAK = "\u2029"  # stands for a paragraph break while matching words across paragraphs
INSERTED_KINDS = ("ins", "moveTo")
DELETED_KINDS = ("del", "moveFrom")


class SpanLike(Protocol):
    """What attribution needs of a redline span (``policykit.redline.Span``)."""

    kind: str
    block: int
    start: int
    end: int


@dataclass(frozen=True)
class Author:
    """Who made a version, and when."""

    name: str
    date: datetime


@dataclass(frozen=True)
class _Word:
    text: str
    block: int
    start: int
    end: int
    origin: int  # the version (step) that introduced it; 0 = already in the oldest
    first: int | None  # its index among the oldest version's words, if it came from there


def _words(paragraphs: Sequence[str], step: int) -> list[list[_Word]]:
    return [
        [_Word(m.group(), block, m.start(), m.end(), step, None)
         for m in _WORD.finditer(text)]
        for block, text in enumerate(paragraphs)
    ]


class Attribution:
    """Follow each word from the oldest version through every later one."""

    def __init__(self, oldest: Sequence[str]) -> None:
        first = _words(oldest, 0)
        index = 0
        numbered: list[list[_Word]] = []
        for paragraph in first:
            row = []
            for word in paragraph:
                row.append(_Word(word.text, word.block, word.start, word.end, 0, index))
                index += 1
            numbered.append(row)
        self.oldest: list[_Word] = [word for row in numbered for word in row]
        self.deleted_by: list[int | None] = [None] * len(self.oldest)
        self.authors: list[Author | None] = [None]
        self._texts: list[str] = list(oldest)
        self._live: list[list[_Word]] = numbered
        self._by_block: dict[int, list[_Word]] | None = None

    @property
    def steps(self) -> int:
        """Return how many versions followed the oldest."""
        return len(self.authors) - 1

    def advance(self, paragraphs: Sequence[str], author: Author | None) -> None:
        """Add the next version (its paragraph texts) and who made it (None: the default)."""
        step = len(self.authors)
        self.authors.append(author)
        new = _words(paragraphs, step)
        live: list[list[_Word]] = []
        matcher = SequenceMatcher(None, self._texts, list(paragraphs), autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for old_row, new_row in zip(self._live[i1:i2], new[j1:j2], strict=True):
                    live.append([
                        _Word(w.text, n.block, n.start, n.end, w.origin, w.first)
                        for w, n in zip(old_row, new_row, strict=True)
                    ])
            else:
                live.extend(self._match(self._live[i1:i2], new[j1:j2], step))
        self._texts = list(paragraphs)
        self._live = live

    def _match(
        self, old_rows: list[list[_Word]], new_rows: list[list[_Word]], step: int
    ) -> list[list[_Word]]:
        old = [word for row in old_rows for word in [*row, None]]
        new = [word for row in new_rows for word in [*row, None]]
        matcher = SequenceMatcher(
            None,
            [w.text if w else _BREAK for w in old],
            [w.text if w else _BREAK for w in new],
            autojunk=False,
        )
        kept: dict[int, _Word] = {}
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    if old[i] is not None:
                        kept[j] = old[i]
                continue
            for word in old[i1:i2]:
                if word is not None and word.first is not None \
                        and self.deleted_by[word.first] is None:
                    self.deleted_by[word.first] = step
        rows: list[list[_Word]] = []
        row: list[_Word] = []
        for j, word in enumerate(new):
            if word is None:
                rows.append(row)
                row = []
                continue
            carried = kept.get(j)
            row.append(word if carried is None else
                       _Word(word.text, word.block, word.start, word.end,
                             carried.origin, carried.first))
        return rows

    def _oldest_in(self, block: int) -> list[_Word]:
        if self._by_block is None:
            self._by_block = {}
            for word in self.oldest:
                self._by_block.setdefault(word.block, []).append(word)
        return self._by_block.get(block, [])

    def origins(self) -> list[list[tuple[str, int]]]:
        """Return, per paragraph of the newest version, each word and the step that wrote it."""
        return [[(w.text, w.origin) for w in row] for row in self._live]

    def step_of(self, span: SpanLike) -> int | None:
        """Return the version that made ``span``, or None when the words do not say."""
        if span.kind in INSERTED_KINDS:
            words = self._live[span.block] if 0 <= span.block < len(self._live) else []
            steps = [w.origin for w in words
                     if w.start < span.end and w.end > span.start and w.origin > 0]
        elif span.kind in DELETED_KINDS:
            steps = [
                step for word in self._oldest_in(span.block)
                if word.start < span.end and word.end > span.start
                and (step := self.deleted_by[word.first or 0]) is not None
            ]
        else:
            return None
        if not steps:
            return None
        counts = Counter(steps)
        return max(counts, key=lambda step: (counts[step], step))

    def __call__(self, span: SpanLike) -> tuple[str, datetime] | None:
        """Return (author, date) of the version that made ``span``, or None for the default."""
        step = self.step_of(span)
        author = self.authors[step] if step is not None else None
        return (author.name, author.date) if author else None


__all__ = ["Attribution", "Author", "SpanLike"]
