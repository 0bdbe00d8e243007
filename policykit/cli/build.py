"""Register ``policykit build`` and ``policykit validate``."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn


class OutputFormat(StrEnum):
    """How a command prints its result."""

    TEXT = "text"
    JSON = "json"


ContentDir = Annotated[
    Path,
    typer.Argument(help="Folder holding pack.yaml and the content files.", show_default=True),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for scripts.")
]


@app.command()
def build(
    content_dir: ContentDir = Path("content"),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the documents to.")
    ] = Path("build"),
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="Another council's brand kit (report.docx and policy.docx). "
            "Default: templates/ beside the content folder, else the built-in kit.",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Build the pack as it stood at this commit or tag."),
    ] = None,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Build the committee pack: one council-branded Word document per pack document."""
    from policykit.api import build_pack

    as_json = output_format is OutputFormat.JSON
    show_progress = not as_json and sys.stderr.isatty()

    def progress(message: str) -> None:
        if show_progress:
            typer.echo(f"  {message}...", err=True)

    result = build_pack(content_dir, out, template_dir=template_dir, at=at, progress=progress)
    for message in result.warnings:
        warn(message)
    if as_json:
        typer.echo(json.dumps({
            "commit": result.commit,
            "documents": [
                {"path": str(path), "bytes": path.stat().st_size} for path in result.paths
            ],
            "removed": [str(path) for path in result.removed],
            "warnings": result.warnings,
        }, indent=2))
        return
    for path in result.paths:
        typer.echo(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    for path in result.removed:
        typer.echo(f"removed {path} (no longer built)")
    commit, dirty, _ = (result.commit or "").partition("-dirty")
    stamp = f" at {commit[:12]}{dirty}" if commit else ""
    typer.echo(f"Built {len(result.paths)} documents into {out}{stamp}.")


@app.command()
def validate(
    content_dir: ContentDir = Path("content"),
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Check the content files without building anything."""
    from policykit.content import load

    content = load(content_dir)
    for message in content.warnings:
        warn(message)
    in_pack = [entry.id for entry in content.pack.documents]
    others = sorted(set(content.documents) - set(in_pack))
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps({
            "valid": True, "pack": in_pack, "other_documents": others,
            "warnings": content.warnings,
        }, indent=2))
        return
    extra = f"; also {', '.join(others)} (not in the pack)" if others else ""
    typer.echo(f"{content_dir} is valid: {len(in_pack)} pack documents "
               f"({', '.join(in_pack)}){extra}.")
