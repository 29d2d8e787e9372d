"""vla stats: figures about the catalog in the terminal, as JSON, or the papers-per-year chart as SVG."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..options import CatalogOption, CategoryFilter, SearchFilter, VenueFilter, YearFilter

if TYPE_CHECKING:
    from ...core.stats import Stats


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


def stats(
    catalog: CatalogOption = None,
    category: CategoryFilter = None,
    year: YearFilter = None,
    venue: VenueFilter = None,
    search: SearchFilter = None,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", dir_okay=False, metavar="FILE",
                     help="Write the papers-per-year chart to this SVG file (atomically; "
                                                   "'-' for stdout) instead of printing the figures."),
    ] = None,
    format: Annotated[StatsFormat, typer.Option("--format", "-f", metavar="FORMAT", help="table, or json for scripts.")]
    = StatsFormat.table,
) -> None:
    """Show papers per year and pillar, top venues, published vs arXiv, and papers without code or website."""
    from ...core.query import Query
    from ...core.stats import compute, render_svg, stats_record
    from ...errors import InputError
    from ...storage.catalog import Catalog
    from .read import report_warnings

    if svg is not None and format is StatsFormat.json:
        raise InputError("--svg and --format json cannot be used together")
    cat = Catalog.open(catalog)
    papers = cat.query(Query(category=category, year=year, venue=venue, search=search, abstracts=False))
    report_warnings(cat)
    figures = compute(cat.taxonomy, papers)
    if svg is not None:
        if str(svg) == "-":
            sys.stdout.write(render_svg(figures))
            return
        from ...storage.store import write_file

        write_file(svg, render_svg(figures))
        sys.stderr.write(f"{svg}: written\n")
    elif format is StatsFormat.json:
        from ...formats.exporters.tabular import to_json

        sys.stdout.write(to_json(stats_record(figures)))
    else:
        render(figures)


BAR_WIDTH = 40
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(n: int, peak: int, width: int = BAR_WIDTH) -> str:
    """``n`` of ``peak`` as a bar of block characters ``width`` wide at the peak, to an eighth."""
    eighths = round(8 * width * n / peak) if peak else 0
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def render(s: Stats) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ...core.stats import PALETTE
    from ...text import plural
    from ..render import console

    console.print(f"[bold]Papers per year and pillar[/bold] ({plural(s.papers, 'paper')})")
    per_year = Table(box=None, pad_edge=False, show_header=False)
    per_year.add_column("Year", justify="right", style="bold")
    per_year.add_column("Pillar")
    per_year.add_column("Bar", no_wrap=True)
    per_year.add_column("Papers", justify="right")
    peak = max((max(s.per_year[y].values(), default=0) for y in s.years), default=0)
    for y in s.years:
        for i, (slug, name) in enumerate(s.pillars):
            n = s.per_year[y][slug]
            per_year.add_row(str(y) if i == 0 else "", escape(name),
                             f"[{PALETTE[i % len(PALETTE)]}]{bar(n, peak)}[/]", str(n))
        per_year.add_row("", "[dim]all pillars[/dim]", "", f"[bold]{s.year_totals[y]}[/bold]", end_section=True)
    if s.years:
        console.print(per_year)
    notes = ["a paper filed under two pillars counts in both"] if len(s.pillars) > 1 else []
    if s.no_year:
        notes.append(f"{plural(len(s.no_year), 'paper')} without a year")
    if notes:
        console.print("; ".join(notes).capitalize() + ".", style="dim")
    console.print()

    venues = Table(box=None, pad_edge=False)
    venues.add_column("Venue")
    venues.add_column("Papers", justify="right")
    venues.add_column("Share", justify="right")
    from ...core.stats import TOP_VENUES

    for name, n in s.venues[:TOP_VENUES]:
        venues.add_row(escape(name), str(n), f"{s.share(n):.0f} %")
    if len(s.venues) > TOP_VENUES:
        venues.add_row(f"[dim]{len(s.venues) - TOP_VENUES} more venues[/dim]",
                       str(sum(n for _, n in s.venues[TOP_VENUES:])), "")
    if s.venues:
        console.print("[bold]Top venues[/bold] (published papers)")
        console.print(venues)
        console.print()

    peak = max(s.published, s.preprints)
    console.print("[bold]Published and missing links[/bold]")
    summary = Table(box=None, pad_edge=False, show_header=False)
    summary.add_column("What")
    summary.add_column("Bar", no_wrap=True)
    summary.add_column("Papers", justify="right")
    summary.add_column("Share", justify="right")
    summary.add_row("Published at a venue", f"[green]{bar(s.published, peak, 20)}[/]", str(s.published),
                    f"{s.share(s.published):.0f} %")
    summary.add_row("arXiv only (preprint)", f"[yellow]{bar(s.preprints, peak, 20)}[/]", str(s.preprints),
                    f"{s.share(s.preprints):.0f} %", end_section=True)
    for label, keys in (("Without code", s.no_code), ("Without a website", s.no_website),
                        ("Without code or website", s.no_links)):
        summary.add_row(label, "", str(len(keys)), f"{s.share(len(keys)):.0f} %")
    console.print(summary)
