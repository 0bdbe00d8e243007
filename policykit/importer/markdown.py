"""Write the blocks read from a Word document as Markdown in policykit's dialect.

Every line is checked by parsing it back with build's own Markdown parser: if the formatting
cannot be written so that the text reads the same, the line is written plain and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykit.content.markdown import parse_inline, visible_text

_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_LINE_START = re.compile(r"^([#>+=:-]|\d{1,9}(?=[.)](?:\s|$)))")
_MARKS = {"b": "**", "i": "*"}


@dataclass(frozen=True)
class Piece:
    """A stretch of run text with its formatting; ``"\\n"`` in ``text`` is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass
class Block:
    """A paragraph or table read from Word, with the kind of Markdown block it becomes."""

    kind: str  # heading, paragraph, quote, item, continuation, table, title, subtitle...
    pieces: list[Piece] = field(default_factory=list)
    level: int = 0
    ordered: bool = False
    rows: list[list[list[Piece]]] = field(default_factory=list)
    numbering: str | None = None  # the abstract numbering of a Word-numbered paragraph
    num_id: str | None = None
    ilvl: int = 0
    number: int | None = None  # the number Word shows on an ordered item


@dataclass
class ImportCounts:
    """How many of each kind of block the import wrote."""

    headings: int = 0
    paragraphs: int = 0
    lists: int = 0
    list_items: int = 0
    tables: int = 0

    def __str__(self) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"

        return (f"{n(self.headings, 'heading')}, {n(self.paragraphs, 'paragraph')}, "
                f"{n(self.lists, 'list')} ({n(self.list_items, 'item')}), "
                f"{n(self.tables, 'table')}")


def plain(pieces: list[Piece]) -> str:
    """Return the text of pieces, without formatting."""
    return "".join(piece.text for piece in pieces)


def escape(text: str, line_start: bool = False) -> str:
    """Return text with Markdown's special characters escaped so it renders literally."""
    text = re.sub(r"([\\`*_\[\]<|~])", r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    if line_start:
        match = _LINE_START.match(text)
        if match:
            if match.group(1).isdigit():
                text = f"{match.group(1)}\\{text[match.end():]}"
            else:
                text = "\\" + text
    return text


def _split_space(text: str) -> tuple[str, str, str]:
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core):]


def _merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link) == (
                piece.bold, piece.italic, piece.link):
            merged[-1] = Piece(merged[-1].text + piece.text, piece.bold, piece.italic, piece.link)
        else:
            merged.append(piece)
    return merged


def _link_groups(pieces: list[Piece], plain_text: bool) -> list[tuple[str | None, list[Piece]]]:
    """Group consecutive pieces by the link they carry (no links when writing plain)."""
    groups: list[tuple[str | None, list[Piece]]] = []
    for piece in pieces:
        link = None if plain_text else piece.link
        if groups and groups[-1][0] == link:
            groups[-1][1].append(piece)
        else:
            groups.append((link, [piece]))
    return groups


def _destination(link: str) -> str:
    destination = re.sub(r"([()\\])", r"\\\1", link).replace(" ", "%20")
    return destination.replace("<", "%3C").replace(">", "%3E")


@dataclass
class _Line:
    """One line of inline Markdown being written: output, open emphasis, pending spaces."""

    italic_mark: str
    plain: bool
    out: list[str] = field(default_factory=list)
    stack: list[str] = field(default_factory=list)
    pending: str = ""
    first: bool = True

    def close(self, keep: set[str] | None = None) -> None:
        marks = {**_MARKS, "i": self.italic_mark}
        while self.stack and not (keep is not None and set(self.stack) <= keep):
            self.out.append(marks[self.stack.pop()])

    def link(self, link: str, group: list[Piece]) -> None:
        inner = _format_line([Piece(p.text, p.bold, p.italic) for p in group], self.italic_mark)
        lead, core, trail = _split_space(plain(group))
        if not core:
            self.pending += lead
            return
        self.close()
        self.out.append(self.pending + lead + f"[{inner}]({_destination(link)})")
        self.pending, self.first = trail, False

    def text(self, piece: Piece) -> None:
        lead, core, trail = _split_space(piece.text)
        if not core:
            self.pending += lead
            return
        want = set() if self.plain else {k for k, on in (("b", piece.bold), ("i", piece.italic))
                                         if on}
        self.close(want)
        self.out.append(self.pending + lead)
        marks = {**_MARKS, "i": self.italic_mark}
        for key in ("b", "i"):
            if key in want and key not in self.stack:
                self.stack.append(key)
                self.out.append(marks[key])
        self.out.append(escape(core, line_start=self.first))
        self.pending, self.first = trail, False


def _format_line(pieces: list[Piece], italic_mark: str = "*", plain: bool = False) -> str:
    """Write one line of formatted pieces as inline Markdown (no line breaks inside)."""
    line = _Line(italic_mark, plain)
    for link, group in _link_groups(pieces, plain):
        if link is not None:
            line.link(link, group)
            continue
        for piece in _merge(group):
            line.text(piece)
    line.close()
    return "".join(line.out).strip()


def rendered_text(markdown: str) -> str:
    """Return the text a reader sees when build renders one line of inline Markdown."""
    return visible_text(parse_inline(markdown))


def _split_lines(pieces: list[Piece]) -> list[list[Piece]]:
    lines: list[list[Piece]] = [[]]
    for piece in pieces:
        for index, part in enumerate(piece.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Piece(part, piece.bold, piece.italic, piece.link))
    return lines


def drop_prefix(pieces: list[Piece], count: int) -> list[Piece]:
    """Return pieces without their first ``count`` characters."""
    out: list[Piece] = []
    for piece in pieces:
        if count >= len(piece.text):
            count -= len(piece.text)
            continue
        out.append(Piece(piece.text[count:], piece.bold, piece.italic, piece.link))
        count = 0
    return out


@dataclass
class _Open:
    """A list level being written: its Word level, where its markers and text start."""

    level: int
    indent: int
    ordered: bool
    delimiter: str = "."
    numbering: str | None = None
    counter: int = 0
    content: int = 0


@dataclass
class MarkdownWriter:
    """Write blocks as Markdown, checking every line renders to the original text."""

    counts: ImportCounts = field(default_factory=ImportCounts)
    lost_formatting: int = 0
    _chunks: list[str] = field(default_factory=list)
    _items: list[str] = field(default_factory=list)
    _stack: list[_Open] = field(default_factory=list)
    _closed: dict[int, _Open] = field(default_factory=dict)  # lists ended, by their indent

    def inline(self, pieces: list[Piece], joiner: str = "\\\n") -> str:
        """Return pieces as inline Markdown, lines joined by ``joiner`` (a hard break)."""
        lines = []
        for line in _split_lines(pieces):
            expected = plain(line).strip()
            if not expected:
                continue
            attempt: dict[str, object] = {}
            for attempt in ({}, {"italic_mark": "_"}, {"plain": True}):
                markdown = _format_line(line, **attempt)  # type: ignore[arg-type]
                if rendered_text(markdown) == expected:
                    break
            if attempt.get("plain") and any(p.bold or p.italic or p.link for p in line):
                self.lost_formatting += 1
            lines.append(markdown)
        return joiner.join(lines)

    def write(self, blocks: list[Block]) -> str:
        """Return the Markdown of body blocks (headings, paragraphs, quotes, lists, tables)."""
        for block in blocks:
            if block.kind == "continuation" and self._stack:
                self._continue(block)
                continue
            if block.kind != "item":
                self._end_list()
            if block.kind == "heading":
                text = self.inline(block.pieces, " ")
                self._chunks.append("#" * block.level + " "
                                    + re.sub(r"(\s)(#+)$", r"\1\\\2", text))
                self.counts.headings += 1
            elif block.kind in ("paragraph", "quote", "continuation"):
                prefix = "> " if block.kind == "quote" else ""
                self._chunks.append(prefix + self.inline(block.pieces, "\\\n" + prefix))
                self.counts.paragraphs += 1
            elif block.kind == "item":
                self._item(block)
            elif block.kind == "table":
                self._table(block)
        self._end_list()
        return "\n\n".join(self._chunks) + "\n" if self._chunks else ""

    def _end_list(self) -> None:
        if self._items:
            self._chunks.append("\n".join(self._items))
            self._items, self._stack, self._closed = [], [], {}

    def _item(self, block: Block) -> None:
        stack = self._stack
        while stack and stack[-1].level > block.level:
            ended = stack.pop()
            self._closed[ended.indent] = ended
        same = stack[-1] if stack and stack[-1].level == block.level else None
        number = block.number or (same.counter + 1 if same and same.ordered else 1)
        if same and same.ordered == block.ordered and (not block.ordered or (
                same.numbering == block.numbering and number == same.counter + 1)):
            top = same
        else:
            top = self._new_list(block, same, number)
        top.counter = number
        marker = f"{number}{top.delimiter}" if top.ordered else "-"
        top.content = top.indent + len(marker) + 1
        text = self.inline(block.pieces, "\\\n" + " " * top.content)
        self._items.append(" " * top.indent + marker + " " + text)
        for indent in [i for i in self._closed if i >= top.indent]:
            del self._closed[indent]  # an item here ends the lists ended here or deeper
        self.counts.list_items += 1

    def _continue(self, block: Block) -> None:
        """Write a further paragraph of an open item: "List Continue 2" continues the item of
        the second list down; "List Continue 3", the deepest style, the innermost item."""
        depth = block.level + 1
        if depth < 3:
            del self._stack[max(depth, 1):]
        top = self._stack[-1]
        text = self.inline(block.pieces, "\\\n" + " " * top.content)
        self._items += ["", " " * top.content + text]
        self.counts.paragraphs += 1

    def _new_list(self, block: Block, same: _Open | None, number: int) -> _Open:
        """Open a list: the first, a deeper one, one of the other kind, or a restart."""
        stack = self._stack
        if same:
            stack.pop()
        indent = same.indent if same else stack[-1].content if stack else 0
        before = same or self._closed.get(indent)  # a list Markdown would run on into
        delimiter = ")" if before and before.ordered and before.delimiter == "." else "."
        if not stack:
            self.counts.lists += 1
        if block.ordered and number != 1 and self._items:
            self._items.append("")  # only a list starting at 1 may interrupt a paragraph
        top = _Open(block.level, indent, block.ordered, delimiter, block.numbering)
        stack.append(top)
        return top

    def _table(self, block: Block) -> None:
        width = max(len(row) for row in block.rows)
        lines = []
        for index, row in enumerate(block.rows):
            cells = [self.inline(cell, " ") for cell in row]
            cells += [""] * (width - len(cells))
            lines.append("|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|")
            if index == 0:
                lines.append("|" + " --- |" * width)
        self._chunks.append("\n".join(lines))
        self.counts.tables += 1


__all__ = [
    "Block",
    "ImportCounts",
    "MarkdownWriter",
    "Piece",
    "drop_prefix",
    "escape",
    "plain",
    "rendered_text",
]
