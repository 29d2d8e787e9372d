"""vla add, vla refresh, vla resolve: parse arguments, call vlacli.sources.arxiv, render.

The arXiv library (and httpx, defusedxml, rich with it) is imported inside each command, so
`vla --help` and `vla list` never load it. A retry is one line on stderr
(``arXiv answered HTTP 503; retrying in 3 s, attempt 2 of 4``), unless ``--quiet``; when a network
error stops a run part way, what it left undone is one line (``not added: …``) before the error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ...core.years import YEAR_MIN, next_year
from ...errors import EXIT_DATA
from ...text import plural
from ..options import CatalogOption, DryRunOption, OfflineOption, QuietOption, complete_category, complete_paper, where
from ._shared import errors, raise_if_nothing_done, say, say_done, stopped, with_fetcher

R = TypeVar("R")

IdsArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="ID...",
                   help="arXiv IDs or URLs, in any form (2506.01844, arXiv:2506.01844v2, an abs or pdf link)."),
]


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
    website: Annotated[str | None, typer.Option(metavar="URL", help="Project page URL (pinned).")] = None,
    code: Annotated[str | None, typer.Option(metavar="URL", help="Code repository URL (pinned).")] = None,
    offline: OfflineOption = False,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Add papers by arXiv ID, fetching title, authors, abstract and the rest from arXiv."""
    from ...ops.add import add_papers

    refs = list(ids or []) + (_read_ids(from_file) if from_file is not None else [])
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    report = with_fetcher(quiet, offline, lambda f: add_papers(
        cat, refs, categories=category or [], venue=venue, year=year, website=website, code=code, fetcher=f))
    raise_if_nothing_done(report, report.done or report.failures)
    say_done(quiet, report.done, {
        "added": "added {key}: {title} ({year}){filed}",
        "adopted": "re-filed {previous} under arXiv {key}: {title}{filed}",
        "merged": "{key}: already in the catalog; updated{filed}",
        "present": "{key}: already in the catalog",
    })
    errors(report.failures)
    already = report.count("merged") + report.count("present")
    say(quiet, f"{report.count('added') + report.count('adopted')} added, {already} already in the catalog, "
                f"{len(report.failures)} failed · {where(cat)}")
    stopped(report, "not added")
    if report.failures:
        raise typer.Exit(EXIT_DATA)


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
    report = with_fetcher(quiet, offline, lambda f: refresh_papers(
        cat, ids or [], all_papers=all_papers, dry_run=dry_run, take=take or [], fetcher=f))
    raise_if_nothing_done(report, report.checked or report.failures)
    for u in report.updates:
        say(quiet, f"{u.key}:")
        for c in u.changes:
            say(quiet, f"  {c.field}: {show_value(c.field, c.old)} -> {show_value(c.field, c.new)}")
        for note in u.notes:
            say(quiet, f"  note: {note}")
    errors(report.failures)
    if report.skipped and not all_papers:
        errors([f"{k}: has no arXiv ID (try vla resolve)" for k in report.skipped])
    verb = "would change" if dry_run else "changed"
    changed = sum(1 for u in report.updates if u.changes)
    say(quiet, f"{plural(report.checked, 'paper')} checked, {changed} {verb}"
                + (" (dry run: nothing written)" if dry_run else "") + f" · {where(cat)}")
    stopped(report, "not refreshed")
    if report.failures or (report.skipped and not all_papers):
        raise typer.Exit(EXIT_DATA)


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
    report = with_fetcher(quiet, False, lambda f: resolve_papers(cat, ids or [], apply=apply, fetcher=f))
    raise_if_nothing_done(report, report.matches)
    for m in report.matches:
        if m.entry is None:
            say(quiet, f"{m.key}: no match on arXiv")
            continue
        kind = "exact title" if m.exact else f"close title ({m.score:.0%}), not applied"
        if m.conflict:
            kind += f"; already filed as {m.conflict}"
        action = "re-filed as" if m.applied else "->"
        say(quiet, f"{m.key}: {action} {m.entry.id} {m.entry.title!r} ({kind})")
    applied = sum(1 for m in report.matches if m.applied)
    say(quiet, f"{plural(len(report.matches), 'paper')} searched: {report.count('exact')} exact, "
                f"{report.count('close')} close, {report.count('none')} without a match"
                + (f"; {applied} re-filed" if apply else "") + f" · {where(cat)}")
    stopped(report, "not searched")
