"""Export review schedules as an RFC 5545 calendar (.ics): pure, returns bytes.

One recurring all-day event per scheduled document, starting on its due date and repeating
on the dates its review cycle computes (``policykit.reviews.cycle_dates``):

- ``n months`` (12 ``n``: yearly) recur monthly on the cycle's day of the month. Days 29 to
  31 are clamped to the end of shorter months exactly as ``Interval.add_to`` clamps them:
  ``BYMONTHDAY=-1`` for the 31st, ``BYMONTHDAY=28,29,30;BYSETPOS=-1`` for the 30th, and
  yearly from 29 February ``BYMONTH=2;BYMONTHDAY=-1``. A plain ``BYMONTHDAY=31`` would skip
  the short months instead.
- ``n days`` (or weeks) recur daily (weekly).
- An interval of months *and* days has no RRULE form: the event lists its next dates as
  RDATEs instead.

A reminder (VALARM) fires at 09:00 on the first day of the warning period (on the due date
when there is none). The owner's email is the attendee. The UID is made from the council
and the document id only, so importing a newer export updates the events instead of
adding copies; SEQUENCE grows with every recorded review. Dates are all-day (floating);
the calendar names Europe/London as its time zone and carries its VTIMEZONE.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vRecur, vText

from policykit.content.meetings import AgendaDeadline
from policykit.content.models import Interval
from policykit.reviews.schedule import ScheduledDocument, cycle_dates, upcoming, warning_starts

TIME_ZONE = "Europe/London"
PRODID = "-//policykit//Review schedule//EN"
RDATE_COUNT = 20
REMINDER_HOUR = 9
_SEQUENCE_EPOCH = date(2000, 1, 1)


def recurrence(start: date, interval: Interval) -> vRecur | None:
    """Return the RRULE generating ``start + k * interval`` for k = 1, 2..., or None.

    None means the interval mixes months and days, which no RRULE can follow.
    """
    if interval.months and interval.days:
        return None
    if interval.days:
        if interval.days % 7 == 0:
            return vRecur(freq="WEEKLY", interval=interval.days // 7)
        return vRecur(freq="DAILY", interval=interval.days)
    day = start.day
    if interval.months % 12 == 0:
        rule = vRecur(freq="YEARLY", interval=interval.months // 12, bymonth=start.month)
        rule["bymonthday"] = -1 if (start.month, day) == (2, 29) else day
        return rule
    rule = vRecur(freq="MONTHLY", interval=interval.months)
    if day <= 28:
        rule["bymonthday"] = day
    elif day == 31:
        rule["bymonthday"] = -1
    else:
        rule["bymonthday"] = list(range(28, day + 1))
        rule["bysetpos"] = -1
    return rule


def event_uid(council: str, doc_id: str) -> str:
    """Return the stable UID of a document's review event."""
    slug = re.sub(r"[^a-z0-9]+", "-", council.lower()).strip("-") or "council"
    return f"review-{doc_id}@{slug}.policykit"


def _event(document: ScheduledDocument, council: str, today: date, stamp: datetime) -> Event:
    schedule = document.schedule
    dates = upcoming(document, today, RDATE_COUNT)
    first = dates[0]
    start = document.cycle_start or today
    event = Event()
    event.add("uid", event_uid(council, document.doc_id))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", max(0, ((document.last_reviewed or _SEQUENCE_EPOCH)
                                  - _SEQUENCE_EPOCH).days))
    event.add("summary", f"Review due: {document.title}")
    event.add("description", (
        f"{document.title} ({document.doc_id}, {document.source}) is reviewed by "
        f"{schedule.owner} every {schedule.interval}. When the review is done, record it: "
        f"policykit reviews record {document.doc_id} --by NAME"
    ))
    event.add("categories", ["Policy review"])
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    rule = recurrence(start, schedule.interval)
    if rule is not None:
        event.add("rrule", rule)
    else:
        event.add("rdate", cycle_dates(start, first, schedule.interval, RDATE_COUNT)[1:])
    attendee = vCalAddress(f"mailto:{schedule.email}")
    attendee.params["cn"] = vText(schedule.owner)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    event.add("attendee", attendee, encode=False)

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Review due on {first:%d %B %Y}: {document.title}")
    warning_days = (first - warning_starts(first, schedule.warning)).days
    alarm.add("trigger", timedelta(days=-warning_days, hours=REMINDER_HOUR))
    event.add_component(alarm)
    return event


def _deadline_events(deadline: AgendaDeadline, council: str, committee: str,
                     stamp: datetime) -> list[Event]:
    """Return the all-day events of the agenda deadline and of a private meeting's notice."""
    slug = re.sub(r"[^a-z0-9]+", "-", council.lower()).strip("-") or "council"
    meeting = f"{committee}, {deadline.meeting.day} {deadline.meeting:%B %Y}"
    days = [("agenda", deadline.publish_by, f"Agenda deadline: {meeting}",
             f"Publish the agenda and reports for {meeting} by the end of today "
             f"({deadline.rule_words} before the meeting): policykit publish")]
    if deadline.private_notice_by is not None:
        days.append(("private-notice", deadline.private_notice_by,
                     f"Notice of private meeting: {meeting}",
                     f"Give notice today of the intention to hold part of {meeting} in "
                     "private (28 clear days, regulation 5 of the Executive Arrangements "
                     "Regulations 2012), naming the exempt items and why."))
    events = []
    for kind, day, summary, description in days:
        event = Event()
        event.add("uid", f"{kind}-{deadline.meeting.isoformat()}@{slug}.policykit")
        event.add("dtstamp", stamp)
        event.add("summary", summary)
        event.add("description", description)
        event.add("categories", ["Agenda deadline"])
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        events.append(event)
    return events


def review_calendar(
    documents: Iterable[ScheduledDocument],
    *,
    council: str,
    today: date,
    stamp: datetime | None = None,
    deadline: AgendaDeadline | None = None,
    committee: str = "the committee",
) -> bytes:
    """Return the RFC 5545 calendar of review events for ``documents``, as bytes.

    ``stamp`` (DTSTAMP, in UTC) defaults to midnight UTC at the start of ``today``. A
    document never reviewed starts its events on ``today``; a draft awaiting approval
    has none. With ``deadline`` and a meeting after ``today``, the agenda deadline of the
    pack's meeting (and the notice of a private meeting, when one is needed) are all-day
    events too.
    """
    stamp = stamp or datetime.combine(today, time(0), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{council}: policy reviews")
    calendar.add("x-wr-timezone", TIME_ZONE)
    # A draft never approved nor reviewed is not in force yet: it has no review dates.
    events = [_event(d, council, today, stamp) for d in documents
              if not (d.draft and d.cycle_start is None)]
    around = min(max(today, date(2, 1, 1)), date(9980, 1, 1))
    calendar.add_component(Timezone.from_tzid(
        TIME_ZONE, first_date=around - timedelta(days=366),
        last_date=around + timedelta(days=366 * 10),
    ))
    for event in sorted(events, key=lambda e: str(e["uid"])):
        calendar.add_component(event)
    if deadline is not None and today < deadline.meeting:  # only a meeting still to come
        for event in _deadline_events(deadline, council, committee, stamp):
            calendar.add_component(event)
    return calendar.to_ical()


def calendar_events(data: bytes) -> list[dict[str, object]]:
    """Return the review events of a calendar made by ``review_calendar``, as JSON-ready data.

    One dict per event, in the calendar's order: the document, its title, the UID, the first
    due date, the recurrence (an RFC 5545 RRULE, or the list of dates when no rule fits),
    the owner and email, and the day the reminder starts.
    """
    events = []
    for event in Calendar.from_ical(data).walk("VEVENT"):
        uid = str(event["uid"])
        first = event.decoded("dtstart")
        rule = event.get("rrule")
        dates = event.get("rdate")
        attendee = event["attendee"]
        alarm = event.subcomponents[0]
        events.append({
            "document": uid.removeprefix("review-").rpartition("@")[0],
            "title": str(event["summary"]).removeprefix("Review due: "),
            "uid": uid,
            "first_due": first.isoformat(),
            "rrule": rule.to_ical().decode() if rule is not None else None,
            "dates": ([d.dt.isoformat() for d in dates.dts] if dates is not None else None),
            "owner": str(attendee.params.get("cn", "")),
            "email": str(attendee).removeprefix("mailto:"),
            "reminder": (first + alarm.decoded("trigger")).isoformat(),
            "time_zone": TIME_ZONE,
        })
    return events


__all__ = ["calendar_events", "event_uid", "recurrence", "review_calendar"]
