"""Bring into the redline the old styles that deleted content names and the new styles lack.

The redline is the NEW package, so its styles part is new's. Text deleted from the old
document (a deleted footnote with its "Footnote Text" and "Footnote Reference" styles, a
paragraph in a style new no longer has) keeps its style ids; without their definitions
Word and LibreOffice show it in Normal after Reject All. Each such style is copied from
old, with the styles it is based on, linked to or followed by, when new has no style of
that id. A style new already defines is never replaced.
"""

from __future__ import annotations

from copy import deepcopy

from policykit.redline.package import Package
from policykit.word.oxml import (
    W_BASEDON,
    W_NUMPR,
    W_PSTYLE,
    W_RSTYLE,
    W_STYLE,
    W_STYLEID,
    W_VAL,
    qn,
)

_USES = (W_PSTYLE, W_RSTYLE, qn("w:tblStyle"))
_CHAIN = (W_BASEDON, qn("w:link"), qn("w:next"))


def adopt_old_styles(old: Package, new: Package, parts: list[str]) -> list[str]:
    """Copy into new's styles the old styles ``parts`` of new name but new lacks; return ids."""
    new_part = next(iter(new.parts_of_type("/styles")), None)
    old_part = next(iter(old.parts_of_type("/styles")), None)
    if new_part is None or old_part is None or not (new.has(new_part) and old.has(old_part)):
        return []
    new_root = new.xml(new_part)
    defined = {style.get(W_STYLEID) for style in new_root.iter(W_STYLE)}
    old_styles = {style.get(W_STYLEID): style for style in old.xml(old_part).iter(W_STYLE)}
    wanted = [
        node.get(W_VAL) for part in parts if new.has(part)
        for node in new.xml(part).iter(*_USES)
    ]
    adopted: list[str] = []
    while wanted:
        style_id = wanted.pop()
        if style_id in defined or style_id not in old_styles:
            continue
        defined.add(style_id)
        copy = deepcopy(old_styles[style_id])
        for numbering in list(copy.iter(W_NUMPR)):  # new's lists are not old's
            numbering.getparent().remove(numbering)
        new_root.append(copy)
        adopted.append(style_id)
        wanted += [link.get(W_VAL) for link in copy if link.tag in _CHAIN]
    return adopted


def story_parts(package: Package) -> list[str]:
    """Return the parts that hold text: the main part, notes, comments, headers, footers."""
    found = [package.main]
    for kind in ("/footnotes", "/endnotes", "/comments", "/header", "/footer"):
        found += package.parts_of_type(kind)
    return found


__all__ = ["adopt_old_styles", "story_parts"]
