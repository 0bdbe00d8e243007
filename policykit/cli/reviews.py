"""Register ``policykit reviews``: the due list, recording a review, the review calendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from policykit.cli import CONTEXT, app
from policykit.cli.options import (
    ContentDirOption,
    FormatOption,
    OutAlias,
    OutputFormat,
    examples,
    output_path,
    parse_day,
    protected_folders,
)
from policykit.outputs import check_output

if TYPE_CHECKING:  # the schedule code loads only when a reviews command runs
    from policykit.api import DueReview

EXIT_OVERDUE = 3
WIDTH = 80

reviews_app = typer.Typer(
    name="reviews",
    help="Schedule policy reviews: list what is due, record a review, export a calendar.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
    epilog=examples("policykit reviews due", "policykit reviews calendar -o reviews.ics"),
)
app.add_typer(reviews_app, name="reviews")


class DueFormat(StrEnum):
    """How ``reviews due`` prints its list."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ReviewFinding(StrEnum):
    """What a review found (``--outcome``)."""

    NO_CHANGE = "no-change"
    CHANGES_NEEDED = "changes-needed"


TodayOption = Annotated[
    str | None,
    typer.Option("--today", metavar="YYYY-MM-DD", help="Count from this day instead of "
                 "the real date."),
]


def _date(text: str | None, option: str) -> date:
    """Return the date in ``text``, or the real date today (the CLI's only clock)."""
    return parse_day(text, option) or date.today()


def _days(line: DueReview) -> str:
    days = line.days_left
    if days is None:
        return line.status.value
    if days == 0:
        return "due today"
    count = abs(days)
    return f"{count:,} day{'s' * (count != 1)} {'left' if days > 0 else 'late'}"


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def _table(lines: list[DueReview], today: date) -> str:
    if not lines:
        return f"No reviews due on {today.isoformat()}."
    id_width = min(max(len(line.doc_id) for line in lines), 24)
    status_width = max(len(_days(line)) for line in lines)
    title_width = max(WIDTH - 2 - id_width - 10 - status_width - 6, 10)
    out: list[str] = []
    owner = None
    for line in lines:
        if line.owner != owner:
            owner = line.owner
            if out:
                out.append("")
            out.append(_fit(f"{line.owner} <{line.email}>", WIDTH))
        due = line.due.isoformat() if line.due else "-"
        out.append(
            f"  {_fit(line.doc_id, id_width):<{id_width}}  "
            f"{_fit(line.title, title_width):<{title_width}}  "
            f"{due:<10}  {_days(line)}".rstrip()
        )
    overdue = sum(line.overdue for line in lines)
    due = sum(line.status == "due" for line in lines)
    later = len(lines) - overdue - due
    out.append("")
    out.append(
        f"{overdue} overdue, {due} due" + (f", {later} later" if later else "")
        + f", on {today.isoformat()}."
    )
    return "\n".join(out)


def _csv(lines: list[DueReview]) -> str:
    stream = io.StringIO()
    rows = [line.as_dict() for line in lines]
    fields = list(rows[0]) if rows else [
        "document", "title", "file", "owner", "email", "interval", "warning",
        "last_reviewed", "last_reviewed_from", "due", "days_left", "status",
    ]
    writer = csv.DictWriter(stream, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return stream.getvalue().rstrip("\n")


@reviews_app.command(epilog=examples("policykit reviews due",
                                    "policykit reviews due --within 1y --format csv"))
def due(
    today: TodayOption = None,
    within: Annotated[
        str | None,
        typer.Option("--within", metavar="INTERVAL",
                     help="Also list reviews due within this time (30d, 2 months, P6M). "
                     "Default: each document's own warning period."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="TEAM", help="Only this team's reviews.")
    ] = None,
    output_format: Annotated[
        DueFormat, typer.Option("--format", help="table for people; json or csv for scripts.")
    ] = DueFormat.TABLE,
    content_dir: ContentDirOption = Path("content"),
) -> None:
    """List the reviews due and overdue, by owner. Exit code 3 when any is overdue."""
    from policykit.api import due_reviews

    day = _date(today, "--today")
    lines = due_reviews(content_dir, today=day, within=within, owner=owner)
    if output_format is DueFormat.JSON:
        typer.echo(json.dumps([line.as_dict() for line in lines], indent=2))
    elif output_format is DueFormat.CSV:
        typer.echo(_csv(lines))
    else:
        typer.echo(_table(lines, day))
    if any(line.overdue for line in lines):
        raise typer.Exit(code=EXIT_OVERDUE)


@reviews_app.command("record", epilog=examples(
    "policykit reviews record appendix-b --by 'Connie Primmer' --on 2019-12-02"))
def record_command(
    doc_id: Annotated[str, typer.Argument(metavar="DOC_ID", help="The document reviewed.")],
    by: Annotated[str, typer.Option("--by", metavar="NAME", help="Who did the review.")],
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="YYYY-MM-DD",
                     help="The day of the review (default: today)."),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="A note for the commit.")
    ] = None,
    outcome: Annotated[
        ReviewFinding, typer.Option("--outcome", help="no-change keeps the approval; "
                                    "changes-needed opens the next version as a draft.")
    ] = ReviewFinding.NO_CHANGE,
    today_option: Annotated[
        str | None, typer.Option("--today", metavar="YYYY-MM-DD", help="Check the date "
                                 "against this day instead of the real date.")
    ] = None,
    content_dir: ContentDirOption = Path("content"),
) -> None:
    """Record a review: update the document's front matter and commit it with trailers.

    With no change (the default) the document stays approved; with --outcome
    changes-needed its next version is opened as a draft.
    """
    from policykit.api import record_review

    today = _date(today_option, "--today")
    day = _date(on, "--on") if on is not None else today
    result = record_review(content_dir, doc_id, by=by, on=day, today=today, note=note,
                           outcome=outcome.value)
    outcome = result.outcome
    typer.echo(
        f"Recorded the review of {doc_id} by {result.by} on {day.isoformat()} "
        f"in {result.path}."
    )
    rule = (
        "inside the warning period, so counted from the due date "
        f"{outcome.due_before.isoformat()}"
        if outcome.in_warning_period and outcome.due_before
        else "counted from the review"
    )
    typer.echo(f"Next review due {outcome.next_due.isoformat()} ({rule}).")
    if result.reopened:
        typer.echo(f"Opened version {result.reopened} of {doc_id} as a draft; edit it, then "
                   f"release it: policykit release {doc_id} --version {result.reopened}")
    if result.commit:
        typer.echo(f"Committed {result.commit[:12]}.")
    else:
        typer.echo("Not committed: the content folder is not in a git repository.")


@reviews_app.command("calendar", epilog=examples(
    "policykit reviews calendar -o reviews.ics", "policykit reviews calendar --format json"))
def calendar_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The .ics file to write. "
                                  "[default: reviews.ics]", show_default=False)
    ] = None,
    out: OutAlias = None,
    today: TodayOption = None,
    content_dir: ContentDirOption = Path("content"),
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Write an .ics calendar with one recurring all-day event per scheduled document.

    While the pack's meeting is to come, its agenda deadline is an event too, and printed.
    """
    from policykit.api import agenda_deadline, review_calendar, review_calendar_events

    out = output_path(output, out) or Path("reviews.ics")
    check_output(out, suffixes=(".ics",), protected=protected_folders(content_dir))
    day = _date(today, "--today")
    data = review_calendar(content_dir, today=day, out=out)
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps({"file": str(out), "events": review_calendar_events(data)},
                              indent=2))
        return
    events = data.count(b"UID:review-")
    deadlines = data.count(b"CATEGORIES:Agenda deadline")
    also = f" and {deadlines} agenda deadline{'s' * (deadlines != 1)}" if deadlines else ""
    typer.echo(
        f"Wrote {out}: {events} review event{'s' * (events != 1)}{also} "
        "(time zone Europe/London)."
    )
    deadline = agenda_deadline(content_dir)
    if day < deadline.meeting:  # the meeting is still to come
        typer.echo(deadline.describe())
