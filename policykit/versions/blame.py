"""Blame words across versions: which commit wrote each new word, which deleted each old one.

Pure: it sees only the paragraph texts of each version, in order, and who made each
version. ``Attribution`` then answers the redline engine's ``attribute`` callback: for a
span inserted into the newest version, the author and date of the version that introduced
most of its words; for a span deleted from the oldest version, the version that deleted it;
for a formatting change (a word made bold, a heading's level, a paragraph made a list item),
the version that last changed the formatting of most of its words. Formatting is read from
the Markdown source: the emphasis a word stands in (``**``, ``*``, backticks) and the kind
of block its paragraph is (``## `` heading, ``- `` or ``1. `` list item, quote, table row).

Building every intermediate version as Word would be slow (a tenth of a second each), so
the versions can be followed in their source text (``source_paragraphs`` of each content
file) and only the two ends built: ``bind`` then matches the words of the built documents
to the words of their sources.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from typing import Protocol

from policykit.content.frontmatter import FRONT_MATTER

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


# A word: (text, start, end, origin, first, styled, style). ``origin`` is the version
# (step) that introduced it, 0 for the oldest; ``first`` its index among the oldest
# version's words, or -1; ``styled`` the version that last changed its formatting (its
# origin, or a later one that only changed the markup around it); ``style`` that
# formatting. The paragraph (block) is the index of the row holding it.
Style = tuple[str, bool, bool, bool]  # (the kind of block, bold, italic, code)
_Word = tuple[str, int, int, int, int, int, Style]
_TEXT, _START, _END, _ORIGIN, _FIRST, _STYLED, _STYLE = range(7)
FORMAT_KINDS = ("format",)


def _block_kind(text: str) -> tuple[str, int]:
    """Return the kind of Markdown block ``text`` opens ("##", "-", "1.", ">", "|", or "")
    and where its text starts."""
    match = _BLOCK_START.match(text)
    if match is None:
        return "", 0
    marker = match.group().strip()
    if marker[0].isdigit():
        marker = "1."
    elif marker in ("*", "+"):
        marker = "-"
    return marker, match.end()


def _tokens(text: str, step: int) -> list[_Word]:
    """Return the words of ``text``, each with the formatting it stands in."""
    kind, begin = _block_kind(text)
    bold = italic = code = False
    words: list[_Word] = []
    run, run_end = 0, -1  # the run of "*" being read, and where it ends
    for match in _WORD.finditer(text):
        token, start, end = match.group(), match.start(), match.end()
        if start >= begin and token == "*":
            run = run + 1 if start == run_end else 1
            run_end = end
            if run == 2:
                bold, italic = not bold, not italic  # undo the single "*" read first
            else:
                italic = not italic
            continue
        run_end = -1
        if start >= begin and token == "`":
            code = not code
            continue
        words.append((token, start, end, step, -1, step, (kind, bold, italic, code)))
    return words


class Attribution:
    """Follow each word from the oldest version through every later one."""

    def __init__(self, oldest: Sequence[str]) -> None:
        rows: list[list[_Word]] = []
        index = 0
        for text in oldest:
            row = []
            for word, start, end, _, _, _, style in _tokens(text, 0):
                row.append((word, start, end, 0, index, 0, style))
                index += 1
            rows.append(row)
        self._oldest_rows = rows
        self.deleted_by: list[int | None] = [None] * index
        self.authors: list[Author | None] = [None]
        self._texts: list[str] = list(oldest)
        self._live: list[list[_Word]] = rows
        self._new: dict[int, list[tuple[int, int, int]]] | None = None
        self._old: dict[int, list[tuple[int, int, int]]] = {}
        self._styled: dict[int, list[tuple[int, int, int]]] = {}

    @property
    def steps(self) -> int:
        """Return how many versions followed the oldest."""
        return len(self.authors) - 1

    @property
    def newest(self) -> list[str]:
        """Return the paragraph texts of the newest version followed."""
        return list(self._texts)

    def advance(self, paragraphs: Sequence[str], author: Author | None) -> None:
        """Add the next version (its paragraph texts) and who made it (None: the default)."""
        step = len(self.authors)
        self.authors.append(author)
        texts = list(paragraphs)
        live: list[list[_Word]] = []
        matcher = SequenceMatcher(None, self._texts, texts, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":  # same text, same words at the same places
                live.extend(self._live[i1:i2])
            else:
                new_rows = [_tokens(text, step) for text in texts[j1:j2]]
                live.extend(self._follow(self._live[i1:i2], new_rows, step))
        self._texts = texts
        self._live = live
        self._new = None

    def _follow(
        self, old_rows: list[list[_Word]], new_rows: list[list[_Word]], step: int
    ) -> list[list[_Word]]:
        old = [word for row in old_rows for word in [*row, None]]
        new = [word for row in new_rows for word in [*row, None]]
        matcher = SequenceMatcher(
            None,
            [w[_TEXT] if w else _BREAK for w in old],
            [w[_TEXT] if w else _BREAK for w in new],
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
                if word is not None and word[_FIRST] >= 0 \
                        and self.deleted_by[word[_FIRST]] is None:
                    self.deleted_by[word[_FIRST]] = step
        rows: list[list[_Word]] = []
        row: list[_Word] = []
        for j, word in enumerate(new):
            if word is None:
                rows.append(row)
                row = []
                continue
            carried = kept.get(j)
            row.append(word if carried is None else
                       (word[_TEXT], word[_START], word[_END], carried[_ORIGIN],
                        carried[_FIRST], carried[_STYLED] if carried[_STYLE] == word[_STYLE]
                        else step, word[_STYLE]))
        return rows

    def _deleted(self, word: _Word) -> int:
        return (self.deleted_by[word[_FIRST]] or 0) if word[_FIRST] >= 0 else 0

    def _index(self) -> None:
        if self._new is not None:
            return
        self._new = {
            block: [(w[_START], w[_END], w[_ORIGIN]) for w in row]
            for block, row in enumerate(self._live)
        }
        self._old = {
            block: [(w[_START], w[_END], self._deleted(w)) for w in row]
            for block, row in enumerate(self._oldest_rows)
        }
        self._styled = {
            block: [(w[_START], w[_END], w[_STYLED]) for w in row]
            for block, row in enumerate(self._live)
        }

    def bind(self, oldest: Sequence[str], newest: Sequence[str]) -> None:
        """Answer spans of documents built from the oldest and newest sources followed.

        ``oldest`` and ``newest`` are the paragraph texts of the built documents; each of
        their words is matched to a word of its source, and takes that word's story.
        Words of the built documents not found in the sources (template text) have none.
        """
        self._new = _matched([_tokens(t, 0) for t in newest], self._live,
                             lambda word: word[_ORIGIN])
        self._old = _matched([_tokens(t, 0) for t in oldest], self._oldest_rows,
                             self._deleted)
        self._styled = _matched([_tokens(t, 0) for t in newest], self._live,
                                lambda word: word[_STYLED])

    def origins(self) -> list[list[tuple[str, int]]]:
        """Return, per paragraph of the newest version, each word and the step that wrote it."""
        return [[(w[_TEXT], w[_ORIGIN]) for w in row] for row in self._live]

    def step_of(self, span: SpanLike) -> int | None:
        """Return the version that made ``span``, or None when the words do not say."""
        self._index()
        assert self._new is not None
        if span.kind in INSERTED_KINDS:
            words = self._new.get(span.block, [])
        elif span.kind in DELETED_KINDS:
            words = self._old.get(span.block, [])
        elif span.kind in FORMAT_KINDS:
            words = self._styled.get(span.block, [])
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


def _key(row: list[_Word]) -> str:
    return " ".join(w[_TEXT] for w in row if w[_TEXT][0].isalnum() or w[_TEXT][0] == "_")


def _matched(
    built: list[list[_Word]], source: list[list[_Word]], story: Callable[[_Word], int]
) -> dict[int, list[tuple[int, int, int]]]:
    """Return, per built paragraph, (start, end, step) of each word matched in ``source``.

    Paragraphs with the same words are paired first; the words of each pair, and of each
    stretch of unpaired paragraphs, are then matched one by one.
    """
    found: dict[int, list[tuple[int, int, int]]] = {}

    def match(built_rows: range, source_rows: range) -> None:
        left = [(block, w) for block in built_rows for w in built[block]]
        right = [w for row in source_rows for w in source[row]]
        words = SequenceMatcher(None, [w[_TEXT] for _, w in left],
                                [w[_TEXT] for w in right], autojunk=False)
        for i, j, size in words.get_matching_blocks():
            for offset in range(size):
                block, word = left[i + offset]
                found.setdefault(block, []).append(
                    (word[_START], word[_END], story(right[j + offset])))

    paragraphs = SequenceMatcher(None, [_key(r) for r in built], [_key(r) for r in source],
                                 autojunk=False)
    for tag, i1, i2, j1, j2 in paragraphs.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                match(range(i, i + 1), range(j, j + 1))
        elif i1 < i2 and j1 < j2:
            match(range(i1, i2), range(j1, j2))
    return found


_YAML_ENTRY = re.compile(r"^\s*(?:-\s+)*(?:[\w-]+:(?:\s+|$))?")
_YAML_NOISE = re.compile(r"^(?:[>|][-+]?\s*$)|(?:\s+#.*$)")


def _yaml_values(text: str) -> list[str]:
    """Return the values of a YAML text, one per entry, continuation lines joined.

    Line-based, with no YAML parser: fast, and never fails on a broken version.
    """
    values: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        entry = _YAML_ENTRY.match(line)
        value = _YAML_NOISE.sub("", line[entry.end():] if entry else line).strip()
        if entry and entry.group().strip():
            if current:
                values.append(" ".join(current))
            current = []
        if value:
            current.append(value.strip("\"'"))
    if current:
        values.append(" ".join(current))
    return values


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
    Markdown block (a paragraph, heading, list item or table row). Only words matter:
    they are matched to the built document's words later.
    """
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if name.endswith(".md"):
        match = FRONT_MATTER.match(text)
        if match:
            return _yaml_values(match.group(1)) + _markdown_blocks(text[match.end():])
        return _markdown_blocks(text)
    return _yaml_values(text)


__all__ = ["Attribution", "Author", "SpanLike", "source_paragraphs"]
