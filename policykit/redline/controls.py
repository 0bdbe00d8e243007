"""Keep a changed inline content control as one control with its text change marked inside.

A content control (``w:sdt`` inside a paragraph: a contract date, a name, a reference
number) is one token of the paragraph diff; changed, it would be deleted whole and
inserted whole, and LibreOffice then shows both texts after Accept All and after Reject
All. Where a replacement holds, on both sides, a control of the same kind, name and tag
(its ``w:id`` may differ), the pair is kept: the control stays, and the words changed
inside it are marked by the caller's ``redline(old_content, new_content)``.

A plain-text control (``w:text``) whose text changed is made a rich-text control (the
``w:text`` mark dropped): LibreOffice 7.4 reads a plain-text control as one field that
cannot hold tracked changes, and keeps both texts. Word shows both kinds alike.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from policykit.redline.tokens import ELEM, Token
from policykit.word.oxml import W_SDT, W_SDTCONTENT, W_VAL, qn

Opcode = tuple[str, int, int, int, int]

_SDTPR = qn("w:sdtPr")
_PLAIN_TEXT = qn("w:text")
_NAMES = (qn("w:alias"), qn("w:tag"))
# sdtPr children that say nothing about which control this is.
_NOT_KIND = frozenset(qn(t) for t in (
    "w:alias", "w:tag", "w:id", "w:rPr", "w:lock", "w:placeholder", "w:showingPlcHdr",
    "w:dataBinding", "w:temporary", "w:label", "w:tabIndex"))


def control_key(token: Token) -> tuple | None:
    """Return what names the control of ``token`` (kind, alias, tag); None if not a control."""
    if token.kind != ELEM or token.elems[0].tag != W_SDT:
        return None
    sdt = token.elems[0]
    if sdt.find(W_SDTCONTENT) is None:
        return None
    props = sdt.find(_SDTPR)
    if props is None:
        return ("", "", "")
    names = tuple((props.find(tag).get(W_VAL) or "") if props.find(tag) is not None else ""
                  for tag in _NAMES)
    kinds = sorted(etree.QName(c).localname for c in props
                   if isinstance(c.tag, str) and c.tag not in _NOT_KIND)
    return (",".join(kinds), *names)


def _pair(op: Opcode, old_tokens: list[Token], new_tokens: list[Token]
          ) -> list[tuple[int, int]]:
    """Return (old, new) token indexes of controls paired in order inside one replacement."""
    tag, i1, i2, j1, j2 = op
    if tag != "replace":
        return []
    pairs: list[tuple[int, int]] = []
    start = j1
    for x in range(i1, i2):
        key = control_key(old_tokens[x])
        if key is None:
            continue
        for y in range(start, j2):
            if control_key(new_tokens[y]) == key:
                pairs.append((x, y))
                start = y + 1
                break
    return pairs


def has_control_pair(ops: list[Opcode], old_tokens: list[Token], new_tokens: list[Token]
                     ) -> bool:
    """Return True when some replacement holds the same control on both sides."""
    return any(_pair(op, old_tokens, new_tokens) for op in ops)


def controls_kept(ops: list[Opcode], old_tokens: list[Token], new_tokens: list[Token],
                  redline: Callable[[etree._Element, etree._Element], bool | None]
                  ) -> list[Opcode]:
    """Return ``ops`` with each paired control kept, its content redlined by ``redline``."""
    result: list[Opcode] = []
    for op in ops:
        pairs = _pair(op, old_tokens, new_tokens)
        if not pairs:
            result.append(op)
            continue
        _, a, a_end, b, b_end = op
        for x, y in pairs:
            old_sdt, new_sdt = old_tokens[x].elems[0], new_tokens[y].elems[0]
            if redline(old_sdt.find(W_SDTCONTENT), new_sdt.find(W_SDTCONTENT)):
                props = new_sdt.find(_SDTPR)
                plain = props.find(_PLAIN_TEXT) if props is not None else None
                if plain is not None:
                    props.remove(plain)
            result.extend(_between(a, x, b, y))
            result.append(("equal", x, x + 1, y, y + 1))
            a, b = x + 1, y + 1
        result.extend(_between(a, a_end, b, b_end))
    return result


def _between(a1: int, a2: int, b1: int, b2: int) -> list[Opcode]:
    if a2 <= a1 and b2 <= b1:
        return []
    kind = "replace" if a2 > a1 and b2 > b1 else "delete" if a2 > a1 else "insert"
    return [(kind, a1, a2, b1, b2)]
