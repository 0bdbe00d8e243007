"""Define the Markdown dialect content is written in, shared by the Word writer and the importer.

CommonMark with GFM tables and strikethrough; raw HTML is not interpreted, links are kept only
for the safe schemes. Also the one pattern of characters XML 1.0 (and so Word) cannot hold.
Pure: no file access and nothing from Word.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_PARSER.enable(["table", "strikethrough"])

# Link targets a document may carry; anything else (relative, javascript:...) keeps its words only.
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")

# Characters XML 1.0 cannot hold: C0 controls but tab/newline/return, lone surrogates, U+FFFE/F.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def parse(text: str) -> list[Token]:
    """Return the block tokens of a Markdown text."""
    return _PARSER.parse(text)


def parse_inline(text: str) -> list[Token]:
    """Return the inline tokens of one paragraph's Markdown text."""
    tokens = _PARSER.parseInline(text)
    return tokens[0].children or [] if tokens else []


def is_safe_link(url: str) -> bool:
    """Return True when ``url`` uses a scheme a document may link to (web, mail, phone)."""
    return url.lower().startswith(SAFE_SCHEMES)


__all__ = ["SAFE_SCHEMES", "XML_ILLEGAL", "is_safe_link", "parse", "parse_inline"]
