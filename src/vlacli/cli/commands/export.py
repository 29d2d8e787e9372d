"""vla export FORMAT: the catalog, or the part `vla list` would show, as Markdown, BibTeX, JSON or CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ...exporters import EXPORTERS
from ..options import CatalogOption, CategoryFilter, OutputOption, SearchFilter, VenueFilter, YearFilter
from .read import report_warnings

if TYPE_CHECKING:
    from ...catalog import Catalog

InPlaceOption = Annotated[
    Path | None,
    typer.Option("--in-place", "-i", dir_okay=False,
                 help="markdown: rewrite only what lies between <!-- vla:begin --> and <!-- vla:end --> "
                      "in this file (a README).")
]
AsciiOption = Annotated[
    bool, typer.Option("--ascii", help="bibtex: LaTeX accents instead of UTF-8, for classic BibTeX.")
]


def export(
    format: Annotated[str, typer.Argument(help="Output format: " + ", ".join(EXPORTERS) + ".")],
    catalog: CatalogOption = None,
    category: CategoryFilter = None,
    year: YearFilter = None,
    venue: VenueFilter = None,
    search: SearchFilter = None,
    output: OutputOption = None,
    in_place: InPlaceOption = None,
    ascii_: AsciiOption = False,
) -> None:
    """Export papers (all, or those the filters select, as in 'vla list') to stdout or a file."""
    from ...catalog import Catalog, Query
    from ...errors import InputError
    from ...exporters import get_exporter

    name = format.lower()
    exporter = get_exporter(name)
    if ascii_ and name != "bibtex":
        raise InputError(f"--ascii is for bibtex, not {name}")
    if in_place is not None and name != "markdown":
        raise InputError(f"--in-place is for markdown, not {name}")
    if output is not None and str(output).strip() in ("", "."):
        raise InputError("--output needs a file name")
    if in_place is not None and output is not None:
        raise InputError("--in-place and --output cannot be used together")
    cat = Catalog.open(catalog)
    filters = {k: v for k, v in {"category": category, "year": year, "venue": venue, "search": search}.items()
               if v is not None}
    if in_place is not None:
        if category is not None:  # the marker records the slug: stable if the name changes
            filters["category"] = cat.taxonomy.resolve(category).slug
        update_readme(cat, in_place, filters or None)
        return
    # Markdown tables have no abstracts: leaving them unread saves time and memory on big catalogs.
    papers = cat.query(Query.of(filters, abstracts=name != "markdown"))
    text = exporter(cat, papers, {"category": category, "ascii": ascii_})
    report_warnings(cat)
    if output is not None:
        from ...store import atomic_write

        try:
            atomic_write(output, text)
        except OSError as e:
            raise InputError(f"{output}: {e.strerror}") from None
    else:
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)


def update_readme(cat: Catalog, path: Path, filters: dict[str, str] | None) -> None:
    """Refresh every generated section of the README at ``path``, each with the filters its marker
    records (or, for a README of one section, with ``filters``); write it only if it changed."""
    from ...catalog import Query
    from ...errors import InputError
    from ...exporters import as_text
    from ...exporters.markdown import export_markdown
    from ...exporters.readme import refresh
    from ...store import atomic_write, read_text

    def render(wanted: dict[str, str]) -> str:
        papers = cat.query(Query.of(wanted, abstracts=False))
        return as_text(export_markdown(cat, papers, {"category": wanted.get("category")}))

    document = read_text(path)
    updated = refresh(document, render, str(path), filters)
    report_warnings(cat)
    if updated != document:
        try:
            atomic_write(path, updated)
        except OSError as e:
            raise InputError(f"{path}: cannot write it: {e.strerror}") from None
    sys.stderr.write(f"{path}: {'updated' if updated != document else 'already up to date'}\n")
