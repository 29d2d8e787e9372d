"""vla sync: take the edits people made in a README's generated tables back into the catalog."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..options import CatalogOption, DryRunOption, where


def sync(
    readme: Annotated[
        Path, typer.Argument(help="The README whose generated sections were edited.", dir_okay=False, metavar="FILE")
    ] = Path("README.md"),
    catalog: CatalogOption = None,
    offline: Annotated[bool, typer.Option("--offline", help="Fetch nothing: new rows are kept as written.")] = False,
    dry_run: DryRunOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line.")] = False,
) -> None:
    """Take rows people added, changed or deleted in the README's tables into the catalog, then rewrite them."""
    from ...ops.sync import sync_readme
    from ...storage.catalog import Catalog
    from ...text import plural

    cat = Catalog.open(catalog)
    report = sync_readme(cat, readme, dry_run=dry_run, offline=offline)
    out = [*(f"added {a}" for a in report.added), *(f"tagged {t}" for t in report.tagged),
           *(f"untagged {u}" for u in report.untagged), *(f"changed {c}" for c in report.changed)]
    if not quiet:
        sys.stdout.writelines(f"{line}\n" for line in out)
        sys.stdout.writelines(f"note: {n}\n" for n in report.notes)
    edits = plural(report.edits, "edit")
    if dry_run:
        sys.stdout.write(f"{readme}: {edits} to take in (dry run: nothing written) · {where(cat)}\n")
    else:
        rewritten = "sections rewritten" if report.written else "sections already up to date"
        sys.stdout.write(f"{readme}: {edits} taken in; {rewritten} · {where(cat)}\n")
