"""vla init, tag, untag, set, remove: each change re-reads one file under the lock and writes it atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ...model import YEAR_MAX, YEAR_MIN
from ..options import CatalogOption

PaperArg = Annotated[str, typer.Argument(help="Key, arXiv ID (any form) or citation key.")]
CategoriesArg = Annotated[list[str], typer.Argument(help="Categories: slug, name, alias or unambiguous prefix.")]


def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new catalog.", file_okay=False)] = Path("catalog"),
    taxonomy: Annotated[
        Path | None,
        typer.Option("--taxonomy", "-t", dir_okay=False, help="Seed the catalog with this taxonomy.toml."),
    ] = None,
    github: Annotated[
        bool,
        typer.Option("--github", help="Also write GitHub workflows and an add-paper issue form into the repository "
                                      "(the working directory); an existing catalog is kept."),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="With --github: overwrite files that exist.")] = False,
) -> None:
    """Create an empty catalog (optionally with a taxonomy)."""
    from ...catalog import Catalog
    from ...store import read_toml
    from ...taxonomy import Taxonomy

    if force and not github:
        raise typer.BadParameter("goes with --github only", param_hint="'--force'")
    tax = None
    if taxonomy is not None:
        tax = Taxonomy.from_dict(read_toml(taxonomy), str(taxonomy))
    if not github:
        cat = Catalog.init(directory, tax)
        print(f"created catalog {directory} ({len(cat.taxonomy)} categories)")
        return
    from ...github import init_repository

    report = init_repository(Path.cwd(), directory, tax, force=force)
    print(f"created catalog {directory} ({report.categories} categories)" if report.catalog_created
          else f"catalog {directory} exists: kept")
    for f in report.files:
        print(f"{f.action} {f.path}")


def tag(paper: PaperArg, categories: CategoriesArg, catalog: CatalogOption = None) -> None:
    """Add a paper to categories."""
    from ...catalog import Catalog

    cat = Catalog.open(catalog)
    p, added = cat.tag(paper, categories)
    if added:
        print(f"{p.key}: tagged {', '.join(added)}")
    else:
        print(f"{p.key}: already in {', '.join(cat.resolve_categories(categories))}")


def untag(paper: PaperArg, categories: CategoriesArg, catalog: CatalogOption = None) -> None:
    """Take a paper out of categories."""
    from ...catalog import Catalog

    cat = Catalog.open(catalog)
    p, removed = cat.untag(paper, categories)
    if removed:
        print(f"{p.key}: untagged {', '.join(removed)}")
    else:
        print(f"{p.key}: was in none of {', '.join(categories)}")


def set_fields(
    paper: PaperArg,
    catalog: CatalogOption = None,
    title: Annotated[str | None, typer.Option(help="Title (pinned: refresh keeps it).")] = None,
    venue: Annotated[str | None, typer.Option(help="Venue, e.g. CoRL (pinned).")] = None,
    year: Annotated[int | None, typer.Option(help="Year (pinned).", min=YEAR_MIN, max=YEAR_MAX)] = None,
    website: Annotated[str | None, typer.Option(help="Project page URL ('' to clear).")] = None,
    code: Annotated[str | None, typer.Option(help="Code URL ('' to clear).")] = None,
    url: Annotated[str | None, typer.Option(help="Paper URL for a paper without an arXiv ID ('' to clear).")] = None,
    doi: Annotated[str | None, typer.Option(help="DOI ('' to clear).")] = None,
    arxiv: Annotated[
        str | None, typer.Option(help="arXiv ID: the paper is re-filed under it (its key becomes the ID).")
    ] = None,
) -> None:
    """Set fields of a paper by hand."""
    from ...catalog import Catalog

    values = {"title": title, "venue": venue, "year": year, "website": website, "code": code, "url": url, "doi": doi}
    p = Catalog.open(catalog).set_fields(paper, values, arxiv=arxiv)
    shown = ", ".join(f"{k}={v!r}" for k, v in values.items() if v is not None)
    print(f"{p.key}: set {shown}" if shown else f"{p.key}: re-filed under arXiv {p.key}")


def remove(paper: PaperArg, catalog: CatalogOption = None) -> None:
    """Remove a paper from the catalog."""
    from ...catalog import Catalog

    cat = Catalog.open(catalog)
    p = cat.remove(paper)
    print(f"removed {p.key}: {p.title}")
