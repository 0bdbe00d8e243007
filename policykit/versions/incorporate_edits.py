"""Turn a reviewer's changes to a built document into minimal edits of its content file (pure).

Each Word paragraph is written as one line of Markdown (``## `` for a heading, ``- `` for a
bullet, ``**`` for bold): the *rendered* line. The change between two views of a paragraph
(as sent, and with the reviewer's revisions accepted) is a word-level difference of rendered
lines; each difference is placed in the content file through the build's source map (which
lines the paragraph came from) and a character alignment of the rendered line with those
lines. Only the changed words are rewritten: every other byte of the file stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from policykit.importer.copy import ViewParagraph
from policykit.versions.incorporate_fields import Source, yaml_spans

FIELDS = ("subject", "report_of", "wards_affected", "responsible_officer", "title")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
CONTEXT = 24


@dataclass(frozen=True)
class Edit:
    """Replace ``start:end`` of a content file (as it stood at the base) by ``text``."""

    file: str
    start: int
    end: int
    text: str
    reviewer: str
    where: str
    old: str
    new: str
    kind: str = "words"
    before: str = ""  # the file's text just before and after the span, to find it again
    after: str = ""
    date: str | None = None


def prefix(paragraph: ViewParagraph) -> str:
    """Return the Markdown that starts a paragraph of this style: '# ', '- ', '1. ', '> '."""
    style = paragraph.style
    if paragraph.cell is not None:
        return ""
    match = re.fullmatch(r"heading (\d)", style)
    if match:
        return "#" * int(match.group(1)) + " "
    if style == "numbered heading":
        return "# "
    listed = paragraph.listed if "number" not in style else None
    if style.startswith("list bullet") or listed == "bullet":
        return "- "
    if style.startswith("list number") or listed == "number":
        return "1. "
    if style == "quote":
        return "> "
    return ""


def _mark(text: str, marker: str) -> str:
    core = text.strip()
    if not core or not marker:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()):]
    return f"{lead}{marker}{core}{marker}{tail}"


def rendered(paragraph: ViewParagraph) -> str:
    """Return the paragraph as one line of Markdown."""
    out: list[str] = []
    run: list[str] = []
    state = (False, False)
    for piece in [*paragraph.pieces, None]:
        now = (piece.bold, piece.italic) if piece is not None else None
        if now != state or piece is None:
            marker = "***" if state == (True, True) else "**" if state[0] else \
                "*" if state[1] else ""
            out.append(_mark("".join(run), marker))
            run = []
            if now is not None:
                state = now
        if piece is not None:
            run.append(piece.text)
    return prefix(paragraph) + "".join(out)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_changes(old: str, new: str) -> list[tuple[int, int, str]]:
    """Return (start, end, replacement) character edits turning ``old`` into ``new``,
    whole words at a time."""
    a, b = _tokens(old), _tokens(new)
    offsets_a = [0]
    for token in a:
        offsets_a.append(offsets_a[-1] + len(token))
    found = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            found.append((offsets_a[i1], offsets_a[i2], "".join(b[j1:j2])))
    return found


class Alignment:
    """Map positions in a rendered line to positions in the content text it was built from."""

    def __init__(self, line: str, source: str, offset: int) -> None:
        self.map: dict[int, int] = {}
        matcher = SequenceMatcher(None, line, source, autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self.map[block.a + k] = block.b + k + offset
        self.offset, self.length = offset, len(source)

    def left(self, position: int) -> int:
        """Return where an edit starting before rendered character ``position`` starts."""
        if position - 1 in self.map:
            return self.map[position - 1] + 1
        if position in self.map:
            return self.map[position]
        before = [v for k, v in self.map.items() if k < position]
        return max(before) + 1 if before else self.offset

    def right(self, position: int) -> int:
        """Return where an edit ending before rendered character ``position`` ends."""
        if position in self.map:
            return self.map[position]
        if position - 1 in self.map:
            return self.map[position - 1] + 1
        after = [v for k, v in self.map.items() if k >= position]
        return min(after) if after else self.offset + self.length


def _locate(base_line: str, old_line: str, start: int, end: int) -> tuple[int, int] | None:
    """Find ``old_line[start:end]`` in ``base_line`` by its context (the copy drifted)."""
    if base_line == old_line:
        return start, end
    for width in (CONTEXT, 12, 6, 0):
        needle = old_line[max(0, start - width):end + width]
        if needle and base_line.count(needle) == 1:
            at = base_line.index(needle) + (start - max(0, start - width))
            return at, at + (end - start)
    return None


@dataclass
class Carried:
    """What one reviewer's changes became: edits of the content, and what could not be carried."""

    edits: list[Edit] = field(default_factory=list)
    untaken: list[str] = field(default_factory=list)


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _ordered(anchors: list[int]) -> set[int]:
    """Return the anchors of a longest increasing run: the paragraphs that did not move."""
    best: list[list[int]] = []
    for anchor in anchors:
        chains = [c for c in best if c[-1] < anchor]
        best.append([*max(chains, key=len), anchor] if chains else [anchor])
    return set(max(best, key=len)) if best else set()


def _deletion(source: Source, span: tuple[int, int]) -> tuple[int, int]:
    """Widen a paragraph's characters to its whole lines, and one blank line beside it."""
    text = source.text
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    end = len(text) if end < 0 else end + 1
    blank_before = start == 0 or text[max(0, start - 2):start] == "\n\n"
    if blank_before and text[end:end + 1] == "\n":
        end += 1
    return start, end


class _Builder:
    def __init__(self, source: Source, base: list[ViewParagraph], reviewer: str,
                 date: str | None) -> None:
        self.source, self.reviewer, self.date = source, reviewer, date
        self.base = {p.anchor: p for p in base if p.anchor is not None}
        self.carried = Carried()
        self.gone: dict[str, int] = {}  # removed paragraphs by their text: a move's source

    def where(self, anchor: int | None, text: str = "") -> str:
        label = self.source.labels.get(anchor) if anchor is not None else None
        return label or f"the paragraph '{_short(text, 30)}'"

    def add(self, start: int, end: int, text: str, where: str, old: str, new: str,
            kind: str) -> None:
        whole = self.source.text
        self.carried.edits.append(Edit(
            self.source.file, start, end, text, self.reviewer, where, old, new, kind,
            before=whole[max(0, start - CONTEXT):start], after=whole[end:end + CONTEXT],
            date=self.date))

    def words(self, anchor: int, old: ViewParagraph, new: ViewParagraph) -> None:
        r_old, r_new = rendered(old), rendered(new)
        where = self.where(anchor, old.text)
        self._unheld(old, new, where)
        if r_old == r_new:
            return
        span = self.source.span(anchor) if anchor in self.base else None
        if span is None:
            self.carried.untaken.append(
                f"'{_short(old.text)}' changed to '{_short(new.text)}': the build writes that "
                "text from the document's details, not its body; not carried")
            return
        r_base = rendered(self.base[anchor])
        align = Alignment(r_base, self.source.text[span[0]:span[1]], span[0])
        count = len(self.carried.edits)
        for start, end, text in word_changes(r_old, r_new):
            found = _locate(r_base, r_old, start, end)
            if found is None:
                self.carried.untaken.append(
                    f"'{_short(r_old[start:end] or text)}' in {where}: the text around it "
                    "changed since the copy was made; not carried")
                continue
            a = align.left(found[0])
            b = align.right(found[1]) if found[1] > found[0] else a
            self.add(a, max(a, b), text, where, r_old[start:end], text,
                     "formatting" if set(text + r_old[start:end]) <= set("*_ ") else "words")
        if self.source.sources[anchor].startswith("yaml:"):
            self._check_field(anchor, span, count, r_new[len(prefix(new)):], where)

    def _check_field(self, anchor: int, span: tuple[int, int], count: int, value: str,
                     where: str) -> None:
        """Keep a report field's edits only if the YAML still reads as the reviewer's words;
        else write the whole value again, quoted as YAML needs."""
        from policykit.content.yaml import yaml_scalar
        from policykit.errors import ContentError

        mine = self.carried.edits[count:]
        if not mine:
            return
        text = self.source.text
        for edit in sorted(mine, key=lambda e: e.start, reverse=True):
            text = text[:edit.start] + edit.text + text[edit.end:]
        try:
            spans = yaml_spans(text, [self.source.sources[anchor]])
        except ContentError:
            spans = {}
        got = spans.get(self.source.sources[anchor])
        if got and " ".join(text[got[0]:got[1]].split()) == " ".join(value.split()):
            return
        del self.carried.edits[count:]
        a, b = span
        raw = self.source.text
        block = raw[:a].rstrip(" ").endswith("\n")
        if not block and a > 0 and raw[a - 1] in "\"'":
            a, b = a - 1, b + 1
        self.add(a, b, value if block else yaml_scalar(value), where,
                 raw[a:b], value, "words")

    def _unheld(self, old: ViewParagraph, new: ViewParagraph, where: str) -> None:
        before = {(p.text, p.unheld) for p in old.pieces if p.unheld}
        for piece in new.pieces:
            if piece.unheld == ("font colour #FFFFFF",) and new.cell is not None:
                continue  # LibreOffice writes a table style's white header text as direct
            if piece.unheld and (piece.text, piece.unheld) not in before and piece.text.strip():
                self.carried.untaken.append(
                    f"{', '.join(piece.unheld)} on '{_short(piece.text)}' in {where}: "
                    "formatting the content cannot hold; not carried")

    def field(self, old: str, new: str, label: str | None) -> bool:
        """Change a report field shown on the cover (subject, report of...) whose value was
        ``old``, named by the ``label`` beside it (none: the title); return False when no
        field holds it."""
        from policykit.content.yaml import yaml_scalar

        if not self.source.file.endswith((".yaml", ".yml")) or not old.strip():
            return False
        name = label.lower().replace("/s", "s").replace(" ", "_") if label else "title"
        if name not in FIELDS:
            return False
        names = [f"yaml:{name}"]
        for name, (a, b) in yaml_spans(self.source.text, names).items():
            raw = self.source.text
            if " ".join(raw[a:b].split()) != " ".join(old.split()):
                continue
            quoted = a > 0 and raw[a - 1] in "\"'"
            start, end = (a - 1, b + 1) if quoted else (a, b)
            self.add(start, end, yaml_scalar(new.strip()), f"the report's {name[5:]}",
                     old.strip(), new.strip(), "words")
            return True
        return False

    def removed(self, anchor: int, old: ViewParagraph, kind: str = "paragraph removed") -> None:
        span = self.source.span(anchor) if anchor in self.base else None
        where = self.where(anchor, old.text)
        if span is None or not self.source.sources[anchor].startswith("md:") or \
                self.source.sources[anchor].count(":") > 1:
            self.carried.untaken.append(
                f"'{_short(old.text)}' removed ({where}): only whole paragraphs of the body "
                "can be removed; not carried")
            return
        a, b = _deletion(self.source, span)
        self.add(a, b, "", where, rendered(old), "", kind)
        self.gone[rendered(old)] = anchor

    def inserted(self, after: int | None, group: list[ViewParagraph],
                 previous: ViewParagraph | None, kind: str = "paragraph added") -> None:
        anchors = [a for a in self.base if self.source.span(a) is not None
                   and self.source.sources[a].startswith("md:")
                   and self.source.sources[a].count(":") == 1]
        if not anchors:
            for paragraph in group:
                self.carried.untaken.append(
                    f"'{_short(paragraph.text)}' added after {self.where(after)}: new "
                    f"paragraphs of {self.source.file} are not carried; add them there")
            return
        text_parts = []
        last = previous
        for paragraph in group:
            line = rendered(paragraph) if kind != "moved" or not paragraph.cell else ""
            came = paragraph.anchor if kind == "moved" else self.gone.get(rendered(paragraph))
            if came is not None and came in self.base:  # moved: keep its Markdown as written
                span = self.source.span(came)
                if span and rendered(paragraph) == rendered(self.base[came]):
                    line = self.source.text[span[0]:span[1]]
            tight = last is not None and prefix(last) in ("- ", "1. ") and \
                prefix(paragraph) in ("- ", "1. ")
            text_parts.append(("\n" if tight else "\n\n") + line)
            last = paragraph
        where = self.where(after, "") if after is not None else "the start"
        new = "".join(text_parts)
        if after is None or self.source.span(after) is None:
            first = self.source.span(min(anchors))
            assert first is not None
            start = self.source.text.rfind("\n", 0, first[0]) + 1
            self.add(start, start, new.lstrip("\n") + "\n\n", where, "", new.strip(), kind)
            return
        span = self.source.span(after)
        assert span is not None
        end = self.source.text.find("\n", span[1])
        end = len(self.source.text) if end < 0 else end
        self.add(end, end, new, f"after {where}", "", new.strip(), kind)


def _unmapped(builder: _Builder, old: list[ViewParagraph], new: list[ViewParagraph]) -> set[int]:
    """Match the paragraphs the build writes from the document's details (title page, document
    control table), which have no source; report the ones changed. Return the matched ones."""
    olds = [p for p in old if p.anchor is None]
    news = [(i, p) for i, p in enumerate(new) if p.anchor is None]
    matcher = SequenceMatcher(None, [p.text for p in olds], [p.text for _, p in news],
                              autojunk=False)
    kept: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            kept.update(news[j][0] for j in range(j1, j2))
        elif tag == "replace":
            for k, j in enumerate(range(j1, j2)):
                kept.add(news[j][0])
                before = olds[i1 + k].text if i1 + k < i2 else ""
                cell = news[j][1].cell
                label = next((p.text for p in new if cell and p.cell == (*cell[:2], cell[2] - 1)),
                             None)
                if builder.field(before, news[j][1].text, label):
                    continue
                builder.carried.untaken.append(
                    f"'{_short(before)}' changed to '{_short(news[j][1].text)}': the build "
                    "writes that text from the document's details (front matter, pack.yaml), "
                    "not its body; change it there; not carried")
        elif tag == "delete":
            for i in range(i1, i2):
                if olds[i].text.strip():
                    builder.carried.untaken.append(
                        f"'{_short(olds[i].text)}' removed: the build writes it from the "
                        "document's details; not carried")
    return kept


def carry(source: Source, base: list[ViewParagraph], old: list[ViewParagraph],
          new: list[ViewParagraph], reviewer: str, date: str | None = None) -> Carried:
    """Return the edits of ``source`` that turn ``old`` (the copy as it was before this
    reviewer's changes) into ``new`` (with them), placed through the ``base`` build's map."""
    builder = _Builder(source, base, reviewer, date)
    old_by = {p.anchor: p for p in old if p.anchor is not None}
    seen = [p.anchor for p in new if p.anchor is not None and p.anchor in old_by]
    order = {a: i for i, a in enumerate(p.anchor for p in old if p.anchor is not None)}
    still = _ordered([order[a] for a in seen])
    stayed = {a for a in seen if order[a] in still}
    new_anchors = {p.anchor for p in new if p.anchor is not None}
    for anchor, paragraph in old_by.items():
        if anchor not in new_anchors:
            builder.removed(anchor, paragraph)
        elif anchor not in stayed:
            builder.removed(anchor, paragraph, "moved")
    after: int | None = None
    previous: ViewParagraph | None = None
    group: list[ViewParagraph] = []
    moved_group = False
    kept = _unmapped(builder, old, new)
    for index, paragraph in enumerate(new):
        anchor = paragraph.anchor
        if index in kept:
            continue
        if anchor is not None and anchor in stayed:
            if group:
                builder.inserted(after, group, previous, "moved" if moved_group else
                                 "paragraph added")
                group, moved_group = [], False
            if not paragraph.text.strip() and old_by[anchor].text.strip():
                builder.removed(anchor, old_by[anchor])  # every word deleted: the paragraph
            else:
                builder.words(anchor, old_by[anchor], paragraph)
            after, previous = anchor, paragraph
        elif paragraph.cell is not None and anchor is None:
            if paragraph.text.strip():
                builder.carried.untaken.append(
                    f"'{_short(paragraph.text)}' added to a table: new table rows and cells "
                    "are not carried; add them to the content")
        elif anchor is not None and anchor in old_by:  # moved
            if group and not moved_group:
                builder.inserted(after, group, previous)
                group = []
            moved_group = True
            group.append(paragraph)
        elif paragraph.text.strip():
            if group and moved_group:
                builder.inserted(after, group, previous, "moved")
                group, moved_group = [], False
            group.append(paragraph)
    if group:
        builder.inserted(after, group, previous, "moved" if moved_group else "paragraph added")
    return builder.carried


def labels(base: list[ViewParagraph]) -> dict[int, str]:
    """Return each paragraph's label as a reader sees it: 5.4, section 5, or its first words."""
    found: dict[int, str] = {}
    section = paragraph = 0
    for item in base:
        if item.style == "numbered heading":
            section, paragraph = section + 1, 0
            label = f"section {section}"
        elif item.style == "numbered paragraph":
            paragraph += 1
            label = f"{section}.{paragraph}"
        elif item.style.startswith("heading"):
            label = f"the heading '{_short(item.text, 30)}'"
        else:
            label = f"the paragraph '{_short(item.text, 30)}'"
        if item.anchor is not None:
            found[item.anchor] = label
    return found


__all__ = ["Alignment", "Carried", "Edit", "Source", "carry", "labels", "prefix", "rendered",
           "word_changes"]

