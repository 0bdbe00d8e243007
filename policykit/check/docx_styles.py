"""Resolve Word styles for the checker: heading levels and each run's effective formatting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

from policykit.check.colour import HIGHLIGHTS, parse_hex, tint

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
_THEME_KEYS = {
    "text1": "dk1", "dark1": "dk1", "background1": "lt1", "light1": "lt1", "text2": "dk2",
    "dark2": "dk2", "background2": "lt2", "light2": "lt2", "hyperlink": "hlink",
    "followedHyperlink": "folHlink",
}


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


def wval(element: etree._Element | None, attr: str = "val") -> str | None:
    """Return the ``w:val`` (or another w: attribute) of ``element``, if any."""
    return None if element is None else element.get(w(attr))


def _on(element: etree._Element | None) -> bool | None:
    if element is None:
        return None
    return wval(element) not in ("0", "false", "off")


@dataclass(frozen=True)
class RunFormat:
    """The formatting of a run that the rules need: colour, size, bold, shading, language."""

    colour: str | None = None  # hex, or None for automatic
    size: int = 20  # half-points (Word's default is 10 pt)
    bold: bool = False
    italic: bool = False
    underline: bool = False
    shading: str | None = None
    lang: str | None = None


@dataclass
class Style:
    """One style's own settings, before inheritance."""

    style_id: str
    name: str
    kind: str
    based_on: str | None
    outline: int | None
    numbered: bool
    rpr: etree._Element | None


@dataclass
class StyleSheet:
    """The styles and theme colours of one document, with inheritance resolved on demand."""

    styles: dict[str, Style] = field(default_factory=dict)
    defaults: etree._Element | None = None
    theme: dict[str, str] = field(default_factory=dict)
    default_paragraph: str | None = None
    _cache: dict[tuple[str | None, str | None], RunFormat] = field(default_factory=dict)

    @classmethod
    def parse(cls, styles: etree._Element | None, theme: etree._Element | None) -> StyleSheet:
        """Read ``styles.xml`` and ``theme1.xml`` (either may be missing)."""
        sheet = cls(theme=_theme_colours(theme))
        if styles is None:
            return sheet
        sheet.defaults = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        for element in styles.iter(w("style")):
            style_id = element.get(w("styleId")) or ""
            ppr = element.find(w("pPr"))
            sheet.styles[style_id] = Style(
                style_id=style_id, name=wval(element.find(w("name"))) or style_id,
                kind=element.get(w("type")) or "paragraph",
                based_on=wval(element.find(w("basedOn"))),
                outline=_int(wval(ppr.find(w("outlineLvl")))) if ppr is not None else None,
                numbered=ppr is not None and ppr.find(w("numPr")) is not None,
                rpr=element.find(w("rPr")),
            )
            if element.get(w("default")) in ("1", "true") and sheet.styles[style_id].kind == (
                "paragraph"
            ):
                sheet.default_paragraph = style_id
        return sheet

    def chain(self, style_id: str | None) -> list[Style]:
        """Return the style and those it is based on, root first."""
        found: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            found.append(self.styles[style_id])
            style_id = self.styles[style_id].based_on
        return found[::-1]

    def name(self, style_id: str | None) -> str:
        """Return the display name of a paragraph style."""
        style_id = style_id or self.default_paragraph
        return self.styles[style_id].name if style_id in self.styles else (style_id or "Normal")

    def heading_level(self, style_id: str | None) -> int | None:
        """Return the heading level (1-9) a paragraph style gives, or None for body text."""
        for style in reversed(self.chain(style_id or self.default_paragraph)):
            if match := _HEADING_NAME.match(style.name) or _HEADING_NAME.match(style.style_id):
                return int(match.group(1))
            if style.outline is not None:
                return style.outline + 1 if style.outline < 9 else None
        return None

    def numbered(self, style_id: str | None) -> bool:
        """Return whether a paragraph style carries list numbering."""
        return any(s.numbered for s in self.chain(style_id))

    def colour(self, element: etree._Element | None) -> str | None:
        """Return the hex colour a ``w:color`` gives, resolving theme colours; None for auto."""
        if element is None:
            return None
        value = parse_hex(wval(element))
        if value:
            return value
        theme = wval(element, "themeColor")
        base = self.theme.get(_THEME_KEYS.get(theme or "", theme or ""))
        if base is None:
            return None
        return tint(base, wval(element, "themeTint"), wval(element, "themeShade"))

    def run_format(self, paragraph_style: str | None, run_style: str | None) -> RunFormat:
        """Return the formatting a run gets from defaults, paragraph and character styles."""
        key = (paragraph_style, run_style)
        if key not in self._cache:
            fmt = self.apply(RunFormat(), self.defaults)
            for style in self.chain(paragraph_style or self.default_paragraph):
                fmt = self.apply(fmt, style.rpr)
            for style in self.chain(run_style):
                fmt = self.apply(fmt, style.rpr)
            self._cache[key] = fmt
        return self._cache[key]

    def apply(self, fmt: RunFormat, rpr: etree._Element | None) -> RunFormat:
        """Return ``fmt`` with the direct properties of ``rpr`` laid over it."""
        if rpr is None:
            return fmt
        changes: dict[str, object] = {}
        if (colour := rpr.find(w("color"))) is not None:
            changes["colour"] = self.colour(colour)
        if (size := _int(wval(rpr.find(w("sz"))))) is not None:
            changes["size"] = size
        for attr, tag in (("bold", "b"), ("italic", "i")):
            if (value := _on(rpr.find(w(tag)))) is not None:
                changes[attr] = value
        if (u := rpr.find(w("u"))) is not None:
            changes["underline"] = wval(u) not in (None, "none")
        shading = parse_hex(wval(rpr.find(w("shd")), "fill"))
        highlight = HIGHLIGHTS.get(wval(rpr.find(w("highlight"))) or "")
        if shading or highlight:
            changes["shading"] = highlight or shading
        if (lang := wval(rpr.find(w("lang")))) is not None:
            changes["lang"] = lang
        return replace(fmt, **changes) if changes else fmt  # type: ignore[arg-type]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _theme_colours(theme: etree._Element | None) -> dict[str, str]:
    colours: dict[str, str] = {}
    if theme is None:
        return colours
    scheme = next(theme.iter(f"{{{A}}}clrScheme"), None)
    if scheme is None:
        return colours
    for slot in scheme:
        name = etree.QName(slot).localname
        for child in slot:
            value = parse_hex(child.get("val")) or parse_hex(child.get("lastClr"))
            if value:
                colours[name] = value
    return colours


__all__ = ["RunFormat", "Style", "StyleSheet", "W", "w", "wval"]
