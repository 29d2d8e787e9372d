"""vla list, vla show, vla categories: reading never writes and never touches the network."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from ...formats.exporters import EXPORTERS
from ...text import plural
from ..options import (
    CatalogOption,
    CategoryFilter,
    PaperArg,
    ReverseOption,
    SearchFilter,
    SortOption,
    VenueFilter,
    YearFilter,
    where,
)


class _Formats(str, Enum):
    """`vla list`'s formats: its own, then every export format whose registry entry lists it."""


if TYPE_CHECKING:
    ListFormat = _Formats
else:
    ListFormat = _Formats("ListFormat", [(n, n) for n in ("auto", "table", "tsv", "ids",
                                                           *(f.name for f in EXPORTERS.values() if f.listable))])
AUTO = ListFormat("auto")

if TYPE_CHECKING:
    from ...core.paper import Paper
    from ...storage.catalog import Catalog


def open_catalog(catalog: CatalogOption) -> Catalog:
    from ...storage.catalog import Catalog

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
        typer.Option("--format", "-f", metavar="FORMAT",
                     help="auto: a table on a terminal, tab-separated lines when piped; "
                          "or " + ", ".join(f.value for f in ListFormat if f.value != "auto") + "."),
    ] = AUTO,
) -> None:
    """List papers, filtered and sorted."""
    from ...core.query import Query

    cat = open_catalog(catalog)
    papers = cat.query(Query(category=category, year=year, venue=venue, search=search, sort=sort, reverse=reverse,
                             abstracts=EXPORTERS.get(format.value) is not None))
    report_warnings(cat)
    filtered = any(f is not None for f in (category, year, venue, search))
    none = "no papers match" if filtered else "no papers yet (add some with vla add or vla import)"
    shape = format.value
    if shape == "auto":
        shape = "table" if sys.stdout.isatty() else "tsv"
    if shape == "table":
        from ..render import papers_table

        papers_table(papers, where(cat), none=none)
    elif shape == "tsv":
        sys.stdout.write(tsv(papers))
        if sys.stderr.isatty():  # the data to the pipe; how many, and from where, to the person
            said = plural(len(papers), "paper") if papers else none
            sys.stderr.write(f"{said} · {where(cat)}\n")
    elif shape == "ids":
        sys.stdout.write("".join(f"{p.key}\n" for p in papers))
    else:
        from ...formats.exporters import as_text, get_exporter

        sys.stdout.write(as_text(get_exporter(shape).load()(cat, papers, {})))


def tsv(papers: list[Paper]) -> str:
    """One line a paper: year, venue, title, categories (comma-separated), key; tabs and line breaks
    in values become spaces."""

    def cell(v: object) -> str:
        text = "" if v is None else str(v)
        if "\t" in text or "\n" in text or "\r" in text:  # rare: checked first, as replacing costs more
            return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
        return text

    return "".join(f"{cell(p.year)}\t{cell(p.venue)}\t{cell(p.title)}\t{','.join(p.categories)}\t{p.key}\n"
                   for p in papers)


def show(
    paper: PaperArg,
    catalog: CatalogOption = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the record as JSON.")] = False,
) -> None:
    """Show every field of one paper, with its links."""
    cat = open_catalog(catalog)
    p = cat.get(paper)
    if json_:
        from ...formats.exporters.tabular import paper_record, to_json

        sys.stdout.write(to_json(paper_record(p)))
        return
    from ..render import paper_detail

    paper_detail(p, cat)


def categories(catalog: CatalogOption = None) -> None:
    """Show the taxonomy tree with the number of papers in each category."""
    cat = open_catalog(catalog)
    from ..render import category_tree

    report_warnings(cat)
    category_tree(cat, where(cat))
