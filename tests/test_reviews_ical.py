"""Test the .ics review calendar by parsing it with icalendar and expanding its recurrences."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st
from reviewfixtures import write_content

from policykit import api
from policykit.content.models import Interval, ReviewSchedule
from policykit.reviews.ical import event_uid, recurrence, review_calendar
from policykit.reviews.schedule import ScheduledDocument, upcoming

COUNCIL = "Chiltern and South Bucks District Councils"
TODAY = date(2019, 6, 11)


def document(doc_id: str, interval: str, last: date | None, warning: str | None = None,
             cycle_start: date | None = None, approved: date | None = None
             ) -> ScheduledDocument:
    return ScheduledDocument(
        doc_id=doc_id, title=f"Document {doc_id}", source=f"content/{doc_id}.md",
        schedule=ReviewSchedule.model_validate({
            "owner": "Communications Team", "email": "communications@chiltern.gov.uk",
            "interval": interval, "warning": warning, "last_reviewed": last,
            "cycle_start": cycle_start,
        }),
        last_reviewed=last, reviewed_from="content" if last else None, approved_on=approved,
    )


def occurrences(ics: bytes, doc_id: str, count: int) -> list[date]:
    """Return the first ``count`` dates of a document's event, expanded from the calendar."""
    calendar = icalendar.Calendar.from_ical(ics)
    uid = event_uid(COUNCIL, doc_id)
    found: list[date] = []
    start, end = date(1900, 1, 1), date(1900, 1, 1)
    while len(found) < count and end < date(2300, 1, 1):
        start, end = end, end + timedelta(days=366 * 40)
        found += sorted(
            e.decoded("dtstart") for e in recurring_ical_events.of(calendar).between(start, end)
            if str(e["uid"]) == uid
        )
    return found[:count]


CASES = [
    document("month-end", "1 month", date(2023, 12, 31)),
    document("leap-day", "1 year", date(2024, 2, 29), warning="1 month"),
    document("day-30", "1 month", date(2023, 11, 30)),
    document("day-29", "2 months", date(2023, 12, 29)),
    document("guidance", "6 months", date(2019, 6, 11), warning="1 month"),
    document("kept-cycle", "6 months", date(2024, 1, 20), warning="1 month",
             cycle_start=date(2023, 8, 31)),
    document("fortnight", "2 weeks", date(2019, 12, 20)),
    document("days", "45d", date(2019, 12, 31)),
    document("mixed", "P1M10D", date(2020, 1, 31)),
    document("policy", "1 year", None, approved=date(2019, 6, 11)),
    document("never", "1 year", None),
]


@pytest.mark.parametrize("doc", CASES, ids=[d.doc_id for d in CASES])
def test_occurrences_are_the_schedule_due_dates(doc: ScheduledDocument) -> None:
    ics = review_calendar([doc], council=COUNCIL, today=TODAY)
    assert occurrences(ics, doc.doc_id, 20) == upcoming(doc, TODAY, 20)


def test_month_ends_and_leap_years_in_the_expansion() -> None:
    ics = review_calendar(CASES, council=COUNCIL, today=TODAY)
    assert occurrences(ics, "month-end", 4) == [
        date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30),
    ]
    assert occurrences(ics, "leap-day", 5) == [
        date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29),
        date(2029, 2, 28),
    ]
    assert occurrences(ics, "day-30", 4) == [
        date(2023, 12, 30), date(2024, 1, 30), date(2024, 2, 29), date(2024, 3, 30),
    ]
    assert occurrences(ics, "kept-cycle", 3) == [
        date(2024, 2, 29), date(2024, 8, 31), date(2025, 2, 28),
    ]


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2060, 12, 31)),
    st.one_of(
        st.builds(lambda m: f"{m} months", st.integers(1, 30)),
        st.builds(lambda y: f"{y} years", st.integers(1, 3)),
        st.builds(lambda d: f"{d}d", st.integers(1, 400)),
    ),
)
def test_any_schedule_expands_to_its_due_dates(last: date, interval: str) -> None:
    doc = document("any", interval, last)
    ics = review_calendar([doc], council=COUNCIL, today=TODAY)
    assert occurrences(ics, "any", 12) == upcoming(doc, TODAY, 12)


def test_recurrence_rules() -> None:
    def rule(day: date, interval: str) -> str | None:
        found = recurrence(day, Interval.model_validate(interval))
        return found.to_ical().decode() if found is not None else None

    assert rule(date(2019, 6, 11), "6 months") == "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=11"
    assert rule(date(2024, 1, 31), "1 month") == "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1"
    assert rule(date(2024, 1, 30), "1 month") == \
        "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=28,29,30;BYSETPOS=-1"
    assert rule(date(2024, 2, 29), "1 year") == \
        "FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=-1;BYMONTH=2"
    assert rule(date(2019, 6, 11), "P2Y") == "FREQ=YEARLY;INTERVAL=2;BYMONTHDAY=11;BYMONTH=6"
    assert rule(date(2019, 6, 11), "2 weeks") == "FREQ=WEEKLY;INTERVAL=2"
    assert rule(date(2019, 6, 11), "10d") == "FREQ=DAILY;INTERVAL=10"
    assert rule(date(2019, 6, 11), "P1M10D") is None


def test_event_has_alarm_attendee_all_day_dates_and_time_zone() -> None:
    doc = document("guidance", "6 months", date(2019, 6, 11), warning="1 month")
    calendar = icalendar.Calendar.from_ical(
        review_calendar([doc], council=COUNCIL, today=TODAY)
    )
    assert str(calendar["x-wr-timezone"]) == "Europe/London"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/London"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == date(2019, 12, 11)
    assert event.decoded("dtend") == date(2019, 12, 12)
    assert str(event["summary"]) == "Review due: Document guidance"
    attendee = event["attendee"]
    assert str(attendee) == "mailto:communications@chiltern.gov.uk"
    assert attendee.params["CN"] == "Communications Team"
    [alarm] = event.walk("VALARM")
    # 11 November 2019, the start of the one-month warning period, at 09:00.
    assert alarm.decoded("trigger") == -timedelta(days=29, hours=15)
    assert alarm["trigger"].to_ical() == b"-P29DT15H"
    assert str(alarm["action"]) == "DISPLAY"


def test_uids_are_stable_across_exports_and_reviews(tmp_path: Path) -> None:
    before = document("guidance", "6 months", date(2019, 6, 11), warning="1 month")
    after = document("guidance", "6 months", date(2019, 12, 1), warning="1 month",
                     cycle_start=date(2019, 6, 11))

    def uids_and_sequence(doc: ScheduledDocument, today: date) -> tuple[list[str], int]:
        calendar = icalendar.Calendar.from_ical(
            review_calendar([doc], council=COUNCIL, today=today)
        )
        events = calendar.walk("VEVENT")
        return [str(e["uid"]) for e in events], int(events[0]["sequence"])

    first, sequence_before = uids_and_sequence(before, TODAY)
    second, _ = uids_and_sequence(before, date(2019, 7, 1))
    third, sequence_after = uids_and_sequence(after, date(2019, 12, 2))
    assert first == second == third == [
        "review-guidance@chiltern-and-south-bucks-district-councils.policykit"
    ]
    assert sequence_after > sequence_before


def test_review_calendar_writes_the_content_folder_schedules(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    out = tmp_path / "reviews.ics"
    data = api.review_calendar(folder, today=TODAY, out=out)
    assert out.read_bytes() == data
    calendar = icalendar.Calendar.from_ical(data)
    assert sorted(str(e["uid"]) for e in calendar.walk("VEVENT")) == [
        "review-guidance@test-district-council.policykit",
        "review-policy@test-district-council.policykit",
    ]
    assert api.review_calendar(folder, today=TODAY) == data
