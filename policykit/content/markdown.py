"""Define the Markdown dialect content is written in, shared by every renderer and the importer.

CommonMark with GFM tables and strikethrough; raw HTML is not interpreted, links are kept only
for the safe schemes. A soft line break (a line break inside a paragraph) reads as a space; a
hard break (two trailing spaces or a backslash) is a line break: :func:`visible_text` is the one
statement of what a reader sees. Also the one pattern of characters XML 1.0 (and so Word)
cannot hold. Pure: no file access and nothing from Word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

# markdown-it drops, without a word, every block nested deeper than maxNesting (20 in the
# commonmark preset: ten nested lists). The dialect allows far more and refuses a body nested
# deeper than MAX_DEPTH lists and quotes (``policykit.content.dialect``), so none is dropped.
MAX_DEPTH = 20
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                    "maxNesting": 100})
_PARSER.enable(["table", "strikethrough"])

# Blocks that hold blocks (lists and quotes): +1 where one opens, -1 where it closes.
CONTAINERS = {"bullet_list_open": 1, "ordered_list_open": 1, "blockquote_open": 1,
              "bullet_list_close": -1, "ordered_list_close": -1, "blockquote_close": -1}

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


def options() -> OptionsDict:
    """Return the dialect's rendering options (``breaks``, ``xhtmlOut``...) for a renderer.

    markdown-it's renderer rules read them as attributes, so a plain dict will not do.
    """
    return _PARSER.options


def visible_text(tokens: Iterable[Token]) -> str:
    """Return the text a reader sees for inline tokens: words, code, breaks, an image's alt.

    A soft break is a space and a hard break a newline; an image shows ``[alt]`` (or
    ``[image]``); a link shows its words. Emphasis marks, link targets and escapes vanish.
    """
    out: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline", "html_inline"):
            out.append(token.content)
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append("\n")
        elif token.type == "image":
            out.append(f"[{visible_text(token.children or []) or 'image'}]")
    return "".join(out)


def is_safe_link(url: str) -> bool:
    """Return True when ``url`` uses a scheme a document may link to (web, mail, phone)."""
    return url.lower().startswith(SAFE_SCHEMES)


__all__ = ["CONTAINERS", "MAX_DEPTH", "SAFE_SCHEMES", "XML_ILLEGAL", "is_safe_link", "options",
           "parse", "parse_inline", "visible_text"]
