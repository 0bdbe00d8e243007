"""Redline the stories beside the body: footnotes, endnotes, headers and footers.

Notes are paired through the references the body redline paired (``PartContext.note_map``);
a deleted reference brings a copy of its old note, marked deleted; notes are then numbered
in reference order. Headers and footers are paired by section, kind and type.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from policykit.redline.context import Context, PartContext
from policykit.redline.engine import mark_container, mark_text_only, redline_story
from policykit.redline.marks import RevisionKind
from policykit.redline.package import Package, RelationshipImporter, resolve
from policykit.redline.summary import STORY_NAMES
from policykit.word.oxml import (
    R_ID,
    W_BODY,
    W_ENREF,
    W_FNREF,
    W_FTRREF,
    W_HDRREF,
    W_ID,
    W_SECTPR,
    W_TYPE,
    qn,
)

NOTE_KINDS = (("footnote", "/footnotes", W_FNREF), ("endnote", "/endnotes", W_ENREF))


def redline_notes(ctx: Context, body: PartContext, new_note_ids: set) -> None:
    """Redline the footnotes and endnotes whose references the body redline placed."""
    for kind, suffix, ref_tag in NOTE_KINDS:
        new_parts = [p for p in ctx.new.parts_of_type(suffix) if ctx.new.has(p)]
        old_parts = [p for p in ctx.old.parts_of_type(suffix) if ctx.old.has(p)]
        deleted = [ref for ref in body.deleted_refs if ref.tag == ref_tag]
        inserted = {i for t, i in new_note_ids if t == ref_tag}
        if not new_parts and not (old_parts and deleted):
            continue
        old_part = old_parts[0] if old_parts else None
        if new_parts:
            new_part = new_parts[0]
        else:
            new_part = _adopt_notes_part(ctx, ctx.importer, old_part, kind)
        pc = PartContext(ctx, old_part or new_part, new_part, f"{kind}s")
        pc.heading = kind
        old_root = ctx.old.xml(old_part) if old_part else None
        _redline_note_part(ctx, body, pc, old_root, (kind, ref_tag), inserted, deleted)


def _notes_of(root: etree._Element | None, note_tag: str) -> dict[str, etree._Element]:
    if root is None:
        return {}
    return {n.get(W_ID): n for n in root.iter(note_tag) if not n.get(W_TYPE)}


def _redline_note_part(ctx: Context, body: PartContext, pc: PartContext,
                       old_root: etree._Element | None, kinds: tuple[str, str], inserted: set,
                       deleted: list) -> None:
    kind, ref_tag = kinds
    note_tag = qn(f"w:{kind}")
    new_root = ctx.new.xml(pc.new_part)
    new_notes = _notes_of(new_root, note_tag)
    old_notes = _notes_of(old_root, note_tag)
    done = set()
    for (map_kind, old_id), new_id in body.note_map.items():
        if map_kind != kind or new_id in done:
            continue
        if old_id in old_notes and new_id in new_notes:
            done.add(new_id)
            redline_story(pc, old_notes[old_id], new_notes[new_id])
    for new_id in sorted(inserted - done):
        note = new_notes.get(new_id)
        if note is not None:
            rev = pc.block_revision(RevisionKind.INS, note, "new")
            mark_text_only(pc, note, RevisionKind.INS, rev)
    _copy_deleted_notes(pc, new_root, old_notes, new_notes, deleted)
    _order_notes(new_root, note_tag, ctx.new.xml(ctx.new.main).find(W_BODY), ref_tag)


def _copy_deleted_notes(pc: PartContext, new_root: etree._Element, old_notes: dict,
                        new_notes: dict, deleted: list) -> None:
    """Copy the old note of each deleted reference into the new part, marked deleted."""
    next_id = max([int(i) for i in new_notes if i and i.lstrip("-").isdigit()] + [0]) + 1
    copies: dict[str, str] = {}
    for ref in deleted:
        old_id = ref.get(W_ID)
        if old_id not in copies:
            old_note = old_notes.get(old_id)
            if old_note is None:
                continue
            copy = etree.fromstring(etree.tostring(old_note))
            copy.set(W_ID, str(next_id))
            copies[old_id] = str(next_id)
            next_id += 1
            pc.prepare_old([copy])
            rev = pc.block_revision(RevisionKind.DEL, old_note, "old")
            mark_text_only(pc, copy, RevisionKind.DEL, rev)
            new_root.append(copy)
        ref.set(W_ID, copies[old_id])


def _order_notes(root: etree._Element, note_tag: str, body: etree._Element, ref_tag: str) -> None:
    """Number the notes 1, 2, ... in the order of their references, and store them so.

    Word finds a note by id; LibreOffice partly by position: with ids, file order and
    reference order all agreeing, both read the same notes.
    """
    notes = [n for n in root if n.tag == note_tag and not n.get(W_TYPE)]
    if not notes:
        return
    by_id = {n.get(W_ID): n for n in notes}
    first = max([int(n.get(W_ID)) for n in root if n.tag == note_tag and n.get(W_TYPE)
                 and (n.get(W_ID) or "").lstrip("-").isdigit()] + [0]) + 1
    ranked: list[etree._Element] = []
    renumber: dict[str, str] = {}
    for ref in body.iter(ref_tag):
        old_id = ref.get(W_ID)
        note = by_id.get(old_id)
        if note is None:
            continue
        if old_id not in renumber:
            renumber[old_id] = str(first + len(ranked))
            ranked.append(note)
        ref.set(W_ID, renumber[old_id])
    rest = [n for n in notes if n.get(W_ID) not in renumber]
    for offset, note in enumerate(rest):
        renumber[note.get(W_ID)] = str(first + len(ranked) + offset)
    anchor = notes[0].getprevious()
    for note in notes:
        root.remove(note)
    position = root.index(anchor) + 1 if anchor is not None else 0
    for offset, note in enumerate(ranked + rest):
        note.set(W_ID, renumber[note.get(W_ID)])
        root.insert(position + offset, note)


def _adopt_notes_part(ctx: Context, importer: RelationshipImporter, old_part: str, kind: str
                      ) -> str:
    """Copy old's notes part (separators only) into new, which has none, and relate it."""
    new_part = importer.copy_part(old_part)
    rel = next(r for r in ctx.old.rels(ctx.old.main).values()
               if resolve(ctx.old.main, r.get("Target", "")) == old_part)
    ctx.new.add_relationship(ctx.new.main, rel.get("Type", ""),
                             posixpath.relpath(new_part, posixpath.dirname(ctx.new.main)),
                             False)
    root = ctx.new.xml(new_part)
    for note in list(root.iter(qn(f"w:{kind}"))):
        if not note.get(W_TYPE):
            root.remove(note)
    return new_part


def _section_refs(package: Package) -> list[tuple[tuple, str]]:
    body = package.xml(package.main).find(W_BODY)
    refs = []
    for index, sect in enumerate(body.iter(W_SECTPR)):
        for ref in sect:
            if ref.tag in (W_HDRREF, W_FTRREF):
                target = package.rel_target(package.main, ref.get(R_ID, ""))
                if target and package.has(target):
                    refs.append(((index, ref.tag, ref.get(W_TYPE) or "default"), target))
    return refs


def redline_headers_footers(ctx: Context, notes: list[str]) -> None:
    """Redline each header and footer against its old counterpart (by section and type)."""
    old_refs = _section_refs(ctx.old)
    exact = dict(old_refs)
    loose: dict = {}
    for (_, tag, kind), part in old_refs:
        loose.setdefault((tag, kind), part)
    done: set[str] = set()
    used_old: set[str] = set()
    for (index, tag, kind), new_part in _section_refs(ctx.new):
        if new_part in done:
            continue
        done.add(new_part)
        label = "header" if tag == W_HDRREF else "footer"
        old_part = exact.get((index, tag, kind)) or loose.get((tag, kind))
        new_root = ctx.new.xml(new_part)
        if old_part is None:
            pc = PartContext(ctx, new_part, new_part, label)
            pc.heading = STORY_NAMES.get((label, kind), f"Page {label}")
            rev = pc.block_revision(RevisionKind.INS, new_root, "new")
            mark_container(pc, new_root, RevisionKind.INS, rev, skip_last=True)
            continue
        used_old.add(old_part)
        pc = PartContext(ctx, old_part, new_part, label)
        pc.heading = STORY_NAMES.get((label, kind), f"Page {label}")
        redline_story(pc, ctx.old.xml(old_part), new_root)
    unused = {part for _, part in old_refs} - used_old
    if unused:
        notes.append(
            f"{len(unused)} header/footer part(s) of the old document have no counterpart in "
            "the new one and are not shown"
        )
