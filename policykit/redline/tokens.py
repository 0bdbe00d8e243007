"""Split a paragraph into the tokens the engine diffs: words, spaces, and atomic units.

A token is a word (never split, unless char granularity is asked for), a number with its
separators and currency sign ("7.2", "2019-06-11", "£1,250.00"), a run of whitespace, one
punctuation mark, or an *atom*: a tab, a break, a picture, a footnote
reference, a whole hyperlink, a whole field (``w:fldChar`` begin ... end), an equation, a
content control. Atoms compare by a signature of their XML (revision-save ids removed,
relationship ids replaced by what they point at), so an unchanged hyperlink or field is
one unchanged unit and a changed one is deleted and inserted whole.

Bookmarks, comment ranges and proofing marks are *passive*: kept where they are in the
new paragraph, dropped from deleted old text.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from copy import deepcopy

from lxml import etree

from policykit.word.oxml import (
    M_OMATH,
    M_OMATHPARA,
    R_NS,
    W_ANNOTREF,
    W_BR,
    W_COMMENTREF,
    W_CR,
    W_ENREF,
    W_FLDCHAR,
    W_FLDCHARTYPE,
    W_FNREF,
    W_LRPB,
    W_NBH,
    W_PPR,
    W_R,
    W_RPR,
    W_SDT,
    W_SOFTH,
    W_T,
    W_TAB,
    W_TYPE,
    WP_DOCPR,
    qn,
)

TEXT, ATOM, ELEM, GROUP = 0, 1, 2, 3

# A number is one token: "7.2", "1.20", "2019-06-11", "£1,250.00", "10:30", "3/4", "-5".
NUMBER = r"[£$€¥]?\d+(?:[.,:/\-]\d+)*(?![^\W\d_])"
WORD_PATTERN = re.compile(NUMBER + r"|\w+(?:['’\-]\w+)*|\s+|[^\w\s]", re.UNICODE)
CHAR_PATTERN = re.compile(r".", re.DOTALL)

ELEM_TAGS = frozenset(
    [qn(t) for t in ("w:hyperlink", "w:fldSimple", "w:smartTag", "w:customXml", "w:dir",
                     "w:bdo", "w:subDoc", "w:ins", "w:del", "w:moveFrom", "w:moveTo")]
    + [W_SDT, M_OMATH, M_OMATHPARA]
)
PASSIVE_RUN_CHILDREN = frozenset((W_COMMENTREF, W_ANNOTREF))
_IGNORED_ATTRS = frozenset(
    ("rsidR", "rsidRPr", "rsidDel", "rsidP", "rsidRDefault", "rsidTr", "rsidSect", "paraId",
     "textId", "anchorId", "editId")
)
_IGNORED_RPR = frozenset((qn("w:lang"), qn("w:noProof"), qn("w:rPrChange"), qn("w:webHidden")))
_R_PREFIX = f"{{{R_NS}}}"
_W_FLDSIMPLE, _W_INSTRTEXT, _W_INSTR = qn("w:fldSimple"), qn("w:instrText"), qn("w:instr")

RelKey = Callable[[str], str]


class Token:
    """One unit of a paragraph for the diff: its key, its text, and where it came from."""

    __slots__ = ("key", "text", "kind", "pieces", "run", "elems", "fmt")

    def __init__(self, key: str, text: str, kind: int) -> None:
        self.key = key
        self.text = text
        self.kind = kind
        self.pieces: list[tuple[etree._Element, str]] = []
        self.run: etree._Element | None = None
        self.elems: list[etree._Element] = []
        self.fmt: tuple = ()


class Passive:
    """A zero-width item (bookmark, comment anchor) kept before new token ``position``."""

    __slots__ = ("position", "element", "run")

    def __init__(self, position: int, element: etree._Element, run: etree._Element | None):
        self.position = position
        self.element = element
        self.run = run


def rpr_key(run: etree._Element, cache: dict) -> str:
    """Return a string standing for the formatting of ``run`` (language marks ignored)."""
    found = cache.get(run)
    if found is not None:
        return found
    rpr = run.find(W_RPR)
    if rpr is None:
        key = ""
    else:
        key = "".join(
            etree.tostring(child, encoding="unicode")
            for child in rpr
            if child.tag not in _IGNORED_RPR
        )
    cache[run] = key
    return key


def signature(elements: list[etree._Element], rel_key: RelKey) -> str:
    """Return a short stable signature of ``elements``' XML for comparing atoms."""
    crc = 0
    for element in elements:
        copy = deepcopy(element)
        for node in copy.iter():
            if not isinstance(node.tag, str):
                continue
            for attr in list(node.attrib):
                local = attr.rsplit("}", 1)[-1]
                if local in _IGNORED_ATTRS or (node.tag == WP_DOCPR and local == "id"):
                    del node.attrib[attr]
                elif attr.startswith(_R_PREFIX):
                    node.set(attr, rel_key(node.get(attr)))
        for lrpb in list(copy.iter(W_LRPB)):
            lrpb.getparent().remove(lrpb)
        crc = zlib.crc32(etree.tostring(copy), crc)
    return f"{crc:08x}"


def _display_text(element: etree._Element) -> str:
    parts = []
    for node in element.iter(W_T, W_TAB, W_BR, W_CR, W_NBH):
        tag = node.tag
        if tag == W_T:
            parts.append(node.text or "")
        elif tag == W_TAB:
            parts.append("\t")
        elif tag in (W_BR, W_CR):
            parts.append("\n")
        elif tag == W_NBH:
            parts.append("-")
    return "".join(parts)


class Tokenizer:
    """Split paragraphs of one part into tokens (``granularity`` word or char)."""

    def __init__(self, rel_key: RelKey, granularity: str = "word") -> None:
        self.rel_key = rel_key
        self.pattern = CHAR_PATTERN if granularity == "char" else WORD_PATTERN
        self.fmt_cache: dict = {}

    def tokenize(self, paragraph: etree._Element) -> tuple[list[Token], list[Passive]]:
        """Return the tokens and passive items of ``paragraph``."""
        tokens: list[Token] = []
        passives: list[Passive] = []
        texts: list[tuple[etree._Element, str]] = []
        group: Token | None = None
        depth = 0

        waiting: list[tuple[int, etree._Element, etree._Element | None]] = []

        def flush() -> None:
            if not texts:
                return
            base = len(tokens)
            self._text_tokens(texts, tokens)
            texts.clear()
            if waiting:
                # A bookmark inside a word goes before that word: words are never split.
                ends, total = [], 0
                for token in tokens[base:]:
                    total += len(token.text)
                    ends.append(total)
                for offset, element, run in waiting:
                    count = sum(1 for end in ends if end <= offset)
                    passives.append(Passive(base + count, element, run))
                waiting.clear()

        def add_passive(element: etree._Element, run: etree._Element | None) -> None:
            if texts:
                waiting.append((sum(len(text) for _, text in texts), element, run))
            else:
                passives.append(Passive(len(tokens), element, run))

        for child in paragraph:
            tag = child.tag
            if tag == W_PPR or not isinstance(tag, str):
                continue
            if group is not None:
                group.elems.append(child)
                if tag == W_R:
                    depth = self._field_depth(child, depth)
                    if depth <= 0:
                        self._close_group(group, tokens)
                        group, depth = None, 0
                continue
            if tag == W_R:
                if child.find(W_FLDCHAR) is not None:
                    flush()
                    depth = self._field_depth(child, 0)
                    group = Token("", "", GROUP)
                    group.elems.append(child)
                    if depth <= 0:
                        self._close_group(group, tokens)
                        group, depth = None, 0
                    continue
                self._run(child, texts, tokens, add_passive, flush)
            elif tag in ELEM_TAGS:
                flush()
                token = Token("", _display_text(child), ELEM)
                token.elems.append(child)
                token.key = self._field_key(child, [child]) if tag == _W_FLDSIMPLE else (
                    "\x02" + etree.QName(child).localname + token.text
                    + signature([child], self.rel_key))
                tokens.append(token)
            else:
                add_passive(child, None)
        flush()
        if group is not None:
            self._close_group(group, tokens)
        return tokens, passives

    def _close_group(self, group: Token, tokens: list[Token]) -> None:
        group.text = "".join(_display_text(e) for e in group.elems if e.tag == W_R)
        begins = sum(1 for e in group.elems for f in e.iter(W_FLDCHAR)
                     if f.get(W_FLDCHARTYPE) == "begin")
        group.key = self._field_key(None, group.elems) if begins == 1 else (
            "\x03" + group.text + signature(group.elems, self.rel_key))
        tokens.append(group)

    def _field_key(self, simple: etree._Element | None, elems: list[etree._Element]) -> str:
        """Key one field by its instruction, shown text and the formatting of that text, so
        a simple field and the same field written as fldChar runs (as a redline's marks
        write it) are one unchanged unit."""
        if simple is not None:
            instr = simple.get(_W_INSTR) or ""
        else:
            instr = "".join(t.text or "" for e in elems for t in e.iter(_W_INSTRTEXT))
        shown = [r for e in elems for r in e.iter(W_R) if r.find(W_T) is not None]
        return ("\x03field " + " ".join(instr.split()) + "\x00"
                + "".join(_display_text(r) for r in shown) + "\x00"
                + "".join(rpr_key(r, self.fmt_cache) for r in shown))

    @staticmethod
    def _field_depth(run: etree._Element, depth: int) -> int:
        for fld in run.iter(W_FLDCHAR):
            kind = fld.get(W_FLDCHARTYPE)
            if kind == "begin":
                depth += 1
            elif kind == "end":
                depth -= 1
        return depth

    def _run(self, run, texts, tokens, add_passive, flush) -> None:
        for child in run:
            tag = child.tag
            if tag == W_T:
                if child.text:
                    texts.append((run, child.text))
                continue
            if tag in (W_RPR, W_LRPB) or not isinstance(tag, str):
                continue
            if tag in PASSIVE_RUN_CHILDREN:
                add_passive(child, run)
                continue
            flush()
            if tag == W_TAB:
                token = Token("\t", "\t", ATOM)
            elif tag in (W_BR, W_CR):
                token = Token("\x01br" + (child.get(W_TYPE) or ""), "\n", ATOM)
            elif tag == W_NBH:
                token = Token("\x01nbh", "-", ATOM)
            elif tag == W_SOFTH:
                token = Token("\x01shy", "", ATOM)
            elif tag == W_FNREF:
                token = Token("\x01fn", "", ATOM)
            elif tag == W_ENREF:
                token = Token("\x01en", "", ATOM)
            else:
                token = Token(
                    "\x01" + etree.QName(child).localname + signature([child], self.rel_key),
                    "",
                    ATOM,
                )
            token.run = run
            token.elems.append(child)
            token.fmt = (rpr_key(run, self.fmt_cache),)
            tokens.append(token)

    def _text_tokens(self, texts: list[tuple[etree._Element, str]], tokens: list[Token]) -> None:
        if len(texts) == 1:
            run, text = texts[0]
            fmt = (rpr_key(run, self.fmt_cache),)
            for match in self.pattern.finditer(text):
                word = match.group()
                token = Token(word, word, TEXT)
                token.pieces.append((run, word))
                token.fmt = fmt
                tokens.append(token)
            return
        full = "".join(text for _, text in texts)
        bounds = []  # end offset of each piece
        end = 0
        for _, text in texts:
            end += len(text)
            bounds.append(end)
        index = 0
        for match in self.pattern.finditer(full):
            start, stop = match.span()
            word = match.group()
            token = Token(word, word, TEXT)
            while bounds[index] <= start:
                index += 1
            cursor, i = start, index
            fmt: list[list] = []
            while cursor < stop:
                piece_end = min(bounds[i], stop)
                run = texts[i][0]
                token.pieces.append((run, full[cursor:piece_end]))
                key = rpr_key(run, self.fmt_cache)
                if fmt and fmt[-1][1] == key:
                    fmt[-1][0] += piece_end - cursor
                else:
                    fmt.append([piece_end - cursor, key])
                cursor = piece_end
                if cursor >= bounds[i]:
                    i += 1
            token.fmt = tuple(map(tuple, fmt)) if len(fmt) > 1 else (fmt[0][1],)
            tokens.append(token)


def paragraph_text(tokens: list[Token]) -> str:
    """Return the text of a paragraph from its tokens."""
    return "".join(token.text for token in tokens)
