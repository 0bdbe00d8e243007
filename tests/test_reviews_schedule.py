"""Test review scheduling: the interval maths, due dates, cycles and the due list (pure)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.content.models import Interval, ReviewSchedule
from policykit.errors import ReviewError
from policykit.reviews.schedule import (
    ReviewStatus,
    ScheduledDocument,
    cycle_dates,
    due_date,
    due_list,
    parse_interval,
    record,
    upcoming,
)


def schedule(interval: str, warning: str | None = None, **extra: object) -> ReviewSchedule:
    return ReviewSchedule.model_validate({
        "owner": "Communications Team", "email": "communications@example.gov.uk",
        "interval": interval, "warning": warning, **extra,
    })


def document(interval: str, warning: str | None = None, last: date | None = None,
             approved: date | None = None, **extra: object) -> ScheduledDocument:
    return ScheduledDocument(
        doc_id="guidance", title="Guidance", source="content/guidance.md",
        schedule=schedule(interval, warning, last_reviewed=last, **extra),
        last_reviewed=last, reviewed_from="content" if last else None, approved_on=approved,
    )


# -- Interval arithmetic --------------------------------------------------------------


@pytest.mark.parametrize(("start", "interval", "times", "expected"), [
    (date(2023, 1, 31), "1 month", 1, date(2023, 2, 28)),
    (date(2024, 1, 31), "1 month", 1, date(2024, 2, 29)),
    (date(2024, 1, 31), "1 month", 2, date(2024, 3, 31)),
    (date(2024, 2, 29), "1 year", 1, date(2025, 2, 28)),
    (date(2024, 2, 29), "P1Y", 4, date(2028, 2, 29)),
    (date(2019, 8, 31), "6 months", 1, date(2020, 2, 29)),
    (date(2019, 12, 11), "P6M", 1, date(2020, 6, 11)),
    (date(2019, 12, 25), "2 weeks", 1, date(2020, 1, 8)),
    (date(2019, 12, 31), "30d", 1, date(2020, 1, 30)),
])
def test_interval_add_to_clamps_to_month_end(
    start: date, interval: str, times: int, expected: date
) -> None:
    assert Interval.model_validate(interval).add_to(start, times) == expected


def test_interval_subtract_from_clamps_to_month_end() -> None:
    assert Interval.model_validate("1 month").subtract_from(date(2024, 3, 31)) == \
        date(2024, 2, 29)
    assert Interval.model_validate("1 month").subtract_from(date(2024, 1, 10)) == \
        date(2023, 12, 10)


def test_parse_interval_names_the_value() -> None:
    assert parse_interval("30d", "review window") == Interval(months=0, days=30)
    with pytest.raises(ReviewError) as caught:
        parse_interval("soon", "review window")
    assert str(caught.value) == (
        "review window: cannot read the interval 'soon'; write e.g. '6 months', '1 year', "
        "'2 weeks', '30d' or 'P6M'"
    )


def test_warning_must_be_shorter_than_interval() -> None:
    with pytest.raises(ValueError, match=r"the warning period \(1 month\) must be shorter "
                       r"than the interval \(1 month\)"):
        schedule("1 month", "1 month")


# -- Due dates and the PolicyTech rule ------------------------------------------------


def test_due_date_is_last_review_plus_interval() -> None:
    assert document("6 months", "1 month", date(2019, 6, 11)).due == date(2019, 12, 11)


def test_never_reviewed_counts_from_approval() -> None:
    assert document("1 year", approved=date(2019, 6, 11)).due == date(2020, 6, 11)


def test_never_reviewed_and_never_approved_is_overdue_without_a_date() -> None:
    line = due_list([document("1 year")], date(2019, 6, 11))[0]
    assert (line.status, line.due, line.days_left, line.overdue) == (
        ReviewStatus.NEVER_REVIEWED, None, None, True
    )


def test_review_inside_warning_period_counts_from_due_date() -> None:
    doc = document("6 months", "1 month", date(2019, 6, 11))
    outcome = record(doc, date(2019, 12, 1), today=date(2019, 12, 1))
    assert outcome.in_warning_period
    assert (outcome.next_due, outcome.cycle_start) == (date(2020, 6, 11), date(2019, 6, 11))


def test_review_before_warning_period_counts_from_review() -> None:
    doc = document("6 months", "1 month", date(2019, 6, 11))
    outcome = record(doc, date(2019, 10, 1), today=date(2019, 10, 1))
    assert not outcome.in_warning_period
    assert (outcome.next_due, outcome.cycle_start) == (date(2020, 4, 1), None)


def test_late_review_counts_from_review() -> None:
    doc = document("6 months", "1 month", date(2019, 6, 11))
    outcome = record(doc, date(2020, 1, 20), today=date(2020, 2, 1))
    assert (outcome.in_warning_period, outcome.next_due) == (False, date(2020, 7, 20))


def test_kept_cycle_keeps_month_ends() -> None:
    """31 January monthly: the due dates are the month ends, reviewed in the window."""
    doc = document("1 month", "3 days", date(2024, 3, 29), cycle_start=date(2024, 1, 31))
    assert doc.due == date(2024, 4, 30)
    outcome = record(doc, date(2024, 4, 29), today=date(2024, 4, 29))
    assert (outcome.next_due, outcome.cycle_start) == (date(2024, 5, 31), date(2024, 1, 31))


def test_record_refuses_a_future_date_and_a_date_before_the_last_review() -> None:
    doc = document("6 months", "1 month", date(2019, 6, 11))
    with pytest.raises(ReviewError) as future:
        record(doc, date(2019, 7, 2), today=date(2019, 7, 1))
    assert str(future.value) == (
        "content/guidance.md, field review.last_reviewed: the review date 2019-07-02 is in "
        "the future (today is 2019-07-01); give the day the review was done"
    )
    with pytest.raises(ReviewError, match="is before the last review"):
        record(doc, date(2019, 6, 10), today=date(2019, 7, 1))


def test_due_list_orders_by_owner_then_due_and_reports_days() -> None:
    docs = [
        document("6 months", "1 month", date(2019, 6, 11)),
        ScheduledDocument("policy", "Policy", "content/policy.md",
                          ReviewSchedule.model_validate({
                              "owner": "Democratic Services", "email": "ds@example.gov.uk",
                              "interval": "1 year"}), approved_on=date(2019, 6, 11)),
    ]
    lines = due_list(docs, date(2019, 12, 20))
    assert [(x.doc_id, x.status, x.days_left) for x in lines] == [
        ("guidance", ReviewStatus.OVERDUE, -9),
    ]
    lines = due_list(docs, date(2019, 12, 1), within=Interval.model_validate("1 year"))
    assert [(x.owner, x.status, x.days_left) for x in lines] == [
        ("Communications Team", ReviewStatus.DUE, 10),
        ("Democratic Services", ReviewStatus.SCHEDULED, 193),
    ]
    assert due_list(docs, date(2019, 10, 1)) == []


def test_due_list_owner_filter() -> None:
    docs = [document("6 months", "1 month", date(2019, 6, 11))]
    assert len(due_list(docs, date(2020, 1, 1), owner="communications team")) == 1
    with pytest.raises(ReviewError) as caught:
        due_list(docs, date(2020, 1, 1), owner="Finance")
    assert str(caught.value) == "no document is reviewed by 'Finance'; owners are: " \
        "Communications Team"


# -- Properties -----------------------------------------------------------------------

intervals = st.one_of(
    st.builds(lambda m: Interval(months=m, days=0), st.integers(1, 36)),
    st.builds(lambda d: Interval(months=0, days=d), st.integers(1, 800)),
    st.builds(lambda m, d: Interval(months=m, days=d), st.integers(1, 24), st.integers(1, 40)),
)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@st.composite
def reviewed_documents(draw: st.DrawFn) -> tuple[ScheduledDocument, date]:
    interval = draw(intervals)
    warning_days = draw(st.integers(0, max(0, interval.shortest_days() - 1)))
    warning = Interval(months=0, days=warning_days) if warning_days else None
    start = draw(days)
    last = start + timedelta(days=draw(st.integers(0, 3 * interval.longest_days())))
    cycle_start = start if start != last else None
    doc = ScheduledDocument(
        "guidance", "Guidance", "content/guidance.md",
        ReviewSchedule(owner="Team", email="team@example.gov.uk", interval=interval,
                       warning=warning, last_reviewed=last, cycle_start=cycle_start),
        last_reviewed=last, reviewed_from="content",
    )
    review = last + timedelta(days=draw(st.integers(0, 3 * interval.longest_days())))
    return doc, review


@settings(max_examples=400, deadline=None)
@given(reviewed_documents())
def test_next_due_is_after_the_review_and_at_most_one_interval_on(
    case: tuple[ScheduledDocument, date],
) -> None:
    doc, review = case
    due = doc.due
    assert due is not None
    outcome = record(doc, review, today=review)
    interval = doc.schedule.interval
    assert outcome.next_due > review
    assert (outcome.next_due - max(due, review)).days <= interval.longest_days()
    if outcome.in_warning_period:
        assert outcome.next_due == cycle_dates(doc.cycle_start, due, interval, 2)[1]
    else:
        assert outcome.next_due == interval.add_to(review)
    # What record writes to the front matter gives the same due date when read back.
    written = ScheduledDocument(
        doc.doc_id, doc.title, doc.source,
        doc.schedule.model_copy(update={"last_reviewed": review,
                                        "cycle_start": outcome.cycle_start}),
        last_reviewed=review, reviewed_from="content",
    )
    assert written.due == outcome.next_due


@settings(max_examples=300, deadline=None)
@given(intervals, days, st.integers(0, 5000))
def test_due_date_is_the_first_unreviewed_cycle_date(
    interval: Interval, start: date, after: int
) -> None:
    last = start + timedelta(days=after)
    due = due_date(start, last, interval, None)
    assert due > last
    previous = [d for d in cycle_dates(start, interval.add_to(start), interval, 400) if d < due]
    assert all(d <= last for d in previous)


def test_upcoming_of_never_reviewed_starts_today() -> None:
    assert upcoming(document("1 year"), date(2024, 2, 29), 2) == [
        date(2024, 2, 29), date(2025, 2, 28),
    ]


# -- Content and git ------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 1200), st.integers(0, 36600))
def test_interval_text_reads_back(months: int, days: int) -> None:
    if months == days == 0:
        return
    interval = Interval(months=months, days=days)
    assert Interval.model_validate(str(interval)) == interval


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_interval_text_parses_or_says_why(text: str) -> None:
    try:
        interval = Interval.model_validate(text)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        assert "interval" in str(exc) or "Input should be" in str(exc)
    else:
        assert interval.months * 31 + interval.days > 0


@pytest.mark.parametrize(("text", "months", "days"), [
    ("1 month 10 days", 1, 10), ("1 year, 2 months and 3 days", 14, 3), ("1y6m", 18, 0),
    ("P1Y2M10D", 14, 10), ("3 Weeks", 0, 21),
])
def test_interval_accepts_combined_units(text: str, months: int, days: int) -> None:
    assert Interval.model_validate(text) == Interval(months=months, days=days)


@pytest.mark.parametrize(("text", "problem"), [
    ("6 mo", "cannot read the interval '6 mo'"),
    ("1 month month", "cannot read the interval '1 month month'"),
    ("101 years", "the interval '101 years' is over 100 years; give a shorter one"),
    ("P0D", "the interval 'P0D' is zero"),
])
def test_interval_refuses(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Interval.model_validate(text)


def test_dates_past_the_year_9999_are_an_error_not_a_crash(tmp_path: Path) -> None:
    doc = document("100 years", None, date(9950, 1, 1))
    with pytest.raises(ReviewError) as caught:
        due_list([doc], date(2020, 1, 1))
    assert str(caught.value) == (
        "content/guidance.md, field review: the next review would fall after the year 9999; "
        "check review.last_reviewed and review.interval"
    )
    with pytest.raises(ReviewError, match="review window: 9999-06-01 \\+ 1 year is after the "
                       "year 9999; look less far ahead"):
        due_list([], date(9999, 6, 1), within=Interval(months=12, days=0))
    assert upcoming(document("10 years", None, date(9980, 1, 1)), date(2020, 1, 1), 5) == [
        date(9990, 1, 1),
    ]
