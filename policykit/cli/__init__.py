"""Define the ``policykit`` command: the only module that prints, reads the environment or exits.

Each area registers its commands from its own module (build, compare, history, reviews,
importer). Every command parses options, calls one library function and prints.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from policykit.errors import PolicykitError


class PolicykitGroup(TyperGroup):
    """Catch the package's base error once: print ``Error: ...`` and exit with code 1."""

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except PolicykitError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(code=1) from None


app = typer.Typer(
    cls=PolicykitGroup,
    name="policykit",
    help="Produce, version and compare council policy papers as branded Word documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


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
    publish,
    reviews,
    serve,
)


def main() -> None:
    """Run the ``policykit`` command."""
    app()
