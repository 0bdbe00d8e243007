"""Test review scheduling: the schedule maths, the due list, and recording a review in git."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit import api
from policykit.content import load
from policykit.content.models import Interval, ReviewSchedule
from policykit.errors import ContentError, ReviewError
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
from policykit.versions.repository import ContentRepository

PACK = """\
council: Test District Council
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL
documents:
  - id: guidance
  - id: policy
"""

GUIDANCE = """\
---
# Guidance for Members: kept under review by the Communications Team.
title: Social Media Guidance for Members
owner: Communications Team
version: "1.0"
review:
  owner: Communications Team      # a team, not a person
  email: communications@example.gov.uk
  interval: 6 months
  warning: 1 month
  last_reviewed: 2019-06-11       # approved by Cabinet that day
---
# Guidance

Use social media well.
"""

POLICY = """\
---
title: Social Media Policy for Members
owner: Democratic Services
version: "1.0"
status: approved
approval: {by: Cabinet, on: 2019-06-11}
review:
  owner: Democratic Services
  email: democratic.services@example.gov.uk
  interval: 1 year
---
# Policy

Be polite.
"""

STAFF = """\
---
title: Social Media Policy for Staff
owner: Human Resources
version: "1.0"
---
Not scheduled.
"""


def write_content(folder: Path, **files: str) -> Path:
    """Write a content folder: the pack, the two scheduled documents and any ``files``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {"pack.yaml": PACK, "guidance.md": GUIDANCE, "policy.md": POLICY,
             "staff.md": STAFF, **{f"{k}.md": v for k, v in files.items()}}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "GIT_AUTHOR_NAME": "Records Officer", "GIT_AUTHOR_EMAIL": "records@example.gov.uk",
        "GIT_COMMITTER_NAME": "Records Officer",
        "GIT_COMMITTER_EMAIL": "records@example.gov.uk",
    }.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def repo(tmp_path: Path, git_identity: None) -> ContentRepository:
    """Return a real git repository whose content/ folder holds the sample schedules."""
    files = {
        "content/pack.yaml": PACK, "content/guidance.md": GUIDANCE,
        "content/policy.md": POLICY, "content/staff.md": STAFF,
    }
    return ContentRepository.create(
        tmp_path / "council", {k: v.encode() for k, v in files.items()}, "Add content"
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


def test_due_reviews_reads_content(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    lines = api.due_reviews(folder, today=date(2020, 6, 20))
    assert [(x.doc_id, x.due, x.days_left, x.reviewed_from) for x in lines] == [
        ("guidance", date(2019, 12, 11), -192, "content"),
        ("policy", date(2020, 6, 11), -9, None),
    ]


def test_last_review_comes_from_git_when_not_in_the_file(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    text = (folder / "policy.md").read_text() + "\nReviewed text.\n"
    (folder / "policy.md").write_text(text)
    repo.commit(["content/policy.md"], "Review the policy",
                {"Reviewed-by": "Jo Bloggs", "Reviewed-on": "2020-05-01"})
    lines = api.due_reviews(folder, today=date(2021, 5, 2), owner="Democratic Services")
    assert [(x.last_reviewed, x.reviewed_from, x.due) for x in lines] == [
        (date(2020, 5, 1), "git", date(2021, 5, 1)),
    ]


def test_record_edits_in_place_commits_and_due_follows(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    result = api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 12, 1),
                               today=date(2019, 12, 2), note="Added TikTok.")
    assert (folder / "guidance.md").read_text() == GUIDANCE.replace(
        "  last_reviewed: 2019-06-11       # approved by Cabinet that day\n",
        "  last_reviewed: 2019-12-01       # approved by Cabinet that day\n"
        "  cycle_start: 2019-06-11\n",
    )
    head = repo.versions("content/guidance.md")[0]
    assert result.commit == head.commit
    assert head.message == (
        "Review guidance: reviewed by Jane Smith on 2019-12-01\n\nAdded TikTok.\n\n"
        "Reviewed-by: Jane Smith\nReviewed-on: 2019-12-01\n"
    )
    assert repo.changes() == []
    [line] = api.due_reviews(folder, today=date(2020, 6, 20), owner="Communications Team")
    assert (line.last_reviewed, line.due, line.days_left) == (
        date(2019, 12, 1), date(2020, 6, 11), -9
    )
    # A later review outside the warning period starts a new cycle and drops cycle_start.
    api.record_review(folder, "guidance", by="Jane Smith", on=date(2020, 7, 1),
                      today=date(2020, 7, 1))
    assert "cycle_start" not in (folder / "guidance.md").read_text()
    assert load(folder).documents["guidance"].review.last_reviewed == date(2020, 7, 1)


def test_record_adds_last_reviewed_when_missing(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    api.record_review(folder, "policy", by="Sam Jones", on=date(2020, 6, 1),
                      today=date(2020, 6, 1))
    assert (folder / "policy.md").read_text() == POLICY.replace(
        "  interval: 1 year\n", "  interval: 1 year\n  last_reviewed: 2020-06-01\n"
    )


def test_record_without_git_edits_the_file_only(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    (folder / "guidance.md").write_bytes(GUIDANCE.replace("\n", "\r\n").encode())
    result = api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 10, 1),
                               today=date(2019, 10, 1))
    assert result.commit is None
    assert (folder / "guidance.md").read_bytes() == GUIDANCE.replace(
        "last_reviewed: 2019-06-11", "last_reviewed: 2019-10-01"
    ).replace("\n", "\r\n").encode()


@pytest.mark.parametrize(("doc_id", "on", "message"), [
    ("nothing", date(2019, 12, 1),
     "{folder}: no document 'nothing'; documents with a review schedule: guidance, policy"),
    ("staff", date(2019, 12, 1),
     "{folder}/staff.md, field review: staff has no review schedule; add 'review:' with "
     "owner, email and interval to its front matter first"),
    ("guidance", date(2030, 1, 1),
     "{folder}/guidance.md, field review.last_reviewed: the review date 2030-01-01 is in "
     "the future (today is 2020-01-01); give the day the review was done"),
])
def test_record_bad_input_leaves_the_file_untouched(
    repo: ContentRepository, doc_id: str, on: date, message: str
) -> None:
    folder = repo.root / "content"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ReviewError) as caught:
        api.record_review(folder, doc_id, by="Jane Smith", on=on, today=date(2020, 1, 1))
    assert str(caught.value) == message.format(folder=folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert len(repo.versions()) == 1


@pytest.mark.parametrize(("line", "replacement", "message"), [
    ("  interval: 6 months", "  interval: every so often",
     "line 9, field review.interval: cannot read the interval 'every so often'"),
    ("  email: communications@example.gov.uk", "  email: communications team",
     "line 8, field review.email: 'communications team' is not an email address"),
])
def test_bad_schedule_names_file_and_field(
    tmp_path: Path, line: str, replacement: str, message: str
) -> None:
    folder = write_content(tmp_path / "content", guidance=GUIDANCE.replace(line, replacement))
    before = (folder / "guidance.md").read_bytes()
    with pytest.raises(ContentError) as caught:
        api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 12, 1),
                          today=date(2019, 12, 1))
    assert str(caught.value).startswith(f"{folder}/guidance.md, {message}")
    assert (folder / "guidance.md").read_bytes() == before


def test_record_refuses_when_other_changes_are_staged(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    (folder / "staff.md").write_text(STAFF + "\nA staged edit.\n")
    repo.repo.index.add(["content/staff.md"])
    before = (folder / "guidance.md").read_bytes()
    with pytest.raises(ReviewError) as caught:
        api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 12, 1),
                          today=date(2019, 12, 1))
    assert str(caught.value) == (
        f"{folder}/guidance.md: git has other changes staged (content/staff.md); commit or "
        "unstage them first, so the review commit holds only the review"
    )
    assert (folder / "guidance.md").read_bytes() == before
    assert repo.staged() == ["content/staff.md"]


def test_record_in_a_yaml_policy_keeps_its_comments(tmp_path: Path) -> None:
    text = (
        "# A policy written as YAML.\n"
        "kind: policy\n"
        "title: Records Policy\n"
        "owner: Information Governance\n"
        'version: "2.0"\n'
        "review:   # checked every year\n"
        "    owner: Information Governance\n"
        "    email: ig@example.gov.uk\n"
        "    interval: P1Y\n"
        "    last_reviewed: 2019-01-31\n"
    )
    folder = write_content(tmp_path / "content")
    (folder / "records.yaml").write_text(text)
    result = api.record_review(folder, "records", by="Sam Jones", on=date(2020, 1, 2),
                               today=date(2020, 1, 2))
    assert result.outcome.next_due == date(2021, 1, 2)
    assert (folder / "records.yaml").read_text() == text.replace("2019-01-31", "2020-01-02")


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
