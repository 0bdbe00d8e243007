"""Blame words across versions: which commit wrote each new word, which deleted each old one.

Pure: it sees only the paragraph texts of each version, in order, and who made each
version. ``Attribution`` then answers the redline engine's ``attribute`` callback: for a
span inserted into the newest version, the author and date of the version that introduced
most of its words; for a span deleted from the oldest version, the version that deleted it.

Building every intermediate version as Word would be slow (a tenth of a second each), so
the versions can be followed in their source text (``source_paragraphs`` of each content
file) and only the two ends built: ``bind`` then matches the words of the built documents
to the words of their sources.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any, Protocol

from .content import parse_yaml, split_front_matter
from .errors import ContentError

_WORD = re.compile(r"\w+|[^\w\s]")
_BREAK = "\u2029"  # stands for a paragraph break while matching words across paragraphs
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|\||>)")  # a Markdown block
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
        self._new: dict[int, list[tuple[int, int, int]]] | None = None
        self._old: dict[int, list[tuple[int, int, int]]] = {}

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
        self._new = None

    @property
    def newest(self) -> list[str]:
        """Return the paragraph texts of the newest version followed."""
        return list(self._texts)

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

    def _index(self) -> None:
        if self._new is not None:
            return
        self._new = {}
        for row in self._live:
            for word in row:
                self._new.setdefault(word.block, []).append((word.start, word.end, word.origin))
        self._old = {}
        for word in self.oldest:
            step = self.deleted_by[word.first or 0]
            self._old.setdefault(word.block, []).append((word.start, word.end, step or 0))

    def bind(self, oldest: Sequence[str], newest: Sequence[str]) -> None:
        """Answer spans of documents built from the oldest and newest sources followed.

        ``oldest`` and ``newest`` are the paragraph texts of the built documents; each of
        their words is matched to a word of its source, and takes that word's story.
        Words of the built documents not found in the sources (template text) have none.
        """
        live = [word for row in self._live for word in row]
        self._new = _matched(_words(newest, 0), live, lambda word: word.origin)
        self._old = _matched(
            _words(oldest, 0), self.oldest,
            lambda word: self.deleted_by[word.first or 0] or 0,
        )

    def origins(self) -> list[list[tuple[str, int]]]:
        """Return, per paragraph of the newest version, each word and the step that wrote it."""
        return [[(w.text, w.origin) for w in row] for row in self._live]

    def step_of(self, span: SpanLike) -> int | None:
        """Return the version that made ``span``, or None when the words do not say."""
        self._index()
        assert self._new is not None
        if span.kind in INSERTED_KINDS:
            words = self._new.get(span.block, [])
        elif span.kind in DELETED_KINDS:
            words = self._old.get(span.block, [])
        else:
            return None
        steps = [step for start, end, step in words
                 if start < span.end and end > span.start and step > 0]
        if not steps:
            return None
        counts = Counter(steps)
        return max(counts, key=lambda step: (counts[step], step))

    def __call__(self, span: SpanLike) -> tuple[str, datetime] | None:
        """Return (author, date) of the version that made ``span``, or None for the default."""
        step = self.step_of(span)
        author = self.authors[step] if step is not None else None
        return (author.name, author.date) if author else None


def _matched(
    built: list[list[_Word]], source: list[_Word], story: Any
) -> dict[int, list[tuple[int, int, int]]]:
    """Return, per built paragraph, (start, end, step) of each word matched in ``source``."""
    flat = [word for row in built for word in row]
    matcher = SequenceMatcher(None, [w.text for w in flat], [w.text for w in source],
                              autojunk=False)
    found: dict[int, list[tuple[int, int, int]]] = {}
    for i, j, size in matcher.get_matching_blocks():
        for offset in range(size):
            word = flat[i + offset]
            found.setdefault(word.block, []).append(
                (word.start, word.end, story(source[j + offset])))
    return found


def _strings(value: Any, found: list[str]) -> list[str]:
    if isinstance(value, str):
        found.extend(part for part in value.split("\n\n") if part.strip())
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, list):
        for item in value:
            _strings(item, found)
    return found


def _markdown_blocks(body: str) -> list[str]:
    blocks: list[str] = []
    current: list[str] = []
    for line in body.splitlines():
        if not line.strip() or _BLOCK_START.match(line):
            if current:
                blocks.append(" ".join(current))
            current = [line.strip()] if line.strip() else []
        else:
            current.append(line.strip())
    if current:
        blocks.append(" ".join(current))
    return blocks


def source_paragraphs(raw: bytes, name: str) -> list[str]:
    """Return the text of a content file as paragraphs, roughly as they will be built.

    The values of a YAML file (or of a Markdown file's front matter) in order, then each
    Markdown block (a paragraph, heading, list item or table row). A file that cannot be
    read gives no paragraphs: its words are then attributed to the next version.
    """
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    try:
        if name.endswith(".md"):
            front, body, _ = split_front_matter(text, name)
            return _strings(parse_yaml(front, name), []) + _markdown_blocks(body)
        return _strings(parse_yaml(text, name), [])
    except ContentError:
        return []


__all__ = ["Attribution", "Author", "SpanLike", "source_paragraphs"]
