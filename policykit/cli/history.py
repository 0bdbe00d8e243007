"""Register ``policykit init``, ``history``, ``release`` and ``diff``: versions in git."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn
from policykit.cli.options import (
    ContentDirOption,
    OutAlias,
    default_output,
    examples,
    output_path,
    parse_day,
    protected_folders,
)
from policykit.outputs import check_output

TABLE_WIDTH = 80


class HistoryFormat(StrEnum):
    """How ``policykit history`` prints the versions."""

    TABLE = "table"
    JSON = "json"


@app.command(epilog=examples("policykit init council", "policykit init"))
def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder to create the content repository in.")
    ] = Path("."),
) -> None:
    """Create a content repository: sample content, the brand kit and a first commit."""
    from policykit.api import create_repository

    repository = create_repository(directory)
    head = repository.head() or ""
    files = repository.files()
    content = sum(name.startswith("content/") for name in files)
    templates = sum(name.startswith("templates/") for name in files)
    typer.echo(f"Created a content repository in {directory} (first commit {head[:8]}):")
    typer.echo(f"  content/    the sample pack ({content} files)")
    typer.echo(f"  templates/  the brand kit ({templates} files)")
    typer.echo("  .gitignore  leaves build/ out of git")
    where = "" if directory == Path(".") else f"cd {directory} && "
    typer.echo(f"Next: {where}policykit build")


def _states(tags: tuple[str, ...] | list[str], doc_id: str | None) -> list[str]:
    from policykit.api import tag_states

    return tag_states(tags, doc_id)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


@app.command("history", epilog=examples("policykit history",
                                        "policykit history appendix-a --format json"))
def history_command(
    doc_id: Annotated[
        str | None, typer.Argument(help="A document id; leave out for the whole pack.")
    ] = None,
    output_format: Annotated[
        HistoryFormat, typer.Option("--format", help="table for people, json for scripts.")
    ] = HistoryFormat.TABLE,
    content_dir: ContentDirOption = Path("content"),
) -> None:
    """List the versions of a document (or of the pack): who changed it, when, approvals."""
    from policykit.api import document_history

    versions = document_history(content_dir, doc_id)
    if output_format is HistoryFormat.JSON:
        typer.echo(json.dumps([
            {
                "commit": v.commit,
                "date": v.date.isoformat(),
                "author": v.author,
                "email": v.email,
                "message": v.subject,
                "document": v.document,
                "version": v.release,
                "approved_by": v.approved_by,
                "approved_on": v.approved_on,
                "tags": list(v.tags),
                "states": _states(v.tags, None),
            }
            for v in versions
        ], indent=2, ensure_ascii=False))
        return
    # COMMIT 8, DATE 10, AUTHOR 18, then the message; a release adds a second line.
    typer.echo(f"{'COMMIT':<8}  {'DATE':<10}  {'AUTHOR':<18}  MESSAGE")
    message_width = TABLE_WIDTH - (8 + 10 + 18 + 3 * 2)
    for v in versions:
        typer.echo(
            f"{v.commit[:8]}  {v.date:%Y-%m-%d}  {_cut(v.author, 18):<18}  "
            f"{_cut(v.subject, message_width)}"
        )
        notes = []
        if v.release:
            document = v.document if doc_id is None else None
            notes.append(f"{document} {v.release}" if document else f"version {v.release}")
        if v.approved_by or v.approved_on:
            notes.append(f"approved by {v.approved_by or '?'}, {v.approved_on or '?'}")
        states = _states(v.tags, doc_id)
        if states:
            notes.append("; ".join(states))
        elif v.tags:
            notes.append(f"tag {', '.join(v.tags)}")
        if notes:
            typer.echo(" " * 10 + _cut(", ".join(notes), TABLE_WIDTH - 10))
    count = len(versions)
    what = doc_id or "the pack"
    typer.echo(f"{count} version{'s' * (count != 1)} of {what}.")


@app.command(epilog=examples(
    "policykit release appendix-a --version 1.0",
    "policykit release appendix-a --version 1.0 --approved-by Cabinet "
    "--approved-on 2019-06-11 --minute 23"))
def release(
    doc_id: Annotated[str, typer.Argument(help="The document to release, e.g. appendix-a.")],
    version: Annotated[str, typer.Option("--version", help="The version number, e.g. 1.0.")],
    approved_by: Annotated[
        str | None, typer.Option("--approved-by", help="Record a decision taken elsewhere: "
                                 "who approved it, e.g. \"Cabinet\".")
    ] = None,
    approved_on: Annotated[
        str | None, typer.Option("--approved-on", metavar="YYYY-MM-DD",
                                 help="With --approved-by: the date of approval.")
    ] = None,
    minute: Annotated[
        str | None, typer.Option("--minute", help="With --approved-by: the minute reference.")
    ] = None,
    meeting: Annotated[
        str | None, typer.Option("--meeting", metavar="YYYY-MM-DD", help="The meeting that "
                                 "will decide [default: the pack's meeting_date].")
    ] = None,
    committee: Annotated[
        str | None, typer.Option("--committee", help="With --meeting: the committee "
                                 "[default: the pack's committee].")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the released document "
                     "[default: build/<doc-id>-v<version>.docx]."),
    ] = None,
    out: OutAlias = None,
    content_dir: ContentDirOption = Path("content"),
) -> None:
    """Release a document for decision: freeze the version for the pack's meeting, commit,
    tag, build. With --approved-by/--approved-on, record a decision taken elsewhere."""
    from policykit.api import long_date
    from policykit.api import release as release_document

    approved = parse_day(approved_on, "--approved-on")
    target = output_path(output, out) or \
        default_output(content_dir, "build") / f"{doc_id}-v{version}.docx"
    check_output(target, suffixes=(".docx",), protected=protected_folders(content_dir))
    made = release_document(content_dir, doc_id, version=version, approved_by=approved_by,
                            approved_on=approved, today=date.today(), out=target,
                            minute=minute, meeting_date=parse_day(meeting, "--meeting"),
                            committee=committee)
    for message in made.warnings:
        warn(message)
    if approved_by is not None and approved is not None:
        typer.echo(
            f"Released {doc_id} version {version}, approved by "
            f"{' '.join(approved_by.split())} on {long_date(approved)}"
            f"{f' (minute {minute})' if minute else ''}.")
        for line in made.said.splitlines():  # what it superseded
            typer.echo(line)
    else:
        typer.echo(f"Released {doc_id} version {version} {made.said}.")
    typer.echo(f"commit {made.commit[:8]}, tag {made.tag}")
    typer.echo(f"wrote {target} ({len(made.docx) // 1024} KB)")


@app.command(epilog=examples(
    "policykit diff appendix-a --from appendix-a/v1.0 --attribute -o build/changes.docx",
    "policykit diff appendix-a --against staff-policy-2014 -o build/against-2014.docx"))
def diff(
    doc_id: Annotated[str, typer.Argument(help="The document to compare, e.g. appendix-a.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The tracked-change .docx to write. "
                                  "[required]", show_default=False)
    ] = None,
    out: OutAlias = None,
    old: Annotated[
        str | None,
        typer.Option("--from", help="The older revision: a tag, commit or branch."),
    ] = None,
    new: Annotated[
        str | None,
        typer.Option("--to", help="The newer revision [default: the working tree]."),
    ] = None,
    attribute: Annotated[
        bool,
        typer.Option("--attribute", help="Give each change the author and date of the "
                     "commit that made it."),
    ] = False,
    against: Annotated[
        str | None,
        typer.Option("--against", help="Compare with another content document instead "
                     "(e.g. staff-policy-2014), both from the working tree."),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option("--template-dir", help="Another brand kit, for --against."),
    ] = None,
    content_dir: ContentDirOption = Path("content"),
) -> None:
    """Write a Word tracked-change comparison of two versions of a document."""
    from policykit.api import diff_documents, diff_versions

    target = output_path(output, out)
    if target is None:
        raise typer.BadParameter("give the redline to write, e.g. -o build/changes.docx",
                                 param_hint="-o/--output")
    check_output(target, suffixes=(".docx",),
                 protected=protected_folders(content_dir, template_dir))
    out = target
    if against is not None:
        if old or new or attribute:
            raise typer.BadParameter(
                "--against compares two documents; leave out --from, --to and --attribute",
                param_hint="--against",
            )
        redline = diff_documents(content_dir, doc_id, against, template_dir=template_dir,
                                 out=out)
        described = f"{against} -> {doc_id}"
    else:
        if old is None:
            raise typer.BadParameter(
                "give the older revision (e.g. --from appendix-a/v1.0), or --against DOC",
                param_hint="--from",
            )
        if template_dir is not None:
            raise typer.BadParameter(
                "the templates of each revision are used; --template-dir is for --against",
                param_hint="--template-dir",
            )
        redline = diff_versions(content_dir, doc_id, old=old, new=new, attribute=attribute,
                                now=datetime.now(UTC), out=out)
        described = f"{doc_id}, {old} -> {new or 'working tree'}"
    for note in redline.notes:
        warn(note)
    typer.echo(f"wrote {out} ({len(redline.docx) // 1024} KB): {described}")
    typer.echo(redline.summary.to_text())
