"""vla list, vla show, vla categories: reading never writes and never touches the network."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from ..options import (
    CatalogOption,
    CategoryFilter,
    ReverseOption,
    SearchFilter,
    SortOption,
    VenueFilter,
    YearFilter,
)


class ListFormat(str, Enum):
    auto = "auto"
    table = "table"
    tsv = "tsv"
    json = "json"
    csv = "csv"
    ids = "ids"


if TYPE_CHECKING:
    from ...catalog import Catalog
    from ...model import Paper


def open_catalog(catalog: CatalogOption) -> Catalog:
    from ...catalog import Catalog

    return Catalog.open(catalog, skip_unreadable=True)  # a paper file that cannot be read: a warning


def report_warnings(cat: Catalog) -> None:
    for w in dict.fromkeys(cat.warnings):  # each once, in order
        sys.stderr.write(f"warning: {w}\n")


def list_papers(
    catalog: CatalogOption = None,
    category: CategoryFilter = None,
    year: YearFilter = None,
    venue: VenueFilter = None,
    search: SearchFilter = None,
    sort: SortOption = "year",
    reverse: ReverseOption = False,
    format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help="auto: a table on a terminal, tab-separated lines when piped; "
                                            "or table, tsv, json, csv, ids."),
    ] = ListFormat.auto,
) -> None:
    """List papers, filtered and sorted."""
    from ...query import Query

    cat = open_catalog(catalog)
    papers = cat.query(Query(category=category, year=year, venue=venue, search=search, sort=sort, reverse=reverse,
                             abstracts=format in (ListFormat.json, ListFormat.csv)))
    report_warnings(cat)
    if format is ListFormat.auto:
        format = ListFormat.table if sys.stdout.isatty() else ListFormat.tsv
    if format is ListFormat.table:
        from ..render import papers_table

        papers_table(papers, cat)
    elif format is ListFormat.tsv:
        sys.stdout.write(tsv(papers))
    elif format is ListFormat.ids:
        sys.stdout.write("".join(f"{p.key}\n" for p in papers))
    else:
        from ...exporters import as_text, get_exporter

        sys.stdout.write(as_text(get_exporter(format.value).load()(cat, papers, {})))


def tsv(papers: list[Paper]) -> str:
    """One line a paper: year, venue, title, categories (comma-separated), key; tabs in values become spaces."""

    def cell(v: object) -> str:
        return "" if v is None else str(v).replace("\t", " ").replace("\n", " ")

    return "".join(f"{cell(p.year)}\t{cell(p.venue)}\t{cell(p.title)}\t{','.join(p.categories)}\t{p.key}\n"
                   for p in papers)


def show(
    paper: Annotated[str, typer.Argument(help="Key, arXiv ID (any form) or citation key.")],
    catalog: CatalogOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Show every field of one paper, with its links."""
    cat = open_catalog(catalog)
    p = cat.get(paper)
    if json_:
        from ...exporters.tabular import paper_record, to_json

        sys.stdout.write(to_json(paper_record(p)))
        return
    from ..render import paper_detail

    paper_detail(p, cat)


def categories(catalog: CatalogOption = None) -> None:
    """Show the taxonomy tree with the number of papers in each category."""
    cat = open_catalog(catalog)
    from ..render import category_tree

    category_tree(cat)
    report_warnings(cat)
