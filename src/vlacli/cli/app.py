"""Wires every command into one Typer app, and turns library errors into exit codes.

This is the only place where a :class:`~vlacli.errors.VlaError` becomes ``error: …`` on
stderr and an exit code (see README, "Exit codes"). ``VLA_DEBUG=1`` shows the traceback
instead. Errors that are not VlaError are bugs, and are left to raise.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from .. import __version__
from ..errors import VlaError
from .commands import arxiv, edit, export, importing, lint, read

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="vla",
    help="vla: the catalog of a survey's papers, kept as TOML, with the survey's README and .bib made from it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain Click help: rich's help renderer costs ~80 ms on every --help
    context_settings={"help_option_names": ["-h", "--help"]},
)


def fail(message: str, code: int) -> typer.Exit:
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()
    return typer.Exit(code)


def handle_errors(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except VlaError as e:
            if os.environ.get("VLA_DEBUG"):
                raise
            raise fail(str(e), e.exit_code) from None
        except BrokenPipeError:  # `vla list | head`
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]


def command(target: typer.Typer, name: str, fn: Callable[..., Any], **kwargs: Any) -> None:
    target.command(name, **kwargs)(handle_errors(fn))


def _version(value: bool) -> None:
    if value:
        print(f"vla {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """vla: the catalog of a survey's papers, kept as TOML, with the survey's README and .bib made from it.

    Exit codes: 0 ok, 1 error in data or input, 2 usage, 3 network.
    """


# Reading
command(app, "list", read.list_papers)
command(app, "show", read.show)
command(app, "categories", read.categories)
# Editing
command(app, "init", edit.init)
command(app, "tag", edit.tag)
command(app, "untag", edit.untag)
command(app, "set", edit.set_fields)
command(app, "remove", edit.remove)
# arXiv (add, refresh, resolve)
command(app, "add", arxiv.add)
command(app, "refresh", arxiv.refresh)
command(app, "resolve", arxiv.resolve)
# Import and export
command(app, "export", export.export)
command(app, "import", importing.import_file)
# Lint
command(app, "lint", lint.lint)


def main() -> None:
    app()
