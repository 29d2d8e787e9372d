"""vla adopt README.md: take an existing list's README into a catalog and mark it, keeping its look."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..options import DryRunOption


def adopt(
    readme: Annotated[Path, typer.Argument(help="The list's README.", dir_okay=False, metavar="FILE")],
    catalog: Annotated[
        Path | None,
        typer.Option("--catalog", "-C", metavar="DIR", file_okay=False,
                     help="The catalog to make (or use, when it holds no other papers); default: catalog/ beside "
                          "the README."),
    ] = None,
    dry_run: DryRunOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")] = False,
) -> None:
    """Make a catalog of a README's papers and mark its lists and tables so that vla writes them as they are."""
    from ...ops.adopt import adopt as adopt_readme
    from ...storage.discovery import describe
    from ...text import plural

    report = adopt_readme(readme, catalog, dry_run=dry_run)
    out = sys.stdout
    if dry_run:
        out.write(report.diff())
    if not quiet:
        if report.categories:
            out.write(f"categories from the headings ({len(report.categories):,}): "
                      f"{', '.join(report.categories)}\n")
        for b in report.blocks:
            rows = plural(len(b.entries), "row")
            if b.left is not None:
                out.write(f"  lines {b.line}-{b.end}: {rows} left as they are: {b.left}\n")
                continue
            how = f"template {b.style}" if b.template is not None else f"style {b.style}"
            fits = f"{b.exact:,} of {len(b.entries):,} rows as {how} writes them"
            out.write(f"  lines {b.line}-{b.end}: --category {b.category} ({rows}), {how}: {fits}\n")
            if b.differs:
                out.write(f"    {plural(b.differs, 'line')} would change: the rows do not read back as written\n")
    kept = sum(len(b.entries) for b in report.sections)
    sections = plural(len(report.sections), "section")
    made = "made" if report.created else "used"
    would = "would be " if dry_run else ""
    out.write(f"{readme}: {plural(report.papers, 'paper')} in {sections}, {kept:,} of "
              f"{sum(len(b.entries) for b in report.blocks):,} rows {would}kept as written; catalog {would}{made}: "
              f"{describe(report.catalog, False)}{' (dry run: nothing written)' if dry_run else ''}\n")
