"""Every failure a user can cause, as one exception class each.

Each carries a one-line message; the CLI turns it into ``error: <message>`` on stderr and
the exception's ``exit_code`` (1 for bad data or input, 3 for the network). Nothing else in
the package prints errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_NETWORK = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells say it
# What each exit code means (the README's table is generated from this).
EXIT_CODES = {
    EXIT_OK: "success; also when the reader of the output goes away (`vla categories \\| head -1`), silently",
    EXIT_DATA: "an error in the data or the input: unknown paper or category, malformed file, lint errors; a catalog "
               "file that cannot be written (a read-only catalog, a full disk, a link out of the catalog); standard "
               "input or output closed, full or not UTF-8",
    EXIT_USAGE: "usage: an unknown option, a missing argument, or a value of the wrong form (`--format bogus`, "
                "`--sort colour`, `--year soon`)",
    EXIT_NETWORK: "network: a service could not be reached or answered with an error",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C): what was written is whole, and a change of several files is finished "
                      "by the next command that writes",
}


class VlaError(Exception):
    """Base class: a failure the user can cause or fix."""

    exit_code = EXIT_DATA

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


def _closest(close: Sequence[str]) -> str | None:
    return "closest: " + ", ".join(close) if close else None


class UnknownCategory(VlaError):
    def __init__(self, name: str, close: Sequence[str] = ()) -> None:
        super().__init__(f"unknown category {name!r}", _closest(close))
        self.name = name
        self.close = list(close)


class EmptyTaxonomy(UnknownCategory):
    """A category asked of a taxonomy that has none yet (after `vla init` without --taxonomy)."""

    def __init__(self, name: str, slug: str) -> None:
        super().__init__(name)
        self.message = f"unknown category {name!r}: the taxonomy has no categories yet"
        self.hint = f"add it with 'vla category add {slug}'"
        self.args = (self.message,)


class AmbiguousCategory(VlaError):
    def __init__(self, name: str, matches: Sequence[str]) -> None:
        super().__init__(f"ambiguous category {name!r}", "matches: " + ", ".join(matches))
        self.name = name
        self.matches = list(matches)


class PaperNotFound(VlaError):
    def __init__(self, key: str, close: Sequence[str] = (), titled: Sequence[str] = ()) -> None:
        """``close``: keys spelled like ``key``; else ``titled``: keys of papers whose title has it."""
        hint = _closest(close)
        if hint is None and titled:
            shown = ", ".join(titled[:3]) + (", …" if len(titled) > 3 else "")
            hint = f"{key!r} is in the title of {shown}: name a paper by its key, arXiv ID or citation key"
        super().__init__(f"no paper {key!r} in the catalog", hint)
        self.key = key
        self.close = list(close)


class PaperExists(VlaError):
    def __init__(self, key: str) -> None:
        super().__init__(f"paper {key!r} is already in the catalog")
        self.key = key


class InvalidIdentifier(VlaError):
    def __init__(self, text: str, why: str) -> None:
        super().__init__(f"{text}: {why}")
        self.text = text
        self.why = why


class CatalogNotFound(VlaError):
    pass


class ReadOnlyCatalog(VlaError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the bundled survey catalog at {path} is read-only",
            "run 'vla init DIR' for a catalog of your own, or pass --catalog DIR",
        )


class CatalogFormatError(VlaError):
    """A catalog file that cannot be read: its path, line and column, and why."""

    def __init__(self, path: Path | str, why: str, line: int | None = None, col: int | None = None,
                 hint: str | None = None) -> None:
        where = str(path)
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {why}", hint)
        self.path = Path(path)
        self.line = line
        self.col = col
        self.why = why


class CatalogWriteError(VlaError):
    """A catalog file could not be written (a full disk, a read-only folder): the file, the system's
    reason, and what became of the change (by default: nothing was changed)."""

    def __init__(self, path: Path | str, why: str, hint: str | None = "nothing was changed") -> None:
        super().__init__(f"cannot write {path}: {why}", hint)
        self.path = Path(path)
        self.why = why


class UnsafeLink(VlaError):
    """A symbolic link in the catalog that a write would follow out of it (or a linked lock file)."""

    def __init__(self, path: Path | str, target: str, why: str = "it leads out of the catalog",
                 hint: str = "vla does not write through it; put the file itself in its place") -> None:
        super().__init__(f"{path} is a symbolic link to {target}: {why}", hint)
        self.path = Path(path)
        self.target = target


class LockTimeout(VlaError):
    """Another process held the catalog lock for too long."""


class StreamError(VlaError):
    """Standard input or output could not be used: closed, a full disk, not text."""


class OutputClosed(VlaError):
    """The reader of standard output went away (``vla list | head``): not an error, nothing is said."""

    exit_code = EXIT_OK

    def __init__(self) -> None:
        super().__init__("standard output was closed by its reader")


class InputError(VlaError):
    """A bad value given on the command line or in an input file."""


class FieldValueError(InputError):
    """A value that a field or a parameter cannot take (``year must be a year from 1000 to 2027, not
    3000``): the library names the field; the CLI, which knows the option that gave it, names the
    option (``--year must be …``)."""

    def __init__(self, field: str, why: str, hint: str | None = None) -> None:
        super().__init__(f"{field} {why}", hint)
        self.field = field
        self.why = why


class NothingToDo(InputError):
    """An operation asked to do nothing (``set_fields`` with no field): ``names``, the parameters that
    would give it something to do."""

    def __init__(self, message: str, names: Sequence[str] = ()) -> None:
        super().__init__(message, "give one of " + ", ".join(names) if names else None)
        self.names = list(names)


class NetworkError(VlaError):
    """A web service could not be reached, or its answer could not be used (exit 3)."""

    exit_code = EXIT_NETWORK


class ServiceUnavailable(NetworkError):
    """No usable answer came: the host cannot be resolved, or connections, timeouts, HTTP 429 and 5xx went on
    until the attempts or the deadline ran out, or the service asks to wait longer than vla will."""


class HostNotFound(ServiceUnavailable):
    """The service's host name cannot be resolved (no network, or a wrong URL): not retried."""


class ServiceRefused(NetworkError):
    """The service answered with an HTTP status that trying again will not change (a 4xx other than 429)."""


class BadAnswer(NetworkError):
    """An answer that cannot be used: larger than the size cap, not decodable, a redirect loop, not in the
    format asked for."""


class AnswerTooLarge(BadAnswer):
    """An answer larger than the service's size cap: refused unread, or cut off where it passed the cap."""


class ArxivError(BadAnswer):
    """arXiv answered, but not with an Atom feed of what was asked for."""


class ScholarlyError(BadAnswer):
    """Semantic Scholar or DBLP answered, but not with what was asked for (an HTML page, JSON of another shape)."""
