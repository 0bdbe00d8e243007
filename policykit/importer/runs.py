"""Read a paragraph's inline content (runs, hyperlinks, fields, content controls) as pieces.

Tracked insertions are read, deletions skipped (the accepted state); hidden text, pictures,
symbols and unsafe links are left out and counted, so the import can say what it dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import docx.document
from lxml import etree

from policykit.content.markdown import XML_ILLEGAL, is_safe_link
from policykit.importer.markdown import Piece
from policykit.importer.styles import Catalogue
from policykit.word.oxml import (
    MC_ALTERNATECONTENT,
    R_ID,
    W_ANCHOR,
    W_B,
    W_BDO,
    W_BR,
    W_CR,
    W_CUSTOMXML,
    W_DEL,
    W_DIR,
    W_DRAWING,
    W_FLDCHAR,
    W_FLDCHARTYPE,
    W_FLDSIMPLE,
    W_HYPERLINK,
    W_I,
    W_INS,
    W_INSTR,
    W_INSTR_ATTR,
    W_MOVEFROM,
    W_MOVETO,
    W_NBH,
    W_OBJECT,
    W_PICT,
    W_PTAB,
    W_R,
    W_RPR,
    W_RSTYLE,
    W_SDT,
    W_SDTCONTENT,
    W_SDTPR,
    W_SHOWINGPLCHDR,
    W_SMARTTAG,
    W_SYM,
    W_T,
    W_TAB,
    W_TXBX,
    W_TYPE,
    W_VANISH,
    toggle_of,
    val_of,
)

_HYPERLINK_FIELD = re.compile(r'\s*HYPERLINK\s+"([^"]+)"')


@dataclass
class Reader:
    """Read a document's inline content, noting what the import cannot carry over."""

    document: docx.document.Document
    catalogue: Catalogue
    source: str
    tracked: bool = False
    pictures: int = 0
    text_boxes: list[etree._Element] = field(default_factory=list)  # read after the paragraph
    text_box_count: int = 0
    symbols: int = 0
    dropped_links: list[str] = field(default_factory=list)
    fields: list[list[str]] = field(default_factory=list)  # [instruction, state] per field

    def link_target(self, element: etree._Element) -> str | None:
        """Return the safe external target of a ``w:hyperlink`` (None when it has none)."""
        rel_id = element.get(R_ID)
        rel = self.document.part.rels.get(rel_id) if rel_id else None
        if rel is None or not rel.is_external:
            return None
        anchor = element.get(W_ANCHOR)
        return self.checked_link(rel.target_ref + (f"#{anchor}" if anchor else ""))

    def checked_link(self, url: str) -> str | None:
        """Return ``url`` when it is a safe link; note and drop it otherwise."""
        url = url.strip()
        if is_safe_link(url):
            return url
        self.dropped_links.append(url)
        return None

    def field_link(self) -> str | None:
        """Return the target of the HYPERLINK field whose result is being read, if any."""
        for instruction, state in reversed(self.fields):
            if state == "result":
                match = _HYPERLINK_FIELD.match(instruction)
                if match:
                    return self.checked_link(match.group(1))
        return None

    def pieces(self, element: etree._Element, link: str | None = None) -> list[Piece]:
        """Return the text of a paragraph's inline content as formatted pieces."""
        out: list[Piece] = []
        for child in element:
            tag = child.tag
            if tag == W_R:
                out.extend(self.run(child, link))
            elif tag == W_HYPERLINK:
                out.extend(self.pieces(child, self.link_target(child) or link))
            elif tag in (W_DEL, W_MOVEFROM):
                self.tracked = True
            elif tag in (W_INS, W_MOVETO):
                self.tracked = True
                out.extend(self.pieces(child, link))
            elif tag == W_SDT:
                inner = child.find(W_SDTCONTENT)
                if child.find(f"{W_SDTPR}/{W_SHOWINGPLCHDR}") is not None:
                    continue  # "Click or tap here to enter text."
                if inner is not None:
                    out.extend(self.pieces(inner, link))
            elif tag == W_FLDSIMPLE:
                match = _HYPERLINK_FIELD.match(child.get(W_INSTR_ATTR, ""))
                target = self.checked_link(match.group(1)) if match else None
                out.extend(self.pieces(child, target or link))
            elif tag in (W_SMARTTAG, W_CUSTOMXML, W_DIR, W_BDO):
                out.extend(self.pieces(child, link))
        return out

    def _formatting(self, rpr: etree._Element | None) -> tuple[bool, bool, bool]:
        """Return (bold, italic, hidden) of a run, its character style included."""
        if rpr is None:
            return False, False, False
        char_style = val_of(rpr.find(W_RSTYLE))
        bold, italic = toggle_of(rpr.find(W_B)), toggle_of(rpr.find(W_I))
        if char_style:
            bold = bold if bold is not None else bool(self.catalogue.first(char_style, "bold"))
            italic = italic if italic is not None else bool(
                self.catalogue.first(char_style, "italic"))
        return bool(bold), bool(italic), bool(toggle_of(rpr.find(W_VANISH)))

    def _field_char(self, child: etree._Element) -> None:
        kind = child.get(W_FLDCHARTYPE)
        if kind == "begin":
            self.fields.append(["", "instruction"])
        elif kind == "separate" and self.fields:
            self.fields[-1][1] = "result"
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _run_child(self, child: etree._Element, text: list[str]) -> None:
        """Read one child of a run: text, tab, break, a field's parts, a picture or a box."""
        tag = child.tag
        if tag == W_FLDCHAR:
            self._field_char(child)
        elif self.fields and self.fields[-1][1] == "instruction":
            if tag == W_INSTR:
                self.fields[-1][0] += child.text or ""
        elif tag == W_T:
            text.append(child.text or "")
        elif tag in (W_TAB, W_PTAB):
            text.append("\t")
        elif tag == W_SYM:
            self.symbols += 1
        elif tag in (W_BR, W_CR):
            if child.get(W_TYPE, "textWrapping") == "textWrapping":
                text.append("\n")
        elif tag == W_NBH:
            text.append("-")
        elif tag in (W_DRAWING, W_PICT, W_OBJECT, MC_ALTERNATECONTENT):
            box = next(child.iter(W_TXBX), None)  # mc:Choice before Fallback
            if box is not None:
                self.text_boxes.append(box)
                self.text_box_count += 1
            else:
                self.pictures += 1

    def run(self, run: etree._Element, link: str | None) -> list[Piece]:
        """Return a run's text as one formatted piece (none when it is empty or hidden)."""
        bold, italic, hidden = self._formatting(run.find(W_RPR))
        text: list[str] = []
        for child in run:
            self._run_child(child, text)
        joined = XML_ILLEGAL.sub("", "".join(text))
        if not joined or hidden:
            return []
        return [Piece(joined, bold, italic, link or self.field_link())]


__all__ = ["Reader"]
