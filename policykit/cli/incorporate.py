"""Register ``policykit incorporate`` (reviewers' returned copies) and ``policykit notes``."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app
from policykit.cli.options import ContentDirOption, FormatOption, OutputFormat, examples


def _choices(values: list[str]) -> dict[int, str]:
    chosen = {}
    for value in values:
        number, sep, name = value.partition("=")
        if not sep or not number.strip().isdigit() or not name.strip():
            raise typer.BadParameter(f"{value!r}: write N=NAME, e.g. 1='Legal Team'",
                                     param_hint="--resolve")
        chosen[int(number)] = name.strip()
    return chosen


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _print(result) -> None:
    if not result.reviewers:
        typer.echo(f"{result.doc_id} ({result.file}): the copies hold no changes and no "
                   "comments; nothing to bring in.")
        return
    verb = "applied to the current branch" if result.applied else "on review branches"
    typer.echo(f"{result.doc_id} ({result.file}): {_plural(len(result.reviewers), 'reviewer')}, "
               f"changes {verb}.")
    for reviewer in result.reviewers:
        typer.echo("")
        typer.echo(f"{reviewer.name}{f' <{reviewer.email}>' if reviewer.email else ''} "
                   f"({', '.join(reviewer.copies) or 'comments only'})")
        typer.echo(f"  changes found: {reviewer.found}; mapped to the content: {reviewer.mapped}; "
                   f"conflicts: {reviewer.conflicts}; comments: {reviewer.comments}")
        if reviewer.already:
            typer.echo(f"  already in the content: {reviewer.already}")
        if reviewer.branch:
            typer.echo(f"  committed on {reviewer.branch} ({reviewer.commit[:8]})")
        elif result.applied and reviewer.commit:
            typer.echo(f"  committed {reviewer.applied} change(s) as {reviewer.commit[:8]}")
        for line in reviewer.untaken:
            typer.echo(f"  not carried: {line}")
    if result.notes_file:
        typer.echo("")
        typer.echo(f"{_plural(result.notes, 'comment')} kept as review notes in "
                   f"{result.notes_file} (policykit notes {result.doc_id}).")
    if result.conflicts:
        typer.echo("")
        for conflict in result.conflicts:
            taken = f" (resolved for {conflict.resolved_for})" if conflict.resolved_for \
                else ""
            typer.echo(f"Conflict {conflict.number}: {conflict.file}, line {conflict.line}, "
                       f"{conflict.where}{taken}: was '{conflict.old}'")
            for side in conflict.sides:
                typer.echo(f"  {side.reviewer}: '{side.text}'")
        if result.open_conflicts:
            first = result.open_conflicts[0]
            typer.echo(f"Take a side of each with --apply --resolve N=NAME, e.g. "
                       f"--resolve {first.number}='{first.sides[0].reviewer}'.")


@app.command("incorporate", epilog=examples(
    "policykit incorporate legal.docx comms.docx --apply",
    "policykit incorporate --resolve 1='Legal Services'"))
def incorporate_command(
    files: Annotated[list[Path] | None, typer.Argument(
        help="Reviewers' returned copies of a document policykit built (none with --resolve: "
        "the conflicts the last --apply left).", metavar="FILE.docx...",
        show_default=False)] = None,
    content_dir: ContentDirOption = Path("content"),
    doc: Annotated[str | None, typer.Option(
        "--doc", help="Which document the copies are of, when their properties are gone.")] = None,
    base: Annotated[str | None, typer.Option(
        "--base", help="The commit or version they were built from, when their properties "
        "are gone.")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", help="Who made changes without tracking. Default: the file's last author.")
    ] = None,
    apply_changes: Annotated[bool, typer.Option(
        "--apply", help="Commit the changes on the current branch instead of review branches; "
        "exit code 3 while conflicts remain.")] = False,
    resolve: Annotated[list[str] | None, typer.Option(
        "--resolve", help="Take one reviewer's side of a conflict: N=NAME (implies --apply). "
        "Repeat for each conflict.", metavar="N=NAME")] = None,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Bring reviewers' returned Word copies back into the content, credited to each reviewer.

    Tracked changes, untracked edits and comments are read from each copy. By default each
    reviewer's changes become a commit on review/DOC/REVIEWER; with --apply they are committed
    on the current branch. Comments become review notes (policykit notes DOC).
    """
    from policykit.api import incorporate_copies, resolve_conflicts  # on use: a quick start

    choices = _choices(resolve or [])
    if not files and not choices:
        raise typer.BadParameter("give the returned copies, e.g. legal.docx comms.docx",
                                 param_hint="FILE.docx...")
    if not files:
        result = resolve_conflicts(content_dir, choices, doc=doc)
    else:
        mode = "apply" if apply_changes or choices else "branches"
        result = incorporate_copies(content_dir, list(files), doc=doc, base=base, by=by,
                                    mode=mode, resolve=choices)
    if output_format is OutputFormat.JSON:
        data = asdict(result)
        data["exit_code"] = result.exit_code
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        _print(result)
    if result.exit_code:
        raise typer.Exit(code=result.exit_code)


@app.command("notes", epilog=examples("policykit notes appendix-a",
                                      "policykit notes appendix-a --resolve 3f2a1c"))
def notes_command(
    doc_id: Annotated[str, typer.Argument(help="The document whose review notes to show.",
                                          metavar="DOC")],
    content_dir: ContentDirOption = Path("content"),
    resolve: Annotated[str | None, typer.Option(
        "--resolve", help="Mark the note with this id resolved (and commit it).",
        metavar="ID")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show resolved notes too.")] = False,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show the review notes (reviewers' comments) on a document, or resolve one."""
    from policykit.api import resolve_review_note, review_notes

    if resolve:
        note = resolve_review_note(content_dir, doc_id, resolve)
        typer.echo(f"Resolved note {note.id} ({note.author}: {note.text}).")
        return
    notes = review_notes(content_dir, doc_id)
    shown = [n for n in notes if show_all or not n.resolved]
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps([asdict(n) for n in shown], indent=2, ensure_ascii=False))
        return
    if not shown:
        typer.echo(f"No open review notes on {doc_id}.")
        return
    for note in shown:
        state = " [resolved]" if note.resolved else ""
        typer.echo(f"{note.id}{state}  {note.where or note.source}  {note.author}, "
                   f"{note.date[:10]}")
        if note.quoted:
            typer.echo(f"    on '{note.quoted}'")
        typer.echo(f"    {note.text}")
        for reply in note.replies:
            typer.echo(f"    reply from {reply.get('author')}: {reply.get('text')}")
