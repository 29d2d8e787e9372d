"""vla verify: parse arguments, call vlacli.ops.verify, render: one line a problem, then a summary."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from ...errors import EXIT_DATA
from ...text import plural
from ..options import CatalogOption, OfflineOption, QuietOption, complete_paper, where
from ._shared import errors, raise_if_nothing_done, say, stopped, with_fetcher


class VerifyFormat(str, Enum):
    text = "text"
    json = "json"


def verify(
    ids: Annotated[
        list[str] | None, typer.Argument(metavar="ID...", autocompletion=complete_paper,
                                         help="Papers to check: keys or arXiv IDs.")
    ] = None,
    all_papers: Annotated[bool, typer.Option("--all", "-a", help="Check every paper with an arXiv ID.")] = False,
    changed_since: Annotated[
        str | None, typer.Option("--changed-since", metavar="REF",
                                 help="Check the papers whose files changed since a git revision (a pull "
                                      "request's base: origin/main).")
    ] = None,
    venues: Annotated[
        bool, typer.Option("--venues", help="Also note venues that Semantic Scholar or DBLP contradict.")
    ] = False,
    offline: OfflineOption = False,
    format: Annotated[VerifyFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text (lines) or json.")]
    = VerifyFormat.text,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Check each paper's arXiv ID against arXiv: no such paper, another paper's title, withdrawn. Exit 1 on errors."""
    from ...ops.verify import verify_papers
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    report = with_fetcher(quiet or format is VerifyFormat.json, offline, lambda f: verify_papers(
        cat, ids or [], all_papers=all_papers, changed_since=changed_since, venues=venues, fetcher=f))
    raise_if_nothing_done(report, report.checked or report.failures or report.problems)
    if format is VerifyFormat.json:
        import json

        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        for problem in report.problems:
            print(problem)
        errors(report.failures)
        without = f", {len(report.skipped)} without an arXiv ID" if report.skipped else ""
        say(quiet, f"{plural(len(report.checked), 'paper')} checked: {plural(report.errors, 'error')}, "
                   f"{plural(report.warnings, 'warning')}{without} · {where(cat)}")
    stopped(report, "not checked")
    if report.errors or report.failures:
        raise typer.Exit(EXIT_DATA)
