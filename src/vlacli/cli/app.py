"""Wires every command into one Typer app, and turns library errors into exit codes.

This is the only place where a :class:`~vlacli.errors.VlaError` becomes ``error: …`` on
stderr and an exit code (see docs/reference/exit-codes.md). ``VLA_DEBUG=1`` shows the traceback
instead. Errors that are not VlaError are bugs, and are left to raise. Standard input and output
are used through :class:`Stream`, so a closed or full one is a VlaError too, and a reader that
goes away (``vla list | head``) ends the command quietly with exit 0.

No ``from __future__ import annotations`` here, as in options.py: typer reads the root callback's
signature on every run, and evaluating its string annotations cost 2 M instructions of each `vla --help`.
"""

import contextlib
import functools
import importlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import Annotated, Any, NamedTuple, TypeVar

import typer
from typer.core import TyperGroup

from .. import __version__, settings
from ..errors import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    FieldValueError,
    InputError,
    NothingToDo,
    OutputClosed,
    StreamError,
    VlaError,
)
from .options import CatalogOption

F = TypeVar("F", bound=Callable[..., Any])


class Command(NamedTuple):
    """One command of `vla`: where it lives, what it does, 1-3 examples for its --help, and the panel of
    `vla --help` it is listed in."""

    module: str  # in cli/commands
    func: str  # a function, or a typer.Typer for a command with subcommands
    summary: str  # the first line of its docstring (a test keeps the two equal)
    examples: tuple[str, ...]  # shown under its --help; a test parses each
    panel: str | None = None  # one of PANELS (a test checks every command has one)


# The panels of `vla --help`, by task, in its order; each command is in one (Typer's rich_help_panel).
READING = "Reading"
EDITING = "Editing and categories"
ARXIV = "arXiv, watch and the inbox"
IMPORT_EXPORT = "README, import and export"
CHECKING = "Venues, verify and lint"
SETUP = "Setup"
PANELS = (READING, EDITING, ARXIV, IMPORT_EXPORT, CHECKING, SETUP)

# Every command, by panel, in the order `vla --help` lists them. A command's module is imported, and its Click
# command built, only when that command runs, so `vla --help` and `vla list` do not pay for the others.
COMMANDS: dict[str, Command] = {
    # Reading
    "list": Command("read", "list_papers", "List papers, filtered and sorted.", (
        "vla list -c quantization",
        "vla list --year 2024- --sort title",
        "vla list -s diffusion -f json > papers.json",
    ), READING),
    "show": Command("read", "show", "Show every field of one paper, with its links.", (
        "vla show 2506.01844",
        "vla show https://arxiv.org/abs/2506.01844v2 --json",
    ), READING),
    "categories": Command("read", "categories",
                          "Show the taxonomy tree with the number of papers in each category.", (
        "vla categories",
        "vla -C ~/lists/mylist categories",
    ), READING),
    "stats": Command("stats", "stats", "Show papers per year and pillar, top venues, published vs arXiv, and papers "
                                       "without code or website.", (
        "vla stats",
        "vla stats -c efficient-model-design",
        "vla stats --svg papers-per-year.svg",
    ), READING),
    # Editing and categories
    "tag": Command("edit", "tag", "Add a paper to categories.", (
        "vla tag 2506.01844 quantization",
        "vla tag arXiv:2506.01844 'Token Optimization' efficient-attention",
    ), EDITING),
    "untag": Command("edit", "untag", "Take a paper out of categories.", (
        "vla untag 2506.01844 quantization",
    ), EDITING),
    "set": Command("edit", "set_fields", "Set fields of a paper by hand.", (
        "vla set 2506.01844 --venue CoRL --year 2025",
        "vla set minivla --arxiv 2401.00001",
        "vla set 2506.01844 --code ''",
    ), EDITING),
    "remove": Command("edit", "remove", "Remove a paper from the catalog.", (
        "vla remove 2506.01844",
        "vla remove minivla --yes",
    ), EDITING),
    "category": Command("category", "app", "Add, rename, move or remove a category of the taxonomy.", (
        # one for each subcommand: each subcommand's --help shows its own
        "vla category add robotics --name Robotics --parent efficient-model-design",
        "vla category rename robotics --name 'Robot Learning' --slug robot-learning",
        "vla category move robot-learning --top",
        "vla category remove robot-learning --to quantization",
    ), EDITING),
    # arXiv, watch and the inbox
    "add": Command("arxiv", "add",
                   "Add papers by arXiv ID, fetching title, authors, abstract and the rest from arXiv.", (
        "vla add 2506.01844 -c quantization",
        "vla add --from ids.txt -c token-optimization",
        "vla add https://arxiv.org/abs/2506.01844 --venue CoRL --year 2025",
    ), ARXIV),
    "refresh": Command("arxiv", "refresh",
                       "Re-fetch papers from arXiv and update the fields arXiv owns; show what changed.", (
        "vla refresh 2506.01844",
        "vla refresh --all --dry-run",
    ), ARXIV),
    "resolve": Command("arxiv", "resolve", "Find arXiv IDs for papers that have none, by title search; propose, "
                                          "or --apply exact matches.", (
        "vla resolve",
        "vla resolve minivla --apply",
    ), ARXIV),
    "watch": Command("watch", "watch", "Propose new papers from the categories' saved arXiv searches.", (
        "vla watch",
        "vla watch quantization --since 2025-01-01",
        "vla watch --save --format json",
    ), ARXIV),
    "inbox": Command("watch", "inbox", "List the candidates waiting in the inbox, best first.", (
        "vla inbox",
        "vla inbox --format ids",
    ), ARXIV),
    "accept": Command("watch", "accept",
                      "File inbox candidates in the catalog with arXiv's metadata, as vla add does.", (
        "vla accept 2506.01844",
        "vla accept 2506.01844 2507.01016 -c quantization",
    ), ARXIV),
    "reject": Command("watch", "reject", "Take candidates out of the inbox and never propose them again.", (
        "vla reject 2506.01844",
    ), ARXIV),
    # README, import and export (vla adopt goes here)
    "import": Command("importing", "import_file",
                      "Import papers from an awesome-list README (markdown), a .bib file (bibtex) or CSL-JSON "
                      "(csl-json).", (
        "vla import markdown README.md --dry-run",
        "vla import markdown awesome.md --create-categories",
        "vla import bibtex refs.bib --merge",
    ), IMPORT_EXPORT),
    "adopt": Command("adopt", "adopt", "Make a catalog of a README's papers and mark its lists and tables so that "
                                       "vla writes them as they are.", (
        "vla adopt README.md --dry-run",
        "vla adopt README.md",
        "vla adopt docs/papers.md -C lists/catalog",
    ), IMPORT_EXPORT),
    "export": Command("export", "export",
                      "Export papers (all, or those the filters select, as in 'vla list') to stdout or a file.", (
        "vla export bibtex -o refs.bib",
        "vla export markdown --in-place README.md",
        "vla export csv -c quantization --year 2025",
    ), IMPORT_EXPORT),
    "sync": Command("sync", "sync", "Take rows people added, changed or deleted in the README's tables into the "
                                    "catalog, then rewrite them.", (
        "vla sync README.md --dry-run",
        "vla sync README.md --offline",
    ), IMPORT_EXPORT),
    # Venues, verify and lint
    "venues": Command("venues", "venues", "Find where preprints were published (Semantic Scholar, DBLP, arXiv's "
                                          "journal ref); propose, or --apply.", (
        "vla venues --all",
        "vla venues --all --apply",
        "vla venues 2508.19958 --dblp --format json",
    ), CHECKING),
    "verify": Command("verify", "verify", "Check each paper's arXiv ID against arXiv: no such paper, another "
                                          "paper's title, withdrawn. Exit 1 on errors.", (
        "vla verify --all",
        "vla verify 2506.01844",
        "vla verify --changed-since origin/main --format json",
    ), CHECKING),
    "lint": Command("lint", "lint", "Check the catalog: duplicate IDs and titles, unknown categories, bad URLs, a "
                                    "stale README. Exit 1 on errors.", (
        "vla lint",
        "vla lint --readme README.md --strict",
        "vla lint --rule no-authors",
    ), CHECKING),
    # Setup
    "init": Command("edit", "init", "Create an empty catalog (optionally with a taxonomy).", (
        "vla init",
        "vla init ~/lists/mylist --taxonomy catalog/taxonomy.toml",
        "vla init --github",
    ), SETUP),
    "issue-form": Command("watch", "issue_form",
                          "Check an add-paper issue form; print its arXiv ID, categories and links.", (
        "vla issue-form issue.md",
        "vla issue-form - --format json",
    ), SETUP),
}


def load_command(name: str) -> Any:
    """The command's function, or its typer.Typer when it has subcommands."""
    entry = COMMANDS[name]
    return getattr(importlib.import_module(f"{__package__}.commands.{entry.module}"), entry.func)


def examples_epilog(examples: tuple[str, ...]) -> str:
    """The examples as the end of a --help (``\b`` keeps Click from re-wrapping them)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {e}" for e in examples)


class LazyGroup(TyperGroup):
    """The root group: builds a subcommand only when it is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        built = self.__dict__.setdefault("_built", {})
        if cmd_name in built:
            return built[cmd_name]
        target = load_command(cmd_name)
        epilog = examples_epilog(entry.examples)
        if isinstance(target, typer.Typer):  # a command with subcommands (vla category …)
            command = typer.main.get_command(target)
            command.name, command.epilog = cmd_name, epilog
            if isinstance(command, TyperGroup):
                command.rich_help_panel = entry.panel
            for sub_name, sub in getattr(command, "commands", {}).items():
                sub.callback = handle_errors(sub.callback)
                own = tuple(e for e in entry.examples if e.startswith(f"vla {cmd_name} {sub_name} "))
                sub.epilog = examples_epilog(own) if own else None
                sub.short_help = (sub.help or "").strip().split("\n")[0]  # whole, never cut with "..."
        else:
            single = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None,
                                 context_settings={"help_option_names": ["-h", "--help"]})
            single.command(cmd_name, epilog=epilog, rich_help_panel=entry.panel)(handle_errors(target))
            command = typer.main.get_command(single)
        built[cmd_name] = command
        return command

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
            if ctx is not None:
                path = ctx.command_path
            else:  # raised before a context was made ('vla list -C' with no value): the command typed
                path = self._typed_path(argv)
            hint = f" (see '{path} --help')"
            sys.stderr.write(f"error: {message()}{hint}\n")
            sys.exit(exit_code)
        sys.exit(code if code is not None else rv if isinstance(rv, int) else EXIT_OK)

    def _typed_path(self, argv: list[str]) -> str:
        """``vla``, ``vla list`` or ``vla category add``: the command the words of ``argv`` name."""
        words = [a for a in argv if not a.startswith("-")]
        typed = next((w for w in words if w in COMMANDS), None)
        if typed is None:
            return "vla"
        subcommands = getattr(self.get_command(None, typed), "commands", {})
        sub = next((w for w in words[words.index(typed) + 1:] if w in subcommands), None)
        return f"vla {typed}" if sub is None else f"vla {typed} {sub}"

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Every command with its whole summary (wrapped, never cut), by panel, without loading any command;
        the names padded to one width, so every panel's summaries start in one column."""
        width = max(map(len, COMMANDS))
        for panel in (*PANELS, None):  # None: a command given no panel yet
            rows = [(name.ljust(width), entry.summary) for name, entry in COMMANDS.items() if entry.panel == panel]
            if rows:
                with formatter.section(panel or "Other commands"):
                    formatter.write_dl(rows)


# Where to start, under `vla --help`: (command, what it does); a test parses each.
START_HERE: tuple[tuple[str, str], ...] = (
    ("vla list -c quantization", "the papers of one category"),
    ("vla show 2506.01844", "one paper, every field"),
    ("vla init", "a catalog of your own, ./catalog"),
    ("vla import markdown README.md --create-categories", "an awesome list and its headings"),
    ("vla add 2506.01844 -c quantization", "a paper from arXiv, filed"),
    ("vla export markdown --in-place README.md", "the README's tables, rewritten"),
    ("vla COMMAND --help", "its options, with examples"),
)


def start_here_epilog() -> str:
    """START_HERE as two columns (a command too long for the first has its words on the next line), then
    the exit codes."""
    width = 40
    lines = [f"  {c:{width}}  {what}" if len(c) <= width else f"  {c}\n  {'':{width}}  {what}"
             for c, what in START_HERE]
    return ("Start here:\n\n\b\n" + "\n".join(lines) + "\n\nExit codes: 0 ok, 1 error in data or input, 2 usage, "
            "3 network, 130 interrupted. Errors go to stderr, one line each.")


app = typer.Typer(
    name="vla",
    cls=LazyGroup,
    help="vla: the catalog of a survey's papers, kept as TOML, with the survey's README and .bib made from it.",
    epilog=start_here_epilog(),
    add_completion=True,  # --install-completion / --show-completion, for bash, zsh and fish
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain Click help: rich's help renderer costs ~80 ms on every --help
    context_settings={"help_option_names": ["-h", "--help"]},
)


def fail(message: str, code: int) -> typer.Exit:
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()
    return typer.Exit(code)


def in_options(e: VlaError) -> str:
    """The error's line in the command's words: the library names a parameter (``year must be a year
    from 1000 to 2027``), the command line its option (``--year must be …``)."""
    if isinstance(e, FieldValueError):
        return str(InputError(f"{option(e.field)} {e.why}", e.hint))
    if isinstance(e, NothingToDo) and e.names:
        return f"{e.message} (give at least one of {', '.join(option(n) for n in e.names)})"
    return str(e)


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


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
            raise fail(in_options(e), e.exit_code) from None
        except BrokenPipeError:  # `vla list | head`, written around the Stream
            raise typer.Exit(stream_failed(OutputClosed())) from None
        except KeyboardInterrupt:
            raise fail("interrupted", EXIT_INTERRUPTED) from None

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
    ctx: typer.Context,
    catalog: CatalogOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """vla: the catalog of a survey's papers, kept as TOML, with the survey's README and .bib made from it.

    Exit codes: 0 ok, 1 error in data or input, 2 usage, 3 network, 130 interrupted.
    """
    if catalog is not None and ctx.invoked_subcommand is not None:
        # `vla -C DIR list` is `vla list -C DIR`: the command's own --catalog defaults to it (Click's
        # default_map), so a --catalog given after the command still wins.
        defaults: dict[str, Any] = {"catalog": catalog}
        command = ctx.command.get_command(ctx, ctx.invoked_subcommand) if isinstance(ctx.command, LazyGroup) else None
        for sub in getattr(command, "commands", {}):
            defaults[sub] = {"catalog": catalog}
        ctx.default_map = {ctx.invoked_subcommand: defaults}


def main() -> None:
    app()
