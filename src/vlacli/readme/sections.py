"""A README's generated sections written from the catalog: ``vla export markdown --in-place``.

Each section (:mod:`.markers`) is refreshed with the filters its marker records, so a README may hold
several (one per pillar, with prose between them). :func:`update_file` is ``vla export markdown
--in-place``; :func:`vlacli.readme.check.check_file` (``vla lint --readme``) renders each section with the
same :func:`render_section`. A chart section (``--chart FILE``) shows the papers-per-year chart, an SVG
written beside the README.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..core.stats import CHART_ALT
from .kept import Memory, Rendered
from .markers import body, find_sections, in_section, refresh
from .record import check_record, memories, record

if TYPE_CHECKING:
    from pathlib import Path

    from ..core.paper import Paper
    from ..formats.exporters.rowstyles import Style
    from ..storage.catalog import Catalog

CHART_FILE = "papers-per-year.svg"  # the chart's default file name beside a README


def render_section(catalog: Catalog, papers: Iterable[Paper], filters: dict[str, str],
                   base: Path | None = None) -> str:
    """The text of a generated section (:func:`rendered_section`, with no memory of its rows)."""
    return rendered_section(catalog, papers, filters, base).text


def rendered_section(catalog: Catalog, papers: Iterable[Paper], filters: dict[str, str], base: Path | None = None,
                     memory: Memory | None = None, new: list[Paper] | None = None,
                     styles: dict[str, Style] | None = None) -> Rendered:
    """The text of a generated section: ``vla export markdown`` of the papers its filters select, in
    the style its marker names (a template relative to ``base``, the README's folder); for a chart
    section (``--chart FILE``) the image of the chart. A ``--rows`` section is its block of rows,
    through its ``memory`` (:mod:`.kept`), taking in the papers ``new`` to the README."""
    from ..formats.exporters import as_text
    from ..formats.exporters.markdown import column_cells, export_markdown, parse_columns
    from ..formats.exporters.rowstyles import style_of
    from .kept import render_rows

    if "chart" in filters:
        return Rendered(chart_section(filters["chart"]))
    style = style_of(filters, base, styles)
    chosen = selected(catalog, papers, filters)
    if "rows" not in filters:
        return Rendered(as_text(export_markdown(catalog, chosen, {"category": filters.get("category"),
                                                                  "columns": filters.get("columns"),
                                                                  "style_object": style})))
    category = catalog.taxonomy.resolve(filters["category"]) if filters.get("category") else None
    columns = column_cells(parse_columns(filters.get("columns")))
    if new is None:
        shown = memory.keys() if memory is not None else set()
        new = sorted((p for p in chosen if p.key not in shown), key=_sort_key())
    return render_rows(style, chosen, category, columns, memory, new)


def _sort_key() -> Callable[[Paper], Any]:
    from ..formats.exporters.markdown import sort_key

    return sort_key


def selected(catalog: Catalog, papers: Iterable[Paper], filters: dict[str, str]) -> list[Paper]:
    """The papers a section's filters select; in a ``--rows`` section with a category, those filed
    right under it."""
    from ..core.query import Query, select

    chosen = select(papers, Query.of(filters), catalog.taxonomy)
    if "rows" in filters and filters.get("category"):
        slug = catalog.taxonomy.resolve(filters["category"]).slug
        chosen = [p for p in chosen if slug in p.categories]
    return chosen


def render_all(catalog: Catalog, papers: list[Paper], sections: list[dict[str, str]], base: Path,
               memories: list[Memory | None], source: str = "the file",
               lines: list[int] | None = None, styles: dict[str, Style] | None = None) -> list[Rendered]:
    """Every section of a README, rendered together: a paper that no ``--rows`` section shows yet
    goes to the first one (in the document's order) that selects it, and to that one only."""
    from ..errors import AmbiguousCategory, InputError, UnknownCategory

    chosen: list[list[Paper]] = []
    for i, filters in enumerate(sections):
        try:
            chosen.append(selected(catalog, papers, filters) if "rows" in filters and "chart" not in filters else [])
        except (InputError, UnknownCategory, AmbiguousCategory) as e:
            where = f"{source}:{lines[i]}" if lines else source
            raise InputError(f"{where}: {e.message}", e.hint) from None
    keys = [{p.key for p in c} for c in chosen]
    shown = set()  # the papers a --rows section that selects them shows already
    for i, memory in enumerate(memories):
        if memory is not None and "rows" in sections[i]:
            shown |= memory.keys() & keys[i]
    taken: set[str] = set()
    out = []
    for i, filters in enumerate(sections):
        new = None
        if "rows" in filters and "chart" not in filters:
            new = sorted((p for p in chosen[i] if p.key not in shown and p.key not in taken), key=_sort_key())
            taken |= {p.key for p in new}
        where = f"{source}:{lines[i]}" if lines else source
        try:
            out.append(rendered_section(catalog, papers, filters, base, memories[i], new, styles))
        except (InputError, UnknownCategory, AmbiguousCategory) as e:
            raise InputError(f"{where}: {e.message}", e.hint) from None
    return out


def charts(catalog: Catalog, papers: list[Paper], readme: Path, document: str) -> dict[Path, str]:
    """The SVG each chart section of the README shows: file -> its text, for the papers of its filters.
    A chart file can only be a ``.svg`` beside the README or below it (a marker is text anyone edits)."""
    from ..core.query import Query, select
    from ..core.stats import chart_svg

    out = {}
    for section in find_sections(document, str(readme)):
        if "chart" in section.filters:
            target = in_section(section, str(readme), lambda f: chart_path(readme, f["chart"]))
            chosen = in_section(section, str(readme), lambda f: select(papers, Query.of(f), catalog.taxonomy))
            out[target] = chart_svg(catalog, chosen)
    return out


def update_file(catalog: Catalog, path: Path, filters: dict[str, str] | None = None, *,
                from_readme: bool = False) -> list[Path]:
    """Refresh every generated section of the README at ``path``, each with the filters its marker
    records (or, for a README of one section, with ``filters``), and the chart files its chart
    sections show; write each only if it changed, the charts first. ``from_readme``: the rows of its
    ``--rows`` sections are taken as the README has them now, where they read as their papers (after
    ``vla sync`` took them in), not as vla last wrote them. The files written."""
    from ..storage.store import read_text, write_file
    from .markers import command_filters

    check_record(catalog)  # a record that cannot be read or written is an error before anything is written
    if filters and filters.get("category") is not None:  # the marker records the slug: stable if the name changes
        filters = {**filters, "category": catalog.taxonomy.resolve(filters["category"]).slug}
    papers = catalog.papers(abstracts=False)  # tables show no abstracts
    document = read_text(path)
    sections = find_sections(document, str(path))
    command_filters(sections, filters, str(path))
    wanted = [filters if filters is not None else s.filters for s in sections]
    rendered = render_all(catalog, papers, wanted, path.parent,
                          memories(catalog, path, sections, document, papers, from_readme=from_readme),
                          str(path), [s.line for s in sections] if filters is None else None)
    updated = refresh(document, lambda i: rendered[i].text, str(path), filters)
    written = []
    for chart, svg in charts(catalog, papers, path, updated).items():  # before the README that shows them
        if not chart.is_file() or chart.read_bytes() != svg.encode("utf-8"):
            write_file(chart, svg)
            written.append(chart)
    if updated != document:
        write_file(path, updated)
        written.append(path)
    sections = find_sections(updated, str(path))
    record(catalog, path, [body(updated, s) for s in sections], [s.filters for s in sections],
           [r.record() for r in rendered])
    return written


def chart_section(target: str = CHART_FILE) -> str:
    """What a README's chart section holds: the image, at ``target`` (a path relative to the README)."""
    from ..formats.exporters.mdtext import escape_url

    return f"![{CHART_ALT}]({escape_url(target)})\n"


def chart_path(readme: Path, target: str) -> Path:
    """Where a README's chart goes: ``target``, a relative ``.svg`` path inside the README's folder.

    A README marker names the file (``<!-- vla:begin --chart papers-per-year.svg -->``), and a
    marker is text anyone may have edited: an absolute path, a ``..`` that leaves the folder or a
    file that is not ``.svg`` is refused, so refreshing a README can only ever write a chart beside it."""
    from pathlib import PurePosixPath

    from ..errors import InputError

    parts = PurePosixPath(target.replace("\\", "/"))
    if (not target.strip() or parts.is_absolute() or ".." in parts.parts or ":" in target
            or parts.suffix.lower() != ".svg" or any(c in target for c in "\n\r\0")):
        raise InputError(f"chart file {target!r}: give a .svg path inside the README's folder, such as "
                         f"{CHART_FILE!r}")
    return readme.parent.joinpath(*parts.parts)
