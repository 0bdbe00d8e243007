"""Register ``policykit import``: turn a Word policy into a content file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn
from policykit.cli.options import examples
from policykit.errors import ContentError


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it the usual mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
    from policykit.importer.reader import import_word_policy  # on use, so the CLI starts quickly
    from policykit.word.inputs import read_bytes

    if not content_dir.is_dir():
        raise ContentError(
            "no such content folder; pass the folder holding pack.yaml with --content-dir",
            file=content_dir,
        )
    target = content_dir / f"{doc_id}.md"
    for other in (content_dir / f"{doc_id}.yaml", content_dir / f"{doc_id}.yml"):
        if other.exists():
            raise ContentError(f"already holds document {doc_id!r}; choose another DOC_ID",
                               file=other)
    if target.exists() and not force:
        raise ContentError(
            "already exists; choose another DOC_ID or pass --force to overwrite it", file=target
        )
    data = read_bytes(file)
    result = import_word_policy(
        data,
        str(file),
        doc_id,
        owner=owner,
        version=version,
        status=status,
        classification=classification,
    )
    for note in result.notes:
        warn(note)
    _write_atomically(target, result.text)
    policy = result.policy
    typer.echo(f"Wrote {target}: {policy.counts}.")
    typer.echo(
        f"Title {result.title!r}, owner {result.owner!r}, classification "
        f"{result.classification}, number_paragraphs {str(policy.number_paragraphs).lower()}."
    )
    typer.echo(f"Next: add '- id: {doc_id}' under documents in {content_dir / 'pack.yaml'} "
               "and run 'policykit build'.")
