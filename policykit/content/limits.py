"""Refuse content too big to build: a huge paragraph, a huge table, too many blocks.

Checked when a content file is read (so ``validate`` refuses what ``build`` could not make),
naming the file and the line, far below what Word's XML parser (libxml2, 10 MB a text node)
accepts. Pure text scanning: no Markdown parser, so a 10 MB paragraph costs one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from policykit.errors import ContentError

MAX_PARAGRAPH_CHARS = 50_000  # about 8,000 words: split it long before this
MAX_TABLE_CELLS = 10_000
MAX_BLOCKS = 50_000  # paragraphs, headings, list items and table rows (a 10 MB document fits)

_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_BLOCK_START = re.compile(r"^\s{0,3}(#{1,6}\s|[-+*]\s|\d{1,9}[.)]\s|>)")


def _runs(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield (index of first line, lines) for each run of non-blank lines."""
    start: int | None = None
    for index, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            yield start, lines[start:index]
            start = None


def check_markdown(body: str, source: str, first_line: int) -> None:
    """Raise ContentError when the Markdown ``body`` (starting at line ``first_line`` of
    ``source``) holds a paragraph, a table or a number of blocks too big to build."""
    lines = body.split("\n")
    blocks = 0
    for start, run in _runs(lines):
        line = first_line + start
        if len(run) > 1 and "|" in run[0] and _DELIMITER_ROW.match(run[1]):
            cells = (len(run) - 1) * len(re.findall(r"-+", run[1]))
            if cells > MAX_TABLE_CELLS:
                raise ContentError(
                    f"this table has {cells:,} cells, over the limit of "
                    f"{MAX_TABLE_CELLS:,}; split it into smaller tables, or publish the data "
                    "as a spreadsheet and link to it", file=source, line=line)
            blocks += len(run)
        else:
            blocks += 1 + sum(1 for row in run[1:] if _BLOCK_START.match(row))
        longest = max(run, key=len)
        size = sum(len(row) for row in run) if not run[0].lstrip().startswith("|") \
            else len(longest)
        if size > MAX_PARAGRAPH_CHARS:
            offset = run.index(longest) if size == len(longest) else 0
            raise ContentError(
                f"this paragraph is {size:,} characters long, over the limit of "
                f"{MAX_PARAGRAPH_CHARS:,}; split it into shorter paragraphs",
                file=source, line=line + offset)
        if blocks > MAX_BLOCKS:
            raise ContentError(
                f"the document has more than {MAX_BLOCKS:,} paragraphs, headings, list items "
                "and table rows; split it into several documents", file=source, line=line)


def check_paragraphs(paragraphs: Iterable[tuple[tuple[Any, ...], str]], source: str,
                     line_of: Callable[[tuple[Any, ...]], int | None]) -> None:
    """Raise ContentError for a paragraph ((YAML location), text) over the limit in a YAML
    file; ``line_of(location)`` returns the line to name, only when one is refused."""
    for count, (loc, text) in enumerate(paragraphs, start=1):
        field = "".join(f"[{key + 1}]" if isinstance(key, int) else f".{key}" for key in loc)
        field = field.lstrip(".")
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise ContentError(
                f"this paragraph is {len(text):,} characters long, over the limit of "
                f"{MAX_PARAGRAPH_CHARS:,}; split it into shorter paragraphs",
                file=source, line=line_of(loc), field=field)
        if count > MAX_BLOCKS:
            raise ContentError(
                f"the report has more than {MAX_BLOCKS:,} paragraphs; split it",
                file=source, line=line_of(loc), field=field)


__all__ = ["MAX_BLOCKS", "MAX_PARAGRAPH_CHARS", "MAX_TABLE_CELLS", "check_markdown",
           "check_paragraphs"]
