"""Register ``policykit compare``: a Word redline of two .docx files, with a change summary."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn
from policykit.errors import CompareError


class Granularity(StrEnum):
    """The smallest unit a change marks."""

    WORD = "word"
    CHAR = "char"


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


@app.command("compare")
def compare_command(
    old: Annotated[Path, typer.Argument(help="The old version (.docx).", metavar="OLD.docx")],
    new: Annotated[Path, typer.Argument(help="The new version (.docx).", metavar="NEW.docx")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the redline: .docx (tracked "
                           "changes), .html (a page for readers without Word) or .pdf.",
                           metavar="OUT.docx")
    ],
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
) -> None:
    """Write NEW with tracked changes showing every difference from OLD."""
    moment = _parse_date(date) or datetime.now(UTC).replace(microsecond=0)
    from policykit.redline import compare, cover_for_files
    from policykit.word.inputs import read_bytes
    from policykit.word.package import write_atomic

    if output.is_dir():
        raise CompareError(f"{output}: is a folder; give the path of the .docx to write")
    if not output.parent.exists():
        raise CompareError(f"{output}: folder {output.parent} does not exist")
    for source in (old, new):
        if source.exists() and output.exists() and output.resolve() == source.resolve():
            raise CompareError(f"{output}: would overwrite an input; choose another output path")
    old_bytes = read_bytes(old)
    new_bytes = read_bytes(new)
    redline = compare(
        old_bytes, new_bytes, author=author, date=moment, granularity=granularity.value,
        old_name=str(old), new_name=str(new), summary_page=summary_page,
        cover=cover_for_files(old_bytes, new_bytes, old_name=old.name, new_name=new.name,
                              made_by=author, made_on=moment) if cover else None,
    )
    suffix = output.suffix.lower()
    if suffix == ".html":
        write_atomic(output, redline.to_html(f"{new.name} compared with {old.name}").encode())
    elif suffix == ".pdf":
        from policykit.office.session import to_pdf

        write_atomic(output, to_pdf(redline.docx))
    else:
        write_atomic(output, redline.docx)
    for note in redline.notes:
        warn(note)
    if summary is SummaryFormat.JSON:
        typer.echo(json.dumps(redline.summary.to_dict(), indent=2, ensure_ascii=False))
        return
    typer.echo(redline.summary.to_text())
    typer.echo(f"Wrote {output}")
