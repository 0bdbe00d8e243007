"""Test ``policykit reviews due|record|calendar`` as a user (or a scheduled job) runs them."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import icalendar
from hypothesis import given, settings
from hypothesis import strategies as st
from reviewfixtures import GUIDANCE, git_identity, repo, write_content  # noqa: F401
from typer.testing import CliRunner

from policykit.cli import app
from policykit.cli import reviews as reviews_cli
from policykit.content.models import Interval
from policykit.reviews.schedule import DueReview, ReviewStatus
from policykit.versions.repository import ContentRepository

runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args), env=ENV)


def test_due_table_by_owner_with_days_late_and_exit_3(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    result = invoke("reviews", "due", "--today", "2020-06-20", "--content-dir", str(folder))
    assert result.exit_code == 3
    assert result.stdout == (
        "Communications Team <communications@example.gov.uk>\n"
        "  guidance  Social Media Guidance for Members          2019-12-11  192 days late\n"
        "\n"
        "Democratic Services <democratic.services@example.gov.uk>\n"
        "  policy    Social Media Policy for Members            2020-06-11  9 days late\n"
        "\n"
        "2 overdue, 0 due, on 2020-06-20.\n"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert result.stderr == ""


def test_due_nothing_due_exits_0(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    result = invoke("reviews", "due", "--today", "2019-07-01", "--content-dir", str(folder))
    assert (result.exit_code, result.stdout) == (0, "No reviews due on 2019-07-01.\n")


def test_due_within_lists_upcoming_without_failing(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    result = invoke("reviews", "due", "--today", "2019-11-01", "--within", "6 weeks",
                    "--content-dir", str(folder))
    assert result.exit_code == 0
    assert "guidance  Social Media Guidance for Members           2019-12-11  40 days left" \
        in result.stdout
    assert "policy" not in result.stdout


def test_due_json_is_pure_json_on_stdout(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    result = invoke("reviews", "due", "--today", "2020-06-20", "--format", "json",
                    "--owner", "Democratic Services", "--content-dir", str(folder))
    assert result.exit_code == 3
    assert json.loads(result.stdout) == [{
        "document": "policy",
        "title": "Social Media Policy for Members",
        "file": f"{folder}/policy.md",
        "owner": "Democratic Services",
        "email": "democratic.services@example.gov.uk",
        "interval": "1 year",
        "warning": None,
        "last_reviewed": None,
        "last_reviewed_from": None,
        "due": "2020-06-11",
        "days_left": -9,
        "status": "overdue",
    }]


def test_due_csv(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    result = invoke("reviews", "due", "--today", "2019-12-01", "--format", "csv",
                    "--content-dir", str(folder))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["document"], r["due"], r["days_left"], r["status"]) for r in rows] == [
        ("guidance", "2019-12-11", "10", "due"),
    ]


def test_due_bad_options_say_which(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    cases = {
        ("--within", "a while"): "Error: review window: cannot read the interval 'a while'; write "
        "e.g. '6 months', '1 year', '2 weeks', '30d' or 'P6M'\n",
        ("--owner", "Finance"): "Error: no document is reviewed by 'Finance'; owners are: "
        "Communications Team, Democratic Services\n",
    }
    for option, message in cases.items():
        result = invoke("reviews", "due", *option, "--content-dir", str(folder))
        assert (result.exit_code, result.stderr, result.stdout) == (1, message, "")
    # a malformed date is a usage mistake, exit 2, as in every command
    result = invoke("reviews", "due", "--today", "2019-13-01", "--content-dir", str(folder))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: Invalid value for --today: '2019-13-01' is not a date; write it as YYYY-MM-DD\n")


def test_due_bad_interval_in_content_names_file_and_field(tmp_path: Path) -> None:
    folder = write_content(
        tmp_path / "content",
        guidance=GUIDANCE.replace("interval: 6 months", "interval: twice a year"),
    )
    result = invoke("reviews", "due", "--today", "2020-01-01", "--content-dir", str(folder))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder}/guidance.md, line 9, field review.interval: cannot read the "
        "interval 'twice a year'; write e.g. '6 months', '1 year', '2 weeks', '30d' or "
        "'P6M'\n"
    )


def test_record_commits_and_due_reflects_it(repo: ContentRepository) -> None:  # noqa: F811
    folder = repo.root / "content"
    result = invoke("reviews", "record", "guidance", "--by", "Jane Smith", "--on",
                    "2019-12-01", "--note", "Added TikTok.", "--content-dir", str(folder))
    assert result.exit_code == 0, result.output
    head = repo.versions()[0]
    assert result.stdout == (
        f"Recorded the review of guidance by Jane Smith on 2019-12-01 in "
        f"{folder}/guidance.md.\n"
        "Next review due 2020-06-11 (inside the warning period, so counted from the due "
        "date 2019-12-11).\n"
        f"Committed {head.commit[:12]}.\n"
    )
    assert head.trailers == {"Reviewed-by": "Jane Smith", "Reviewed-on": "2019-12-01"}
    assert "  last_reviewed: 2019-12-01       # approved by Cabinet that day\n" in \
        (folder / "guidance.md").read_text()
    due = invoke("reviews", "due", "--today", "2020-06-01", "--content-dir", str(folder))
    assert "guidance  Social Media Guidance for Members           2020-06-11  10 days left" \
        in due.stdout


def test_record_bad_input_exit_1_file_untouched(repo: ContentRepository) -> None:  # noqa: F811
    folder = repo.root / "content"
    before = (folder / "guidance.md").read_bytes()
    cases = {
        ("guidance", "--on", "2999-01-01"): f"Error: {folder}/guidance.md, field "
        "review.last_reviewed: the review date 2999-01-01 is in the future (today is "
        f"{date.today().isoformat()}); give the day the review was done\n",
        ("appendix-z",): f"Error: {folder}: no document 'appendix-z'; documents with a "
        "review schedule: guidance, policy\n",
        ("guidance", "--by", " "): "Error: the reviewer's name is empty; give the name of the "
        "person who did the review\n",
    }
    for args, message in cases.items():
        by = () if "--by" in args else ("--by", "Jane Smith")
        result = invoke("reviews", "record", *args, *by, "--content-dir", str(folder))
        assert (result.exit_code, result.stderr) == (1, message)
    # a malformed --on is a usage mistake: exit 2, like a malformed --approved-on
    result = invoke("reviews", "record", "guidance", "--on", "yesterday", "--by", "Jane Smith",
                    "--content-dir", str(folder))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --on: 'yesterday' is not a date; write it as YYYY-MM-DD\n")
    assert (folder / "guidance.md").read_bytes() == before
    assert len(repo.versions()) == 1


def test_record_needs_by(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    result = invoke("reviews", "record", "guidance", "--content-dir", str(folder))
    assert result.exit_code == 2
    assert "Missing option '--by'" in result.stderr


def test_calendar_writes_ics_with_stable_uids(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    out = tmp_path / "reviews.ics"
    result = invoke("reviews", "calendar", "-o", str(out), "--today", "2019-06-11",
                    "--content-dir", str(folder))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {out}: 2 review events (time zone Europe/London).\n"
    first = icalendar.Calendar.from_ical(out.read_bytes())
    invoke("reviews", "calendar", "-o", str(out), "--content-dir", str(folder))
    second = icalendar.Calendar.from_ical(out.read_bytes())
    uids = [sorted(str(e["uid"]) for e in c.walk("VEVENT")) for c in (first, second)]
    assert uids[0] == uids[1] == [
        "review-guidance@test-district-council.policykit",
        "review-policy@test-district-council.policykit",
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,79}", fullmatch=True),
    st.text(min_size=1, max_size=200).map(lambda t: " ".join(t.split()) or "T"),
    st.text(min_size=1, max_size=120).map(lambda t: " ".join(t.split()) or "O"),
    st.one_of(st.none(), st.integers(-99_999, 99_999)),
), min_size=1, max_size=6))
def test_due_table_fits_80_columns(rows: list[tuple[str, str, str, int | None]]) -> None:
    today = date(2020, 1, 1)
    lines = [
        DueReview(
            doc_id=doc_id, title=title, source=f"content/{doc_id}.md", owner=owner,
            email="someone.with.a.long.address@example.gov.uk",
            interval=Interval(months=6, days=0), warning=None, last_reviewed=None,
            reviewed_from=None, due=None if days is None else today + timedelta(days=days),
            days_left=days,
            status=ReviewStatus.NEVER_REVIEWED if days is None else ReviewStatus.OVERDUE,
        )
        for doc_id, title, owner, days in rows
    ]
    text = reviews_cli._table(lines, today)
    assert max(len(line) for line in text.splitlines()) <= 80
    for line in lines:
        assert line.doc_id[:20] in text


SAMPLE = Path(__file__).resolve().parents[1] / "content"


def test_sample_drafts_await_approval_and_are_not_overdue(tmp_path: Path) -> None:
    """The sample appendices are drafts put to Cabinet: not in force, so not yet due."""
    import shutil

    shutil.copytree(SAMPLE, tmp_path / "content")
    result = invoke("reviews", "due", "--today", "2026-11-23", "--content-dir",
                    str(tmp_path / "content"))
    assert (result.exit_code, result.stdout) == (0, "No reviews due on 2026-11-23.\n")
    calendar = tmp_path / "reviews.ics"
    written = invoke("reviews", "calendar", "-o", str(calendar), "--today", "2026-11-23",
                     "--content-dir", str(tmp_path / "content"))
    assert written.exit_code == 0, written.output
    events = icalendar.Calendar.from_ical(calendar.read_bytes()).walk("VEVENT")
    assert events == []


def test_approved_sample_gets_its_real_schedule(tmp_path: Path) -> None:
    """Once Cabinet approves them, the guidance is due every 6 months and the policy yearly."""
    import shutil

    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    for name in ("appendix-a.md", "appendix-b.md"):
        path = folder / name
        path.write_text(path.read_text().replace(
            "status: draft\n", "status: approved\napproval: {by: Cabinet, on: 2019-06-11}\n", 1))
    result = invoke("reviews", "due", "--today", "2019-12-20", "--within", "1y",
                    "--content-dir", str(folder))
    assert result.exit_code == 3
    assert "appendix-b  Social Media Guidance for Members" in result.stdout
    assert "2019-12-11  9 days late" in result.stdout
    assert "2020-06-11  174 days left" in result.stdout
    assert result.stdout.index("Communications Team") < result.stdout.index(
        "Democratic Services")


def test_superseded_documents_are_not_scheduled(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    policy = folder / "policy.md"
    text = policy.read_text()
    policy.write_text(text.replace("status: approved", "status: superseded", 1))
    assert "status: superseded" in policy.read_text()
    result = invoke("reviews", "due", "--today", "2020-06-20", "--content-dir", str(folder))
    assert "policy " not in result.stdout
    assert "guidance" in result.stdout
