"""Redline one pair of paragraphs: diff their tokens and rebuild the new one with marks.

The rebuilt paragraph keeps the new paragraph's properties and, in order, its unchanged
tokens (from the new runs, with ``w:rPrChange`` where only formatting changed), inserted
tokens in ``w:ins`` and deleted tokens (from the old runs) in ``w:del`` as ``w:delText``.
A paragraph whose tokens, formatting and properties are all unchanged is left untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy

from lxml import etree

from policykit.redline.context import PartContext
from policykit.redline.controls import controls_kept, has_control_pair
from policykit.redline.diff import absorb_small_equals, match, opcodes
from policykit.redline.lines import one_line_each
from policykit.redline.marks import (
    DELETED,
    RUN_CONTAINERS,
    Revision,
    RevisionKind,
    paragraph_properties_change,
    revision_element,
    run_properties_change,
    text_element,
    to_deleted_text,
    wrap_runs,
)
from policykit.redline.tokens import ATOM, ELEM, GROUP, TEXT, Token, signature
from policykit.word.oxml import (
    M_OMATH,
    M_OMATHPARA,
    W_DELTEXT,
    W_ENREF,
    W_FNREF,
    W_PPR,
    W_PPRCHANGE,
    W_R,
    W_RPR,
    W_SDT,
    W_SECTPR,
    W_T,
    W_TXBX,
    WP_ANCHOR,
    XML_SPACE,
)

_PPR_IGNORED = frozenset((W_RPR, W_SECTPR, W_PPRCHANGE))


_NOTE_KEYS = frozenset(("\x01fn", "\x01en"))
_GROUPS = ("{http://schemas.microsoft.com/office/word/2010/wordprocessingGroup}wgp",
           "{urn:schemas-microsoft-com:vml}group")


def ppr_key(ppr: etree._Element | None) -> str:
    """Return a string standing for the paragraph properties (mark and section aside)."""
    if ppr is None:
        return ""
    return "".join(
        etree.tostring(child, encoding="unicode") for child in ppr if child.tag not in _PPR_IGNORED
    )


def _offsets(tokens: list[Token]) -> list[int]:
    offsets = [0]
    total = 0
    for token in tokens:
        total += len(token.text)
        offsets.append(total)
    return offsets


class _Builder:
    """Append runs and marks to a paragraph, merging neighbours that share a source run."""

    def __init__(self, paragraph: etree._Element, pc: PartContext) -> None:
        self.p = paragraph
        self.pc = pc
        self.wrapper: etree._Element | None = None
        self.wrapper_rev: Revision | None = None
        self.wrapper_kind: str | None = None
        self.run: etree._Element | None = None
        self.run_key: tuple | None = None

    def close(self) -> None:
        self.run = None
        self.run_key = None
        self.wrapper = None
        self.wrapper_rev = None
        self.wrapper_kind = None

    def _parent(self, kind: str, rev: Revision | None) -> etree._Element:
        if kind in ("eq", "fmt"):
            if self.wrapper is not None:
                self.close()
            return self.p
        if self.wrapper is None or self.wrapper_rev is not rev or self.wrapper_kind != kind:
            self.close()
            self.wrapper = revision_element(kind, self.pc.ctx.stamper.again(rev))
            self.wrapper_rev = rev
            self.wrapper_kind = kind
            self.p.append(self.wrapper)
        return self.wrapper

    def _run_for(
        self, kind: str, rev: Revision | None, source: etree._Element, old_rpr_of=None
    ) -> etree._Element:
        key = (kind, id(rev), source, id(old_rpr_of))
        parent = self._parent(kind, rev)
        if self.run is not None and self.run_key == key and self.run.getparent() is parent:
            return self.run
        run = etree.SubElement(parent, W_R)
        rpr = source.find(W_RPR)
        if rpr is not None:
            rpr = deepcopy(rpr)
            run.append(rpr)
        if kind == "fmt":
            if rpr is None:
                rpr = etree.SubElement(run, W_RPR)
            run_properties_change(
                rpr, old_rpr_of.find(W_RPR) if old_rpr_of is not None else None,
                self.pc.ctx.stamper.again(rev),
            )
        self.run = run
        self.run_key = key
        return run

    def text(self, kind, rev, source, text, old_source=None) -> None:
        run = self._run_for(kind, rev, source, old_source)
        last = run[-1] if len(run) else None
        deleted = kind in DELETED
        if last is not None and last.tag == (W_DELTEXT if deleted else W_T):
            joined = (last.text or "") + text
            last.text = joined
            if joined[:1].isspace() or joined[-1:].isspace():
                last.set(XML_SPACE, "preserve")
        else:
            run.append(text_element(text, deleted))

    def run_child(self, kind, rev, source, child, old_source=None) -> None:
        run = self._run_for(kind, rev, source, old_source)
        run.append(child)
        if kind in DELETED:
            to_deleted_text(run)

    def element(self, kind, rev, element) -> None:
        """Append a whole hyperlink, field, equation or content control."""
        if kind in ("eq", "fmt"):
            self.close()
            self.p.append(element)
            return
        tag = element.tag
        if tag == W_R:
            parent = self._parent(kind, rev)
            parent.append(element)
            self.run = None
            if kind in DELETED:
                to_deleted_text(element)
            return
        self.close()
        if tag in RUN_CONTAINERS or tag in (W_SDT, M_OMATH, M_OMATHPARA):
            holder = etree.Element(W_PPR)  # temporary parent so wrap_runs sees the element
            holder.append(element)
            wrap_runs(holder, kind, lambda: self.pc.ctx.stamper.again(rev))
            for child in list(holder):
                self.p.append(child)
        elif kind not in DELETED:
            self.p.append(element)

    def passive(self, item) -> None:
        self.close()
        if item.run is not None:
            run = etree.SubElement(self.p, W_R)
            rpr = item.run.find(W_RPR)
            if rpr is not None:
                run.append(deepcopy(rpr))
            run.append(item.element)
        else:
            self.p.append(item.element)


def redline_paragraph(
    pc: PartContext, old_p: etree._Element, new_p: etree._Element, may_split: bool = False,
    story: Callable[[etree._Element, etree._Element], None] | None = None,
) -> bool | None:
    """Rebuild ``new_p`` (in place) showing its changes from ``old_p``; return True if any.

    With ``may_split``, return None without touching anything when the two paragraphs
    share no token at all: the caller shows them as a deleted and an inserted paragraph;
    so too a header or footer line changed in several places (:mod:`.lines`).
    ``story(old, new)`` redlines the text of a text box whose shape is unchanged, so only
    the words changed inside it are marked.
    """
    old_tokens, _ = pc.old_tokens.tokenize(old_p)
    new_tokens, passives = pc.new_tokens.tokenize(new_p)
    old_keys = [t.key for t in old_tokens]
    new_keys = [t.key for t in new_tokens]
    ops = opcodes(old_keys, new_keys, match(old_keys, new_keys, patience=False))
    if may_split and _shares_nothing(ops, old_keys, new_keys, new_p) and not has_control_pair(
            ops, old_tokens, new_tokens):
        return None
    ops = absorb_small_equals(ops, old_keys, new_keys)
    if one_line_each(pc.label, new_p, ops, old_tokens, new_tokens):
        return None  # shown as the old line deleted and the new line inserted
    ops = controls_kept(ops, old_tokens, new_tokens,
                        lambda old, new: redline_paragraph(pc, old, new))
    if story is not None:
        ops = _text_boxes_kept(pc, ops, old_tokens, new_tokens, story)
    old_ppr, new_ppr = old_p.find(W_PPR), new_p.find(W_PPR)
    ppr_changed = ppr_key(old_ppr) != ppr_key(new_ppr) or (
        pc.ctx.lists is not None and pc.ctx.lists.renumbered(old_ppr))
    fmt_changed = _format_changes(pc, ops, old_tokens, new_tokens)
    if not ppr_changed and not any(fmt_changed) and all(op[0] == "equal" for op in ops):
        return False
    rebuild = _Rebuild(pc, old_p, new_p, old_tokens, new_tokens, passives)
    if ppr_changed:
        if new_ppr is None:
            new_ppr = etree.Element(W_PPR)
            new_p.insert(0, new_ppr)
        rev = pc.revision(RevisionKind.FORMAT, rebuild.new_index, 0, rebuild.new_offsets[-1],
                          _text(new_tokens), "new")
        paragraph_properties_change(new_ppr, old_ppr, rev)
        if pc.ctx.lists is not None:  # the old properties name old's lists
            pc.ctx.lists.import_into(new_ppr.find(W_PPRCHANGE))
    for child in list(new_p):
        if child is not new_ppr:
            new_p.remove(child)
    rebuild.run(ops, fmt_changed)
    return True


def renumber(pc: PartContext, old_p: etree._Element, new_p: etree._Element) -> bool:
    """Mark a paragraph kept unchanged in a list NEW defines otherwise; True if marked."""
    if pc.ctx.lists is None or not pc.ctx.lists.renumbered(old_p.find(W_PPR)):
        return False
    return bool(redline_paragraph(pc, old_p, new_p))


def _box_shape(token: Token, rel_key) -> str | None:
    """Return the signature of a text box's shape with its text left out (None: no box)."""
    if token.kind != ATOM or next(token.elems[0].iter(W_TXBX), None) is None:
        return None
    if next(token.elems[0].iter(*_GROUPS), None) is not None:
        return None  # LibreOffice drops tracked changes inside grouped text boxes
    shape = deepcopy(token.elems[0])
    for box in shape.iter(W_TXBX):
        for child in list(box):
            box.remove(child)
    return signature([shape], rel_key)


def _text_boxes_kept(pc: PartContext, ops, old_tokens: list[Token], new_tokens: list[Token],
                     story) -> list:
    """Turn a text box whose shape is unchanged from a replacement into a kept token.

    Its text is redlined in place by ``story``; the box itself is neither deleted nor
    inserted, so Reject All keeps it (with its old text) and Accept All its new text.
    """
    result = []
    for op in ops:
        tag, i1, i2, j1, j2 = op
        pair = None
        if tag == "replace":
            olds = {}
            for x in range(i1, i2):
                olds.setdefault(_box_shape(old_tokens[x], pc.old_tokens.rel_key), x)
            olds.pop(None, None)
            for y in range(j1, j2):
                x = olds.get(_box_shape(new_tokens[y], pc.new_tokens.rel_key))
                if x is not None:
                    pair = (x, y)
                    break
        if pair is None:
            result.append(op)
            continue
        x, y = pair
        old_boxes = list(old_tokens[x].elems[0].iter(W_TXBX))
        new_boxes = list(new_tokens[y].elems[0].iter(W_TXBX))
        for old_box, new_box in zip(old_boxes, new_boxes, strict=True):
            story(old_box, new_box)
        for part in ((i1, x, j1, y), (x, x + 1, y, y + 1), (x + 1, i2, y + 1, j2)):
            a1, a2, b1, b2 = part
            if a2 > a1 or b2 > b1:
                kind = "equal" if part == (x, x + 1, y, y + 1) else (
                    "replace" if a2 > a1 and b2 > b1 else "delete" if a2 > a1 else "insert")
                result.append((kind, a1, a2, b1, b2))
    return result


def _shares_nothing(ops, old_keys: list[str], new_keys: list[str], new_p: etree._Element
                    ) -> bool:
    """Return True when two paragraphs share no token and may be split into del + ins.

    (LibreOffice cannot take back a whole paragraph holding a note or a text box.)
    """
    return bool(old_keys and new_keys and not any(op[0] == "equal" for op in ops)
                and not any(key in _NOTE_KEYS for key in old_keys + new_keys)
                and next(new_p.iter(W_TXBX), None) is None)


def _format_changes(pc: PartContext, ops, old_tokens: list[Token], new_tokens: list[Token]
                    ) -> list[bool]:
    """Return, per new token, whether only its formatting changed; pair note references."""
    fmt_changed = [False] * len(new_tokens)
    for tag, i1, i2, j1, _ in ops:
        if tag != "equal":
            continue
        for offset in range(i2 - i1):
            old_t, new_t = old_tokens[i1 + offset], new_tokens[j1 + offset]
            if new_t.kind == ATOM and new_t.key in _NOTE_KEYS:
                pc.map_note(old_t.elems[0], new_t.elems[0])
            if old_t.fmt != new_t.fmt and new_t.kind in (TEXT, ATOM):
                fmt_changed[j1 + offset] = True
    return fmt_changed


class _Rebuild:
    """Refill a paragraph from the diff of its tokens: kept, reformatted, deleted, inserted."""

    def __init__(self, pc: PartContext, old_p, new_p, old_tokens: list[Token],
                 new_tokens: list[Token], passives: list) -> None:
        self.pc = pc
        self.old_tokens = old_tokens
        self.new_tokens = new_tokens
        self.passives = passives
        self.old_offsets, self.new_offsets = _offsets(old_tokens), _offsets(new_tokens)
        self.new_index = pc.block_index(new_p, "new")
        self.old_index = pc.block_index(old_p, "old")
        self.builder = _Builder(new_p, pc)
        self.pending = 0  # next passive item to place
        self.deferred: list[tuple[Token, Revision]] = []

    def run(self, ops, fmt_changed: list[bool]) -> None:
        """Append every token of the new paragraph, and the deleted old ones, in order."""
        for position, (tag, i1, i2, j1, j2) in enumerate(ops):
            if tag == "equal":
                self._equal(i1, j1, j2, fmt_changed)
                continue
            if i2 > i1:
                self._deleted(i1, i2)
            if j2 > j1:
                # A floating drawing replaced by another: LibreOffice mixes up two drawings
                # anchored at one spot, so the new one is anchored after the next kept word.
                separate = i2 > i1 and any(_floating(t) for t in self.old_tokens[i1:i2]) and any(
                    op[0] == "equal" for op in ops[position + 1:])
                self._inserted(j1, j2, separate)
        self._flush_deferred()
        self._place_passives(len(self.new_tokens) + 1)

    def _flush_deferred(self) -> None:
        for token, rev in self.deferred:
            _emit(self.builder, RevisionKind.INS, rev, token, None)
        self.deferred.clear()

    def _place_passives(self, upto: int) -> None:
        while self.pending < len(self.passives) and self.passives[self.pending].position <= upto:
            self.builder.passive(self.passives[self.pending])
            self.pending += 1

    def _equal(self, i1: int, j1: int, j2: int, fmt_changed: list[bool]) -> None:
        j = j1
        while j < j2:
            self._place_passives(j)
            if not fmt_changed[j]:
                _emit(self.builder, "eq", None, self.new_tokens[j], None)
                j += 1
                self._flush_deferred()
                continue
            k = j
            while k < j2 and fmt_changed[k]:
                k += 1
            rev = self.pc.revision(
                RevisionKind.FORMAT, self.new_index, self.new_offsets[j], self.new_offsets[k],
                _text(self.new_tokens[j:k]), "new",
            )
            for m in range(j, k):
                if m > j:
                    self._place_passives(m)
                _emit(self.builder, "fmt", rev, self.new_tokens[m], self.old_tokens[i1 + m - j1])
            j = k
            self._flush_deferred()

    def inserted(self, j1: int, j2: int) -> None:
        """Append new tokens ``j1:j2`` inserted."""
        self._inserted(j1, j2, False)

    def place(self, upto: int) -> None:
        """Place the passive items (bookmarks, comment anchors) before token ``upto``."""
        self._place_passives(upto)

    def moved_deleted(self, i1: int, i2: int) -> None:
        """Append old tokens ``i1:i2`` deleted (in a moved paragraph's source copy).

        The tokens are the copy's own, already made safe for the new part.
        """
        rev = self.pc.revision(
            RevisionKind.DEL, self.old_index, self.old_offsets[i1], self.old_offsets[i2],
            _text(self.old_tokens[i1:i2]), "old",
        )
        for token in self.old_tokens[i1:i2]:
            _emit(self.builder, RevisionKind.DEL, rev, token, None)

    def _deleted(self, i1: int, i2: int) -> None:
        rev = self.pc.revision(
            RevisionKind.DEL, self.old_index, self.old_offsets[i1], self.old_offsets[i2],
            _text(self.old_tokens[i1:i2]), "old",
        )
        for token in self.old_tokens[i1:i2]:
            self.pc.prepare_old(token.elems)
            _emit(self.builder, RevisionKind.DEL, rev, token, None)

    def _inserted(self, j1: int, j2: int, separate: bool) -> None:
        rev = self.pc.revision(
            RevisionKind.INS, self.new_index, self.new_offsets[j1], self.new_offsets[j2],
            _text(self.new_tokens[j1:j2]), "new",
        )
        for j in range(j1, j2):
            self._place_passives(j)
            if separate and _floating(self.new_tokens[j]):
                self.deferred.append((self.new_tokens[j], rev))
            else:
                _emit(self.builder, RevisionKind.INS, rev, self.new_tokens[j], None)


def _floating(token: Token) -> bool:
    return token.kind == ATOM and any(
        True for element in token.elems for _ in element.iter(WP_ANCHOR)
    )


def _text(tokens: list[Token]) -> str:
    return "".join(t.text for t in tokens)


def _emit(builder: _Builder, kind: str, rev, token: Token, old: Token | None) -> None:
    if token.kind == TEXT:
        if kind == "fmt" and old is not None:
            old_run = old.pieces[0][0]
            for run, text in token.pieces:
                builder.text(kind, rev, run, text, old_run)
        else:
            for run, text in token.pieces:
                builder.text(kind, rev, run, text)
    elif token.kind == ATOM:
        child = token.elems[0]
        if kind in DELETED and child.tag in (W_FNREF, W_ENREF):
            builder.pc.deleted_note_ref(child)
        builder.run_child(kind, rev, token.run, child, old.run if old is not None else None)
    elif token.kind == ELEM:
        builder.element("eq" if kind == "fmt" else kind, rev, token.elems[0])
    elif token.kind == GROUP:
        for element in token.elems:
            # (a deleted field keeps its runs and link text; bookmarks and the like go)
            if kind in DELETED and element.tag != W_R and element.tag not in RUN_CONTAINERS:
                continue
            if kind in DELETED:
                for ref in element.iter(W_FNREF, W_ENREF):
                    builder.pc.deleted_note_ref(ref)
            builder.element("eq" if kind == "fmt" else kind, rev, element)
