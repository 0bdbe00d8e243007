"""Write Markdown as Word body elements in the template's styles, never direct formatting.

Supported: headings (``#`` to ``###``), paragraphs, bold, italic, strikethrough, inline
code, links, nested bullet and numbered lists, GFM tables, block quotes and code blocks.
Raw HTML is not interpreted: ``<b>`` appears on the page as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from markdown_it.token import Token

from policykit.content.markdown import is_safe_link, parse, parse_inline, visible_text
from policykit.render.labels import SectionNumbers
from policykit.word import oxml as oxml
from policykit.word.oxml import RunStyle


@dataclass
class Writer:
    """Write Word body elements into a document part, keeping list and section counters."""

    part: object
    styles: oxml.StyleIds
    numbering: oxml.Numbering
    number_paragraphs: bool = False
    elements: list[etree._Element] = field(default_factory=list)
    numbers: SectionNumbers = field(default_factory=SectionNumbers)
    _item_first: bool = True
    #: the source of each mapped paragraph, in order: (paragraph, "md:FIRST-LAST" body lines,
    #: "md:ROW:cN" a table cell, or "yaml:FIELD.PATH"); see :mod:`policykit.word.sourcemap`
    sources: list[tuple[etree._Element, str]] = field(default_factory=list)

    # -- inline -----------------------------------------------------------------------
    def runs(self, tokens: list[Token], base: RunStyle | None = None) -> list[etree._Element]:
        """Return runs (and hyperlinks) for inline tokens."""
        out: list[etree._Element] = []
        depth = {"strong": 0, "em": 0, "s": 0}
        link: tuple[str, list[etree._Element]] | None = None
        base = base or RunStyle()
        for token in tokens:
            kind = token.type
            name, _, edge = kind.rpartition("_")
            if name in depth and edge in ("open", "close"):
                depth[name] += 1 if edge == "open" else -1
            elif kind == "link_open":
                link = (str(token.attrGet("href") or ""), [])
            elif kind == "link_close" and link is not None:
                url, link_runs = link
                link = None
                if is_safe_link(url):
                    out.append(oxml.hyperlink(self.part, url, link_runs))
                else:  # a relative or unsafe link: keep the words, drop the target
                    out.extend(link_runs)
            else:
                style = RunStyle(
                    bold=base.bold or depth["strong"] > 0,
                    italic=base.italic or depth["em"] > 0,
                    strike=depth["s"] > 0,
                    style_id=self.styles["Hyperlink"] if link is not None else base.style_id,
                )
                element = self._leaf(token, style, in_link=link is not None)
                if element is not None:
                    (link[1] if link is not None else out).append(element)
        return out

    def _leaf(self, token: Token, style: RunStyle, *, in_link: bool) -> etree._Element | None:
        """Return the run for one inline token that holds text (None for any other token)."""
        kind = token.type
        if kind in ("text", "html_inline"):
            return oxml.run(token.content, style)
        if kind == "code_inline":
            return oxml.run(token.content, RunStyle(
                bold=style.bold, italic=style.italic,
                style_id=style.style_id if in_link else self.styles.get("Code", "Hyperlink")))
        if kind == "softbreak":
            return oxml.run(" ", style)
        if kind == "hardbreak":
            return oxml.line_break()
        if kind == "image":
            return oxml.run(visible_text([token]), style)
        return None

    def inline(self, text: str, base: RunStyle | None = None) -> list[etree._Element]:
        """Return runs for one line of inline Markdown."""
        return self.runs(parse_inline(text), base)

    # -- blocks -----------------------------------------------------------------------
    def add_mapped(self, element: etree._Element, source: str | None) -> None:
        """Add a paragraph, remembering where in the content it came from."""
        self.elements.append(element)
        if source is not None:
            self.sources.append((element, source))

    def heading(self, level: int, runs: list[etree._Element], *, numbered: bool,
                source: str | None = None) -> None:
        """Add a heading; a numbered level-1 heading starts a new section number.

        The number is not typed: the Numbered Heading style's list shows it (see
        :mod:`policykit.render.numbering`), the same number ``self.numbers`` computes.
        """
        if numbered and level == 1:
            self.numbers.heading()
            style = self.styles["Numbered Heading"]
        else:
            style = self.styles[f"Heading {min(level, 3)}"]
        self.add_mapped(oxml.paragraph(style, runs), source)

    def body_paragraph(self, runs: list[etree._Element], *, numbered: bool,
                       source: str | None = None) -> None:
        """Add a body paragraph, numbered N.M under a numbered section when asked."""
        number = self.numbers.next_paragraph() if numbered else None
        if number:  # shown by the Numbered Paragraph style's list, not typed
            self.add_mapped(oxml.paragraph(self.styles["Numbered Paragraph"], runs), source)
        else:
            self.add_mapped(oxml.paragraph(self.styles["Normal"], runs), source)

    def markdown(self, text: str) -> None:
        """Add the blocks of a Markdown text."""
        tokens = parse(text)
        self._blocks(tokens, 0, len(tokens), lists=[], quote=False)

    def _blocks(self, tokens: list[Token], start: int, end: int, *, lists: list[tuple[str, int]],
                quote: bool) -> None:
        i = start
        while i < end:
            token = tokens[i]
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1])
                self.heading(level, self.runs(tokens[i + 1].children or []),
                             numbered=self.number_paragraphs and not lists and not quote,
                             source=_lines(token))
                i += 3
            elif kind == "paragraph_open":
                runs = self.runs(tokens[i + 1].children or [])
                if lists:
                    self._list_paragraph(lists, runs, _lines(token))
                elif quote:
                    self.add_mapped(oxml.paragraph(self.styles["Quote"], runs), _lines(token))
                else:
                    self.body_paragraph(runs, numbered=self.number_paragraphs,
                                        source=_lines(token))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                close = _matching(tokens, i)
                if kind == "bullet_list_open":
                    num_id = self.numbering.bullets()
                    style = "List Bullet"
                else:
                    num_id = self.numbering.numbers(int(token.attrGet("start") or 1),
                                                    level=len(lists))
                    style = "List Number"
                self._list(tokens, i + 1, close, lists=[*lists, (style, num_id)], quote=quote)
                i = close + 1
            elif kind == "blockquote_open":
                close = _matching(tokens, i)
                self._blocks(tokens, i + 1, close, lists=lists, quote=True)
                i = close + 1
            elif kind == "table_open":
                close = _matching(tokens, i)
                self.elements.append(self._table(tokens[i:close + 1]))
                i = close + 1
            elif kind in ("fence", "code_block"):
                code = self.styles.get("Code", "Hyperlink")
                for line in token.content.rstrip("\n").split("\n"):
                    self.elements.append(oxml.paragraph(
                        self.styles["Normal"], [oxml.run(line, RunStyle(style_id=code))]))
                i += 1
            elif kind == "html_block":
                for line in token.content.rstrip("\n").split("\n"):
                    self.elements.append(oxml.paragraph(self.styles["Normal"], [oxml.run(line)]))
                i += 1
            else:  # hr and anything structural we do not draw
                i += 1

    def _list(self, tokens: list[Token], start: int, end: int, *, lists: list[tuple[str, int]],
              quote: bool) -> None:
        i = start
        while i < end:
            if tokens[i].type == "list_item_open":
                close = _matching(tokens, i)
                self._item_first = True
                self._blocks(tokens, i + 1, close, lists=lists, quote=quote)
                i = close + 1
            else:
                i += 1

    def _list_paragraph(self, lists: list[tuple[str, int]], runs: list[etree._Element],
                        source: str | None = None) -> None:
        style, num_id = lists[-1]
        level = min(len(lists) - 1, oxml.MAX_LIST_LEVEL)
        name = style if level == 0 else f"{style} {min(level + 1, 3)}"
        if self._item_first:
            self.add_mapped(oxml.paragraph(self.styles.get(name, style), runs,
                                        num=(num_id, level)), source)
            self._item_first = False
        else:  # a second paragraph in the same item: indented, no number of its own
            cont = "List Continue" if level == 0 else f"List Continue {min(level + 1, 3)}"
            self.add_mapped(oxml.paragraph(self.styles.get(cont, "Normal"), runs), source)

    def _table(self, tokens: list[Token]) -> etree._Element:
        rows: list[list[list[etree._Element]]] = []
        align: list[str | None] = []
        current: list[list[etree._Element]] | None = None
        in_head = False
        row_line: int | None = None
        for index, token in enumerate(tokens):
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                current = []
                row_line = token.map[0] if token.map else None
            elif token.type == "tr_close" and current is not None:
                rows.append(current)
                current = None
            elif token.type in ("th_open", "td_open") and current is not None:
                style = str(token.attrGet("style") or "")
                if in_head:
                    align.append({"text-align:right": "right",
                                  "text-align:center": "center"}.get(style))
                inline = tokens[index + 1]
                runs = self.runs(inline.children or []) if inline.type == "inline" else []
                cell = oxml.paragraph(self.styles["Normal"], runs)
                if row_line is not None:
                    self.sources.append((cell, f"md:{row_line}:c{len(current)}"))
                current.append([cell])
        columns = max(len(r) for r in rows)
        return oxml.table(
            rows,
            self.styles.get("Council Table", "Table Grid"),
            widths=[9600 // columns] * columns,
            align=align,
        )


def _lines(token: Token) -> str | None:
    """Return the body lines a block token came from, as ``md:FIRST-LAST`` (0-based, end out)."""
    return f"md:{token.map[0]}-{token.map[1]}" if token.map else None


def _matching(tokens: list[Token], index: int) -> int:
    """Return the index of the token that closes ``tokens[index]``."""
    depth = 0
    opening = tokens[index].type
    closing = opening.replace("_open", "_close")
    for position in range(index, len(tokens)):
        kind = tokens[position].type
        if kind == opening:
            depth += 1
        elif kind == closing:
            depth -= 1
            if depth == 0:
                return position
    return len(tokens) - 1

__all__ = ["Writer"]
