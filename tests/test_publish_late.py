"""Test ``publish --today``: an agenda published after its deadline needs a reason."""

from __future__ import annotations

from pathlib import Path

from agendafixtures import for_decision_pack
from typer.testing import CliRunner

from policykit import api
from policykit.cli import app

runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}
REASON = "The training costs were confirmed by the provider on 4 June."


def test_a_late_agenda_without_a_reason_is_refused_and_nothing_is_written(tmp_path):
    content = for_decision_pack(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["publish", str(content), "-o", str(out),
                                 "--today", "2019-06-05"], env=ENV)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: pack.yaml, field meeting_date: the agenda for Cabinet on 11 June 2019 had to be "
        "published by Monday 3 June 2019 (five clear working days before the meeting), and "
        "Wednesday 5 June 2019 is late; nothing was published. Say why with --late-reason "
        '"..." (the published index records it), or correct --today\n')
    assert not out.exists()


def test_a_blank_reason_is_no_reason(tmp_path):
    content = for_decision_pack(tmp_path)
    result = runner.invoke(app, ["publish", str(content), "-o", str(tmp_path / "out"),
                                 "--today", "2019-06-05", "--late-reason", "  "], env=ENV)
    assert result.exit_code == 1 and "Say why with --late-reason" in result.stderr


def _index(out: Path, audience: str) -> str:
    return " ".join((out / audience / "index.html").read_text(encoding="utf-8").split())


def test_a_late_agenda_records_its_reason_in_both_indexes(tmp_path):
    content = for_decision_pack(tmp_path)
    out = tmp_path / "out"
    result = api.publish(content, out, pdf=False, today=api_date("2019-06-05"),
                         late_reason=REASON)
    assert result.warnings[0] == (
        "LATE: the agenda is published on Wednesday 5 June 2019, after its deadline of Monday "
        "3 June 2019 (five clear working days before the meeting on 11 June 2019). The reason "
        f"is recorded in the published index: {REASON}")
    for audience in ("public", "members"):
        assert ('<p class="published">Published late, on 5 June 2019; the deadline was Monday '
                "3 June 2019 (five clear working days before the meeting). Reason: The training "
                "costs were confirmed by the provider on 4 June.</p>") in _index(out, audience)


def test_an_agenda_on_time_says_so_and_needs_no_reason(tmp_path):
    content = for_decision_pack(tmp_path)
    out = tmp_path / "out"
    result = api.publish(content, out, pdf=False, today=api_date("2019-06-03"))
    assert not any(w.startswith("LATE") for w in result.warnings)
    assert ("Published on 3 June 2019, by the deadline of Monday 3 June 2019 (five clear "
            "working days before the meeting).") in _index(out, "public")


def test_without_today_nothing_is_said_about_the_deadline(tmp_path):
    content = for_decision_pack(tmp_path)
    api.publish(content, tmp_path / "out", pdf=False)
    assert 'class="published"' not in _index(tmp_path / "out", "public")


def api_date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_after_the_decision_the_agenda_deadline_no_longer_applies(tmp_path):
    from publishing import approved_pack

    content = approved_pack(tmp_path, canary=False)
    result = api.publish(content, tmp_path / "out", pdf=False, today=api_date("2019-06-20"))
    assert not any(w.startswith("LATE") for w in result.warnings)
    assert 'class="published"' not in _index(tmp_path / "out", "public")
