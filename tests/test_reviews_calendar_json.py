"""Test ``policykit reviews calendar --format json``: the calendar's events for a script."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
from reviewfixtures import write_content
from typer.testing import CliRunner

from policykit.cli import app

runner = CliRunner()


def test_calendar_json_lists_each_event_and_writes_the_ics(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    out = tmp_path / "reviews.ics"
    result = runner.invoke(app, ["reviews", "calendar", "-o", str(out), "--today", "2019-06-11",
                                 "--content-dir", str(folder), "--format", "json"],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"file": str(out), "events": [
        {"document": "guidance", "title": "Social Media Guidance for Members",
         "uid": "review-guidance@test-district-council.policykit", "first_due": "2019-12-11",
         "rrule": "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=11", "dates": None,
         "owner": "Communications Team", "email": "communications@example.gov.uk",
         "reminder": "2019-11-11", "time_zone": "Europe/London"},
        {"document": "policy", "title": "Social Media Policy for Members",
         "uid": "review-policy@test-district-council.policykit", "first_due": "2020-06-11",
         "rrule": "FREQ=YEARLY;INTERVAL=1;BYMONTHDAY=11;BYMONTH=6", "dates": None,
         "owner": "Democratic Services", "email": "democratic.services@example.gov.uk",
         "reminder": "2020-06-11", "time_zone": "Europe/London"},
    ]}
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [
        "review-guidance@test-district-council.policykit",
        "review-policy@test-district-council.policykit"]


def test_calendar_json_is_refused_with_a_wrong_name_like_text(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    result = runner.invoke(app, ["reviews", "calendar", "-o", str(tmp_path / "r.docx"),
                                 "--content-dir", str(folder), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'r.docx'}: a calendar is written here")
