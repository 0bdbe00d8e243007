"""Work out when policy documents are due for review: pure schedule maths, no clock, no I/O.

The rules, in the words policy managers know from PolicyTech:

- A document with ``review:`` in its front matter is on a review *cycle*: reviews fall
  due on ``start + 1 interval``, ``start + 2 intervals``... Each date is counted from the
  start in one step (``Interval.add_to``), so month ends are kept: a cycle starting on
  31 January with a 1 month interval falls due on 29 February 2024, 31 March, 30 April.
- The cycle starts on ``review.cycle_start`` when the file has it, else on the last
  review (``review.last_reviewed``, or when absent the ``Reviewed-on:`` trailer of the
  newest commit touching the file with a ``Reviewed-by:`` trailer), else on the approval
  date. A draft with none of these is *awaiting approval*: not yet in force, so not
  due. Any other document with none of them has *never been reviewed*: it is overdue,
  with no due date, until a first review is recorded. Superseded documents are not
  scheduled.
- The *due date* is the first date of the cycle whose warning period (the ``warning``
  days or months before it) starts after the last review. A review on the start itself
  therefore makes the next due date ``start + 1 interval``.
- Recording a review on day ``r`` against due date ``d``: inside the warning period
  (``d - warning <= r <= d``) the cycle is kept and the next due date is the cycle's
  next date, a full interval on from ``d``, not from ``r``. Outside it (early, or late)
  a new cycle starts on ``r`` and the next due date is ``r + interval``.

So the next due date is always after the review and at most one interval (at its longest,
``Interval.longest_days``) after the later of the due date and the review.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import ValidationError

from policykit.content.models import Interval, ReviewSchedule
from policykit.content.reviewcycle import due_date, warning_starts
from policykit.errors import ReviewError

ReviewSource = Literal["content", "git"]


class ReviewStatus(StrEnum):
    """Where a document stands against its review schedule on a given day."""

    OVERDUE = "overdue"
    DUE = "due"
    SCHEDULED = "scheduled"
    NEVER_REVIEWED = "never reviewed"
    AWAITING_APPROVAL = "awaiting approval"


@dataclass(frozen=True)
class ScheduledDocument:
    """A document with a review schedule, and the review dates found for it."""

    doc_id: str
    title: str
    source: str
    schedule: ReviewSchedule
    last_reviewed: date | None = None
    reviewed_from: ReviewSource | None = None
    approved_on: date | None = None
    draft: bool = False

    @property
    def cycle_start(self) -> date | None:
        """Return the date the review cycle counts from, or None when never reviewed."""
        return self.schedule.cycle_start or self.last_reviewed or self.approved_on

    @property
    def due(self) -> date | None:
        """Return the date the next review is due, or None when never reviewed."""
        start = self.cycle_start
        if start is None:
            return None
        try:
            return due_date(
                start, self.last_reviewed, self.schedule.interval, self.schedule.warning
            )
        except OverflowError:
            raise ReviewError(
                f"{self.source}, field review: the next review would fall after the year "
                "9999; check review.last_reviewed and review.interval"
            ) from None


@dataclass(frozen=True)
class DueReview:
    """One line of the due list: a document, its owner, its due date and the days left."""

    doc_id: str
    title: str
    source: str
    owner: str
    email: str
    interval: Interval
    warning: Interval | None
    last_reviewed: date | None
    reviewed_from: ReviewSource | None
    due: date | None
    days_left: int | None
    status: ReviewStatus

    @property
    def overdue(self) -> bool:
        """Return whether the review is late (or the document was never reviewed)."""
        return self.status in (ReviewStatus.OVERDUE, ReviewStatus.NEVER_REVIEWED)

    def as_dict(self) -> dict[str, object]:
        """Return the line as plain JSON-ready values (dates as YYYY-MM-DD)."""
        return {
            "document": self.doc_id,
            "title": self.title,
            "file": self.source,
            "owner": self.owner,
            "email": self.email,
            "interval": str(self.interval),
            "warning": str(self.warning) if self.warning else None,
            "last_reviewed": self.last_reviewed.isoformat() if self.last_reviewed else None,
            "last_reviewed_from": self.reviewed_from,
            "due": self.due.isoformat() if self.due else None,
            "days_left": self.days_left,
            "status": self.status.value,
        }


@dataclass(frozen=True)
class ReviewOutcome:
    """What recording a review changes: the new front matter values and the next due date."""

    reviewed_on: date
    due_before: date | None
    in_warning_period: bool
    cycle_start: date | None
    next_due: date


def parse_interval(text: str, what: str) -> Interval:
    """Return the interval written in ``text`` (``30d``, ``6 months``, ``P6M``).

    ``what`` names the value in an error, e.g. "review window".
    """
    try:
        return Interval.model_validate(text)
    except ValidationError as exc:
        problem = str(exc.errors()[0]["msg"]).removeprefix("Value error, ")
        raise ReviewError(f"{what}: {problem}") from None


def cycle_dates(start: date, first_due: date, interval: Interval, count: int) -> list[date]:
    """Return ``count`` due dates of the cycle from ``start``, beginning with ``first_due``.

    Fewer come back when the cycle runs past the year 9999.
    """
    times = max(1, (first_due - start).days // interval.longest_days())
    dates: list[date] = []
    try:
        while interval.add_to(start, times) < first_due:
            times += 1
        for k in range(count):
            dates.append(interval.add_to(start, times + k))
    except OverflowError:
        pass
    return dates


def upcoming(document: ScheduledDocument, today: date, count: int) -> list[date]:
    """Return the next ``count`` due dates, assuming each review is done when it is due.

    A document never reviewed is treated as due ``today``, starting a cycle there.
    """
    schedule = document.schedule
    start, due = document.cycle_start, document.due
    if start is None or due is None:
        try:
            after = cycle_dates(today, schedule.interval.add_to(today), schedule.interval, count)
        except OverflowError:
            after = []
        return [today, *after][:count]
    return cycle_dates(start, due, schedule.interval, count)


def record(document: ScheduledDocument, on: date, today: date) -> ReviewOutcome:
    """Return the effect of a review done ``on`` a day: the new cycle and next due date.

    Refuse a date after ``today`` or before the last review.
    """
    field = f"{document.source}, field review.last_reviewed"
    if on > today:
        raise ReviewError(
            f"{field}: the review date {on} is in the future (today is {today}); "
            "give the day the review was done"
        )
    if document.last_reviewed and on < document.last_reviewed:
        raise ReviewError(
            f"{field}: the review date {on} is before the last review "
            f"({document.last_reviewed}); give the day this review was done"
        )
    schedule = document.schedule
    start, due = document.cycle_start, document.due
    inside = (
        start is not None
        and due is not None
        and warning_starts(due, schedule.warning) <= on <= due
    )
    new_start = start if inside and start is not None else on
    try:
        next_due = due_date(new_start, on, schedule.interval, schedule.warning)
    except OverflowError:
        raise ReviewError(
            f"{field}: the next review would fall after the year 9999; check the date"
        ) from None
    return ReviewOutcome(
        reviewed_on=on,
        due_before=due,
        in_warning_period=inside,
        cycle_start=new_start if new_start != on else None,
        next_due=next_due,
    )


def status_on(document: ScheduledDocument, today: date) -> DueReview:
    """Return the document's line of the due list as it stands on ``today``."""
    schedule = document.schedule
    due = document.due
    if due is None:
        status = ReviewStatus.AWAITING_APPROVAL if document.draft else \
            ReviewStatus.NEVER_REVIEWED
        days = None
    else:
        days = (due - today).days
        if days < 0:
            status = ReviewStatus.OVERDUE
        elif warning_starts(due, schedule.warning) <= today:
            status = ReviewStatus.DUE
        else:
            status = ReviewStatus.SCHEDULED
    return DueReview(
        doc_id=document.doc_id,
        title=document.title,
        source=document.source,
        owner=schedule.owner,
        email=schedule.email,
        interval=schedule.interval,
        warning=schedule.warning,
        last_reviewed=document.last_reviewed,
        reviewed_from=document.reviewed_from,
        due=due,
        days_left=days,
        status=status,
    )


def due_list(
    documents: Iterable[ScheduledDocument],
    today: date,
    within: Interval | None = None,
    owner: str | None = None,
) -> list[DueReview]:
    """Return the reviews overdue or due on ``today``, by owner, then due date.

    Due means: due by ``today + within`` when ``within`` is given, else inside the
    document's own warning period (on its due date when it has none). ``owner`` keeps only
    that team's documents (matched ignoring case); an owner with no documents is an error.
    """
    documents = list(documents)
    if owner is not None:
        wanted = owner.strip().casefold()
        kept = [d for d in documents if d.schedule.owner.casefold() == wanted]
        if not kept:
            owners = sorted({d.schedule.owner for d in documents})
            raise ReviewError(
                f"no document is reviewed by {owner!r}; owners are: "
                + (", ".join(owners) if owners else "none (no document has 'review:')")
            )
        documents = kept
    try:
        horizon = within.add_to(today) if within else None
    except OverflowError:
        raise ReviewError(f"review window: {today} + {within} is after the year 9999; "
                          "look less far ahead") from None
    lines = []
    for document in documents:
        line = status_on(document, today)
        if line.overdue or line.status is ReviewStatus.DUE or (
            horizon is not None and line.due is not None and line.due <= horizon
        ):
            lines.append(line)
    return sorted(lines, key=lambda line: (
        line.owner.casefold(), line.due or date.min, line.doc_id
    ))


__all__ = [
    "DueReview",
    "ReviewOutcome",
    "ReviewStatus",
    "ScheduledDocument",
    "cycle_dates",
    "due_date",
    "due_list",
    "parse_interval",
    "record",
    "status_on",
    "upcoming",
    "warning_starts",
]
