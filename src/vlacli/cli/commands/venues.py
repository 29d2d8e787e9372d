"""vla venues: parse arguments, call vlacli.ops.venues, render. The library owns every decision.

A retry is one line on stderr (``Semantic Scholar answered HTTP 429; retrying in 30 s, attempt 2 of
4``) unless ``--quiet``; DBLP's searches show a progress bar on a terminal.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from ...errors import EXIT_DATA
from ..options import CatalogOption, OfflineOption, QuietOption, where
from ..progress import Progress
from ._shared import errors, raise_if_nothing_done, stopped


class VenuesFormat(str, Enum):
    table = "table"
    json = "json"


def venues(
    ids: Annotated[
        list[str] | None, typer.Argument(metavar="ID...", help="Papers to look up: keys or arXiv IDs.")
    ] = None,
    all_papers: Annotated[bool, typer.Option("--all", "-a", help="Look up every paper.")] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Write the moves (venue and year; DOI, volume and pages where empty) to "
                                           "preprints whose venue was not set by hand, and the citation counts.")
    ] = False,
    workshops: Annotated[
        bool, typer.Option("--workshops", help="Move preprints to workshops too (proposed, not applied, without it).")
    ] = False,
    dblp: Annotated[
        bool, typer.Option("--dblp", help="Also search DBLP by title for the preprints nothing else places "
                                          "(a request each, 2 s apart; cached a week).")
    ] = False,
    offline: OfflineOption = False,
    format: Annotated[VenuesFormat, typer.Option("--format", "-f", metavar="FORMAT", help="table (lines) or json.")]
    = VenuesFormat.table,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Find where preprints were published (Semantic Scholar, DBLP, arXiv's journal ref); propose, or --apply."""
    from ...ops.venues import find_venues
    from ...sources.scholarly.fetch import Sources
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    out = Progress(quiet, "DBLP searches")
    try:
        report = find_venues(cat, ids or [], all_papers=all_papers, apply=apply, workshops=workshops, use_dblp=dblp,
                             sources=Sources(offline=offline, on_retry=out.retry), progress=out)
    finally:
        out.close()
    raise_if_nothing_done(report, report.checked)
    if format is VenuesFormat.json:
        from ...formats.exporters.tabular import to_json

        sys.stdout.write(to_json([p.to_dict() for p in report.proposals]))
    elif not quiet:
        lines = [p for p in report.proposals if p.shown]
        width = max((len(p.key) for p in lines), default=0)
        for p in lines:
            print(p.line(width))
            for note in p.notes:
                print(f"  note: {note}")
        if report.unasked:
            print(f"not looked up (no arXiv ID or DOI; --dblp searches DBLP by title): {', '.join(report.unasked)}")
        print(f"{report.summary()} · {where(cat)}")
    errors(report.failures)
    stopped(report, "not checked")
    if report.failures:
        raise typer.Exit(EXIT_DATA)
