"""vla lint: check the catalog (and a README's generated section) for a survey repo's CI."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..options import CatalogOption


class LintFormat(str, Enum):
    text = "text"
    json = "json"


def lint(
    catalog: CatalogOption = None,
    readme: Annotated[
        Path | None,
        typer.Option("--readme", dir_okay=False, help="Also check that this README's section between "
                                                      "<!-- vla:begin --> and <!-- vla:end --> is up to date."),
    ] = None,
    format: Annotated[LintFormat, typer.Option("--format", "-f", help="text, or json for machines.")] = LintFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
) -> None:
    """Check the catalog: duplicate IDs and titles, unknown categories, bad URLs, a stale README. Exit 1 on errors."""
    from ...catalog import Catalog
    from ...lint import ERROR, lint_catalog

    cat = Catalog.open(catalog)
    findings, files = lint_catalog(cat, readme)
    errors = sum(f.level == ERROR for f in findings)
    warnings = len(findings) - errors
    if format is LintFormat.json:
        import json

        sys.stdout.write(json.dumps({"errors": errors, "warnings": warnings,
                                     "findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    else:
        sys.stdout.writelines(f"{f}\n" for f in findings)
        sys.stdout.write(f"{files} papers: {errors} errors, {warnings} warnings\n")
    if errors or (strict and warnings):
        raise typer.Exit(1)
