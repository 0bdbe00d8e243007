"""Combine reviewers' edits of one content file: rebase, find conflicts, apply (pure).

Every edit was made against the file as it stood at its copy's base. It is placed in the
file as it stands now by the words around it (``before`` + old words + ``after``, found once
and only once); found with the new words already there, it was applied before. Two edits by
different reviewers that touch the same characters, differently, are a conflict: neither is
applied until someone takes a side.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from policykit.versions.incorporate_edits import Edit

APPLIED = "already in the content"
MOVED_ON = "the words around it have changed since the copy was made"


@dataclass
class Conflict:
    """Reviewers who changed the same words differently: each side is one edit."""

    number: int
    file: str
    line: int
    where: str
    old: str
    sides: list[Edit] = field(default_factory=list)


@dataclass
class Placed:
    """Edits placed in the current text, those already there, and those that no longer fit."""

    edits: list[Edit] = field(default_factory=list)
    applied: list[Edit] = field(default_factory=list)
    lost: list[Edit] = field(default_factory=list)


def _find_once(text: str, needle: str) -> int | None:
    at = text.find(needle)
    if at < 0 or text.find(needle, at + 1) >= 0:
        return None
    return at


def rebase(edits: list[Edit], base: str, current: str) -> Placed:
    """Place edits made against ``base`` in ``current``."""
    placed = Placed()
    for edit in edits:
        if base == current:
            placed.edits.append(edit)
            continue
        old = base[edit.start:edit.end]
        for width in (len(edit.before), 12, 4):
            before, after = edit.before[-width:] if width else "", edit.after[:width]
            at = _find_once(current, before + old + after)
            if at is not None:
                start = at + len(before)
                placed.edits.append(replace(edit, start=start, end=start + len(old)))
                break
            if _find_once(current, before + edit.text + after) is not None:
                placed.applied.append(edit)
                break
        else:
            placed.lost.append(edit)
    return placed


def _touch(a: Edit, b: Edit) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def conflicts(edits: list[Edit], text: str, line_of) -> tuple[list[Edit], list[Conflict]]:
    """Return the edits that stand alone (duplicates kept once) and the conflicts."""
    unique = {(e.start, e.end, e.text, e.reviewer): e for e in edits}  # two copies, one edit
    ordered = sorted(unique.values(), key=lambda e: (e.start, e.end, e.reviewer))
    groups: list[list[Edit]] = []
    for edit in ordered:
        for group in groups:
            if any(_touch(edit, other) for other in group):
                group.append(edit)
                break
        else:
            groups.append([edit])
    alone: list[Edit] = []
    found: list[Conflict] = []
    for group in groups:
        outcomes = {(e.start, e.end, e.text) for e in group}
        reviewers = {e.reviewer for e in group}
        if len(outcomes) == 1 or len(reviewers) == 1:
            alone.extend(group if len(reviewers) == 1 else group[:1])
            continue
        start, end = min(e.start for e in group), max(e.end for e in group)
        found.append(Conflict(len(found) + 1, group[0].file, line_of(start), group[0].where,
                              text[start:end], group))
    return alone, found


def apply(text: str, edits: list[Edit]) -> str:
    """Return ``text`` with non-overlapping ``edits`` made."""
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def side_text(conflict: Conflict, edit: Edit, text: str) -> str:
    """Return the conflicting words as ``edit``'s reviewer would have them."""
    start = min(e.start for e in conflict.sides)
    end = max(e.end for e in conflict.sides)
    return apply(text[start:end], [replace(edit, start=edit.start - start,
                                           end=edit.end - start)])


__all__ = ["APPLIED", "MOVED_ON", "Conflict", "Placed", "apply", "conflicts", "rebase",
           "side_text"]
