"""Find the front matter of a Markdown content file, and edit a content file's fields in place.

The front matter is the YAML between a first ``---`` line and the next ``---`` line. The
editor is the one way policykit changes a content file: it rewrites only the lines of the
fields it sets, so comments, order, quoting, line endings (CRLF) and a byte-order mark are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
