"""Wires every command into one Typer app, and turns library errors into exit codes.

This is the only place where a :class:`~vlacli.errors.VlaError` becomes ``error: …`` on
stderr and an exit code (see README, "Exit codes"). ``VLA_DEBUG=1`` shows the traceback
instead. Errors that are not VlaError are bugs, and are left to raise.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from .. import __version__, settings
from ..errors import EXIT_DATA, EXIT_OK, EXIT_USAGE, VlaError

F = TypeVar("F", bound=Callable[..., Any])

# Every command, in the order `vla --help` lists them: name -> (module in cli/commands, function, summary).
# A command's module is imported, and its Click command built, only when that command runs, so
# `vla --help` and `vla list` do not pay for the others. The summary is the first line of the
# function's docstring (a test keeps the two equal).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("read", "list_papers", "List papers, filtered and sorted."),
    "show": ("read", "show", "Show every field of one paper, with its links."),
    "categories": ("read", "categories", "Show the taxonomy tree with the number of papers in each category."),
    "add": ("arxiv", "add", "Add papers by arXiv ID, fetching title, authors, abstract and the rest from arXiv."),
    "refresh": ("arxiv", "refresh", "Re-fetch papers from arXiv and update the fields arXiv owns; show what changed."),
    "resolve": ("arxiv", "resolve",
                "Find arXiv IDs for papers that have none, by title search; propose, or --apply exact matches."),
    "tag": ("edit", "tag", "Add a paper to categories."),
    "untag": ("edit", "untag", "Take a paper out of categories."),
    "set": ("edit", "set_fields", "Set fields of a paper by hand."),
    "remove": ("edit", "remove", "Remove a paper from the catalog."),
    "import": ("importing", "import_file",
               "Import papers from an awesome-list README (markdown), a .bib file (bibtex) or CSL-JSON (csl-json)."),
    "sync": ("sync", "sync", "Take rows people added, changed or deleted in the README's tables into the catalog, "
                             "then rewrite them."),
    "export": ("export", "export",
               "Export papers (all, or those the filters select, as in 'vla list') to stdout or a file."),
    "lint": ("lint", "lint", "Check the catalog: duplicate IDs and titles, unknown categories, bad URLs, a stale "
                             "README. Exit 1 on errors."),
    "init": ("edit", "init", "Create an empty catalog (optionally with a taxonomy)."),
}


def load_command(name: str) -> Callable[..., Any]:
    module, func, _ = COMMANDS[name]
    fn: Callable[..., Any] = getattr(importlib.import_module(f"{__package__}.commands.{module}"), func)
    return fn


class LazyGroup(TyperGroup):
    """The root group: builds a subcommand only when it is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                             context_settings={"help_option_names": ["-h", "--help"]})
        single.command(cmd_name)(handle_errors(load_command(cmd_name)))
        return typer.main.get_command(single)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **kwargs: Any) -> Any:
        """Usage errors as one line, like every other error: ``error: …`` on stderr, exit 2.
        ``vla`` alone shows the help (and exits 2: a command is missing)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **kwargs)
        argv = list(sys.argv[1:] if args is None else args)
        code = None
        if not argv:
            argv, code = ["--help"], EXIT_USAGE
        try:
            rv = super().main(argv, prog_name, complete_var, False, windows_expand_args, **kwargs)
        except typer.Abort:
            sys.stderr.write("error: aborted\n")
            sys.exit(EXIT_DATA)
        except Exception as e:  # Click's usage errors: known by what they carry, not by a private class
            message, exit_code = getattr(e, "format_message", None), getattr(e, "exit_code", None)
            if not callable(message) or not isinstance(exit_code, int):
                raise
            ctx = getattr(e, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            sys.stderr.write(f"error: {message()}{hint}\n")
            sys.exit(exit_code)
        sys.exit(code if code is not None else rv if isinstance(rv, int) else EXIT_OK)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        width = formatter.width - 6 - max(len(n) for n in COMMANDS)
        rows = [(name, summary if len(summary) <= width else summary[: width - 3].rsplit(" ", 1)[0] + "...")
                for name, (_, _, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="vla",
    cls=LazyGroup,
    help="vla: the catalog of a survey's papers, kept as TOML, with the survey's README and .bib made from it.",
    epilog="Exit codes: 0 ok, 1 error in data or input, 2 usage, 3 network. Errors go to stderr, one line each.",
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
            if settings.debug():
                raise
            raise fail(str(e), e.exit_code) from None
        except BrokenPipeError:  # `vla list | head`
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]


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


def main() -> None:
    app()
