"""Bring reviewers' returned copies into the content: ``policykit incorporate``.

By default each reviewer's changes become one commit on ``review/<doc>/<reviewer>`` from the
base their copy was built from, authored by the reviewer (email from ``people:`` in
pack.yaml), dated by their revisions; the current branch and working tree are not touched.
With ``apply`` the changes that do not conflict are committed on the current branch, one
commit per reviewer (author: the reviewer; committer: whoever runs it), and the conflicts are
listed (exit code 3) until ``resolve`` takes a side of each. Comments become review notes in
``notes/<doc>.yaml`` (see :mod:`policykit.versions.notes`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from policykit.content import load
from policykit.errors import HistoryError, InputError
from policykit.versions.incorporate import Base, CopyReading, Review, read_reviews
from policykit.versions.incorporate_edits import Edit, Source
from policykit.versions.incorporate_merge import Conflict, apply, conflicts, rebase
from policykit.versions.incorporate_pending import chosen_edits, load_pending, save_pending
from policykit.versions.notes import Note, format_notes, merge_notes, notes_path, parse_notes
from policykit.versions.repository import ContentRepository
from policykit.word.inputs import read_bytes
from policykit.word.package import write_atomic

CONFLICTS_EXIT = 3


@dataclass
class ReviewerSummary:
    """What one reviewer's copies held and what became of it."""

    name: str
    email: str
    copies: list[str]
    found: int = 0
    mapped: int = 0
    conflicts: int = 0
    comments: int = 0
    applied: int = 0
    already: int = 0
    untaken: list[str] = field(default_factory=list)
    branch: str | None = None
    commit: str | None = None


@dataclass
class ConflictSide:
    """One reviewer's version of words another reviewer changed differently."""

    reviewer: str
    text: str


@dataclass
class ConflictSummary:
    """A conflict as the officer sees it: where, the words as sent, and each side."""

    number: int
    file: str
    line: int
    where: str
    old: str
    sides: list[ConflictSide]
    resolved_for: str | None = None


@dataclass
class ChangeSummary:
    """One change a reviewer made, where it goes and what became of it."""

    id: str
    reviewer: str
    kind: str
    where: str
    line: int
    old: str
    new: str
    status: str  # ready, applied, already in the content, conflict N, rejected


@dataclass
class IncorporateResult:
    """The outcome of ``policykit incorporate``."""

    doc_id: str
    file: str
    applied: bool
    reviewers: list[ReviewerSummary]
    conflicts: list[ConflictSummary]
    notes: int = 0
    notes_file: str | None = None
    changes: list[ChangeSummary] = field(default_factory=list)
    note_list: list[Note] = field(default_factory=list)

    @property
    def open_conflicts(self) -> list[ConflictSummary]:
        """Return the conflicts nobody has taken a side of yet."""
        return [c for c in self.conflicts if c.resolved_for is None]

    @property
    def exit_code(self) -> int:
        """Return 3 when changes were applied and conflicts remain, else 0."""
        return CONFLICTS_EXIT if self.applied and self.open_conflicts else 0


def slug(name: str) -> str:
    """Return a reviewer's name as a branch name part: 'Legal Team' -> 'legal-team'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "reviewer"


def _date(values: Sequence[str | None]) -> datetime | None:
    found = []
    for value in values:
        try:
            found.append(datetime.fromisoformat((value or "").replace("Z", "+00:00")))
        except ValueError:
            continue
    return max(found) if found else None


def _side(conflict: Conflict, reviewer: str, text: str) -> str:
    start = min(e.start for e in conflict.sides)
    end = max(e.end for e in conflict.sides)
    mine = [replace(e, start=e.start - start, end=e.end - start)
            for e in conflict.sides if e.reviewer == reviewer]
    return apply(text[start:end], mine)


def _resolved(conflict: Conflict, resolve: Mapping[int, str]) -> str | None:
    wanted = resolve.get(conflict.number)
    if wanted is None:
        return None
    names = {e.reviewer for e in conflict.sides}
    for name in names:
        if name.lower() == wanted.lower() or slug(name) == slug(wanted):
            return name
    raise InputError(f"conflict {conflict.number} is between {' and '.join(sorted(names))}; "
                     f"--resolve {conflict.number}=NAME takes one of them, not {wanted!r}")


class _Run:
    def __init__(self, content_dir: str | Path, readings: list[CopyReading]) -> None:
        self.content_dir = Path(content_dir)
        self.repository = ContentRepository.open(content_dir)
        self.readings = readings
        pack = load(self.content_dir).pack
        self.emails = {p.name.lower(): p.email for p in pack.people}
        self.summaries: dict[str, ReviewerSummary] = {}

    def summary(self, name: str) -> ReviewerSummary:
        if name not in self.summaries:
            self.summaries[name] = ReviewerSummary(name, self.emails.get(name.lower(), ""), [])
        return self.summaries[name]

    def reviews(self) -> list[Review]:
        found = [review for reading in self.readings for review in reading.reviews]
        for review in found:
            summary = self.summary(review.reviewer)
            if review.copy not in summary.copies:
                summary.copies.append(review.copy)
            summary.found += len(review.carried.edits) + len(review.carried.untaken)
            summary.untaken += review.carried.untaken
        for reading in self.readings:
            for author in reading.note_authors:
                self.summary(author).comments += 1
        return found


def _notes_for(readings: list[CopyReading], authors: set[str] | None) -> list[Note]:
    notes: list[Note] = []
    for reading in readings:
        notes = merge_notes(notes, [n for n in reading.notes
                                    if authors is None or n.author in authors])
    return notes


def _with_notes(run: _Run, doc_id: str, rev: str | None, notes: list[Note]) -> tuple[str, str]:
    path = notes_path(run.content_dir, doc_id)
    relative = run.repository.relative(path)
    if rev is None:
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
    else:
        existing = run.repository.read(rev, relative).decode("utf-8") \
            if run.repository.exists(rev, relative) else ""
    merged = merge_notes(parse_notes(existing, relative), notes)
    return relative, format_notes(doc_id, merged)


def _to_branches(run: _Run, doc_id: str, reviews: list[Review]) -> None:
    by_reviewer: dict[str, list[Review]] = {}
    for review in reviews:
        by_reviewer.setdefault(review.reviewer, []).append(review)
    commenters = {n.author for r in run.readings for n in r.notes}
    for name in [*by_reviewer, *sorted(commenters - set(by_reviewer))]:
        mine = by_reviewer.get(name, [])
        base: Base = mine[-1].base if mine else run.readings[-1].base
        edits: list[Edit] = []
        for review in mine:
            placed = rebase(review.carried.edits, review.base.source.text, base.source.text)
            edits += placed.edits
        edits = sorted({(e.start, e.end, e.text): e for e in edits}.values(),
                       key=lambda e: e.start)
        files = {base.path: apply(base.source.text, edits).encode("utf-8")}
        notes = _notes_for(run.readings, {name})
        if notes:
            relative, text = _with_notes(run, doc_id, base.commit, notes)
            files[relative] = text.encode("utf-8")
        summary = run.summary(name)
        if not edits and not notes:
            continue
        summary.branch = f"review/{doc_id}/{slug(name)}"
        copies = ", ".join(summary.copies) or ", ".join(r.copy.name for r in run.readings)
        message = (f"Review of {doc_id} by {name}, from {copies}\n\n{len(edits)} change(s) and "
                   f"{len(notes)} comment(s) incorporated by policykit incorporate.")
        summary.commit = run.repository.commit_files(
            summary.branch, base.commit, files, message,
            author=(name, summary.email), date=_date([d for r in mine for d in r.dates]))


def _to_current(run: _Run, doc_id: str, path: str, current: str, alone: list[Edit],
                reviews: list[Review]) -> None:
    root = run.repository.root
    if run.repository.changes([path]):
        raise HistoryError(f"{path} has changes not yet committed; commit or discard them "
                           "before incorporating copies")
    dates = {r.reviewer: _date(r.dates) for r in reviews}
    order = sorted({e.reviewer for e in alone} | {n.author for r in run.readings
                                                   for n in r.notes},
                   key=lambda n: (dates.get(n) is None, dates.get(n) or datetime.min, n))
    done: list[Edit] = []
    runner = run.repository.runner()
    for name in order:
        mine = [e for e in alone if e.reviewer == name]
        done += mine
        paths = [path]
        write_atomic(root / path, apply(current, done).encode("utf-8"))
        notes = _notes_for(run.readings, {name})
        if notes:
            relative, text = _with_notes(run, doc_id, None, notes)
            write_atomic(root / relative, text.encode("utf-8"))
            paths.append(relative)
        if not mine and not notes:
            continue
        summary = run.summary(name)
        summary.applied = len(mine)
        copies = ", ".join(summary.copies) or ", ".join(r.copy.name for r in run.readings)
        summary.commit = run.repository.commit(
            paths, f"Review of {doc_id} by {name}, from {copies}\n\n{len(mine)} change(s) and "
            f"{len(notes)} comment(s) incorporated by policykit incorporate.",
            author=(name, summary.email), date=dates.get(name), committer=runner)


def describe(edit: Edit) -> str:
    """Return a change in a few words: 'well' changed to 'carefully'."""
    if edit.old and edit.new:
        return f"'{edit.old.strip()}' changed to '{edit.new.strip()}'"
    return f"'{edit.new.strip()}' added" if edit.new else f"'{edit.old.strip()}' removed"


def change_id(edit: Edit) -> str:
    """Return a short id for a change, the same each time the same copies are read."""
    key = f"{edit.reviewer}\n{edit.file}\n{edit.before}\n{edit.old}\n{edit.text}\n{edit.after}"
    return hashlib.sha256(key.encode()).hexdigest()[:8]


P = ParamSpec("P")
R = TypeVar("R")


def _under_write_lock(run: Callable[Concatenate[str | Path, P], R]
                      ) -> Callable[Concatenate[str | Path, P], R]:
    """Run ``run`` holding the repository's one write lock (not for ``mode="preview"``): it
    reads the text at HEAD, then writes files, review branches and commits on that text."""

    @functools.wraps(run)
    def locked(content_dir: str | Path, *args: P.args, **kwargs: P.kwargs) -> R:
        if kwargs.get("mode") == "preview":
            return run(content_dir, *args, **kwargs)
        with ContentRepository.open(content_dir).write_lock():
            return run(content_dir, *args, **kwargs)

    return locked


@_under_write_lock
def incorporate(content_dir: str | Path, copies: Sequence[tuple[str, bytes]], *,
                doc: str | None = None, base: str | None = None, by: str | None = None,
                mode: str = "branches", resolve: Mapping[int, str] | None = None,
                reject: Collection[str] = ()) -> IncorporateResult:
    """Bring returned copies (name, bytes) of one document into the content (see module).

    ``mode`` is ``branches`` (a review branch per reviewer), ``apply`` (commit on the current
    branch) or ``preview`` (write nothing). ``resolve`` takes a side ({conflict number:
    reviewer}); ``reject`` holds the ids of changes to leave out.
    """
    repository = ContentRepository.open(content_dir)
    council = load(content_dir).pack.council
    bases: dict[tuple[str, str], Base] = {}
    readings = [read_reviews(content_dir, repository, council, name, data, doc=doc, base=base,
                             by=by, bases=bases) for name, data in copies]
    doc_ids = {r.base.doc_id for r in readings}
    if len(doc_ids) > 1:
        raise InputError(f"the copies are of different documents ({', '.join(sorted(doc_ids))}); "
                         "incorporate the copies of one document at a time")
    doc_id = doc_ids.pop()
    run = _Run(content_dir, readings)
    reviews = run.reviews()
    path = readings[0].base.path
    current = repository.read("HEAD", path).decode("utf-8")
    placed_all: list[Edit] = []
    line_of = Source(path, current, 0, []).line_of
    changes: list[ChangeSummary] = []
    for review in reviews:
        placed = rebase(review.carried.edits, review.base.source.text, current)
        changes += [ChangeSummary(change_id(e), e.reviewer, e.kind, e.where, 0, e.old, e.new,
                                  "already in the content") for e in placed.applied]
        summary = run.summary(review.reviewer)
        summary.already += len(placed.applied)
        summary.untaken += [f"{describe(e)} in {e.where}: the words around it have changed "
                            "since the copy was made; not carried" for e in placed.lost]
        placed_all += [e for e in placed.edits if change_id(e) not in reject]
        changes += [ChangeSummary(change_id(e), e.reviewer, e.kind, e.where,
                                  line_of(e.start), e.old, e.new, "rejected")
                    for e in placed.edits if change_id(e) in reject]
    alone, found = conflicts(placed_all, current, line_of)
    status = {change_id(e): "ready" if mode == "preview" else
              "applied" if mode == "apply" else "on the review branch" for e in alone}
    summaries = []
    for conflict in found:
        taken = _resolved(conflict, resolve or {})
        names = list(dict.fromkeys(e.reviewer for e in conflict.sides))
        for name in names:
            run.summary(name).conflicts += 1
        if taken is not None:
            alone += [e for e in conflict.sides if e.reviewer == taken]
        for edit in conflict.sides:
            status[change_id(edit)] = f"conflict {conflict.number}" + (
                f", {taken}'s side taken" if taken else "")
        summaries.append(ConflictSummary(
            conflict.number, conflict.file, conflict.line, conflict.where, conflict.old,
            [ConflictSide(name, _side(conflict, name, current)) for name in names], taken))
    every = {change_id(e): e for e in [*alone, *placed_all]}
    changes += [ChangeSummary(key, e.reviewer, e.kind, e.where, line_of(e.start), e.old, e.new,
                              status.get(key, "made by another reviewer too"))
                for key, e in every.items()]
    for change in changes:
        if change.status != "rejected":
            run.summary(change.reviewer).mapped += 1
    if mode == "apply":
        _to_current(run, doc_id, path, current, alone, reviews)
        save_pending(repository, doc_id, path, current, found,
                     {c.number for c in summaries if c.resolved_for})
    elif mode == "branches":
        _to_branches(run, doc_id, reviews)
    notes = _notes_for(readings, None)
    return IncorporateResult(doc_id, path, mode == "apply", list(run.summaries.values()),
                             summaries, len(notes),
                             repository.relative(notes_path(content_dir, doc_id)) if notes
                             else None, sorted(changes, key=lambda c: (c.line, c.reviewer)),
                             notes)


@_under_write_lock
def resolve_waiting(content_dir: str | Path, resolve: Mapping[int, str], *,
                    doc: str | None = None) -> IncorporateResult:
    """Take the sides ``resolve`` names ({number: reviewer}) of the conflicts the last
    ``--apply`` left, without the copies: commit each side taken, authored by its reviewer."""
    repository = ContentRepository.open(content_dir)
    pending = load_pending(repository, doc)
    doc_id, path = pending["document"], pending["file"]
    if repository.changes([path]):
        raise HistoryError(f"{path} has changes not yet committed; commit or discard them "
                           "before resolving conflicts")
    current = (repository.root / path).read_text(encoding="utf-8")
    taken, edits, lost = chosen_edits(pending, resolve, current)
    pack = load(content_dir).pack
    emails = {p.name.lower(): p.email for p in pack.people}
    summaries: dict[str, ReviewerSummary] = {}
    runner = repository.runner()
    done: list[Edit] = []
    for name in dict.fromkeys(taken.values()):
        mine = [e for e in edits if e.reviewer == name]
        numbers = ", ".join(str(n) for n, who in taken.items() if who == name)
        summary = summaries[name] = ReviewerSummary(name, emails.get(name.lower(), ""),
                                                    [f"conflict {numbers}"])
        summary.untaken = [f"{describe(e)} in {e.where}: the words around it have changed "
                           "since the conflict was found; not carried"
                           for e in lost if e.reviewer == name]
        if not mine:
            continue
        done += mine
        write_atomic(repository.root / path, apply(current, done).encode("utf-8"))
        summary.applied = summary.mapped = summary.found = len(mine)
        summary.commit = repository.commit(
            [path], f"Review of {doc_id} by {name}: conflict {numbers} resolved for {name}",
            author=(name, summary.email), date=_date([e.date for e in mine]), committer=runner)
    conflicts_now = [ConflictSummary(
        c["number"], path, c["line"], c["where"], c["old"],
        [ConflictSide(r, _side(Conflict(c["number"], path, c["line"], c["where"], c["old"],
                                        [Edit(**e) for e in c["sides"]]), r, pending["text"]))
         for r in dict.fromkeys(e["reviewer"] for e in c["sides"])],
        taken.get(c["number"])) for c in pending["conflicts"]]
    save_pending(repository, doc_id, path, pending["text"],
                 [Conflict(c["number"], path, c["line"], c["where"], c["old"],
                           [Edit(**e) for e in c["sides"]]) for c in pending["conflicts"]],
                 set(taken))
    return IncorporateResult(doc_id, path, True, list(summaries.values()), conflicts_now)


def incorporate_files(content_dir: str | Path, files: Sequence[str | Path], **options: object
                      ) -> IncorporateResult:
    """Read the returned copies at ``files`` (refusing unreadable ones) and incorporate them."""
    copies = [(Path(file).name, read_bytes(file)) for file in files]
    return incorporate(content_dir, copies, **options)  # type: ignore[arg-type]


__all__ = ["CONFLICTS_EXIT", "ChangeSummary", "ConflictSide", "ConflictSummary",
           "IncorporateResult", "ReviewerSummary", "change_id", "incorporate",
           "incorporate_files", "resolve_waiting", "slug"]
