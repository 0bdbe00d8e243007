"""Define the value types of the content model: classifications, statuses, intervals, ids."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from policykit.content.layout import DOCUMENT_ID_PATTERN, MAX_DOCUMENT_ID

STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)


class Level(StrEnum):
    """A UK Government Security Classification level, as it is written on the page."""

    OFFICIAL = "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
    SECRET = "SECRET"
    TOP_SECRET = "TOP SECRET"


class Descriptor(StrEnum):
    """A descriptor that may follow OFFICIAL-SENSITIVE."""

    COMMERCIAL = "COMMERCIAL"
    LOCSEN = "LOCSEN"
    PERSONAL = "PERSONAL"


_CLASSIFICATION_RE = re.compile(
    r"^(?P<level>OFFICIAL-SENSITIVE|OFFICIAL|SECRET|TOP SECRET)"
    r"(?:[ :]+(?P<descriptor>[A-Z]+))?$"
)
CLASSIFICATION_CHOICES = (
    "OFFICIAL, OFFICIAL-SENSITIVE, OFFICIAL-SENSITIVE COMMERCIAL, "
    "OFFICIAL-SENSITIVE LOCSEN, OFFICIAL-SENSITIVE PERSONAL, SECRET or TOP SECRET"
)


class Classification(BaseModel):
    """A security classification: a level and, for OFFICIAL-SENSITIVE, an optional descriptor.

    Written in content as one string in capitals, e.g. ``OFFICIAL-SENSITIVE PERSONAL``.
    """

    model_config = STRICT

    level: Level
    descriptor: Descriptor | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, Classification):
            return value
        if not isinstance(value, str):
            if isinstance(value, dict):
                return value
            raise ValueError(f"write the classification as text, one of {CLASSIFICATION_CHOICES}")
        text = " ".join(value.split())
        match = _CLASSIFICATION_RE.match(text)
        if not match:
            if _CLASSIFICATION_RE.match(text.upper()):
                raise ValueError(f"write the classification in capitals: {text.upper()!r}")
            raise ValueError(
                f"unknown classification {value!r}; use one of {CLASSIFICATION_CHOICES}"
            )
        descriptor = match.group("descriptor")
        if descriptor and match.group("level") != Level.OFFICIAL_SENSITIVE:
            raise ValueError(
                f"only OFFICIAL-SENSITIVE takes a descriptor; {value!r} is not a classification"
            )
        if descriptor and descriptor not in Descriptor.__members__:
            raise ValueError(
                f"unknown descriptor {descriptor!r}; use COMMERCIAL, LOCSEN or PERSONAL"
            )
        return {
            "level": Level(match.group("level")),
            "descriptor": Descriptor(descriptor) if descriptor else None,
        }

    def __str__(self) -> str:
        if self.descriptor:
            return f"{self.level.value} {self.descriptor.value}"
        return self.level.value

    @property
    def marking(self) -> str:
        """Return the marking printed at the top and bottom of every page."""
        return f"Classification: {self}"


class Status(StrEnum):
    """Where a pack document is in its life (``status:``); ``policykit.content.lifecycle``
    owns what each one allows, writes and says."""

    DRAFT = "draft"
    FOR_DECISION = "for decision"
    APPROVED = "approved"
    ADOPTED = "adopted"
    REFUSED = "refused"
    SUPERSEDED = "superseded"


def _status_text(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return Status(value)
        except ValueError:
            raise ValueError(
                f"unknown status {value!r}; use one of "
                + ", ".join(status.value for status in Status)
            ) from None
    return value


StatusField = Annotated[Status, BeforeValidator(_status_text)]

_INTERVAL_PART_RE = re.compile(
    r"(?P<n>\d+)\s*(?P<unit>years?|y|months?|m|weeks?|w|days?|d)(?![a-z])", re.IGNORECASE
)
_INTERVAL_GAP_RE = re.compile(r"^[\s,]*(?:and\s+)?$", re.IGNORECASE)
MAX_INTERVAL_MONTHS = 100 * 12
MAX_INTERVAL_DAYS = 100 * 366


def _interval_parts(text: str) -> tuple[int, int] | None:
    """Return (months, days) for text such as '1 year', '30d' or '1 month 10 days'."""
    months = days = position = 0
    for match in _INTERVAL_PART_RE.finditer(text):
        gap = text[position:match.start()]
        allowed = not gap.strip() if position == 0 else _INTERVAL_GAP_RE.match(gap)
        if not allowed:
            return None
        n, unit = int(match.group("n")), match.group("unit").lower()[0]
        months += {"y": 12 * n, "m": n}.get(unit, 0)
        days += {"w": 7 * n, "d": n}.get(unit, 0)
        position = match.end()
    if position == 0 or text[position:].strip():
        return None
    return months, days
_ISO_RE = re.compile(r"^P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?$")


class Interval(BaseModel):
    """A calendar interval: whole months plus days (``6 months``, ``1 year``, ``P6M``, ``30d``)."""

    model_config = STRICT

    months: int = Field(ge=0, le=MAX_INTERVAL_MONTHS)
    days: int = Field(ge=0, le=MAX_INTERVAL_DAYS)

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, (Interval, dict)):
            return value
        if not isinstance(value, str):
            raise ValueError("write the interval as text, e.g. '6 months', '1 year' or 'P6M'")
        text = value.strip()
        iso = _ISO_RE.match(text.upper())
        if iso and any(iso.groupdict().values()):
            parts = {k: int(v or 0) for k, v in iso.groupdict().items()}
            months, days = parts["y"] * 12 + parts["m"], parts["w"] * 7 + parts["d"]
        elif parts := _interval_parts(text):
            months, days = parts
        else:
            raise ValueError(
                f"cannot read the interval {value!r}; write e.g. '6 months', '1 year', "
                "'2 weeks', '30d' or 'P6M'"
            )
        if months == 0 and days == 0:
            raise ValueError(f"the interval {value!r} is zero; give a length such as '6 months'")
        if months > MAX_INTERVAL_MONTHS or days > MAX_INTERVAL_DAYS:
            raise ValueError(f"the interval {value!r} is over 100 years; give a shorter one")
        return {"months": months, "days": days}

    def __str__(self) -> str:
        parts = []
        if self.months:
            years, months = divmod(self.months, 12)
            if years and not months:
                parts.append(f"{years} year{'s' * (years != 1)}")
            else:
                parts.append(f"{self.months} month{'s' * (self.months != 1)}")
        if self.days:
            parts.append(f"{self.days} day{'s' * (self.days != 1)}")
        return " ".join(parts)

    def add_to(self, start: date, times: int = 1) -> date:
        """Return ``start`` plus ``times`` intervals: months first, then days.

        The months are counted from ``start`` in one step, keeping its day of the month
        and clamping it to the end of a shorter month: 31 January + 1 month is 28 February
        (29 in a leap year), and 31 January + 2 months is 31 March, not 28 March.
        Raise OverflowError when the result is outside years 1 to 9999.
        """
        total = start.month - 1 + self.months * times
        year, month = start.year + total // 12, total % 12 + 1
        try:
            day = min(start.day, calendar.monthrange(year, month)[1])
            return date(year, month, day) + timedelta(days=self.days * times)
        except (ValueError, OverflowError):
            raise OverflowError(f"{start} + {times} x {self} is after the year 9999") from None

    def subtract_from(self, end: date) -> date:
        """Return ``end`` less one interval: days first, then months, clamping as ``add_to``.

        Raise OverflowError when the result is before the year 1.
        """
        try:
            moved = end - timedelta(days=self.days)
            total = moved.month - 1 - self.months
            year, month = moved.year + total // 12, total % 12 + 1
            return date(year, month, min(moved.day, calendar.monthrange(year, month)[1]))
        except (ValueError, OverflowError):
            raise OverflowError(f"{end} - {self} is before the year 1") from None

    def longest_days(self) -> int:
        """Return the most days this interval can span (6 months: 184; 1 year: 366)."""
        return _spans(self.months, self.days)[1]

    def shortest_days(self) -> int:
        """Return the fewest days this interval can span (1 month: 28; 1 year: 365)."""
        return _spans(self.months, self.days)[0]


@functools.lru_cache(maxsize=256)
def _spans(months: int, days: int) -> tuple[int, int]:
    """Return the fewest and most days ``months`` + ``days`` span over a leap-year cycle."""
    interval = Interval(months=months, days=days)
    starts = [date(2023 + y, m, 1) for y in range(4) for m in range(1, 13)]
    spans = [(interval.add_to(s) - s).days for s in starts]
    return min(spans), max(spans)


_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


def _check_email(value: str) -> str:
    if not _EMAIL_RE.match(value):
        raise ValueError(f"{value!r} is not an email address; write it as name@example.gov.uk")
    return value


Email = Annotated[str, AfterValidator(_check_email)]
NonEmpty = Annotated[str, Field(min_length=1)]
AppendixLetter = Annotated[str, Field(pattern=r"^[A-Z]$")]
DocumentId = Annotated[str, Field(pattern=DOCUMENT_ID_PATTERN, max_length=MAX_DOCUMENT_ID)]
