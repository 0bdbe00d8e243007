"""Define the ``policykit`` command: the only module that prints, reads the environment or exits.

Each area registers its commands from its own module (build, compare, history, reviews,
importer); the options they share live in :mod:`policykit.cli.options`. Every command parses
options, calls one library function and prints. The group catches two things once for all
commands: a ``PolicykitError`` (``Error: ...``, exit 1) and Ctrl-C (exit 130).
"""

from __future__ import annotations

import errno
import sys
from copy import copy
from typing import Annotated

import typer
from typer.core import TyperGroup
from typer.main import get_command_name

from policykit.cli.options import examples
from policykit.errors import PolicykitError

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
CONTEXT = {"help_option_names": ["-h", "--help"]}


# What to do when the operating system refuses to read or write a path, by errno.
OS_FIXES = {
    errno.ENAMETOOLONG: "a name in the path is too long (most disks allow 255 characters); "
                        "use a shorter name",
    errno.EACCES: "permission denied; check that you may read and write there",
    errno.EPERM: "permission denied; check that you may read and write there",
    errno.EROFS: "the disk is read-only; use a folder on a disk you can write to",
    errno.ENOSPC: "the disk is full; free some space, then try again",
    errno.ELOOP: "its symbolic links go round in a loop; give the real path",
}


def os_problem(exc: OSError) -> str:
    """Return one line naming the path the system refused and what to do about it."""
    where = f"{exc.filename}: " if exc.filename is not None else ""
    fix = OS_FIXES.get(exc.errno or 0) or \
        f"{(exc.strerror or str(exc)).lower()}; check the path and try again"
    return where + fix


class PolicykitGroup(TyperGroup):
    """Catch the package's base error and Ctrl-C once, for every command."""

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except PolicykitError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(code=1) from None
        except BrokenPipeError:  # the reader went away (policykit ... | head): as before
            raise
        except OSError as exc:  # the disk refused something no check foresaw: say so, once
            typer.echo(f"Error: {os_problem(exc)}", err=True)
            raise typer.Exit(code=1) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted; nothing was written.", err=True)
            raise typer.Exit(code=EXIT_INTERRUPTED) from None


app = typer.Typer(
    cls=PolicykitGroup,
    name="policykit",
    help="Produce, version and compare council policy papers as branded Word documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
    epilog=examples("policykit build", "policykit compare old.docx new.docx -o redline.docx"),
)


def _print_version(value: bool) -> None:
    if value:
        from policykit import __version__

        typer.echo(f"policykit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_print_version,
                     help="Print the version and exit."),
    ] = False,
) -> None:
    """Produce, version and compare council policy papers as branded Word documents."""


def warn(message: str) -> None:
    """Print ``Warning: message`` to standard error."""
    typer.echo(f"Warning: {message}", err=True)


# Command modules register themselves on ``app`` when imported.
from policykit.cli import (  # noqa: E402,F401
    build,
    check,
    compare,
    history,
    importer,
    incorporate,
    lifecycle,
    publish,
    reviews,
    serve,
)


def main() -> None:
    """Run the ``policykit`` command."""
    _app_for(sys.argv[1:])()


def _app_for(args: list[str]) -> typer.Typer:
    """Return ``app``, or an app of the one command ``args`` start with, which runs the same.

    Typer builds every command's options before it runs one (a twentieth of a
    ``policykit compare``); the command alone has the same usage line, help and errors.
    Anything else (no command, an option first, a group such as ``reviews``, a typo) gets
    the whole app.
    """
    chosen = [info for info in app.registered_commands if args and args[0] == (
        info.name or get_command_name(info.callback.__name__))]
    if len(chosen) != 1:
        return app
    alone = copy(app)
    alone.registered_commands = chosen
    alone.registered_groups = []
    return alone
