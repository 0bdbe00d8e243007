"""Count a review cycle: the date the next review falls due (pure, shared by the review
schedule and by the documents that print "next review ...")."""

from __future__ import annotations

from datetime import date

from policykit.content.lifecycle import approved_on
from policykit.content.models import Interval, PolicyDocument
from policykit.errors import ReviewError

MAX_CYCLE_STEPS = 100_000


def warning_starts(due: date, warning: Interval | None) -> date:
    """Return the first day of the warning period before ``due`` (``due`` with no warning)."""
    return warning.subtract_from(due) if warning else due


def due_date(
    start: date, last_reviewed: date | None, interval: Interval, warning: Interval | None
) -> date:
    """Return the first cycle date ``start + k * interval`` (k >= 1) not yet reviewed.

    A cycle date counts as reviewed when the last review fell on or after the first day of
    its warning period.
    """
    if last_reviewed is None or last_reviewed < start:
        return interval.add_to(start)
    # Jump close to the answer, then step: each interval spans at most longest_days, so
    # start + steps intervals is not after the last review.
    steps = max(1, (last_reviewed - start).days // interval.longest_days())
    for times in range(steps, steps + MAX_CYCLE_STEPS):
        candidate = interval.add_to(start, times)
        if warning_starts(candidate, warning) > last_reviewed:
            return candidate
    raise ReviewError(  # pragma: no cover - unreachable with a non-zero interval
        f"no due date within {MAX_CYCLE_STEPS} intervals of {start}"
    )


def next_review(document: PolicyDocument) -> date | None:
    """Return when the document's next review falls due: counted from its last review, else
    from its approval (None for a paper not approved and never reviewed)."""
    review = document.review
    if review is None:
        return None
    start = review.cycle_start or review.last_reviewed or approved_on(document)
    if start is None:
        return None
    try:
        return due_date(start, review.last_reviewed, review.interval, review.warning)
    except OverflowError:
        return None


__all__ = ["MAX_CYCLE_STEPS", "due_date", "next_review", "warning_starts"]
