"""vla list, vla show, vla categories: reading never writes and never touches the network."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from ...catalog import Catalog, Query
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
    table = "table"
    json = "json"
    csv = "csv"
    ids = "ids"


def open_catalog(catalog: CatalogOption) -> Catalog:
    cat = Catalog.open(catalog)
    return cat


def report_warnings(cat: Catalog) -> None:
    for w in cat.warnings:
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
        ListFormat, typer.Option("--format", "-f", help="table for people; json, csv or ids for scripts.")
    ] = ListFormat.table,
) -> None:
    """List papers, filtered and sorted."""
    cat = open_catalog(catalog)
    papers = cat.query(Query(category=category, year=year, venue=venue, search=search, sort=sort, reverse=reverse))
    report_warnings(cat)
    if format is ListFormat.table:
        from ..render import papers_table

        papers_table(papers, cat)
    elif format is ListFormat.ids:
        sys.stdout.write("".join(f"{p.key}\n" for p in papers))
    else:
        from ...exporters import get_exporter

        sys.stdout.write(get_exporter(format.value)(cat, papers, {}))


def show(
    paper: Annotated[str, typer.Argument(help="Key, arXiv ID (any form) or citation key.")],
    catalog: CatalogOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Show every field of one paper, with its links."""
    cat = open_catalog(catalog)
    p = cat.get(paper)
    if json_:
        import json

        from ...exporters.records import paper_record

        sys.stdout.write(json.dumps(paper_record(p), ensure_ascii=False, indent=2) + "\n")
        return
    from ..render import paper_detail

    paper_detail(p, cat)


def categories(catalog: CatalogOption = None) -> None:
    """Show the taxonomy tree with the number of papers in each category."""
    cat = open_catalog(catalog)
    from ..render import category_tree

    category_tree(cat)
    report_warnings(cat)
