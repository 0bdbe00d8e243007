"""Find the front matter of a Markdown content file, and edit a content file's fields in place.

The front matter is the YAML between a first ``---`` line and the next ``---`` line. The
editor is the one way policykit changes a content file: it rewrites only the lines of the
fields it sets, so comments, order, quoting, line endings (CRLF) and a byte-order mark are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from ruamel.yaml.comments import CommentedMap

from policykit.content.yaml import parse_yaml, yaml_scalar
from policykit.errors import ContentError

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def split_front_matter(text: str, source: str) -> tuple[str, str, int]:
    """Split Markdown into (front matter YAML, body, line number where the body starts)."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(
            "a Markdown document must start with front matter between two '---' lines "
            "(title, owner, version...)",
            file=source,
            line=1,
        )
    body_line = text.count("\n", 0, match.end()) + 1
    return match.group(1), text[match.end():], body_line


def front_matter_of(text: str) -> str | None:
    """Return the front matter YAML of Markdown ``text``, or None when it has none."""
    match = FRONT_MATTER.match(text)
    return match.group(1) if match else None


def edit_fields_text(text: str, source: str, edit: Callable[[str], str]) -> str:
    """Return a content file's text with ``edit`` applied to its YAML (front matter for .md)."""
    if not source.endswith(".md"):
        return edit(text)
    front, body, _ = split_front_matter(text, source)
    opening = text[: text.index("\n") + 1]
    closing = text[len(opening) + len(front): len(text) - len(body)]
    return opening + edit(front) + closing + body


FieldValue = str | Mapping[str, str] | None
"""A field's new value as YAML text: a scalar, a block of ``key: scalar`` lines, or None."""

_TRAILING_COMMENT = re.compile(r"[ \t]+#[^\"']*$")


def edit_content_file(raw: bytes, source: str, edit: Callable[[str], str]) -> bytes:
    """Return a content file's bytes with ``edit`` applied to its YAML, keeping a BOM."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError("is not UTF-8 text; save it as UTF-8", file=source) from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return (bom + edit_fields_text(text.removeprefix("\ufeff"), source, edit)).encode("utf-8")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _extent(lines: list[str], start: int, column: int) -> int:
    """Return the line after the field starting on ``start`` (its more-indented lines)."""
    end = start + 1
    while end < len(lines) and _indent(lines[end]) > column:
        end += 1
    return end


def _render(key: str, value: str | Mapping[str, str], column: int, newline: str) -> list[str]:
    pad = " " * column
    if isinstance(value, str):
        return [f"{pad}{key}: {value}{newline}"]
    return [f"{pad}{key}:{newline}",
            *(f"{pad}  {name}: {text}{newline}" for name, text in value.items())]


def _scalar_text(value: object, where: str, source: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return yaml_scalar(value)
    raise ContentError(f"{where} is written on one line ({{...}}); write each of its fields "
                       "on its own indented line, then try again", file=source)


def _block_style(text: str, source: str, path: Sequence[str]) -> str:
    """Return ``text`` with the mapping at ``path`` (if written ``{...}``) as indented lines."""
    data = parse_yaml(text, source)
    parent, lines = data, text.splitlines(keepends=True)
    for depth, key in enumerate(path):
        if not isinstance(parent, CommentedMap) or key not in parent:
            return text
        child = parent[key]
        if isinstance(child, CommentedMap) and child.fa.flow_style():
            line, column = parent.lc.key(key)
            newline = "\r\n" if "\r\n" in text else "\n"
            where = ".".join(path[: depth + 1])
            block = {name: _scalar_text(value, where, source) for name, value in child.items()}
            end = _extent(lines, line, column)
            lines[line:end] = _render(key, block, column, newline)
            return "".join(lines)
        parent = child
    return text


def set_field(text: str, source: str, path: Sequence[str], value: FieldValue, *,
              after: str | None = None) -> str:
    """Return YAML ``text`` with the field at ``path`` set to ``value`` (None removes it).

    Only the field's own lines change: comments, order, quoting and layout of everything
    else are kept byte for byte, and a comment after a one-line value stays. A missing field
    goes after its sibling ``after`` when there is one, else at the end of its mapping.
    """
    text = _block_style(text, source, path[:-1])
    data = parse_yaml(text, source)
    if data is None:
        data = CommentedMap()
    if not isinstance(data, dict):
        raise ContentError("expected a mapping of fields at the top", file=source, line=1)
    parent = data
    for depth, key in enumerate(path[:-1]):
        parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, CommentedMap):
            raise ContentError(f"{'.'.join(path[: depth + 1])} must be a mapping of fields",
                               file=source)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    key = path[-1]
    if key in parent:
        start, column = parent.lc.key(key)
        end = _extent(lines, start, column)
        if value is None:
            del lines[start:end]
            return "".join(lines)
        replacement = _render(key, value, column, newline)
        comment = _TRAILING_COMMENT.search(lines[start].rstrip("\r\n"))
        if comment and end == start + 1 and isinstance(value, str):
            replacement[0] = replacement[0].rstrip("\r\n") + comment.group(0) + newline
        lines[start:end] = replacement
        return "".join(lines)
    if value is None:
        return "".join(lines)
    if after is not None and after in parent:
        line, column = parent.lc.key(after)
        at = _extent(lines, line, column)
    elif parent is not data and len(parent):
        last = list(parent)[-1]
        line, column = parent.lc.key(last)
        at = _extent(lines, line, column)
    else:
        at, column = len(lines), 0
    lines[at:at] = _render(key, value, column, newline)
    return "".join(lines)
