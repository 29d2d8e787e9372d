"""Options shared by several commands, defined once, and what shell completion offers for them.

No ``from __future__ import annotations`` here: typer reads the signatures of the completion and
check functions below each time it builds a command, and evaluating string annotations there cost
~1 M instructions of every `vla list`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from ..storage.catalog import Catalog


# -- shell completion: category slugs and paper keys of the catalog the command line names ----------
def _catalog_of(ctx: Any) -> Any:
    """The catalog a half-typed command line names (its -C, before or after the command), or None."""
    from ..storage.catalog import Catalog

    given = None
    while ctx is not None and given is None:
        given = (getattr(ctx, "params", None) or {}).get("catalog")
        ctx = ctx.parent
    try:
        return Catalog.open(given)
    except Exception:  # completion must never fail: no catalog, no candidates
        return None


def complete_category(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Category slugs starting with what was typed, each with its name."""
    cat = _catalog_of(ctx)
    if cat is None:
        return []
    try:
        return [(c.slug, c.name) for c in cat.taxonomy if c.slug.startswith(incomplete)]
    except Exception:
        return []


def complete_paper(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Paper keys starting with what was typed, each with its title."""
    cat = _catalog_of(ctx)
    if cat is None:
        return []
    try:
        return [(p.key, p.title) for p in cat.papers(abstracts=False) if p.key.startswith(incomplete)]
    except Exception:
        return []


def complete_sort(incomplete: str) -> list[str]:
    from ..core.query import SORTS

    return [name for name in SORTS if name.startswith(incomplete)]


# -- values checked as the command line is read: a value of the wrong form is a usage error (exit 2),
# by the library's own rule (the same value in a README marker is an error in the data, exit 1) --------
def _year_range(value: str | None) -> str | None:
    if value is not None:
        from ..core.query import parse_year_range

        _usage(parse_year_range, value)
    return value


def _sort(value: str) -> str:
    from ..core.query import check_sort

    _usage(check_sort, value)
    return value


def _usage(rule: Any, value: str) -> None:
    from ..errors import InputError

    try:
        rule(value)
    except InputError as e:
        raise typer.BadParameter(str(e)) from None


CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog", "-C", file_okay=False, metavar="DIR",
        help="The catalog folder, here or before the command (vla -C DIR list). Default: $VLA_CATALOG, else "
             "the catalog the working directory is in or beside, else the bundled survey.",
    ),
]
CategoryFilter = Annotated[
    str | None,
    typer.Option("--category", "-c", metavar="CATEGORY", autocompletion=complete_category,
                 help="Only papers in this category or beneath it (slug, name, alias or prefix)."),
]
CategoryArg = Annotated[
    str, typer.Argument(metavar="CATEGORY", autocompletion=complete_category,
                        help="A category: slug, name, alias or unambiguous prefix.")
]
CategoriesArg = Annotated[
    list[str], typer.Argument(metavar="CATEGORY...", autocompletion=complete_category,
                              help="Categories: slug, name, alias or unambiguous prefix.")
]
PaperArg = Annotated[
    str, typer.Argument(metavar="ID", autocompletion=complete_paper,
                        help="Key, arXiv ID (any form) or citation key.")
]
YearFilter = Annotated[
    str | None,
    typer.Option("--year", "-y", metavar="YEAR", callback=_year_range,
                 help="A year (2025) or a range (2023-2025, 2024-)."),
]
VenueFilter = Annotated[
    str | None, typer.Option("--venue", metavar="VENUE", help="Only papers at this venue (case-insensitive).")
]
SearchFilter = Annotated[
    str | None,
    typer.Option("--search", "-s", metavar="TEXT", help="Text to find in title, authors or abstract "
                                                         "(case-insensitive)."),
]
SortOption = Annotated[
    str, typer.Option("--sort", metavar="FIELD", autocompletion=complete_sort, callback=_sort,
                      help="Sort by year, title, venue, key, updated or citations (most cited first).")
]
ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the sort order.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, metavar="FILE",
                 help="Write to this file (atomically) instead of stdout."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
OfflineOption = Annotated[bool, typer.Option("--offline", help="Use only responses cached earlier; make no request.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")]


def where(cat: "Catalog") -> str:
    """Which catalog a command read or changed, for people: ``./catalog``, or ``bundled survey, read-only``."""
    from ..storage.discovery import describe

    return describe(cat.root, cat.read_only)
