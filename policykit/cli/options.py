"""Hold the options every command shares, so one thing has one spelling everywhere.

``-o/--output`` names what a command writes (``--out`` still works, hidden, for old
scripts); ``--content-dir`` the folder holding pack.yaml; ``--format`` text or JSON; dates
are ``YYYY-MM-DD`` and a malformed one is a usage error (exit 2) in every command.
"""

from __future__ import annotations

import os
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

TEMPLATES = "templates"  # the brand kit's folder, beside the content folder


class OutputFormat(StrEnum):
    """How a command prints its result."""

    TEXT = "text"
    JSON = "json"


ContentDirOption = Annotated[
    Path,
    typer.Option("--content-dir", help="Folder holding pack.yaml and the content files."),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", help="text for people, json for scripts.")
]
# The hidden old spelling of -o/--output, kept so existing scripts keep working.
OutAlias = Annotated[Path | None, typer.Option("--out", hidden=True)]


def output_path(output: Path | None, out: Path | None) -> Path | None:
    """Return the path given with ``-o/--output`` or its old spelling ``--out``."""
    if output is not None and out is not None and output != out:
        raise typer.BadParameter("give the output once, with -o/--output", param_hint="--out")
    return output if output is not None else out


def parse_day(text: str | None, option: str) -> date | None:
    """Return the date written ``YYYY-MM-DD`` in ``text``; a malformed one exits 2."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date; write it as YYYY-MM-DD", param_hint=option
        ) from None


def protected_folders(content_dir: Path, template_dir: Path | None = None) -> list[Path]:
    """Return the folders no output may go into: the content folder and the brand kit."""
    named = content_dir.name not in ("", ".", "..")  # else only the resolved path has a parent
    folders = [content_dir, (content_dir if named else content_dir.resolve()).parent / TEMPLATES]
    if template_dir is not None:
        folders.append(template_dir)
    return folders


def default_output(content_dir: Path, name: str) -> Path:
    """Return where an output goes by default: ``name`` here, or beside the content folder
    (``../build``) when here is the content folder or inside it, as the user would type it."""
    here = Path.cwd().resolve()
    folder = content_dir.resolve()
    if here != folder and folder not in here.parents:
        return Path(name)
    return Path(os.path.relpath(folder.parent / name, here))


def examples(*lines: str) -> str:
    """Return the epilog ending a command's help: one or two example command lines."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


ContentDir = Annotated[
    Path | None,
    typer.Argument(help="Folder holding pack.yaml and the content files "
                   "(the same as --content-dir). [default: content]", show_default=False),
]
ContentDirAlso = Annotated[Path | None, typer.Option(
    "--content-dir", help="Folder holding pack.yaml and the content files. [default: content]",
    show_default=False)]


def content_dir_of(argument: Path | None, option: Path | None) -> Path:
    """Return the content folder given as the argument or with ``--content-dir``."""
    if argument is not None and option is not None and argument != option:
        raise typer.BadParameter(
            f"two content folders given ({argument} and {option}); give one",
            param_hint="--content-dir",
        )
    chosen = argument or option or Path("content")
    if not chosen.exists() and Path("pack.yaml").is_file():  # run inside the content folder
        from policykit.errors import ContentError

        raise ContentError(
            "no such content folder, but this folder holds pack.yaml: give it as '.' "
            "(e.g. policykit build .) or run the command from the folder above", file=chosen)
    return chosen
