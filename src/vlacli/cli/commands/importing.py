"""vla import FORMAT FILE: read awesome-list Markdown or BibTeX into the catalog, with a report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..options import CatalogOption, DryRunOption, complete_category

if TYPE_CHECKING:
    from ...core.findings import Finding
    from ...ops.importing import ImportReport
    from ...storage.catalog import Catalog


def read_input(path: Path) -> str:
    from ...storage.store import read_text

    return sys.stdin.read() if str(path) == "-" else read_text(path, "utf-8-sig")


def parse_map(pairs: list[str], catalog: Catalog) -> dict[str, str]:
    from ...errors import InputError

    out = {}
    for pair in pairs:
        heading, sep, slug = pair.rpartition("=")
        if not sep or not heading.strip() or not slug.strip():
            raise InputError(f"--map {pair!r} is not HEADING=CATEGORY")
        out[heading.strip()] = catalog.taxonomy.resolve(slug).slug
    return out


def import_file(
    format: Annotated[str, typer.Argument(metavar="FORMAT", help="markdown, bibtex or csl-json.")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The file to import ('-' for stdin).", dir_okay=False)],
    catalog: CatalogOption = None,
    corrections: Annotated[
        Path | None,
        typer.Option("--corrections", dir_okay=False, metavar="FILE",
                     help="A TOML file of [[correction]]s applied to the entries before they are merged."),
    ] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", metavar="HEADING=CATEGORY",
                                       help="File a heading's papers under a category: 'Heading=slug'.")
    ] = None,
    category: Annotated[
        list[str] | None, typer.Option("--category", "-c", metavar="CATEGORY", autocompletion=complete_category,
                                       help="Also file every imported paper under this category.")
    ] = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="Fill fields that papers already in the catalog lack (never a title, "
                                           "venue, year or categories).")
    ] = False,
    only_existing: Annotated[
        bool, typer.Option("--only-existing", help="Only merge into papers already in the catalog; add none.")
    ] = False,
    create_categories: Annotated[
        bool, typer.Option("--create-categories", help="Grow the taxonomy from the file's headings as a person "
                                                       "would (not the document's title, wrappers, years or "
                                                       "sections such as News or Contents); twice creates nothing.")
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="markdown: the file is newer than the catalog: its titles, venues, years, "
                                            "links and categories replace the catalog's (each change listed).")
    ] = False,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="markdown: an entry whose own text gives no trustworthy title (a short "
                                           "name) takes arXiv's title and authors (one request per 100 IDs, "
                                           "cached, polite as vla add).")
    ] = False,
    dry_run: DryRunOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the summary, the conflicts, the unreadable lines and "
                                                 "what lint would flag.")
    ] = False,
) -> None:
    """Import papers from an awesome-list README (markdown), a .bib file (bibtex) or CSL-JSON (csl-json)."""
    from ...formats.importers import IMPORTERS, get_importer
    from ...formats.registry import check_options
    from ...ops.corrections import load_corrections
    from ...ops.importing import ImportOptions, import_text
    from ...storage.catalog import Catalog

    fmt = get_importer(format)
    check_options(IMPORTERS, fmt, {"map": map_, "create-categories": create_categories, "merge": merge,
                                   "update": update, "fetch": fetch})
    cat = Catalog.open(catalog)
    options = ImportOptions(corrections=load_corrections(corrections) if corrections else None,
                            heading_map=parse_map(map_ or [], cat), categories=category or [], merge=merge,
                            only_existing=only_existing, create_categories=create_categories, update=update,
                            fetch=fetch, dry_run=dry_run)
    text = read_input(file)
    if fetch:
        from ._shared import with_fetcher

        report = with_fetcher(quiet, False, lambda f: import_text(cat, fmt.name, text, str(file), options, f))
    else:
        report = import_text(cat, fmt.name, text, str(file), options)
    from ...storage.discovery import describe

    print_report(report, dry_run, quiet, describe(cat.root, cat.read_only))
FOLD_AFTER = 5


def fold_findings(findings: list[Finding]) -> list[str]:
    """Findings as lines, a rule's first few only: 2,000 papers in no category are one problem, and
    five examples and a count say it better than 2,000 lines (`vla lint` lists them all)."""
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    lines: list[str] = []
    for code, group in by_code.items():
        lines.extend(str(f) for f in group[:FOLD_AFTER])
        if len(group) > FOLD_AFTER:
            lines.append(f"... and {len(group) - FOLD_AFTER:,} more [{code}] (all: vla lint --rule {code})")
    return lines


def print_report(r: ImportReport, dry_run: bool, quiet: bool, where: str = "") -> None:
    from ...text import plural

    out = sys.stdout
    would = "would be " if dry_run else ""
    if where:
        out.write(f"{r.source} into {where}{' (dry run: nothing written)' if dry_run else ''}\n")
    if not quiet:
        for key in r.added:
            out.write(f"{'+ ' if not dry_run else '(new) '}{key}: {r.writes[key].title}\n")
        for key, gained in r.merged:
            out.write(f"{'~ ' if not dry_run else '(merge) '}{key}: {', '.join(gained)}\n")
    sections = (("changes", r.changes, len(r.changes)), ("conflicts", r.conflicts, len(r.conflicts)),
                ("notes", r.notes, len(r.notes)),
                ("titles from arXiv (--fetch)", r.fetched, len(r.fetched)),
                ("doubtful titles", r.doubtful, len(r.doubtful)),
                ("skipped (not an entry)", [str(u) for u in r.skipped], len(r.skipped)),
                ("unreadable", [str(u) for u in r.unreadable], len(r.unreadable)),
                ("lint", fold_findings(r.lint), len(r.lint)))
    for name, lines, n in sections:
        if lines and (not quiet or name in ("conflicts", "unreadable", "lint")):
            hint = "; --fetch takes arXiv's for those with an arXiv ID" if name == "doubtful titles" and not r.fetched \
                else ""
            out.write(f"{name} ({n:,}{hint}):\n")
            out.writelines(f"  {line}\n" for line in lines)
    out.write(
        f"{r.source}: {plural(len(r.added), 'paper')} {would}added, {plural(r.repeats, 'repeat')} merged, "
        f"{len(r.merged):,} {would}updated, {len(r.unchanged):,} already up to date, "
        f"{plural(len(r.conflicts), 'conflict')}, {len(r.unreadable):,} unreadable\n"
    )
