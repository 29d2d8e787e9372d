"""A README's generated sections written from the catalog: ``vla export markdown --in-place``.

Each section (:mod:`.markers`) is refreshed with the filters its marker records, so a README may hold
several (one per pillar, with prose between them). :func:`update_file` is ``vla export markdown
--in-place``; :func:`vlacli.readme.check.check_file` (``vla lint --readme``) renders each section with the
same :func:`render_section`. A chart section (``--chart FILE``) shows the papers-per-year chart, an SVG
written beside the README.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..core.stats import CHART_ALT
from .markers import body, find_sections, in_section, refresh
from .record import check_record, record

if TYPE_CHECKING:
    from pathlib import Path

    from ..core.paper import Paper
    from ..storage.catalog import Catalog

CHART_FILE = "papers-per-year.svg"  # the chart's default file name beside a README


def render_section(catalog: Catalog, papers: Iterable[Paper], filters: dict[str, str]) -> str:
    """The text of a generated section: ``vla export markdown`` of the papers its filters select, or
    for a chart section (``--chart FILE``) the image of the chart."""
    from ..core.query import Query, select
    from ..formats.exporters import as_text
    from ..formats.exporters.markdown import export_markdown

    if "chart" in filters:
        return chart_section(filters["chart"])
    chosen = select(papers, Query.of(filters), catalog.taxonomy)
    return as_text(export_markdown(catalog, chosen, {"category": filters.get("category"),
                                                     "columns": filters.get("columns")}))


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


def update_file(catalog: Catalog, path: Path, filters: dict[str, str] | None = None) -> list[Path]:
    """Refresh every generated section of the README at ``path``, each with the filters its marker
    records (or, for a README of one section, with ``filters``), and the chart files its chart
    sections show; write each only if it changed, the charts first. The files written."""
    from ..storage.store import read_text, write_file

    check_record(catalog)  # a record that cannot be read or written is an error before anything is written
    if filters and filters.get("category") is not None:  # the marker records the slug: stable if the name changes
        filters = {**filters, "category": catalog.taxonomy.resolve(filters["category"]).slug}
    papers = catalog.papers(abstracts=False)  # tables show no abstracts
    document = read_text(path)
    updated = refresh(document, lambda wanted: render_section(catalog, papers, wanted), str(path), filters)
    written = []
    for chart, svg in charts(catalog, papers, path, updated).items():  # before the README that shows them
        if not chart.is_file() or chart.read_bytes() != svg.encode("utf-8"):
            write_file(chart, svg)
            written.append(chart)
    if updated != document:
        write_file(path, updated)
        written.append(path)
    sections = find_sections(updated, str(path))
    record(catalog, path, [body(updated, s) for s in sections], [s.filters for s in sections])
    return written




def chart_section(target: str = CHART_FILE) -> str:
    """What a README's chart section holds: the image, at ``target`` (a path relative to the README)."""
    from ..formats.exporters.markdown import escape_url

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
