"""vla init, tag, untag, set, remove: each change re-reads one file under the lock and writes it atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..options import CatalogOption

PaperArg = Annotated[str, typer.Argument(help="Key, arXiv ID (any form) or citation key.")]
CategoriesArg = Annotated[list[str], typer.Argument(help="Categories: slug, name, alias or unambiguous prefix.")]


def init(
    directory: Annotated[Path, typer.Argument(help="Folder for the new catalog.", file_okay=False)] = Path("catalog"),
    taxonomy: Annotated[
        Path | None,
        typer.Option("--taxonomy", "-t", dir_okay=False, help="Seed the catalog with this taxonomy.toml."),
    ] = None,
) -> None:
    """Create an empty catalog (optionally with a taxonomy)."""
    from ...catalog import Catalog
    from ...store import read_toml
    from ...taxonomy import Taxonomy

    tax = None
    if taxonomy is not None:
        tax = Taxonomy.from_dict(read_toml(taxonomy), str(taxonomy))
    cat = Catalog.init(directory, tax)
    n = len(cat.taxonomy)
    print(f"created catalog {directory} ({n} categories)")


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
    year: Annotated[int | None, typer.Option(help="Year (pinned).", min=1900, max=2100)] = None,
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
    from ...errors import InputError
    from ...identifiers import parse_arxiv_id
    from ...model import is_web_url

    cat = Catalog.open(catalog)
    changes = {k: v for k, v in {"title": title, "venue": venue, "year": year, "website": website,
                                 "code": code, "url": url, "doi": doi}.items() if v is not None}
    if not changes and arxiv is None:
        raise InputError("nothing to set", "give at least one of --title, --venue, --year, --website, --code, "
                                           "--url, --doi, --arxiv")
    for name in ("website", "code", "url"):
        value = changes.get(name)
        if value and not is_web_url(str(value)):
            raise InputError(f"--{name} {value!r} is not an http(s) URL")
    if title is not None and not title.strip():
        raise InputError("--title cannot be empty")
    key = cat.get(paper).key
    if arxiv is not None:
        new = parse_arxiv_id(arxiv).id
        with cat.locked():
            other = cat.find(new)
            if other is not None and other.key != key:
                raise InputError(f"arXiv {new} is already filed as {other.key!r}")
            cat.rekey(key, new)
            with cat.edit(new) as p:
                p.arxiv = new
            key = new
    with cat.edit(key) as p:
        for name, value in changes.items():
            setattr(p, name, value if value != "" else None)
            if name in ("title", "venue", "year") and name not in p.pinned:
                p.pinned.append(name)
    shown = ", ".join(f"{k}={v!r}" for k, v in changes.items())
    print(f"{key}: set {shown}" if shown else f"{key}: re-filed under arXiv {key}")


def remove(paper: PaperArg, catalog: CatalogOption = None) -> None:
    """Remove a paper from the catalog."""
    from ...catalog import Catalog

    cat = Catalog.open(catalog)
    p = cat.remove(paper)
    print(f"removed {p.key}: {p.title}")
