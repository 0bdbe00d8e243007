"""Review notes: the comments reviewers left on returned copies, kept beside the content.

Notes live in ``notes/<document>.yaml`` inside the content folder, one file per document,
rather than in git notes: git notes hang on commits, not on paragraphs; they are not pushed or
fetched unless asked for; and they do not follow the text through merges. A YAML file travels
with the content, shows in every diff, can be read by anyone, and a note is resolved by
setting ``resolved: true`` (``policykit notes DOC --resolve ID``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from policykit.content.layout import document_file_names, is_document_id
from policykit.content.yaml import parse_yaml, plain, yaml_scalar
from policykit.errors import ContentError

NOTES_DIR = "notes"


@dataclass
class Note:
    """One reviewer's comment (with its replies) on a paragraph of a document."""

    id: str
    author: str
    date: str
    where: str
    quoted: str
    text: str
    source: str = ""
    resolved: bool = False
    replies: list[dict[str, str]] = field(default_factory=list)


def note_id(author: str, date: str, text: str) -> str:
    """Return the short, stable id of a comment (the same comment always gets the same id)."""
    return hashlib.sha256(f"{author}\n{date}\n{text}".encode()).hexdigest()[:6]


def notes_path(content_dir: str | Path, doc_id: str) -> Path:
    """Return where the notes on ``doc_id`` are kept; refuse a name that is not a document id
    (``../x`` would lead outside the content folder)."""
    if not is_document_id(doc_id):
        raise ContentError(f"{doc_id!r} is not a document id; use lower-case letters, digits "
                           "and hyphens (the content file's name without .md or .yaml)")
    return Path(content_dir) / NOTES_DIR / f"{doc_id}.yaml"


def parse_notes(text: str, source: str) -> list[Note]:
    """Return the notes in a notes file's text."""
    data = plain(parse_yaml(text, source)) if text.strip() else {}
    found = []
    for number, item in enumerate((data or {}).get("notes") or [], start=1):
        if not isinstance(item, dict) or "id" not in item or "text" not in item:
            raise ContentError(f"note {number} needs an id and a text", file=source)
        found.append(Note(
            id=str(item["id"]), author=str(item.get("author", "")), date=str(item.get("date", "")),
            where=str(item.get("where", "")), quoted=str(item.get("quoted", "")),
            text=str(item["text"]), source=str(item.get("source", "")),
            resolved=bool(item.get("resolved", False)),
            replies=[{k: str(v) for k, v in reply.items()} for reply in item.get("replies") or []],
        ))
    return found


def _field(key: str, value: str, indent: str) -> list[str]:
    return [f"{indent}{key}: {yaml_scalar(value) if value else chr(34) * 2}"]


def format_notes(doc_id: str, notes: list[Note]) -> str:
    """Return the text of a notes file."""
    lines = [f"# Review notes on {doc_id}: comments reviewers left on returned copies",
             "# (policykit incorporate). Resolve one with: policykit notes "
             f"{doc_id} --resolve ID", "notes:"]
    for note in notes:
        lines.append(f"  - id: {yaml_scalar(note.id)}")
        for key in ("author", "date", "where", "source", "quoted", "text"):
            lines += _field(key, getattr(note, key), "    ")
        lines.append(f"    resolved: {'true' if note.resolved else 'false'}")
        if note.replies:
            lines.append("    replies:")
            for reply in note.replies:
                first = True
                for key in ("author", "date", "text"):
                    lines += _field(key, reply.get(key, ""), "      - " if first else "        ")
                    first = False
    return "\n".join(lines) + "\n"


def merge_notes(existing: list[Note], new: list[Note]) -> list[Note]:
    """Return ``existing`` plus the notes of ``new`` it does not hold yet (by id)."""
    known = {note.id for note in existing}
    return [*existing, *(note for note in new if note.id not in known)]


def resolve_note(notes: list[Note], ident: str, source: str) -> Note:
    """Mark note ``ident`` resolved and return it."""
    for note in notes:
        if note.id == ident:
            note.resolved = True
            return note
    known = ", ".join(note.id for note in notes) or "none"
    raise ContentError(f"no review note {ident!r}; the notes are {known}", file=source)




def load_notes(content_dir: str | Path, doc_id: str) -> list[Note]:
    """Return the review notes on ``doc_id`` (none when it has no notes file)."""
    path = notes_path(content_dir, doc_id)
    if not path.exists():
        if not any((Path(content_dir) / name).is_file() for name in document_file_names(doc_id)):
            raise ContentError(f"no document {doc_id!r} here; give the id of a document in "
                               "the content folder (its file's name without .md or .yaml)",
                               file=content_dir)
        return []
    return parse_notes(path.read_text(encoding="utf-8"), str(path))


def resolve_in_folder(content_dir: str | Path, doc_id: str, ident: str) -> Note:
    """Mark note ``ident`` on ``doc_id`` resolved; commit the notes file when in git."""
    from policykit.versions.repository import ContentRepository
    from policykit.word.package import write_atomic

    path = notes_path(content_dir, doc_id)
    notes = load_notes(content_dir, doc_id)
    note = resolve_note(notes, ident, str(path))
    write_atomic(path, format_notes(doc_id, notes).encode("utf-8"))
    repository = ContentRepository.open(content_dir)
    repository.commit([repository.relative(path)],
                      f"Resolve review note {ident} on {doc_id} ({note.author}: "
                      f"{note.text[:50]})")
    return note


__all__ = ["NOTES_DIR", "Note", "format_notes", "load_notes", "merge_notes", "note_id",
           "notes_path", "parse_notes", "resolve_in_folder", "resolve_note"]
