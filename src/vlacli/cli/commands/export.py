"""vla export FORMAT: the catalog, or the part `vla list` would show, as Markdown, BibTeX, JSON or CSV."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...formats.exporters import EXPORTERS
from ..options import CatalogOption, CategoryFilter, SearchFilter, VenueFilter, YearFilter
from .read import report_warnings

InPlaceOption = Annotated[
    Path | None,
    typer.Option("--in-place", "-i", dir_okay=False, metavar="FILE",
                 help="markdown: rewrite only what lies between <!-- vla:begin --> and <!-- vla:end --> "
                      "in this file (a README).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE|DIR",
                 help="Write to this file (atomically) instead of stdout; html: to index.html in "
                                        "this folder (created when missing)."),
]
ColumnsOption = Annotated[
    str | None,
    typer.Option("--columns", metavar="COLUMNS",
                 help="markdown: extra columns after Code, comma-separated: citations (the count 'vla venues' "
                      "stored), stars (a GitHub-stars badge of the code link); recorded in the README marker with "
                      "--in-place."),
]
StyleOption = Annotated[
    str | None,
    typer.Option("--style", metavar="NAME",
                 help="markdown: how each paper's row looks: table (the default: | Year | Venue | Paper | Website | "
                      "Code |), bullets (- Title. Venue, Year underlined [[Paper](…)]), bold (- **Title** [[paper](…)] "
                      "[[code](…)]) or numbered (1. **Title**. *Authors*. Venue Year. [[pdf](…)]); recorded in the "
                      "README marker with --in-place."),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option("--template", dir_okay=False, metavar="FILE",
                 help="markdown: a Jinja2 template of each paper's row (docs: Exporting, 'Row styles', says what it "
                      "sees); "
                      "with --in-place, a file in the README's folder, recorded in its marker."),
]
AsciiOption = Annotated[
    bool, typer.Option("--ascii", help="bibtex: LaTeX accents instead of UTF-8, for classic BibTeX.")
]


def export(
    format: Annotated[str, typer.Argument(metavar="FORMAT", help="Output format: " + ", ".join(EXPORTERS) + ".")],
    catalog: CatalogOption = None,
    category: CategoryFilter = None,
    year: YearFilter = None,
    venue: VenueFilter = None,
    search: SearchFilter = None,
    output: OutputOption = None,
    in_place: InPlaceOption = None,
    columns: ColumnsOption = None,
    style: StyleOption = None,
    template: TemplateOption = None,
    ascii_: AsciiOption = False,
) -> None:
    """Export papers (all, or those the filters select, as in 'vla list') to stdout or a file."""
    from ...core.query import Query
    from ...errors import InputError
    from ...formats.exporters import EXPORTERS, export_papers, get_exporter
    from ...formats.registry import check_options
    from ...storage.catalog import Catalog

    fmt = get_exporter(format)
    check_options(EXPORTERS, fmt, {"in-place": in_place, "columns": columns, "style": style, "template": template,
                                   "ascii": ascii_})
    if fmt.folder_file and output is None:
        raise InputError(f"{fmt.name} writes a folder: name it with --output/-o DIR")
    if in_place is not None and output is not None:
        raise InputError("--in-place and --output cannot be used together")
    if columns is not None:  # validated, and in the table's order, before a marker records it
        from ...formats.exporters.markdown import parse_columns

        columns = ",".join(parse_columns(columns))
    if style is not None and template is not None:
        raise InputError("--style and --template cannot be used together")
    if style is not None:  # validated before a marker records it
        from ...formats.exporters.rowstyles import builtin_style

        style = builtin_style(style.strip().lower()).name
    recorded_template = str(template) if template is not None else None
    if template is not None and in_place is not None:  # the marker names it from the README's folder
        from ...formats.exporters.rowstyles import relative_template

        recorded_template = relative_template(in_place, template)
    cat = Catalog.open(catalog)
    filters = {k: v for k, v in {"category": category, "year": year, "venue": venue, "search": search,
                                 "columns": columns, "style": style, "template": recorded_template}.items()
               if v is not None}
    if in_place is not None:
        from ...readme.sections import update_file

        written = update_file(cat, in_place, filters or None)
        report_warnings(cat)
        sys.stderr.writelines(f"{path}: updated\n" for path in written)
        if in_place not in written:
            sys.stderr.write(f"{in_place}: already up to date\n")
        return
    text = export_papers(cat, fmt.name, Query.of(filters), {"category": category, "columns": columns,
                                                             "style": style, "template": recorded_template,
                                                             "ascii": ascii_})
    if output is not None:
        from ...formats.exporters import write_output

        target = write_output(fmt, output, text)
        sys.stderr.write(f"{target}: written\n")  # every format: the file, or the site's page
    else:
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
    report_warnings(cat)
