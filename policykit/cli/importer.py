"""Register ``policykit import``: turn a Word policy into a content file (one api call)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn
from policykit.cli.options import examples


@app.command("import", epilog=examples(
    'policykit import "Staff Social Media Policy.docx" staff-social-media'))
def import_command(
    file: Annotated[
        Path,
        typer.Argument(help="The Word policy (.docx) to import.", metavar="FILE.docx"),
    ],
    doc_id: Annotated[
        str,
        typer.Argument(help="Id of the new document: content/DOC_ID.md (a-z, 0-9 and -).",
                       metavar="DOC_ID"),
    ],
    content_dir: Annotated[
        Path, typer.Option("--content-dir", help="Folder holding pack.yaml and the content.")
    ] = Path("content"),
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Team that owns the policy. Default: the document's author."),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option("--version", help="Version to record. Default: the document's own, or 1.0."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="draft, approved or superseded. Default: the document's "
                     "own, or draft."),
    ] = None,
    classification: Annotated[
        str | None,
        typer.Option(
            "--classification",
            help="Used when the document carries no classification of its own. "
            "Default: OFFICIAL.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing content file.")
    ] = False,
) -> None:
    """Import a Word policy as a content file, keeping headings, lists, tables and links."""
    from policykit.api import import_word_file  # on use, so the CLI starts quickly

    result = import_word_file(file, content_dir, doc_id, owner=owner, version=version,
                              status=status, classification=classification, force=force)
    imported = result.imported
    for note in imported.notes:
        warn(note)
    policy = imported.policy
    typer.echo(f"Wrote {result.path}: {policy.counts}.")
    typer.echo(
        f"Title {imported.title!r}, owner {imported.owner!r}, classification "
        f"{imported.classification}, number_paragraphs "
        f"{str(policy.number_paragraphs).lower()}."
    )
    typer.echo(f"Next: add '- id: {doc_id}' under documents in {content_dir / 'pack.yaml'} "
               "and run 'policykit build'.")
