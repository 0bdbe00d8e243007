"""Find a report field's value in report.yaml: where the text of each ``yaml:`` source is.

The build's source map names report fields by path (``sections.2.paragraphs.0``); this finds
the characters of that value in the file as written (a block scalar's lines, the inside of
quotes, or a plain value), so a reviewer's words can be changed in place like Markdown.
"""

from __future__ import annotations

import re


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


__all__ = ["yaml_spans"]
