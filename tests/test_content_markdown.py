"""Test the Markdown dialect content is written in: what parses, which links are kept."""

from __future__ import annotations

import pytest

from policykit.content.markdown import XML_ILLEGAL, is_safe_link, parse, parse_inline


def test_tables_and_strikethrough_are_on_and_raw_html_is_text() -> None:
    kinds = [token.type for token in parse("| a |\n| --- |\n| b |\n\n~~gone~~ <b>x</b>\n")]
    assert "table_open" in kinds
    inline = parse_inline("~~gone~~ <b>x</b>")
    assert [t.type for t in inline] == ["s_open", "text", "s_close", "text"]
    assert inline[-1].content == " <b>x</b>"


def test_parse_inline_of_nothing_is_empty() -> None:
    assert parse_inline("") == []


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.example.gov.uk/a", True),
        ("HTTP://EXAMPLE.ORG", True),
        ("mailto:democratic.services@example.gov.uk", True),
        ("tel:01494 729000", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("../appendix-a.md", False),
    ],
)
def test_only_web_mail_and_phone_links_are_safe(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_xml_illegal_characters() -> None:
    assert XML_ILLEGAL.findall("a\x00b\tc\nd\x1fe\ufffe\r") == ["\x00", "\x1f", "\ufffe"]
