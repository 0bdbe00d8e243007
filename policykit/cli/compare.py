"""Register ``policykit compare``: a Word redline of two .docx files, with a change summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn
from policykit.cli.options import OutAlias, examples, output_path


class Granularity(StrEnum):
    """The smallest unit a change marks."""

    WORD = "word"
    CHAR = "char"


class Tracked(StrEnum):
    """How tracked changes already in an input are read."""

    ACCEPT = "accept"
    REJECT = "reject"


class SummaryFormat(StrEnum):
    """How the change summary is printed."""

    TEXT = "text"
    JSON = "json"


def _parse_date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not an ISO date or date-time (e.g. 2026-03-31 or 2026-03-31T09:00)",
            param_hint="--date",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


@app.command("compare", epilog=examples(
    'policykit compare old.docx new.docx -o redline.docx --author "Legal Services"',
    "policykit compare old.docx new.docx -o redline.html --cover",
))
def compare_command(
    old: Annotated[Path, typer.Argument(help="The old version (.docx).", metavar="OLD.docx")],
    new: Annotated[Path, typer.Argument(help="The new version (.docx).", metavar="NEW.docx")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where to write the redline: .docx "
                                  "(tracked changes), .html (a page for readers without Word) "
                                  "or .pdf. [required]", metavar="OUT.docx",
                                  show_default=False)
    ] = None,
    out: OutAlias = None,
    author: Annotated[
        str, typer.Option("--author", help="Author name on every tracked change.")
    ] = "policykit",
    date: Annotated[
        str | None,
        typer.Option("--date", help="Date on every tracked change (ISO). Default: now, UTC.",
                     metavar="ISO"),
    ] = None,
    granularity: Annotated[
        Granularity, typer.Option("--granularity", help="Mark whole words or characters.")
    ] = Granularity.WORD,
    summary: Annotated[
        SummaryFormat,
        typer.Option("--summary", help="Print the change summary as text or JSON (JSON only "
                     "on standard output)."),
    ] = SummaryFormat.TEXT,
    summary_page: Annotated[
        bool, typer.Option("--summary-page", help="Put the change summary at the front of the "
                           "redline.")
    ] = False,
    cover: Annotated[
        bool, typer.Option("--cover", help="Start the redline with a cover note: what is "
                           "compared, by whom and when, a legend and the counts by heading.")
    ] = False,
    tracked: Annotated[
        Tracked, typer.Option("--tracked", help="Read tracked changes an input already holds "
                              "as if accepted or rejected (the terminal and cover say how "
                              "many).")
    ] = Tracked.ACCEPT,
) -> None:
    """Write NEW with tracked changes showing every difference from OLD."""
    target = output_path(output, out)
    if target is None:
        raise typer.BadParameter("give the redline to write, e.g. -o redline.docx",
                                 param_hint="-o/--output")
    moment = _parse_date(date) or datetime.now(UTC).replace(microsecond=0)  # the CLI's clock
    from policykit.api import compare_files

    redline = compare_files(old, new, target, author=author, date=moment,
                            granularity=granularity.value, summary_page=summary_page,
                            cover=cover, tracked=tracked.value)
    for note in redline.notes:
        warn(note)
    if summary is SummaryFormat.JSON:
        typer.echo(json.dumps(redline.summary.to_dict(), indent=2, ensure_ascii=False))
        return
    typer.echo(redline.summary.to_text())
    typer.echo(f"Wrote {target}")
