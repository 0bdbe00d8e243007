"""Compute colour contrast as WCAG 2.2 defines it, from hex colours and Word's named ones."""

from __future__ import annotations

import re

_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")

# Word's highlight colours (w:highlight) by name.
HIGHLIGHTS = {
    "yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF",
    "blue": "0000FF", "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080",
    "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000",
    "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0", "black": "000000",
    "white": "FFFFFF",
}


def parse_hex(value: str | None) -> str | None:
    """Return ``value`` as six upper-case hex digits, or None when it is not a colour."""
    if value and _HEX.match(value):
        return value.upper()
    return None


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Return the relative luminance of a hex colour (WCAG 2.2 definition)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """Return the contrast ratio of two hex colours, from 1 to 21."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def tint(colour: str, tint_value: str | None, shade_value: str | None) -> str:
    """Return a theme colour after Word's themeTint (towards white) or themeShade (black)."""
    channels = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    if shade_value and parse_hex("0000" + shade_value):
        factor = int(shade_value, 16) / 255
        channels = [round(c * factor) for c in channels]
    if tint_value and parse_hex("0000" + tint_value):
        factor = int(tint_value, 16) / 255
        channels = [round(c * factor + 255 * (1 - factor)) for c in channels]
    return "".join(f"{c:02X}" for c in channels)


def is_large(half_points: int, bold: bool) -> bool:
    """Return whether text is large in WCAG's sense: 18 pt, or 14 pt bold."""
    return half_points >= 36 or (bold and half_points >= 28)


def required_ratio(half_points: int, bold: bool) -> float:
    """Return the contrast WCAG 1.4.3 requires: 3:1 for large text, else 4.5:1."""
    return 3.0 if is_large(half_points, bold) else 4.5


__all__ = ["HIGHLIGHTS", "contrast", "is_large", "luminance", "parse_hex", "required_ratio",
           "tint"]
