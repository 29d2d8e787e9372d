"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

CatalogOption = Annotated[
    Path | None,
    typer.Option(
        "--catalog", "-C", file_okay=False,
        help="Catalog folder (default: $VLA_CATALOG, else the nearest catalog/ above the working directory, "
             "else the bundled survey).",
    ),
]
CategoryFilter = Annotated[
    str | None,
    typer.Option("--category", "-c", help="Only papers in this category or beneath it (slug, name, alias or prefix)."),
]
YearFilter = Annotated[str | None, typer.Option("--year", "-y", help="A year (2025) or a range (2023-2025, 2024-).")]
VenueFilter = Annotated[str | None, typer.Option("--venue", help="Only papers at this venue (case-insensitive).")]
SearchFilter = Annotated[
    str | None, typer.Option("--search", "-s", help="Text to find in title, authors or abstract (case-insensitive).")
]
SortOption = Annotated[
    str, typer.Option("--sort", help="Sort by year, title, venue, key, updated or citations (most cited first).")
]
ReverseOption = Annotated[bool, typer.Option("--reverse", "-r", help="Reverse the sort order.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, help="Write to this file (atomically) instead of stdout."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
DryRunOption = Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would change; write nothing.")]
