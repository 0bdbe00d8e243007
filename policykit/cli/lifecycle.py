"""Register ``policykit decide`` and ``policykit status``: the meeting's decision, and where
each document stands."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app
from policykit.cli.options import ContentDirOption, examples, parse_day


class DecisionOutcome(StrEnum):
    """What the meeting decided (``--outcome``)."""

    APPROVED = "approved"
    AMENDED = "amended"
    DEFERRED = "deferred"
    REFUSED = "refused"


class StatusFormat(StrEnum):
    """How ``policykit status`` prints."""

    TABLE = "table"
    JSON = "json"


_SAID = {"approved": "approved", "amended": "approved with amendments",
         "deferred": "deferred", "refused": "refused"}


@app.command(epilog=examples(
    "policykit decide --outcome approved --on 2019-06-11 --minute 23",
    "policykit decide --outcome amended --on 2019-06-11 --minute 23 appendix-a"))
def decide(
    documents: Annotated[
        list[str] | None, typer.Argument(metavar="[DOC]...", help="The documents decided "
                                         "[default: every document for decision].")
    ] = None,
    outcome: Annotated[
        DecisionOutcome, typer.Option("--outcome", help="What the meeting decided.")
    ] = DecisionOutcome.APPROVED,
    on: Annotated[
        str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="The day of the meeting "
                                 "that decided. [required]", show_default=False)
    ] = None,
    minute: Annotated[
        str | None, typer.Option("--minute", metavar="REF", help="The minute reference, "
                                 "e.g. 23. [required]", show_default=False)
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Who decided [default: the committee the "
                                 "document was put to].")
    ] = None,
    in_force_from: Annotated[
        str | None, typer.Option("--in-force-from", metavar="YYYY-MM-DD", help="When an "
                                 "adopted policy takes effect [default: the day after].")
    ] = None,
    version: Annotated[
        str | None, typer.Option("--version", help="With --outcome amended: the version "
                                 "number of the amended text [default: the next one].")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", metavar="YYYY-MM-DD", help="Check dates against "
                                 "this day instead of the real date.")
    ] = None,
    content_dir: ContentDirOption = Path("content"),
) -> None:
    """Record the meeting's decision: approved, amended, deferred or refused, with the minute.

    All or nothing, in one commit with a tag per document. Approved policies are adopted
    (in force from the day after, or --in-force-from); deferred papers return to draft for a
    later meeting; refused ones leave the policy in force before them as it was. Amended:
    commit the amended text first; it is released as the approved version.
    """
    from policykit.api import decide as record

    if on is None or minute is None:
        missing = "--on YYYY-MM-DD" if on is None else "--minute REF"
        raise typer.BadParameter(f"give {missing} (the meeting's date and minute reference)",
                                 param_hint="--on" if on is None else "--minute")
    day = parse_day(on, "--on")
    assert day is not None
    decided = record(content_dir, documents or None, outcome=outcome.value, on=day,
                     minute=minute, today=parse_day(today, "--today") or date.today(),
                     by=by, in_force_from=parse_day(in_force_from, "--in-force-from"),
                     version=version)
    for step in decided.steps:
        typer.echo(f"{step.doc_id} version {step.version}: {step.status.value}"
                   f" \u2014 {step.message.split(': ', 1)[-1]}")
    typer.echo(f"Recorded the decision ({_SAID[outcome.value]}, minute {minute}) in commit "
               f"{decided.commit[:8]}; tags: {', '.join(decided.tags)}")
    if outcome.value == "deferred":
        typer.echo("Next: release them again for a later meeting "
                   "(policykit release DOC --version V --meeting YYYY-MM-DD).")
    elif outcome.value != "refused":
        typer.echo("Next: policykit publish -o publish (the adopted pages and the launch kit).")


@app.command(epilog=examples("policykit status", "policykit status --format json"))
def status(
    output_format: Annotated[
        StatusFormat, typer.Option("--format", help="table for people, json for scripts.")
    ] = StatusFormat.TABLE,
    content_dir: ContentDirOption = Path("content"),
) -> None:
    """Show where each document stands: state, version, meeting, decision, next review."""
    from policykit.api import agenda_deadline, pack_status

    lines = pack_status(content_dir, today=date.today())
    if output_format is StatusFormat.JSON:
        typer.echo(json.dumps([line.as_dict() for line in lines], indent=2,
                              ensure_ascii=False))
        return
    typer.echo(f"{'DOCUMENT':<18} {'VERSION':<7} {'STATE':<13} {'MEETING':<20} "
               f"{'DECISION':<31} NEXT REVIEW")
    for line in lines:
        decision = line.short_decision or "-"
        typer.echo(f"{line.doc_id:<18} {line.version or '-':<7} {line.state:<13} "
                   f"{line.meeting or '-':<20} {decision:<31} "
                   f"{line.next_review.isoformat() if line.next_review else '-'}")
        notes = [note for note in (
            f"agenda out by {line.agenda_deadline.isoformat()}" if line.agenda_deadline
            else None,
            f"in force from {line.in_force_from.isoformat()}" if line.in_force_from else None,
            line.last_review,
            line.decision if line.state == "superseded" else None,
            f"superseded versions: {', '.join(line.superseded)}" if line.superseded else None,
            f"next: {line.next_step}",
        ) if note]
        for note in notes:
            typer.echo(f"{'':<19}{note}")
    if any(line.agenda_deadline for line in lines):
        typer.echo(agenda_deadline(content_dir).describe())
