"""Read reviewers' returned Word copies and turn them into each reviewer's edits of the content.

For each copy: find what it is a copy of (the document id and commit the build wrote into its
custom properties, or ``--doc``/``--base``), rebuild that revision with its source map, and
read every reviewer's changes: one view of the copy per author of tracked changes (their
revisions accepted, everyone else's rejected), and the untracked edits (the copy with every
revision rejected, against the rebuilt base), credited to ``--by`` or the file's last author.
:mod:`policykit.versions.incorporate_run` combines the reviewers and commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from policykit.content.frontmatter import split_front_matter
from policykit.content.layout import document_file_names
from policykit.errors import HistoryError, InputError
from policykit.importer.copy import Comment, ReturnedCopy, ViewParagraph, read_copy, view
from policykit.versions.incorporate_edits import Carried, Source, carry, labels
from policykit.versions.notes import Note, note_id
from policykit.versions.repository import ContentRepository
from policykit.versions.snapshot import load_content

NAMING = ("say what it is a copy of with --doc ID and --base REV (the commit or version it "
          "was built from: see 'policykit history ID')")


@dataclass
class Base:
    """A document as built at a revision: its content file, its paragraphs and their sources."""

    doc_id: str
    commit: str
    path: str  # the content file, from the repository root
    source: Source
    paragraphs: list[ViewParagraph]


@dataclass
class Review:
    """One reviewer's contribution from one copy."""

    reviewer: str
    copy: str
    base: Base
    carried: Carried
    dates: list[str] = field(default_factory=list)
    tracked: bool = True


@dataclass
class CopyReading:
    """What one copy held: each reviewer's changes, and the comments as notes."""

    copy: ReturnedCopy
    base: Base
    reviews: list[Review]
    notes: list[Note]
    note_authors: list[str]


def _identify(copy: ReturnedCopy, doc: str | None, base: str | None,
              repository: ContentRepository, council: str) -> tuple[str, str]:
    props = copy.properties
    doc_id = doc or props.get("PolicykitDocument")
    stamp = props.get("PolicykitCommit", "")
    if base is None and stamp.endswith("-dirty"):
        raise InputError(
            f"{copy.name}: was built from changes not yet committed (on top of {stamp[:12]}), "
            "so the version it is a copy of cannot be rebuilt; give --base REV for the commit "
            "it matches, and build from committed content before sending copies out")
    rev = base or stamp
    if not doc_id or not rev:
        missing = "the document id and the commit are" if not doc_id else "the commit is"
        raise InputError(f"{copy.name}: does not say which document and version it is a copy "
                         f"of ({missing} not in its properties); {NAMING}")
    if base is None and copy.keywords and council and council not in copy.keywords:
        raise InputError(f"{copy.name}: is a copy of another council's document "
                         f"({copy.keywords}); only copies of the papers of {council} can "
                         "be incorporated")
    try:
        commit = repository.resolve(rev)
    except HistoryError:
        raise InputError(
            f"{copy.name}: was built from {rev[:12]}, which this repository does not have: "
            "it is another council's (or another repository's) document, so it is not "
            f"merged; if it really is a copy of ours, {NAMING}") from None
    return doc_id, commit


def build_base(content_dir: str | Path, repository: ContentRepository, doc_id: str,
               commit: str) -> Base:
    """Rebuild ``doc_id`` at ``commit`` with its source map and read it like a copy."""
    from policykit.render.document import render_document

    content, kit, stamp = load_content(content_dir, at=commit)
    if doc_id not in content.documents:
        raise InputError(f"there is no document {doc_id!r} at {commit[:12]}; "
                         f"the content has {', '.join(sorted(content.documents))}")
    sources: list[str] = []
    data = render_document(content, doc_id, kit, commit=stamp, sources=sources)
    paragraphs = view(read_copy(data, f"{doc_id}@{commit[:8]}").paragraphs, lambda _: False)
    folder = repository.relative(content_dir)
    for name in document_file_names(doc_id):
        path = f"{folder}/{name}" if folder not in ("", ".") else name
        if repository.exists(commit, path):
            break
    text = repository.read(commit, path).decode("utf-8")
    body_line = split_front_matter(text, path)[2] - 1 if path.endswith(".md") else 0
    source = Source(path, text, body_line, sources, labels(paragraphs))
    return Base(doc_id, commit, path, source, paragraphs)


def _anchor_by_text(old: list[ViewParagraph], base: list[ViewParagraph], name: str) -> None:
    """Give the paragraphs of a copy without source-map bookmarks (made before the build
    wrote them, or lost) the anchors of the base paragraphs with the same text and place."""
    if any(p.anchor is not None for p in old):
        return
    matcher = SequenceMatcher(None, [p.text for p in old], [p.text for p in base],
                              autojunk=False)
    pairs = {}
    for block in matcher.get_matching_blocks():
        pairs.update({block.a + k: block.b + k for k in range(block.size)})
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():  # a changed paragraph keeps its place
        if tag == "replace" and i2 - i1 == j2 - j1:
            pairs.update({i1 + k: j1 + k for k in range(i2 - i1)})
    matched = 0
    for i, j in pairs.items():
        if old[i].main is not None and base[j].anchor is not None:
            old[i].main.anchor = old[i].anchor = base[j].anchor
            matched += old[i].text == base[j].text
    mapped = sum(p.anchor is not None for p in base)
    if mapped and matched < mapped / 2:
        raise InputError(f"{name}: does not read like a copy of that document (only {matched} "
                         f"of its {mapped} paragraphs are there); check --doc and --base")


def _notes(comments: list[Comment], base: Base) -> list[Note]:
    notes = []
    for comment in comments:
        where = base.source.labels.get(comment.anchor, "") if comment.anchor is not None else ""
        span = base.source.span(comment.anchor) if comment.anchor is not None else None
        at = f"{base.path}, line {base.source.line_of(span[0])}" if span else base.path
        notes.append(Note(
            id=note_id(comment.author, comment.date or "", comment.text), author=comment.author,
            date=comment.date or "", where=where, quoted=comment.quoted, text=comment.text,
            source=at, resolved=comment.done,
            replies=[{"author": r.author, "date": r.date or "", "text": r.text}
                     for r in comment.replies]))
    return notes


def read_reviews(content_dir: str | Path, repository: ContentRepository, council: str,
                 name: str, data: bytes, *, doc: str | None, base: str | None,
                 by: str | None, bases: dict[tuple[str, str], Base]) -> CopyReading:
    """Read one copy into each reviewer's edits of the content (``bases`` caches rebuilds)."""
    copy = read_copy(data, name)
    doc_id, commit = _identify(copy, doc, base, repository, council)
    built = bases.get((doc_id, commit))
    if built is None:
        built = bases[(doc_id, commit)] = build_base(content_dir, repository, doc_id, commit)
    old = view(copy.paragraphs, lambda _: False)
    _anchor_by_text(old, built.paragraphs, name)
    old = view(copy.paragraphs, lambda _: False)
    if not any(p.anchor is not None for p in old) or not _looks_like(old, built, name):
        raise InputError(f"{name}: does not read like a copy of {doc_id}; check --doc")
    reviews = []
    untracked = carry(built.source, built.paragraphs, built.paragraphs, old, "", copy.modified)
    if untracked.edits or untracked.untaken:
        who = by or (copy.last_modified_by if copy.last_modified_by not in ("policykit", None)
                     else None)
        if who is None:
            raise InputError(f"{name}: has changes made without tracking and does not say who "
                             "made them; name the reviewer with --by NAME")
        untracked = carry(built.source, built.paragraphs, built.paragraphs, old, who,
                          copy.modified)
        reviews.append(Review(who, name, built, untracked,
                              [copy.modified] if copy.modified else [], tracked=False))
    for author in copy.authors():
        new = view(copy.paragraphs, lambda r, a=author: r.author == a)
        dates = copy.dates(author)
        carried = carry(built.source, built.paragraphs, old, new, author,
                        max(dates) if dates else None)
        reviews.append(Review(author, name, built, carried, dates))
    notes = _notes(copy.comments, built)
    authors = [c.author for c in copy.comments] + \
        [r.author for c in copy.comments for r in c.replies]
    return CopyReading(copy, built, reviews, notes, authors)


def _looks_like(old: list[ViewParagraph], built: Base, name: str) -> bool:
    base_text = {p.anchor: p.text for p in built.paragraphs if p.anchor is not None}
    anchored = [p for p in old if p.anchor is not None]
    same = sum(base_text.get(p.anchor) == p.text for p in anchored)
    if anchored and same < len(anchored) / 2:
        raise InputError(f"{name}: does not read like a copy of {built.doc_id} at "
                         f"{built.commit[:12]} (only {same} of {len(anchored)} paragraphs match); "
                         "check --doc and --base")
    return True


__all__ = ["Base", "CopyReading", "Review", "build_base", "read_reviews"]
