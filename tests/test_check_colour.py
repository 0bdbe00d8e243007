"""Test the WCAG contrast maths and Word's theme tints."""

from __future__ import annotations

import pytest

from policykit.check.colour import contrast, is_large, parse_hex, required_ratio, tint


@pytest.mark.parametrize(("fg", "bg", "ratio"), [
    ("000000", "FFFFFF", 21.0), ("767676", "FFFFFF", 4.54), ("777777", "FFFFFF", 4.48),
    ("005A46", "FFFFFF", 8.23), ("FFFF00", "FFFFFF", 1.07),
])
def test_contrast_matches_wcag(fg: str, bg: str, ratio: float) -> None:
    assert round(contrast(fg, bg), 2) == ratio
    assert contrast(fg, bg) == contrast(bg, fg)


def test_large_text_needs_3_to_1() -> None:
    assert (is_large(36, False), is_large(28, True), is_large(28, False)) == (True, True, False)
    assert (required_ratio(24, False), required_ratio(36, False)) == (4.5, 3.0)


def test_theme_tint_and_shade() -> None:
    assert tint("4F81BD", None, "BF") == "3B618E"
    assert tint("000000", "80", None) == "7F7F7F"
    assert parse_hex("auto") is None and parse_hex("ff0000") == "FF0000"
