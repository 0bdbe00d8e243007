"""Say where a Markdown body uses a construct the dialect does not support, and what to write.

What the dialect does with each construct it does not support (one warning per construct and
file, naming the first line; the output is made all the same):

==========================  ===========================================  ======================
construct                   what the documents show                      write instead
==========================  ===========================================  ======================
raw HTML (``<b>``, ``<br>``) the tags as typed, as text                  the Markdown for it
HTML block (``<div>``...)    its lines as typed, as text                 Markdown paragraphs
HTML comment (``<!-- -->``)  the comment as typed                        nothing (delete it)
image (``![alt](src)``)     ``[alt]`` in place of the picture            the words alone
setext heading (``===``)    a heading, as ``#`` would make it            ``# Title``
thematic break (``***``)    nothing (Word and the web draw no rule)      a heading, or nothing
link to a file or page      the link's words without the link            a full https:// address
==========================  ===========================================  ======================

Reference links (``[words][label]`` with ``[label]: https://...``) and autolinks are supported.
Lists and block quotes nested more than ``MAX_DEPTH`` deep are refused (a ContentError).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from policykit.content.markdown import (
    CONTAINERS,
    MAX_DEPTH,
    is_safe_link,
    parse,
    parse_inline,
    visible_text,
)
from policykit.errors import ContentError

# The dialect's own parser, with raw HTML recognised, only to find where HTML was typed.
_HTML_FINDER = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False,
                                         "maxNesting": 100})
_HTML_FINDER.enable(["table", "strikethrough"])

_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_INSTEAD = {
    "b": "**bold**", "strong": "**bold**", "i": "*italic*", "em": "*italic*",
    "s": "~~struck out~~", "del": "~~struck out~~", "strike": "~~struck out~~",
    "code": "`code`", "pre": "a fenced code block (```)", "a": "[words](https://...)",
    "br": "a backslash at the end of the line", "p": "a blank line between paragraphs",
    "ul": "a list, one '- item' a line", "ol": "a list, one '1. item' a line",
    "li": "a list, one '- item' a line", "table": "a table of '|' rows",
    "blockquote": "'> ' before each line", "img": "the words alone (pictures are not supported)",
    "hr": "a heading, or nothing",
}
_HEADING_TAG = re.compile(r"h[1-6]")
_MAX_LINES = 5


@dataclass
class _Found:
    """Where one unsupported construct was seen: its message and every line."""

    message: str
    lines: list[int] = field(default_factory=list)


def _snippet(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _html_message(markup: str, block: bool) -> tuple[str, str]:
    """Return (grouping key, message) for raw HTML typed in a body."""
    if markup.lstrip().startswith("<!--"):
        return "comment", "an HTML comment is shown as text; delete it"
    match = _TAG.match(markup.lstrip())
    name = match.group(1).lower() if match else ""
    if _HEADING_TAG.fullmatch(name):
        instead = f"'{'#' * int(name[1])} Heading'"
    else:
        instead = _INSTEAD.get(name, "the text without the tags")
    shown = _snippet(markup.strip().split("\n")[0])
    what = "an HTML block" if block else "raw HTML"
    return f"html:{name}", f"{what} {shown!r} is shown as text; write {instead} instead"


def _inline_lines(children: list[Token], first: int) -> list[tuple[Token, int]]:
    """Return each inline child with the body line it is on (0-based)."""
    out, line = [], first
    for child in children:
        out.append((child, line))
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        else:
            line += child.content.count("\n") if child.type == "html_inline" else 0
    return out


def _html(body: str, found: dict[str, _Found], *, inline: bool = False) -> None:
    tokens = _HTML_FINDER.parseInline(body) if inline else _HTML_FINDER.parse(body)
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            key, message = _html_message(token.content, block=True)
            found.setdefault(key, _Found(message)).lines.append(line)
        elif token.type == "inline":
            for child, at in _inline_lines(token.children or [], line):
                if child.type == "html_inline":
                    key, message = _html_message(child.content, block=False)
                    found.setdefault(key, _Found(message)).lines.append(at)


def _link(children: list[Token], index: int) -> str:
    """Return the words of the link opened at ``children[index]``."""
    inner = []
    for token in children[index + 1:]:
        if token.type == "link_close":
            break
        inner.append(token)
    return visible_text(inner)


def _depth(tokens: list[Token], source: str, first_line: int) -> None:
    """Refuse lists and quotes nested deeper than MAX_DEPTH (their text would be lost)."""
    depth = 0
    for token in tokens:
        depth += CONTAINERS.get(token.type, 0)
        if depth > MAX_DEPTH:
            raise ContentError(
                f"lists and block quotes are nested more than {MAX_DEPTH} deep here; nest "
                "them less deeply (Word shows nine levels of list)",
                file=source, line=first_line + token.map[0] if token.map else None)


def _blocks(body: str, tokens: list[Token], found: dict[str, _Found]) -> None:
    lines = body.split("\n")
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "heading_open" and token.markup in ("=", "-"):
            found.setdefault("setext", _Found(
                "a heading underlined with '===' or '---' is read as a heading; write "
                "'# Title' (or '## Title') on one line instead")).lines.append(line)
        elif token.type == "hr":
            found.setdefault("hr", _Found(
                f"the line {lines[line].strip()!r} draws nothing in Word or on the web; start a "
                "new part with a heading ('# Title') instead, or delete it")).lines.append(line)
        elif token.type == "inline":
            _links_and_images(token.children or [], line, found)


def _links_and_images(children: list[Token], line: int, found: dict[str, _Found]) -> None:
    for index, (child, at) in enumerate(_inline_lines(children, line)):
        if child.type == "image":
            shown = visible_text([child])
            found.setdefault("image", _Found(
                f"an image is shown as its words {shown!r}, not as a picture (pictures "
                "are not supported); write the words alone instead")).lines.append(at)
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if not is_safe_link(href):
                words = _snippet(_link(children, index))
                found.setdefault("link", _Found(
                    f"the link {words!r} goes to {_snippet(href)!r}, which is not a "
                    "web, mail or phone address, so only its words are kept; write a "
                    "full address (https://..., mailto:...) instead")).lines.append(at)


def _inline(text: str, found: dict[str, _Found]) -> None:
    _links_and_images(parse_inline(text), 0, found)


def unsupported_inline(text: str, source: str, line: int | None, field: str) -> list[str]:
    """Return the warnings for one field of inline Markdown (a report paragraph) at ``line``."""
    if "<" not in text and "](" not in text:
        return []
    found: dict[str, _Found] = {}
    _html(text, found, inline=True)
    _inline(text, found)
    where = f"{source}, line {line}" if line is not None else source
    return [f"{where}, field {field}: {item.message}" for item in found.values()]


def unsupported(body: str, source: str, first_line: int) -> list[str]:
    """Return one warning per unsupported construct in a Markdown body, in order of lines.

    ``first_line`` is the file's line the body starts on (1-based). Raise ContentError for
    a body nested too deeply to be shown whole. The answer for the last bodies asked is
    kept: every page of the workspace reads the whole pack, and parsing each body for
    this check is most of the time it takes.
    """
    return list(_unsupported(body, source, first_line))


@functools.lru_cache(maxsize=64)
def _unsupported(body: str, source: str, first_line: int) -> tuple[str, ...]:
    found: dict[str, _Found] = {}
    tokens = parse(body)
    _depth(tokens, source, first_line)
    if "<" in body:
        _html(body, found)
    _blocks(body, tokens, found)
    warnings = []
    for item in sorted(found.values(), key=lambda f: min(f.lines)):
        lines = sorted(set(item.lines))
        more = [str(n + first_line) for n in lines[1:_MAX_LINES + 1]]
        extra = len(lines) - 1 - len(more)
        also = ""
        if more:
            also = f" (also line{'s' if len(more) > 1 else ''} {', '.join(more)}"
            also += f" and {extra} more)" if extra else ")"
        warnings.append(f"{source}, line {lines[0] + first_line}: {item.message}{also}")
    return tuple(warnings)


__all__ = ["unsupported", "unsupported_inline"]
