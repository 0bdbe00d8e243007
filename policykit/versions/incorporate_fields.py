"""Where each paragraph of a build came from in its content file, in characters.

:class:`Source` holds a content file's text and the build's source map, and gives the
characters of paragraph N: its Markdown lines, a table cell, or a report field's value.
The source map names report fields by path (``sections.2.paragraphs.0``); ``yaml_spans``
finds that value in the file as written (a block scalar's lines, the inside of quotes, or a
plain value), so a reviewer's words can be changed in place like Markdown.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_CELL_BAR = re.compile(r"(?<!\\)\|")


def _scalar_end(text: str, start: int, indent: int) -> tuple[int, int]:
    """Return the characters of the scalar value starting at ``start`` (quotes, block and
    plain scalars), the value itself without its quotes or block indicator."""
    first = text[start:start + 1]
    if first in ("|", ">"):
        line_end = text.find("\n", start)
        position, last_end, body_start = line_end + 1, line_end, None
        while position < len(text):
            end = text.find("\n", position)
            end = len(text) if end < 0 else end
            line = text[position:end]
            if line.strip():
                if len(line) - len(line.lstrip()) <= indent:
                    break
                if body_start is None:
                    body_start = position + len(line) - len(line.lstrip())
                last_end = end
            position = end + 1
        return (body_start if body_start is not None else line_end), last_end
    if first in ('"', "'"):
        position = start + 1
        while position < len(text):
            char = text[position]
            if first == '"' and char == "\\":
                position += 2
                continue
            if char == first:
                if first == "'" and text[position + 1:position + 2] == "'":
                    position += 2
                    continue
                return start + 1, position
            position += 1
        return start + 1, len(text)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    comment = text.find(" #", start, end)
    return start, (comment if comment >= 0 else end)


def yaml_spans(text: str, sources: list[str]) -> dict[str, tuple[int, int]]:
    """Return where each ``yaml:`` source's value is in the YAML ``text``."""
    from policykit.content.yaml import parse_yaml

    data = parse_yaml(text, "report")
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: dict[str, tuple[int, int]] = {}
    for source in sources:
        if not source.startswith("yaml:"):
            continue
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in source[5:].split(".")]
        node, parent, key = data, None, None
        try:
            for part in parts:
                if isinstance(node, str) and part == "text":
                    break
                parent, key, node = node, part, node[part]
            line, column = parent.lc.item(key) if isinstance(key, int) else parent.lc.value(key)
        except (KeyError, IndexError, TypeError, AttributeError):
            continue
        at = starts[line] + column
        indent = len(text[starts[line]:at]) - len(text[starts[line]:at].lstrip(" "))
        found[source] = _scalar_end(text, at, indent)
    return found


@dataclass
class Source:
    """A content file's text and where each mapped paragraph of its build came from."""

    file: str
    text: str
    body_line: int  # 0-based line where the Markdown body starts (0 for YAML)
    sources: list[str]
    labels: dict[int, str] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    _fields: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        if any(source.startswith("yaml:") for source in self.sources):
            self._fields = yaml_spans(self.text, self.sources)

    def line_span(self, first: int, last: int) -> tuple[int, int]:
        """Return the characters of body lines ``first`` to ``last - 1``, newline excluded."""
        starts = self._starts
        a = starts[min(self.body_line + first, len(starts) - 1)]
        end_line = self.body_line + last
        b = starts[end_line] - 1 if end_line < len(starts) else len(self.text)
        return a, max(a, b)

    def span(self, anchor: int) -> tuple[int, int] | None:
        """Return the characters paragraph ``anchor`` came from (None: not from the file)."""
        if anchor >= len(self.sources):
            return None
        if self.sources[anchor].startswith("yaml:"):
            return self._fields.get(self.sources[anchor])
        if not self.sources[anchor].startswith("md:"):
            return None
        where = self.sources[anchor][3:]
        if ":c" in where:
            row, cell = where.split(":c")
            a, b = self.line_span(int(row), int(row) + 1)
            bars = [m.start() for m in _CELL_BAR.finditer(self.text, a, b)]
            index = int(cell) + (1 if self.text[a:b].lstrip().startswith("|") else 0)
            edges = [a - 1, *bars, b]
            if index + 1 >= len(edges):
                return None
            return edges[index] + 1, edges[index + 1]
        first, last = (int(x) for x in where.split("-"))
        return self.line_span(first, last)

    def line_of(self, offset: int) -> int:
        """Return the 1-based file line holding character ``offset``."""
        return bisect_right(self._starts, offset)


__all__ = ["Source", "yaml_spans"]
