"""Write a date as the council writes it ("11 June 2019"): the one home of the long date.

Pure and tiny, at the top of the package beside ``errors`` so that every unit (content,
render, redline, web) can use it without depending on another.
"""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """Return ``day`` (a date or a datetime) as the council writes it: "11 June 2019"."""
    return f"{day.day} {day:%B %Y}"


__all__ = ["long_date"]
