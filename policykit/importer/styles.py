"""Read a Word document's styles and numbering definitions, resolved through ``basedOn``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import docx.document
from lxml import etree

from policykit.word.oxml import (
    W_ABSTRACTNUM,
    W_ABSTRACTNUMID,
    W_B,
    W_BASEDON,
    W_DEFAULT,
    W_I,
    W_ILVL,
    W_LVL,
    W_LVLOVERRIDE,
    W_NAME,
    W_NUM,
    W_NUMFMT,
    W_NUMID,
    W_NUMPR,
    W_OUTLINE,
    W_PPR,
    W_RPR,
    W_START,
    W_STARTOVERRIDE,
    W_STYLE,
    W_STYLEID,
    W_TYPE,
    toggle_of,
    val_of,
)


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


@dataclass
class Style:
    """What the importer needs of one style: name, parent, numbering, outline, bold, italic."""

    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None
    bold: bool | None
    italic: bool | None

    @classmethod
    def read(cls, element: etree._Element) -> Style:
        """Return the style a ``w:style`` element defines."""
        style_id = element.get(W_STYLEID) or ""
        ppr, rpr = element.find(W_PPR), element.find(W_RPR)
        num = ppr.find(W_NUMPR) if ppr is not None else None
        return cls(
            name=(val_of(element.find(W_NAME)) or style_id).lower(),
            based_on=val_of(element.find(W_BASEDON)),
            num_id=val_of(num.find(W_NUMID)) if num is not None else None,
            ilvl=_number(val_of(num.find(W_ILVL))) if num is not None else None,
            outline=_number(val_of(ppr.find(W_OUTLINE))) if ppr is not None else None,
            bold=toggle_of(rpr.find(W_B)) if rpr is not None else None,
            italic=toggle_of(rpr.find(W_I)) if rpr is not None else None,
        )


class Catalogue:
    """Styles and numbering definitions of one document, resolved through ``basedOn``."""

    def __init__(self, document: docx.document.Document) -> None:
        self.styles: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        self.formats: dict[tuple[str, int], str] = {}
        self.abstract_of: dict[str, str] = {}
        self.starts: dict[tuple[str, int], int] = {}
        self.restarts: dict[tuple[str, int], int] = {}  # w:startOverride of a w:num
        self._read_styles(document.styles.element)
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            numbering = None
        if numbering is not None:
            self._read_numbering(numbering)

    def _read_styles(self, root: etree._Element) -> None:
        for element in root.iter(W_STYLE):
            style_id = element.get(W_STYLEID) or ""
            self.styles[style_id] = Style.read(element)
            if element.get(W_TYPE) == "paragraph" and element.get(W_DEFAULT) in ("1", "true"):
                self.default_paragraph = style_id

    def _read_numbering(self, numbering: etree._Element) -> None:
        abstract = {a.get(W_ABSTRACTNUMID): a for a in numbering.iter(W_ABSTRACTNUM)}
        for num in numbering.iter(W_NUM):
            abstract_id = val_of(num.find(W_ABSTRACTNUMID)) or ""
            num_id = num.get(W_NUMID) or ""
            self.abstract_of[num_id] = abstract_id
            levels = abstract.get(abstract_id)
            lvls = list(levels.iter(W_LVL)) if levels is not None else []
            for override in num.iter(W_LVLOVERRIDE):
                lvls.extend(override.iter(W_LVL))
                start = val_of(override.find(W_STARTOVERRIDE))
                if start and start.isdigit():
                    self.restarts[(num_id, int(override.get(W_ILVL, 0)))] = int(start)
            for lvl in lvls:
                key = (num_id, int(lvl.get(W_ILVL, 0)))
                self.formats[key] = val_of(lvl.find(W_NUMFMT), "decimal") or "decimal"
                start = val_of(lvl.find(W_START), "1") or "1"
                self.starts[key] = int(start) if start.isdigit() else 1

    def chain(self, style_id: str | None) -> Iterator[Style]:
        """Yield a style and the styles it is based on (the default paragraph style if unknown)."""
        seen: set[str] = set()
        current = style_id if style_id in self.styles else self.default_paragraph
        while current and current in self.styles and current not in seen:
            seen.add(current)
            yield self.styles[current]
            current = self.styles[current].based_on

    def name(self, style_id: str | None) -> str:
        """Return the lower-case name of a style (``normal`` when unknown)."""
        return next((s.name for s in self.chain(style_id)), "normal")

    def first(self, style_id: str | None, attribute: str) -> object:
        """Return the first value of ``attribute`` set along the style's ``basedOn`` chain."""
        return next((getattr(s, attribute) for s in self.chain(style_id)
                     if getattr(s, attribute) is not None), None)

    def number_format(self, num_id: str, ilvl: int) -> str | None:
        """Return the ``w:numFmt`` (decimal, bullet...) of a list level."""
        return self.formats.get((num_id, ilvl)) or self.formats.get((num_id, 0))


__all__ = ["Catalogue", "Style"]
