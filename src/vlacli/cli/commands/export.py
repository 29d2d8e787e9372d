"""vla export FORMAT: the catalog, or the part `vla list` would show, as Markdown, BibTeX, JSON or CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...exporters import EXPORTERS
from ..options import CatalogOption, CategoryFilter, OutputOption, SearchFilter, VenueFilter, YearFilter
from .read import report_warnings

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
    from ...exporters import as_text, get_exporter

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
    # Markdown tables have no abstracts: leaving them unread saves time and memory on big catalogs.
    papers = cat.query(Query(category=category, year=year, venue=venue, search=search, abstracts=name != "markdown"))
    text = exporter(cat, papers, {"category": category, "ascii": ascii_})
    report_warnings(cat)
    if in_place is not None:
        from ...exporters.markdown import update_file

        changed = update_file(in_place, as_text(text))
        sys.stderr.write(f"{in_place}: {'updated' if changed else 'already up to date'}\n")
    elif output is not None:
        from ...store import atomic_write

        try:
            atomic_write(output, text)
        except OSError as e:
            raise InputError(f"{output}: {e.strerror}") from None
    else:
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
