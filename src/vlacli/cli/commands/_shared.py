"""What commands share: a fetcher with its progress bar, the lines a run prints, and the one way a run
that did nothing raises its error."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..progress import Progress

if TYPE_CHECKING:
    from ...errors import VlaError
    from ...ops.add import Added
    from ...sources.arxiv.fetch import Fetcher

R = TypeVar("R")


class Run(Protocol):
    """A run's report: the error that stopped it, if one did."""

    @property
    def error(self) -> VlaError | None: ...


class StoppedRun(Run, Protocol):
    """A run's report that names what its error left undone (:class:`~vlacli.sources.arxiv.fetch.NetworkRun`'s
    ``left``; ``vla venues``' report too)."""

    @property
    def left(self) -> list[str]: ...


def with_fetcher(quiet: bool, offline: bool, work: Callable[[Fetcher], R]) -> R:
    """Run ``work`` with a fetcher whose progress bar (shown only when it is useful) is closed after."""
    from ...sources.arxiv.fetch import Fetcher

    bar = Progress(quiet, "arXiv requests")
    try:
        return work(Fetcher(offline=offline, progress=bar, on_retry=bar.retry))
    finally:
        bar.close()


def say(quiet: bool, line: str) -> None:
    if not quiet:
        print(line)


def say_done(quiet: bool, done: list[Added], lines: dict[str, str]) -> None:
    """A line for each paper a run added or found: the line ``lines`` has for its action ("added",
    "adopted", "merged"; "present" for any other), with its ``{key}``, ``{title}``, ``{year}``, the
    ``{previous}`` key of an adopted paper and where it was ``{filed}`` anew (`` [a, b]``, or nothing)."""
    for d in done:
        p = d.paper
        filed = f" [{', '.join(d.new_categories)}]" if d.new_categories else ""
        line = lines.get(d.action, lines["present"])
        say(quiet, line.format(key=p.key, title=p.title, year=p.year, previous=d.previous_key, filed=filed))


def errors(lines: Iterable[str]) -> None:
    for line in lines:
        sys.stderr.write(f"{line}\n")


def raise_if_nothing_done(report: Run, done: object) -> None:
    """A run that a network error stopped before it did anything (``done``, what it has to show — its
    results, the papers that failed on their own — is empty or 0): the error alone, in one line."""
    if report.error is not None and not done:
        raise report.error


def stopped(report: StoppedRun, noun: str) -> None:
    """After a run's results: name what its error left undone (one line), then raise the error as it is."""
    if report.error is None:
        return
    if report.left:
        errors([f"{noun}: {', '.join(report.left)}"])
    raise report.error
