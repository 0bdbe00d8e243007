"""Give the compare page a way through its changes: a list of links, and a way back.

The redline's HTML (``api.redline_body``) starts with its summary. This numbers every
paragraph, list item or cell that holds a change (``id="change-N"``), lists them after the
summary with what changed and where ("Introduction: deleted 'people', inserted
'residents'"), links each summary row to the first change under that heading, and ends
each changed block with a link back to the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

BLOCKS = ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
WORDS = {"ins": "inserted", "del": "deleted"}

_NUMBER = re.compile(r"^(?:\[old number: [^\]]*\]\s*)?\d+(?:\.\d+)*\.?\s+")


@dataclass(frozen=True)
class Change:
    """One changed block: its number, the heading it is under, what changed."""

    number: int
    heading: str
    what: str


def _marked(element: html.HtmlElement) -> str:
    """Return the words of an ``<ins>`` or ``<del>`` without its screen-reader labels."""
    parts = [element.text or ""]
    for child in element:
        if "label" not in (child.get("class") or ""):
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _as_now(element: html.HtmlElement) -> str:
    """Return an element's text as it reads now: no deleted words, no labels."""
    words = []
    for node in element.xpath(".//text()[not(ancestor::del) and "
                              "not(ancestor::span[contains(@class, 'label')])]"):
        words.append(str(node))
    return " ".join("".join(words).split())


def _what(block: html.HtmlElement) -> str:
    said = []
    for mark in block.iter("ins", "del"):
        words = _marked(mark)
        if words:
            kind = "moved" if "moved" in (mark.get("class") or "") else WORDS[mark.tag]
            said.append(f"{kind} “{words[:40]}{'…' if len(words) > 40 else ''}”")
    text = ", ".join(said[:3]) + (f" and {len(said) - 3} more" if len(said) > 3 else "")
    return text or "formatting changed"


def _unnumbered(heading: str) -> str:
    """Return a heading without its paragraph number ("5. Principles" -> "Principles")."""
    return _NUMBER.sub("", heading)


def linked(body: str) -> tuple[str, list[Change]]:
    """Return the redline body with its changes numbered and listed, and the changes."""
    root = html.fragment_fromstring(body, create_parent="div")
    heading, changes, first = "the start", [], {}
    for element in root.iter(*BLOCKS):
        if element.tag in HEADINGS and element.get("id") not in ("summary", "text"):
            heading = _as_now(element) or heading
        inner = any(child.tag in BLOCKS for child in element.iterdescendants())
        if inner or element.getparent() is None or not any(True for _ in element.iter("ins",
                                                                                      "del")):
            continue
        if element.xpath("ancestor::section[@aria-labelledby='summary']"):
            continue
        number = len(changes) + 1
        changes.append(Change(number, heading, _what(element)))
        element.set("id", f"change-{number}")
        first.setdefault(heading, number)
        back = etree.SubElement(element, "a", {"href": f"#listed-{number}", "class": "back"})
        back.text = " Back to the list of changes"
        back.tail = None
    first = {_unnumbered(name): number for name, number in reversed(first.items())}
    for row in root.xpath("//section[@aria-labelledby='summary']//th[@scope='row']"):
        name = _unnumbered(" ".join(row.text_content().split()))
        if name in first:
            link = etree.Element("a", {"href": f"#change-{first[name]}"})
            link.text, row.text = row.text, None
            for child in list(row):
                link.append(child)
            row.append(link)
    parts = [html.tostring(child, encoding="unicode") for child in root]
    return (root.text or "") + "".join(parts), changes


__all__ = ["Change", "linked"]
