"""vla add, vla refresh, vla resolve: parse arguments, call vlacli.sources.arxiv, render.

The arXiv library (and httpx, defusedxml, rich with it) is imported inside each command, so
`vla --help` and `vla list` never load it. A retry is one line on stderr
(``arXiv answered HTTP 503; retrying in 3 s, attempt 2 of 4``), unless ``--quiet``; when a network
error stops a run part way, what it left undone is one line (``not added: …``) before the error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ...core.years import YEAR_MIN, next_year
from ...text import plural
from ..options import CatalogOption, DryRunOption, QuietOption, complete_category, complete_paper, where
from ..progress import Progress

if TYPE_CHECKING:
    from ...ops.add import Added
    from ...sources.arxiv.fetch import Fetcher, NetworkRun

R = TypeVar("R")

OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Use only responses cached earlier; make no request.")
]
IdsArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="ID...",
                   help="arXiv IDs or URLs, in any form (2506.01844, arXiv:2506.01844v2, an abs or pdf link)."),
]


def _with_fetcher(quiet: bool, offline: bool, work: Callable[[Fetcher], R]) -> R:
    """Run ``work`` with a fetcher whose progress bar (shown only when it is useful) is closed after."""
    from ...sources.arxiv.fetch import Fetcher

    bar = Progress(quiet, "arXiv requests")
    try:
        return work(Fetcher(offline=offline, progress=bar, on_retry=bar.retry))
    finally:
        bar.close()


def _say(quiet: bool, line: str) -> None:
    if not quiet:
        print(line)


def _say_done(quiet: bool, done: list[Added], lines: dict[str, str]) -> None:
    """A line for each paper a run added or found: the line ``lines`` has for its action ("added",
    "adopted", "merged"; "present" for any other), with its ``{key}``, ``{title}``, ``{year}``, the
    ``{previous}`` key of an adopted paper and where it was ``{filed}`` anew (`` [a, b]``, or nothing)."""
    for d in done:
        p = d.paper
        filed = f" [{', '.join(d.new_categories)}]" if d.new_categories else ""
        line = lines.get(d.action, lines["present"])
        _say(quiet, line.format(key=p.key, title=p.title, year=p.year, previous=d.previous_key, filed=filed))


def _errors(lines: list[str]) -> None:
    for line in lines:
        sys.stderr.write(f"{line}\n")


def _read_ids(source: str) -> list[str]:
    from ...ops.add import read_id_lines

    if source == "-":
        return read_id_lines(sys.stdin)
    try:
        with Path(source).open(encoding="utf-8") as fh:
            return read_id_lines(fh)
    except OSError as e:
        from ...errors import InputError

        raise InputError(f"cannot read {source}: {e.strerror or e}") from None


def _stopped(report: NetworkRun, noun: str) -> None:
    """After a run's results: name what its error left undone (one line), then raise the error as it is."""
    if report.error is None:
        return
    if report.left:
        _errors([f"{noun}: {', '.join(report.left)}"])
    raise report.error


def add(
    ids: IdsArg = None,
    from_file: Annotated[
        str | None, typer.Option("--from", "-f", metavar="FILE",
                                 help="Read IDs from FILE, one per line ('-' for stdin).")
    ] = None,
    category: Annotated[
        list[str] | None, typer.Option("--category", "-c", metavar="CATEGORY", autocompletion=complete_category,
                                       help="File the papers under this category (repeatable).")
    ] = None,
    venue: Annotated[
        str | None, typer.Option(metavar="VENUE", help="Venue (default 'arXiv'); pinned against refresh.")
    ] = None,
    year: Annotated[
        int | None, typer.Option(metavar="YEAR", help="Year (default: the year of v1); pinned.", min=YEAR_MIN,
                                 max=next_year())
    ] = None,
    website: Annotated[str | None, typer.Option(metavar="URL", help="Project page URL.")] = None,
    code: Annotated[str | None, typer.Option(metavar="URL", help="Code repository URL.")] = None,
    offline: OfflineOption = False,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Add papers by arXiv ID, fetching title, authors, abstract and the rest from arXiv."""
    from ...ops.add import add_papers

    refs = list(ids or []) + (_read_ids(from_file) if from_file is not None else [])
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    report = _with_fetcher(quiet, offline, lambda f: add_papers(
        cat, refs, categories=category or [], venue=venue, year=year, website=website, code=code, fetcher=f))
    if report.error is not None and not report.done and not report.failures:
        raise report.error  # nothing done: the error alone, in one line
    _say_done(quiet, report.done, {
        "added": "added {key}: {title} ({year}){filed}",
        "adopted": "re-filed {previous} under arXiv {key}: {title}{filed}",
        "merged": "{key}: already in the catalog; updated{filed}",
        "present": "{key}: already in the catalog",
    })
    _errors(report.failures)
    already = report.count("merged") + report.count("present")
    _say(quiet, f"{report.count('added') + report.count('adopted')} added, {already} already in the catalog, "
                f"{len(report.failures)} failed · {where(cat)}")
    _stopped(report, "not added")
    if report.failures:
        raise typer.Exit(1)


def refresh(
    ids: Annotated[
        list[str] | None, typer.Argument(metavar="ID...", autocompletion=complete_paper,
                                         help="Papers to refresh: keys or arXiv IDs.")
    ] = None,
    all_papers: Annotated[bool, typer.Option("--all", "-a", help="Refresh every paper with an arXiv ID.")] = False,
    take: Annotated[
        list[str] | None,
        typer.Option("--take", metavar="FIELD", help="Take arXiv's title, year or doi even where the paper has its "
                                                     "own (repeatable)."),
    ] = None,
    dry_run: DryRunOption = False,
    offline: OfflineOption = False,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Re-fetch papers from arXiv and update the fields arXiv owns; show what changed."""
    from ...ops.refresh import refresh_papers
    from ...sources.arxiv.convert import show_value
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    report = _with_fetcher(quiet, offline, lambda f: refresh_papers(
        cat, ids or [], all_papers=all_papers, dry_run=dry_run, take=take or [], fetcher=f))
    if report.error is not None and not report.checked and not report.failures:
        raise report.error
    for u in report.updates:
        _say(quiet, f"{u.key}:")
        for c in u.changes:
            _say(quiet, f"  {c.field}: {show_value(c.field, c.old)} -> {show_value(c.field, c.new)}")
        for note in u.notes:
            _say(quiet, f"  note: {note}")
    _errors(report.failures)
    if report.skipped and not all_papers:
        _errors([f"{k}: has no arXiv ID (try vla resolve)" for k in report.skipped])
    verb = "would change" if dry_run else "changed"
    changed = sum(1 for u in report.updates if u.changes)
    _say(quiet, f"{plural(report.checked, 'paper')} checked, {changed} {verb}"
                + (" (dry run: nothing written)" if dry_run else "") + f" · {where(cat)}")
    _stopped(report, "not refreshed")
    if report.failures or (report.skipped and not all_papers):
        raise typer.Exit(1)


def resolve(
    ids: Annotated[
        list[str] | None, typer.Argument(metavar="ID...", autocompletion=complete_paper,
                                         help="Papers to resolve (default: every paper without an arXiv ID).")
    ] = None,
    apply: Annotated[
        bool, typer.Option("--apply", help="Re-file each paper whose title matches exactly under its arXiv ID.")
    ] = False,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Find arXiv IDs for papers that have none, by title search; propose, or --apply exact matches."""
    from ...ops.resolve import resolve_papers
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    report = _with_fetcher(quiet, False, lambda f: resolve_papers(cat, ids or [], apply=apply, fetcher=f))
    if report.error is not None and not report.matches:
        raise report.error
    for m in report.matches:
        if m.entry is None:
            _say(quiet, f"{m.key}: no match on arXiv")
            continue
        kind = "exact title" if m.exact else f"close title ({m.score:.0%}), not applied"
        if m.conflict:
            kind += f"; already filed as {m.conflict}"
        action = "re-filed as" if m.applied else "->"
        _say(quiet, f"{m.key}: {action} {m.entry.id} {m.entry.title!r} ({kind})")
    applied = sum(1 for m in report.matches if m.applied)
    _say(quiet, f"{plural(len(report.matches), 'paper')} searched: {report.count('exact')} exact, "
                f"{report.count('close')} close, {report.count('none')} without a match"
                + (f"; {applied} re-filed" if apply else "") + f" · {where(cat)}")
    _stopped(report, "not searched")
