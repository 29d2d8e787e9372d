"""vla category add/rename/move/remove: edit the taxonomy; papers and README markers follow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..options import CatalogOption, CategoryArg, complete_category

if TYPE_CHECKING:
    from ...ops.categories import CategoryChange
    from ...storage.catalog import Catalog

app = typer.Typer(
    help="Add, rename, move or remove a category of the taxonomy.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ReadmeOption = Annotated[
    list[Path] | None,
    typer.Option("--readme", dir_okay=False, metavar="FILE",
                 help="A README whose <!-- vla:begin --category … --> markers follow the change (repeatable; "
                      "default: the README.md beside the catalog, when it has markers)."),
]
ParentOption = Annotated[
    str | None,
    typer.Option("--parent", "-p", metavar="CATEGORY", autocompletion=complete_category,
                 help="The category it goes under (default: a new pillar)."),
]


def _open(catalog: Path | None) -> Catalog:
    from ...storage.catalog import Catalog

    return Catalog.open(catalog)


def _readmes(cat: Catalog, given: list[Path] | None) -> list[Path]:
    """The READMEs whose markers follow: those given, else README.md beside the catalog if it has markers."""
    if given:
        return given
    from ...readme.markers import BEGIN

    beside = cat.root.resolve().parent / "README.md"
    try:
        text = beside.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return [beside] if BEGIN.split()[1] in text else []


def _say(cat: Catalog, what: str, change: CategoryChange) -> None:
    from ...storage.discovery import describe
    from ...text import plural

    print(f"{what} · {describe(cat.root, cat.read_only)}")
    if change.papers:
        print(f"  re-filed {plural(len(change.papers), 'paper')}: {', '.join(change.papers)}")
    if change.markers:
        print(f"  rewrote {plural(len(change.markers), 'README marker')}: {', '.join(change.markers)}")


def _where(change: CategoryChange) -> str:
    c = change.category
    assert c is not None
    return f"under {c.parent}" if c.parent else "as a pillar"


@app.command("add")
def add(
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="Its slug: lower-case words joined by hyphens.")],
    name: Annotated[
        str | None, typer.Option("--name", "-n", metavar="NAME",
                                 help="Its heading, as the survey prints it (default: from the slug).")
    ] = None,
    parent: ParentOption = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", "-a", metavar="WORD",
                                       help="Another word people use for it (repeatable).")
    ] = None,
    catalog: CatalogOption = None,
) -> None:
    """Add a category, the last under its parent."""
    from ...ops.categories import add_category

    cat = _open(catalog)
    change = add_category(cat, slug, name, parent, alias or [])
    assert change.category is not None
    _say(cat, f"added {slug} ({change.category.name}) {_where(change)}", change)


@app.command("rename")
def rename(
    category: CategoryArg,
    name: Annotated[str | None, typer.Option("--name", "-n", metavar="NAME", help="Its new heading.")] = None,
    slug: Annotated[
        str | None, typer.Option("--slug", metavar="SLUG", help="Its new slug: papers and README markers follow.")
    ] = None,
    readme: ReadmeOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Give a category a new name or slug; the old ones stay as aliases."""
    from ...ops.categories import rename_category

    cat = _open(catalog)
    before = cat.taxonomy.resolve(category)
    change = rename_category(cat, category, new_slug=slug, name=name, readmes=_readmes(cat, readme))
    assert change.category is not None
    _say(cat, f"renamed {before.slug} ({before.name}) to {change.category.slug} ({change.category.name})", change)


@app.command("move")
def move(
    category: CategoryArg,
    parent: Annotated[
        str | None, typer.Option("--parent", "-p", metavar="CATEGORY", autocompletion=complete_category,
                                 help="The category it goes under.")
    ] = None,
    top: Annotated[bool, typer.Option("--top", help="Make it a pillar (a category with no parent).")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Move a category, with everything beneath it, under another (or to the top)."""
    from ...errors import InputError
    from ...ops.categories import move_category

    if parent is not None and top:
        raise InputError("give --parent CATEGORY or --top, not both")
    if parent is None and not top:
        raise InputError("say where it goes: --parent CATEGORY or --top")
    cat = _open(catalog)
    change = move_category(cat, category, parent)
    assert change.category is not None
    _say(cat, f"moved {change.category.slug} {_where(change)}", change)


@app.command("remove")
def remove(
    category: CategoryArg,
    to: Annotated[
        str | None, typer.Option("--to", metavar="CATEGORY", autocompletion=complete_category,
                                 help="File its papers (and point README markers) here instead.")
    ] = None,
    readme: ReadmeOption = None,
    catalog: CatalogOption = None,
) -> None:
    """Remove a category; refused while papers are filed under it, unless --to says where they go."""
    from ...ops.categories import remove_category

    cat = _open(catalog)
    slug = cat.taxonomy.resolve(category).slug
    change = remove_category(cat, category, to=to, readmes=_readmes(cat, readme))
    _say(cat, f"removed {slug}" + (f"; its papers are in {cat.taxonomy.resolve(to).slug}" if to else ""), change)
