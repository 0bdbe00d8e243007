"""Register ``policykit build`` and ``policykit validate``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from policykit.cli import app, warn
from policykit.cli.options import (
    ContentDir,
    ContentDirAlso,
    FormatOption,
    OutAlias,
    OutputFormat,
    content_dir_of,
    default_output,
    examples,
    output_path,
    protected_folders,
)
from policykit.errors import PolicykitError
from policykit.outputs import check_output_folder


@app.command(epilog=examples("policykit build --check", "policykit build --at appendix-a/v1.0 -o "
                             "build/v1.0"))
def build(
    content_dir: ContentDir = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder to write the documents to. "
                                  "[default: build]", show_default=False)
    ] = None,
    out: OutAlias = None,
    content_dir_option: ContentDirAlso = None,
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
    check: Annotated[
        bool,
        typer.Option("--check", help="Also check the documents for accessibility and plain "
                     "English and print one summary line (policykit check shows each finding)."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite built documents edited since they were "
                           "built (their edits are lost).")
    ] = False,
) -> None:
    """Build the committee pack: one council-branded Word document per pack document."""
    from policykit.api import build_pack

    content_dir = content_dir_of(content_dir, content_dir_option)
    out = output_path(output, out) or default_output(content_dir, "build")
    check_output_folder(out, protected=protected_folders(content_dir, template_dir))
    as_json = output_format is OutputFormat.JSON
    show_progress = not as_json and sys.stderr.isatty()

    def progress(message: str) -> None:
        if show_progress:
            typer.echo(f"  {message}...", err=True)

    result = build_pack(content_dir, out, template_dir=template_dir, at=at, progress=progress,
                        check=check, force=force)
    for path in result.overwritten:
        warn(f"{path} was edited after it was built, or policykit did not write it; "
             "overwritten as --force asked")
    for message in result.warnings:
        warn(message)
    if as_json:
        typer.echo(json.dumps({
            "commit": result.commit,
            "documents": [
                {"path": str(path), "bytes": path.stat().st_size} for path in result.paths
            ],
            "removed": [str(path) for path in result.removed],
            "check": result.check.as_dict()["summary"] if result.check else None,
            "warnings": result.warnings,
        }, indent=2))
        return
    for path in result.paths:
        typer.echo(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    for path in result.removed:
        typer.echo(f"removed {path} (no longer built)")
    commit, dirty, _ = (result.commit or "").partition("-dirty")
    stamp = f" at {commit[:12]}{dirty}" if commit else ""
    if result.check:
        typer.echo(result.check.summary_line())
    typer.echo(f"Built {len(result.paths)} documents into {out}{stamp}.")


@app.command(epilog=examples("policykit validate", "policykit validate --format json"))
def validate(
    content_dir: ContentDir = None,
    output_format: FormatOption = OutputFormat.TEXT,
    content_dir_option: ContentDirAlso = None,
) -> None:
    """Check the content files without building anything."""
    from policykit.api import validate_content

    content_dir = content_dir_of(content_dir, content_dir_option)
    try:
        content = validate_content(content_dir)
    except PolicykitError as exc:
        if output_format is OutputFormat.JSON:  # a script reads the verdict on stdout
            typer.echo(json.dumps({"valid": False, "error": {
                "file": getattr(exc, "file", None), "line": getattr(exc, "line", None),
                "field": getattr(exc, "field", None), "message": str(exc),
            }}, indent=2))
        raise
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
