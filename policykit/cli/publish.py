"""Register ``policykit publish``: PDFs, agenda pack and HTML for the public and Members."""

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
    parse_day,
    protected_folders,
)
from policykit.outputs import check_output_folder


@app.command(epilog=examples("policykit publish -o publish --today 2019-06-04 --late-reason "
                             "\"The costs came in late\"",
                             "policykit publish --at appendix-a/v2.0 --format json"))
def publish(
    content_dir: ContentDir = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder to publish into. "
                                  "[default: publish]", show_default=False)
    ] = None,
    out: OutAlias = None,
    content_dir_option: ContentDirAlso = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Publish drafts too, marked DRAFT on every page.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Publish even when the accessibility check finds "
                           "errors, recording them in check-findings.json.")
    ] = False,
    at: Annotated[
        str | None, typer.Option("--at", help="Publish the pack as it stood at this commit or tag.")
    ] = None,
    today: Annotated[
        str | None, typer.Option("--today", metavar="YYYY-MM-DD", help="The day the agenda "
                                 "goes out: checked against the agenda deadline (pack.yaml's "
                                 "agenda rule) and recorded in the index.")
    ] = None,
    late_reason: Annotated[
        str | None, typer.Option("--late-reason", help="Why the agenda is published after "
                                 "its deadline; the published index records it.")
    ] = None,
    output_format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Publish the pack: PDFs, the agenda pack and web pages, for the public and for Members.

    Writes OUT/public/ (exempt appendices replaced by a Schedule 12A notice), OUT/members/
    (everything, exempt appendices marked), and the launch kit: OUT/announce.eml (never
    sent), OUT/bulletin.html and OUT/bulletin.txt. Drafts and uncommitted work are refused
    unless --draft. With --today, an agenda published after its deadline (five clear working
    days before the meeting, unless pack.yaml says otherwise) is refused unless
    --late-reason says why.
    """
    from policykit.api import publish as publish_pack

    content_dir = content_dir_of(content_dir, content_dir_option)
    out = output_path(output, out) or default_output(content_dir, "publish")
    check_output_folder(out, protected=protected_folders(content_dir))
    as_json = output_format is OutputFormat.JSON
    show_progress = not as_json and sys.stderr.isatty()

    def progress(message: str) -> None:
        if show_progress:
            typer.echo(f"  {message}...", err=True)

    result = publish_pack(content_dir, out, draft=draft, at=at, force=force, progress=progress,
                          today=parse_day(today, "--today"), late_reason=late_reason)
    for message in result.warnings:
        warn(message)
    if as_json:
        typer.echo(json.dumps({
            "commit": result.commit,
            "files": [{"path": str(path), "bytes": path.stat().st_size}
                      for path in result.paths],
            "warnings": result.warnings,
            "removed": [str(path) for path in result.removed],
            "kept": [str(path) for path in result.kept],
            "check": result.check.as_dict()["summary"] if result.check else None,
            "publication": str(result.kind), "tag": result.tag,
        }, indent=2))
        return
    folders: dict[Path, list[Path]] = {}
    for path in result.paths:
        top = out / path.relative_to(out).parts[0]
        folders.setdefault(top, []).append(path)
    for top, paths in folders.items():
        size = sum(path.stat().st_size for path in paths) // 1024
        if top.is_dir():
            pdfs = sum(path.suffix == ".pdf" for path in paths)
            pages = sum(path.suffix == ".html" for path in paths)
            typer.echo(f"wrote {top}/ ({pdfs} PDFs, {pages} web pages, {size} KB)")
        else:
            typer.echo(f"wrote {top} ({size} KB{', not sent' if top.suffix == '.eml' else ''})")
    for path in result.removed:
        typer.echo(f"removed {path} (no longer published)")
    for path in result.kept[:20]:
        typer.echo(f"kept {path}: not written by policykit")
    if len(result.kept) > 20:
        typer.echo(f"kept {len(result.kept) - 20} more files not written by policykit")
    if result.check:
        typer.echo(result.check.summary_line())
    stamp = f" at {result.commit[:12]}" if result.commit else ""
    typer.echo(f"Published {len(result.paths)} files into {out}{stamp}"
               f"{' (DRAFT)' if draft else ''}.")
    if result.tag:
        typer.echo(f"Recorded as tag {result.tag}: 'policykit publish --at {result.tag}' "
                   "publishes it again as it was.")
