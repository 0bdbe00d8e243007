"""Mark each body paragraph with where in the content it came from (the build's source map).

Every paragraph written from content gets a hidden bookmark ``_PkN`` (Word hides bookmarks
whose names start with ``_``; Word and LibreOffice keep them when they save). Entry N of the
map says where paragraph N came from:

=====================  ==========================================================
``md:FIRST-LAST``      lines FIRST to LAST-1 (0-based) of the Markdown body
``md:ROW:cN``          cell N of the table row on body line ROW
``yaml:FIELD.PATH``    a field of the report (``sections.2.paragraphs.0``)
=====================  ==========================================================

The map itself is not stored in the document: the build is deterministic, so rebuilding the
base revision a copy names gives it back exactly, and the bookmarks say which paragraph is N.
"""

from __future__ import annotations

import re

from lxml import etree

from policykit.word import oxml as oxml

PREFIX = "_Pk"
NAME = re.compile(r"_Pk(\d+)\Z")
FIRST_ID = 9000  # above the ids the templates use


def mark_sources(sources: list[tuple[etree._Element, str]]) -> list[str]:
    """Put bookmark ``_PkN`` at the start of paragraph N; return the map (N -> source)."""
    mapped = []
    for number, (paragraph, source) in enumerate(sources):
        ident = str(FIRST_ID + number)
        start = oxml.el("w:bookmarkStart", {"w:id": ident, "w:name": f"{PREFIX}{number}"})
        end = oxml.el("w:bookmarkEnd", {"w:id": ident})
        ppr = paragraph.find(oxml.W_PPR)
        index = 0 if ppr is None else list(paragraph).index(ppr) + 1
        paragraph.insert(index, start)
        paragraph.insert(index + 1, end)
        mapped.append(source)
    return mapped


def anchor_of(name: str | None) -> int | None:
    """Return N for a bookmark named ``_PkN`` (None for any other name)."""
    match = NAME.match(name or "")
    return int(match.group(1)) if match else None


__all__ = ["NAME", "PREFIX", "anchor_of", "mark_sources"]
