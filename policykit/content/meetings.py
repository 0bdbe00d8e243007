"""Compute when a meeting's agenda must be published: so many clear days before the meeting.

Pure: the meeting date and the rule in, dates out (``today`` is always passed in).

"Clear days" leave out the day the agenda is published and the day of the meeting
(R v Herefordshire Justices 1820; R v Swansea CC ex p Elitestone 1993). Which other days
count is the council's choice, set in pack.yaml (``agenda: {clear_days: 5, rule: ...}``):

================  ==============================================================
rule              days that do not count as clear days
================  ==============================================================
``working-days``  Saturdays, Sundays and England and Wales bank holidays (the
                  default: the usual practice, and never later than ``calendar``)
``s243``          as ``working-days``, and also the Christmas break (the last
                  week day before Christmas Day to the first week day after it
                  that is not a bank holiday) and the Easter break (the Thursday
                  before Easter Day to the Tuesday after), as section 243 of the
                  Local Government Act 1972 sets them aside in short periods
``calendar``      none: every day between publication and meeting counts
================  ==============================================================

Bank holidays come from the ``holidays`` package (country GB, subdivision ENG or WLS),
never from a list written here. The latest day to publish is the day before the first
clear day; under the working-day rules, if that falls on a day that does not count (a
Sunday, say) it moves back to the last day that does, when the offices are open.

For an executive meeting (``agenda: {executive: true}``) with an exempt item, the
Local Authorities (Executive Arrangements) (Meetings and Access to Information)
(England) Regulations 2012, regulation 5, also need 28 clear days' notice of the
intention to hold part of the meeting in private (counted in calendar days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from typing import Literal

import holidays
from pydantic import BaseModel, ConfigDict, Field

PRIVATE_NOTICE_DAYS = 28
_NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
            8: "eight", 9: "nine", 10: "ten"}


def _long(day: date, *, weekday: bool = False) -> str:
    return f"{day:%A} " * weekday + f"{day.day} {day:%B %Y}"


class AgendaRule(StrEnum):
    """How clear days are counted (``agenda: {rule: ...}`` in pack.yaml)."""

    WORKING_DAYS = "working-days"
    S243 = "s243"
    CALENDAR = "calendar"


@dataclass(frozen=True)
class AgendaDeadline:
    """When a meeting's agenda must be published, and by which rule."""

    meeting: date
    publish_by: date
    clear_days: int
    rule: AgendaRule
    private_notice_by: date | None = None  # notice of a private meeting (executive, exempt)
    committee: str = "the meeting"

    @property
    def rule_words(self) -> str:
        """Return the rule in words: "five clear working days"."""
        number = _NUMBERS.get(self.clear_days, str(self.clear_days))
        kind = {AgendaRule.WORKING_DAYS: "clear working days",
                AgendaRule.S243: "clear working days (section 243: Christmas and Easter "
                                 "breaks set aside)",
                AgendaRule.CALENDAR: "clear days"}[self.rule]
        if self.clear_days == 1:
            kind = kind.replace("days", "day", 1)
        return f"{number} {kind}"

    def when(self) -> str:
        """Return "Monday 3 June 2019 (five clear working days before the meeting)"."""
        return f"{_long(self.publish_by, weekday=True)} ({self.rule_words} before the meeting)"

    def notice_when(self) -> str | None:
        """Return "Monday 13 May 2019 (28 clear days)" for a private part, else None."""
        if self.private_notice_by is None:
            return None
        return f"{_long(self.private_notice_by, weekday=True)} (28 clear days)"

    def describe(self) -> str:
        """Return the deadline in a sentence, as ``status`` and ``reviews calendar`` print it."""
        line = (f"Agenda deadline: publish the agenda for {self.committee} on "
                f"{_long(self.meeting)} by {_long(self.publish_by, weekday=True)} "
                f"({self.rule_words} before the meeting).")
        if self.private_notice_by is not None:
            line += (f" An item is exempt: give notice of the private part by "
                     f"{_long(self.private_notice_by, weekday=True)} (28 clear days).")
        return line

    def is_late(self, today: date) -> bool:
        """Return True if an agenda published on ``today`` is published too late."""
        return today > self.publish_by

    def as_dict(self) -> dict[str, object]:
        """Return the deadline as JSON-ready values."""
        return {"meeting": self.meeting.isoformat(), "publish_by": self.publish_by.isoformat(),
                "clear_days": self.clear_days, "rule": self.rule.value,
                "committee": self.committee,
                "private_notice_by": (self.private_notice_by.isoformat()
                                      if self.private_notice_by else None)}


@cache
def _bank_holidays(year: int, region: str) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=region, years=year))


def _easter_break(day: date) -> bool:
    easter = next(d for d, name in holidays.country_holidays("GB", years=day.year).items()
                  if name == "Good Friday") + timedelta(days=2)
    return easter - timedelta(days=3) <= day <= easter + timedelta(days=2)


def _christmas_break(day: date, region: str) -> bool:
    for christmas in (date(day.year, 12, 25), date(day.year - 1, 12, 25)):
        start = christmas - timedelta(days=1)
        while start.weekday() >= 5:
            start -= timedelta(days=1)
        end = christmas + timedelta(days=1)
        while end.weekday() >= 5 or end in _bank_holidays(end.year, region):
            end += timedelta(days=1)
        if start <= day <= end:
            return True
    return False


class AgendaConfig(BaseModel):
    """How the pack's agenda deadline is counted (``agenda:`` in pack.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    clear_days: int = Field(default=5, ge=1, le=60)
    rule: AgendaRule = AgendaRule.WORKING_DAYS
    region: Literal["ENG", "WLS"] = "ENG"
    executive: bool = False  # an executive meeting: private items need 28 clear days' notice

    def deadline(self, meeting: date, *, exempt_items: bool = False,
                 committee: str = "the meeting") -> AgendaDeadline:
        """Return the agenda deadline for a meeting on ``meeting``."""
        return agenda_deadline(meeting, clear_days=self.clear_days, rule=self.rule,
                               region=self.region, committee=committee,
                               private_notice=self.executive and exempt_items)


def counts(day: date, rule: AgendaRule, region: str = "ENG") -> bool:
    """Return True if ``day`` counts as a clear day under ``rule``."""
    if rule is AgendaRule.CALENDAR:
        return True
    if day.weekday() >= 5 or day in _bank_holidays(day.year, region):
        return False
    return not (rule is AgendaRule.S243
                and (_easter_break(day) or _christmas_break(day, region)))


def agenda_deadline(meeting: date, *, clear_days: int = 5,
                    rule: AgendaRule = AgendaRule.WORKING_DAYS, region: str = "ENG",
                    private_notice: bool = False, committee: str = "the meeting"
                    ) -> AgendaDeadline:
    """Return the latest day the agenda for a meeting on ``meeting`` may be published."""
    day, found = meeting, 0
    while found < clear_days:
        day -= timedelta(days=1)
        found += counts(day, rule, region)
    publish_by = day - timedelta(days=1)
    while rule is not AgendaRule.CALENDAR and not counts(publish_by, AgendaRule.WORKING_DAYS,
                                                         region):
        publish_by -= timedelta(days=1)
    notice = meeting - timedelta(days=PRIVATE_NOTICE_DAYS + 1) if private_notice else None
    return AgendaDeadline(meeting=meeting, publish_by=publish_by, clear_days=clear_days,
                          rule=rule, private_notice_by=notice, committee=committee)


__all__ = ["PRIVATE_NOTICE_DAYS", "AgendaConfig", "AgendaDeadline", "AgendaRule",
           "agenda_deadline", "counts"]
