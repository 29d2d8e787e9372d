"""Wires every command into one Typer app, and turns library errors into exit codes.

This is the only place where a :class:`~vlacli.errors.VlaError` becomes ``error: …`` on
stderr and an exit code (see README, "Exit codes"). ``VLA_DEBUG=1`` shows the traceback
instead. Errors that are not VlaError are bugs, and are left to raise. Standard input and output
are used through :class:`Stream`, so a closed or full one is a VlaError too, and a reader that
goes away (``vla list | head``) ends the command quietly with exit 0.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from .. import __version__, settings
from ..errors import EXIT_DATA, EXIT_OK, EXIT_USAGE, OutputClosed, StreamError, VlaError

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
               "Import papers from an awesome-list README (markdown) or a .bib file (bibtex)."),
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
        guard_streams()
        argv = list(sys.argv[1:] if args is None else args)
        code = None
        if not argv:
            argv, code = ["--help"], EXIT_USAGE
        try:
            rv = super().main(argv, prog_name, complete_var, False, windows_expand_args, **kwargs)
            sys.stdout.flush()  # a full disk or a closed pipe is said here, not at the interpreter's exit
        except typer.Abort:
            sys.stderr.write("error: aborted\n")
            sys.exit(EXIT_DATA)
        except VlaError as e:  # standard output failed while Click wrote the help
            sys.exit(stream_failed(e))
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
            result = fn(*args, **kwargs)
            sys.stdout.flush()
            return result
        except (OutputClosed, StreamError) as e:
            raise typer.Exit(stream_failed(e)) from None
        except VlaError as e:
            if settings.debug():
                raise
            raise fail(str(e), e.exit_code) from None
        except BrokenPipeError:  # `vla list | head`, written around the Stream
            raise typer.Exit(stream_failed(OutputClosed())) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]


def stream_failed(e: VlaError) -> int:
    """Standard output cannot take more (its reader left, it is closed or full): say so unless its
    reader just left, and point it at /dev/null so the interpreter's last flush fails no more."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    if isinstance(e, OutputClosed):
        return EXIT_OK
    if settings.debug():
        raise e
    sys.stderr.write(f"error: {e}\n")
    sys.stderr.flush()
    return e.exit_code


class Stream:
    """``sys.stdin`` or ``sys.stdout`` as vla uses them: a failure to read or write becomes a
    VlaError naming the stream (StreamError; OutputClosed when the reader of a pipe left), and a
    stream that was closed before vla started (Python then has None) fails as soon as it is used.
    Everything else is the stream's own."""

    def __init__(self, stream: Any, name: str, verb: str) -> None:
        self._stream = stream
        self._name = name
        self._verb = verb  # what it is for: "read" or "write to"
        self._offset = 0  # bytes read so far, to say where text that is not UTF-8 starts

    def _error(self, e: Exception | None, verb: str) -> VlaError:
        if isinstance(e, BrokenPipeError):
            return OutputClosed()
        if isinstance(e, UnicodeDecodeError):
            return StreamError(f"{self._name}: not UTF-8 text (byte {e.start})")
        why = "it is closed" if e is None else (getattr(e, "strerror", None) or str(e))
        return StreamError(f"cannot {verb} {self._name}: {why}")

    def _use(self, verb: str, method: str, *args: Any) -> Any:
        if self._stream is None:
            raise self._error(None, verb)
        try:
            return getattr(self._stream, method)(*args)
        except (OSError, UnicodeDecodeError) as e:
            raise self._error(e, verb) from None

    def _text(self, text: Any) -> Any:
        """What was read, if it is UTF-8: Python reads standard input with ``surrogateescape``, which
        lets any byte through to fail later, when the text is written."""
        if isinstance(text, str):
            try:
                self._offset += len(text.encode("utf-8"))
            except UnicodeEncodeError as e:
                at = self._offset + len(text[: e.start].encode("utf-8"))
                raise StreamError(f"{self._name}: not UTF-8 text (byte {at})") from None
        return text

    def write(self, text: str) -> int:
        result: int = self._use("write to", "write", text)
        return result

    def writelines(self, lines: Any) -> None:
        self._use("write to", "writelines", lines)

    def flush(self) -> None:
        if self._stream is not None:
            self._use("write to", "flush")

    def read(self, *args: Any) -> str:
        result: str = self._text(self._use("read", "read", *args))
        return result

    def readline(self, *args: Any) -> str:
        result: str = self._text(self._use("read", "readline", *args))
        return result

    def readlines(self, *args: Any) -> list[str]:
        return list(self)

    def __iter__(self) -> Iterator[str]:
        while line := self.readline():
            yield line

    def isatty(self) -> bool:
        return self._stream is not None and bool(self._use(self._verb, "isatty"))

    def fileno(self) -> int:
        if self._stream is None:
            raise OSError(9, "Bad file descriptor")
        result: int = self._stream.fileno()
        return result

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise self._error(None, self._verb)
        return getattr(self._stream, name)


def guard_streams() -> None:
    """Put :class:`Stream` around standard input and output (once), and give a closed standard
    error somewhere to go."""
    if not isinstance(sys.stdout, Stream):
        sys.stdout = Stream(sys.stdout, "standard output", "write to")
    if not isinstance(sys.stdin, Stream):
        sys.stdin = Stream(sys.stdin, "standard input", "read")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the rest of the process


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
