"""vla init, tag, untag, set, remove: each change re-reads one file under the lock and writes it atomically."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ...core.years import is_year, year_bounds
from ..options import CatalogOption, CategoriesArg, PaperArg, where


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the new catalog.", file_okay=False, metavar="DIR")
    ] = Path("catalog"),
    taxonomy: Annotated[
        Path | None,
        typer.Option("--taxonomy", "-t", dir_okay=False, metavar="FILE",
                     help="Seed the catalog with this taxonomy.toml."),
    ] = None,
    github: Annotated[
        bool,
        typer.Option("--github", help="Also write GitHub workflows and an add-paper issue form into the repository "
                                      "(the working directory); an existing catalog is kept."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="With --github: overwrite files that exist.")] = False,
) -> None:
    """Create an empty catalog (optionally with a taxonomy)."""
    from ...core.taxonomy import Taxonomy
    from ...storage.catalog import Catalog
    from ...storage.discovery import describe
    from ...storage.store import read_toml
    from ...text import plural

    if force and not github:
        raise typer.BadParameter("goes with --github only", param_hint="'--force'")
    tax = None
    if taxonomy is not None:
        tax = Taxonomy.from_dict(read_toml(taxonomy), str(taxonomy))
    files = []
    if github:
        from ...ops.github import init_repository

        report = init_repository(Path.cwd(), directory, tax, force=force)
        n: int | None = report.categories if report.catalog_created else None
        files = report.files
    else:
        n = len(Catalog.init(directory, tax).taxonomy)
    shown = describe(directory, read_only=False)  # as every command names its catalog (./catalog)
    if n is None:
        print(f"catalog {shown} exists: kept")
    else:
        print(f"created catalog {shown} ({plural(n, 'category', 'categories')})")
        if not n:
            print("add categories with 'vla category add SLUG --name NAME', or start from a taxonomy with "
                  "'vla init DIR --taxonomy FILE'")
    for f in files:
        print(f"{f.action} {f.path}")


def tag(paper: PaperArg, categories: CategoriesArg, catalog: CatalogOption = None) -> None:
    """Add a paper to categories."""
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    p, added, already = cat.tag(paper, categories)
    said = ([f"tagged {', '.join(added)}"] if added else []) + ([f"already in {', '.join(already)}"] if already else [])
    print(f"{p.key}: {'; '.join(said)} · {where(cat)}")


def untag(paper: PaperArg, categories: CategoriesArg, catalog: CatalogOption = None) -> None:
    """Take a paper out of categories."""
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    p, removed, absent = cat.untag(paper, categories)
    said = ([f"untagged {', '.join(removed)}"] if removed else []) + ([f"not in {', '.join(absent)}"] if absent else [])
    print(f"{p.key}: {'; '.join(said)} · {where(cat)}")


def _year_option(value: str | None) -> str | None:
    """``--year``: a year, or '' to clear it; anything else is a usage error (exit 2)."""
    if value is None or value == "":
        return value
    text = value.strip()
    try:  # isdigit() takes digits int() refuses (superscripts): those are no year either
        year = int(text) if text.isdigit() else None
    except ValueError:
        year = None
    if not is_year(year):
        raise typer.BadParameter(f"{value!r} is not a year from {year_bounds()} (or '' to clear it)")
    return text


def set_fields(
    paper: PaperArg,
    catalog: CatalogOption = None,
    title: Annotated[str | None, typer.Option(metavar="TITLE", help="Title (pinned: refresh keeps it).")] = None,
    venue: Annotated[
        str | None, typer.Option(metavar="VENUE", help="Venue, e.g. CoRL ('' to clear; pinned).")
    ] = None,
    year: Annotated[
        str | None, typer.Option(metavar="YEAR", help="Year ('' to clear; pinned).", callback=_year_option)
    ] = None,
    website: Annotated[str | None, typer.Option(metavar="URL", help="Project page URL ('' to clear; pinned).")] = None,
    code: Annotated[str | None, typer.Option(metavar="URL", help="Code URL ('' to clear; pinned).")] = None,
    url: Annotated[
        str | None, typer.Option(metavar="URL", help="Paper URL for a paper without an arXiv ID ('' to clear; pinned).")
    ] = None,
    doi: Annotated[str | None, typer.Option(metavar="DOI", help="DOI ('' to clear; pinned).")] = None,
    arxiv: Annotated[
        str | None,
        typer.Option(metavar="ID", help="arXiv ID: the paper is re-filed under it (its key becomes the ID)."),
    ] = None,
) -> None:
    """Set fields of a paper by hand."""
    from ...storage.catalog import Catalog

    values = {"title": title, "venue": venue, "year": int(year) if year else year, "website": website, "code": code,
              "url": url, "doi": doi}
    cat = Catalog.open(catalog)
    who = cat.get(paper).key if arxiv is not None else None  # "minivla: re-filed under arXiv 2401.00001"
    p = cat.set_fields(paper, values, arxiv=arxiv)
    said = []
    if who is not None:
        said.append(f"{'re-filed' if who != p.key else 'already filed'} under arXiv {p.key}")
    if any(v is not None for v in values.values()):
        said.append("set " + ", ".join(f"{k}={v!r}" for k, v in values.items() if v is not None))
    print(f"{who or p.key}: {'; '.join(said)} · {where(cat)}")


def remove(
    paper: PaperArg,
    catalog: CatalogOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask (needed when not on a terminal).")] = False,
) -> None:
    """Remove a paper from the catalog."""
    from ...errors import InputError
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    p = cat.get(paper)
    if not yes:
        if not stdin_is_terminal():
            raise InputError(f"not removing {p.key} without a confirmation", "pass --yes to remove it")
        if not typer.confirm(f"remove {p.key} ({p.title}) from {where(cat)}?", default=False):
            print(f"kept {p.key}")
            return
    p = cat.remove(p.key)
    print(f"removed {p.key}: {p.title} · {where(cat)}")
