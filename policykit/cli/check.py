"""Register ``policykit check``: accessibility and plain English for Word, PDF and HTML."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from policykit import api
from policykit.cli import app
from policykit.cli.options import examples

EXIT_FAILED = 3


class CheckFormat(StrEnum):
    """How ``check`` prints its findings."""

    TEXT = "text"
    JSON = "json"


def _list_rules(value: bool) -> None:
    if value:
        typer.echo(api.check_rules_text())
        raise typer.Exit()


@app.command("check", epilog=examples(
    "policykit check publish/public",
    "policykit check content --format json --rules long-sentence"))
def check_command(
    paths: Annotated[list[Path], typer.Argument(
        help=".docx, .pdf or .html files, folders of them, a content folder, or a project "
        "root (its content and last build).",
        metavar="PATH...")],
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", help="text (grouped by file) or json.")] = CheckFormat.TEXT,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 3) on warnings as well as errors.")] = False,
    rules: Annotated[str | None, typer.Option(
        "--rules", metavar="LIST", help="Only these rules, comma-separated (see "
        "--list-rules).")] = None,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", callback=_list_rules, is_eager=True,
        help="List the rules and exit.")] = False,
) -> None:
    """Check documents for accessibility (WCAG 2.2 AA) and plain English.

    Exit 0 when there are no errors (and, with --strict, no warnings), 3 when there are,
    1 when a path cannot be read.
    """
    report = api.check(list(paths), rules=rules)
    typer.echo(api.check_report_json(report) if output_format is CheckFormat.JSON
               else api.check_report_text(report))
    if report.failed(strict):
        raise typer.Exit(code=EXIT_FAILED)
