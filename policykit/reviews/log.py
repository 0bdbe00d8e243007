"""Read review schedules from a content folder and its git history, and record reviews.

The I/O edge of ``policykit.reviews``: ``schedules`` finds each scheduled document's last
review (front matter, else the newest ``Reviewed-by:`` commit touching the file, in one
``git log`` pass); ``record`` edits the front matter in place (a ruamel.yaml round trip that
keeps comments and layout), writes the file atomically and commits it with
``Reviewed-by:`` and ``Reviewed-on:`` trailers when the folder is in a git repository.
Every check runs before the file is touched; a failed commit puts the file back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from policykit.content import ContentSet, lifecycle, load, parse
from policykit.content.frontmatter import edit_fields_text, set_field
from policykit.content.models import Interval, PolicyDocument, ReviewResult, Status
from policykit.errors import HistoryError, ReviewError
from policykit.reviews.schedule import (
    DueReview,
    ReviewOutcome,
    ScheduledDocument,
    due_list,
    parse_interval,
)
from policykit.reviews.schedule import record as plan_review
from policykit.versions import repository as history
from policykit.versions.conflicts import write_unversioned
from policykit.versions.trailers import REVIEWED_BY, REVIEWED_ON
from policykit.word.package import write_atomic


@dataclass(frozen=True)
class RecordedReview:
    """A review written to its content file, and the commit that holds it (if any)."""

    doc_id: str
    path: Path
    by: str
    outcome: ReviewOutcome
    commit: str | None
    reopened: str | None = None  # the new draft version changes-needed opened


def _open_repository(folder: Path) -> history.ContentRepository | None:
    try:
        return history.ContentRepository.open(folder)
    except HistoryError:
        return None


def _git_review_dates(
    folder: Path, names: dict[str, str]
) -> dict[str, date]:
    """Return {doc id: last review date} from ``Reviewed-by:`` commits, for ``names``."""
    repo = _open_repository(folder)
    if repo is None:
        return {}
    relative = repo.relative(folder)
    prefix = "" if relative in ("", ".") else f"{relative}/"
    found = repo.last_trailers(REVIEWED_BY, [relative or "."])
    dates: dict[str, date] = {}
    for doc_id, name in names.items():
        version = found.get(prefix + name)
        if version is None:
            continue
        try:
            dates[doc_id] = date.fromisoformat(version.trailers.get(REVIEWED_ON, "").strip())
        except ValueError:
            dates[doc_id] = version.date.date()
    return dates


def scheduled_documents(content: ContentSet, folder: Path) -> list[ScheduledDocument]:
    """Return every document of ``content`` with ``review:``, with its last review date."""
    policies = {
        doc_id: doc for doc_id, doc in sorted(content.documents.items())
        if isinstance(doc, PolicyDocument) and doc.review is not None
        and doc.status is not Status.SUPERSEDED
    }
    missing = {
        doc_id: Path(content.sources[doc_id]).name
        for doc_id, doc in policies.items()
        if doc.review is not None and doc.review.last_reviewed is None
    }
    from_git = _git_review_dates(folder, missing) if missing else {}
    documents = []
    for doc_id, doc in policies.items():
        assert doc.review is not None
        last = doc.review.last_reviewed or from_git.get(doc_id)
        documents.append(ScheduledDocument(
            doc_id=doc_id,
            title=doc.title,
            source=content.sources[doc_id],
            schedule=doc.review,
            last_reviewed=last,
            reviewed_from=("content" if doc.review.last_reviewed else "git") if last else None,
            approved_on=lifecycle.approved_on(doc),
            draft=doc.status in (Status.DRAFT, Status.FOR_DECISION),
        ))
    return documents


def schedules(content_dir: str | Path) -> tuple[ContentSet, list[ScheduledDocument]]:
    """Load the content folder and return it with its scheduled documents."""
    folder = Path(content_dir)
    content = load(folder)
    return content, scheduled_documents(content, folder)


def updated_text(text: str, source: str, outcome: ReviewOutcome, *,
                 finding: str | None = None,
                 reopen: dict[str, lifecycle.FieldValue] | None = None) -> str:
    """Return the content file ``text`` with the review recorded in its front matter.

    Sets ``review.last_reviewed``, ``review.last_outcome`` (when ``finding`` is given) and
    ``review.cycle_start`` after it (or removes it); ``reopen`` fields open a new draft.
    """
    def edit(front: str) -> str:
        front = set_field(front, source, ("review", "last_reviewed"),
                          outcome.reviewed_on.isoformat())
        changes = finding == ReviewResult.CHANGES_NEEDED.value
        front = set_field(front, source, ("review", "last_outcome"),  # no change: the default
                          finding if changes else None, after="last_reviewed")
        start = outcome.cycle_start.isoformat() if outcome.cycle_start else None
        front = set_field(front, source, ("review", "cycle_start"), start,
                          after="last_outcome" if changes else "last_reviewed")
        previous = "version"
        for key, value in (reopen or {}).items():
            front = set_field(front, source, (key,), value, after=previous)
            previous = key if value is not None else previous
        return front

    return edit_fields_text(text, source, edit)


def _check_name(by: str) -> str:
    if len(by.strip().splitlines()) > 1:
        raise ReviewError("the reviewer's name is on more than one line; give it on one "
                          "line, e.g. --by \"Connie Primmer\"")
    name = " ".join(by.split())
    if not name:
        raise ReviewError("the reviewer's name is empty; give the name of the person who "
                          "did the review")
    if len(name) > 200:
        raise ReviewError("the reviewer's name is longer than 200 characters; shorten it")
    return name


def record(
    content_dir: str | Path,
    doc_id: str,
    *,
    by: str,
    on: date,
    today: date,
    note: str | None = None,
    outcome: str = ReviewResult.NO_CHANGE.value,
) -> RecordedReview:
    """Record a review of ``doc_id`` done ``on`` a day: edit the file, then commit it.

    ``no-change`` keeps the document approved; ``changes-needed`` opens its next version as
    a draft. A review of a paper for decision, or dated before its approval, is refused.
    """
    finding = ReviewResult(outcome)
    name = _check_name(by)
    folder = Path(content_dir)
    content = load(folder)
    documents = {d.doc_id: d for d in scheduled_documents(content, folder)}
    if doc_id not in content.documents:
        raise ReviewError(
            f"{folder}: no document {doc_id!r}; documents with a review schedule: "
            + (", ".join(documents) or "none")
        )
    source = content.sources[doc_id]
    if doc_id not in documents:
        raise ReviewError(
            f"{source}, field review: {doc_id} has no review schedule; add 'review:' "
            "with owner, email and interval to its front matter first"
        )
    document = content.documents[doc_id]
    outcome_of = plan_review(documents[doc_id], on, today)
    lifecycle.check_review(doc_id, document, on=on, today=today, strict=False)
    reopen = (lifecycle.reopen(doc_id, document)
              if finding is ReviewResult.CHANGES_NEEDED else None)

    path = folder / Path(source).name
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    new_text = updated_text(text, source, outcome_of, finding=finding.value, reopen=reopen)
    check = parse(new_text, source)
    if not (
        isinstance(check, PolicyDocument)
        and check.review is not None
        and check.review.last_reviewed == on
    ):  # pragma: no cover - a guard against a round trip that lost the edit
        raise ReviewError(f"{source}: could not write review.last_reviewed; file left as it was")
    data = (b"\xef\xbb\xbf" if bom else b"") + new_text.encode("utf-8")

    repo = _open_repository(folder)
    if repo is None:
        write_unversioned(folder, path.name, data, hashlib.sha256(raw).hexdigest())
        return RecordedReview(doc_id, path, name, outcome_of, None, _opened(reopen))
    relative = repo.relative(path)
    others = [name for name in repo.staged() if name != relative]
    if others:
        raise ReviewError(
            f"{source}: git has other changes staged ({', '.join(others[:3])}"
            f"{', ...' if len(others) > 3 else ''}); commit or unstage them first, so the "
            "review commit holds only the review"
        )
    message = f"Review {doc_id}: reviewed by {name} on {on.isoformat()}"
    if finding is ReviewResult.CHANGES_NEEDED:
        message += f", changes needed{f' (version {_opened(reopen)} opened)' if reopen else ''}"
    if note and note.strip():
        message += "\n\n" + note.strip()
    with repo.write_lock(), repo.guard([relative]):  # refused if the file changed since read
        commit = repo.commit(
            [relative], message, {REVIEWED_BY: name, REVIEWED_ON: on.isoformat()},
            write={relative: data}, base={relative: hashlib.sha256(raw).hexdigest()},
        )
    return RecordedReview(doc_id, path, name, outcome_of, commit, _opened(reopen))


def _opened(reopen: dict[str, lifecycle.FieldValue] | None) -> str | None:
    return str(reopen["version"]).strip('"') if reopen else None


def due_reviews(
    content_dir: str | Path = "content",
    *,
    today: date,
    within: Interval | str | None = None,
    owner: str | None = None,
) -> list[DueReview]:
    """Return the reviews overdue or due on ``today``, by owner then due date.

    ``within`` (``30d``, ``2 months``...) widens "due" to everything due by
    ``today + within``; without it, a review is due inside its own warning period.
    """
    if isinstance(within, str):
        within = parse_interval(within, "review window")
    _, documents = schedules(content_dir)
    return due_list(documents, today, within=within, owner=owner)


def write_calendar(
    content_dir: str | Path = "content",
    *,
    today: date,
    out: str | Path | None = None,
) -> bytes:
    """Return (and with ``out``, write atomically) the .ics calendar of review dates."""
    from policykit.reviews.ical import review_calendar  # icalendar: loaded only when needed

    content, documents = schedules(content_dir)
    data = review_calendar(documents, council=content.pack.council, today=today,
                           deadline=content.agenda_deadline(), committee=content.pack.committee)
    if out is not None:
        write_atomic(out, data)
    return data


__all__ = [
    "RecordedReview",
    "due_reviews",
    "record",
    "scheduled_documents",
    "schedules",
    "updated_text",
    "write_calendar",
]
