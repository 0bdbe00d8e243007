"""Test the agenda deadline: clear days before the meeting, as pack.yaml counts them."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from policykit.cli import app
from policykit.content import load
from policykit.content.meetings import AgendaRule, agenda_deadline, counts
from policykit.errors import ContentError

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}
WORKING, S243, CALENDAR = AgendaRule.WORKING_DAYS, AgendaRule.S243, AgendaRule.CALENDAR


def test_the_cabinet_of_11_june_2019_needs_its_agenda_out_by_monday_3_june():
    deadline = agenda_deadline(date(2019, 6, 11))
    assert deadline.publish_by == date(2019, 6, 3)
    # five clear working days between: Tue 4, Wed 5, Thu 6, Fri 7 and Mon 10 June
    clear = [date(2019, 6, d) for d in range(4, 11) if counts(date(2019, 6, d), WORKING)]
    assert clear == [date(2019, 6, d) for d in (4, 5, 6, 7, 10)]
    assert not deadline.is_late(date(2019, 6, 3)) and deadline.is_late(date(2019, 6, 4))
    assert deadline.describe() == (
        "Agenda deadline: publish the agenda for the meeting on 11 June 2019 by Monday "
        "3 June 2019 (five clear working days before the meeting).")


@pytest.mark.parametrize(("meeting", "rule", "publish_by"), [
    # Easter 2019: Good Friday 19 April, Easter Monday 22 April
    (date(2019, 4, 25), WORKING, date(2019, 4, 15)),
    (date(2019, 4, 25), S243, date(2019, 4, 11)),  # Thursday 18 to Tuesday 23 set aside
    (date(2019, 4, 25), CALENDAR, date(2019, 4, 19)),
    (date(2019, 4, 30), WORKING, date(2019, 4, 18)),
    (date(2019, 4, 30), S243, date(2019, 4, 16)),
    # Christmas 2019: Wednesday 25, Boxing Day Thursday 26, New Year's Day Wednesday 1 January
    (date(2020, 1, 2), WORKING, date(2019, 12, 20)),
    (date(2020, 1, 2), S243, date(2019, 12, 18)),  # Tuesday 24 to Friday 27 set aside
    (date(2020, 1, 7), WORKING, date(2019, 12, 27)),
    # bank holidays: the spring bank holiday 2019, the platinum jubilee, the coronation
    (date(2019, 5, 28), WORKING, date(2019, 5, 17)),
    (date(2022, 6, 7), WORKING, date(2022, 5, 26)),
    (date(2023, 5, 11), WORKING, date(2023, 5, 2)),
    # a deadline on a Sunday moves back to the Friday, when the offices are open
    (date(2019, 6, 17), WORKING, date(2019, 6, 7)),
])
def test_easter_christmas_and_bank_holidays_do_not_count(meeting, rule, publish_by):
    assert agenda_deadline(meeting, rule=rule).publish_by == publish_by


def test_the_number_of_clear_days_and_wales_are_the_councils_choice():
    assert agenda_deadline(date(2019, 6, 11), clear_days=3).publish_by == date(2019, 6, 5)
    # St David's Day is not a bank holiday in Wales either; the coronation was in both
    assert (agenda_deadline(date(2023, 5, 11), region="WLS").publish_by
            == agenda_deadline(date(2023, 5, 11)).publish_by)


def test_a_private_executive_meeting_needs_28_clear_days_notice():
    deadline = agenda_deadline(date(2019, 6, 11), private_notice=True)
    assert deadline.private_notice_by == date(2019, 5, 13)
    assert (date(2019, 6, 11) - deadline.private_notice_by).days - 1 == 28
    assert agenda_deadline(date(2019, 6, 11)).private_notice_by is None


def test_the_sample_pack_says_its_rule_and_cabinet_is_an_executive_meeting():
    deadline = load(ROOT / "content").agenda_deadline()
    assert (deadline.publish_by, deadline.private_notice_by) == (date(2019, 6, 3),
                                                                 date(2019, 5, 13))
    assert deadline.describe() == (
        "Agenda deadline: publish the agenda for Cabinet on 11 June 2019 by Monday 3 June 2019 "
        "(five clear working days before the meeting). An item is exempt: give notice of the "
        "private part by Monday 13 May 2019 (28 clear days).")


def _pack(tmp_path: Path, agenda: str) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    pack = folder / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    start = text.index("agenda:\n")
    end = text.index("\n\n", start)
    pack.write_text(text[:start] + agenda + text[end:], encoding="utf-8")
    return folder


def test_pack_yaml_chooses_the_rule(tmp_path):
    folder = _pack(tmp_path, "agenda:\n  clear_days: 5\n  rule: s243")
    deadline = load(folder).agenda_deadline()
    assert deadline.rule is S243 and deadline.private_notice_by is None


def test_an_unknown_rule_is_refused_with_the_choices(tmp_path):
    folder = _pack(tmp_path, "agenda:\n  rule: fortnightly")
    with pytest.raises(ContentError) as caught:
        load(folder)
    message = str(caught.value)
    assert message.startswith(f"{folder / 'pack.yaml'}, line ")
    assert "field agenda.rule" in message and "working-days" in message


def test_reviews_calendar_shows_the_deadline(tmp_path):
    out = tmp_path / "reviews.ics"
    result = runner.invoke(app, ["reviews", "calendar", "--content-dir", str(ROOT / "content"),
                                 "-o", str(out), "--today", "2019-05-01"], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == (
        "Agenda deadline: publish the agenda for Cabinet on 11 June 2019 by Monday 3 June 2019 "
        "(five clear working days before the meeting). An item is exempt: give notice of the "
        "private part by Monday 13 May 2019 (28 clear days).")
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert events["Agenda deadline: Cabinet, 11 June 2019"] == date(2019, 6, 3)
    assert events["Notice of private meeting: Cabinet, 11 June 2019"] == date(2019, 5, 13)


def test_a_past_meeting_has_no_deadline_event_and_none_is_printed(tmp_path):
    out = tmp_path / "reviews.ics"
    result = runner.invoke(app, ["reviews", "calendar", "--content-dir", str(ROOT / "content"),
                                 "-o", str(out), "--today", "2019-06-12"], env=ENV)
    assert result.exit_code == 0, result.output
    assert b"Agenda deadline" not in out.read_bytes()
    assert "Agenda deadline" not in result.stdout


def test_status_shows_the_deadline_while_the_papers_are_for_decision(tmp_path):
    import json

    from agendafixtures import for_decision_pack

    content = for_decision_pack(tmp_path)
    result = runner.invoke(app, ["status", "--content-dir", str(content)], env=ENV)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[-1] == (
        "Agenda deadline: publish the agenda for Cabinet on 11 June 2019 by Monday 3 June 2019 "
        "(five clear working days before the meeting). An item is exempt: give notice of the "
        "private part by Monday 13 May 2019 (28 clear days).")
    assert lines.count(f"{'':<19}agenda out by 2019-06-03") == 4
    listed = json.loads(runner.invoke(app, ["status", "--content-dir", str(content),
                                            "--format", "json"], env=ENV).stdout)
    assert {line["document"]: line["agenda_deadline"] for line in listed} == {
        "report": "2019-06-03", "appendix-a": "2019-06-03", "appendix-b": "2019-06-03",
        "appendix-c": "2019-06-03", "staff-policy-2014": None}


def test_papers_frozen_for_another_meeting_count_back_from_that_meeting(tmp_path):
    from agendafixtures import for_decision_pack

    content = for_decision_pack(tmp_path)
    for path in content.glob("appendix-*.md"):
        text = path.read_text(encoding="utf-8").replace(
            "status: for decision\n",
            "status: for decision\nmeeting:\n  committee: Full Council\n  date: 2021-04-13\n")
        path.write_text(text, encoding="utf-8")
    deadline = load(content).agenda_deadline()
    # Easter Monday 5 April 2021 is a bank holiday
    assert (deadline.committee, deadline.meeting, deadline.publish_by) == (
        "Full Council", date(2021, 4, 13), date(2021, 4, 1))
