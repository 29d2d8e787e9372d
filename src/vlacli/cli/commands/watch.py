"""vla watch, inbox, accept, reject, issue-form: parse arguments, call vlacli.ops.watch / vlacli.ops.inbox /
vlacli.ops.github, render. The arXiv client (httpx with it) is imported only by the commands that ask arXiv."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ...errors import EXIT_DATA
from ...text import plural
from ..options import CatalogOption, QuietOption, complete_category, where
from ._shared import errors, raise_if_nothing_done, say, say_done, stopped, with_fetcher

if TYPE_CHECKING:
    from ...ops.inbox import Candidate

IdsArg = Annotated[
    list[str], typer.Argument(metavar="ID...", help="arXiv IDs of candidates (any form: 2506.01844, an abs link).")
]


class WatchFormat(str, Enum):
    text = "text"
    json = "json"


class InboxFormat(str, Enum):
    text = "text"
    json = "json"
    ids = "ids"


class FormFormat(str, Enum):
    env = "env"
    json = "json"


def _show(candidates: list[Candidate], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([c.to_json() for c in candidates], ensure_ascii=False, indent=2))
        return
    if fmt == "ids":
        for c in candidates:
            print(c.arxiv)
        return
    for c in candidates:
        print(f"{c.arxiv}  {c.published or '?'}  {c.title}")
        why = f" — {'; '.join(c.reasons)}" if c.reasons else ""
        print(f"    {', '.join(c.categories) or '(no category)'}{why}")


def watch(
    categories: Annotated[
        list[str] | None,
        typer.Argument(metavar="CATEGORY...", autocompletion=complete_category,
                       help="Run the saved searches of these categories (and those beneath them); default: all. "
                            "With --query: the categories to propose its papers under."),
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", metavar="QUERY",
                                 help="Run this arXiv query instead (arXiv's syntax); not remembered.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Papers submitted on this day or later (YYYY-MM-DD); default: "
                                                     "where the last run of its kind (showing, or --save) left off, "
                                                     "or 30 days back."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Put the candidates in the inbox (inbox.toml); without it, vla watch only "
                                          "shows them. Either way each search's run is remembered (watch.toml).")
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", metavar="N", help="At most this many results per search.", min=1)
    ] = 500,
    output_format: Annotated[
        WatchFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text, or json for scripts.")
    ] = WatchFormat.text,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Propose new papers from the categories' saved arXiv searches.

    Each category's `watch` query (arXiv's syntax) in taxonomy.toml is run, newest submissions first,
    back to --since or to where its last run left off. Papers already in the catalog (by arXiv ID, or
    by title for papers kept without one), rejected or waiting in the inbox are left out; the rest are
    listed best first with the categories whose searches found them. --save puts them in the inbox.
    """
    from ...ops.watch import parse_since, watch_papers
    from ...storage.catalog import Catalog

    fmt = output_format.value
    cat = Catalog.open(catalog)
    start = parse_since(since) if since else None
    report = with_fetcher(quiet, False, lambda f: watch_papers(
        cat, categories or [], query=query, since=start, save=save, limit=limit, searcher=f))
    raise_if_nothing_done(report, report.runs)
    if fmt == "json" or not quiet:
        _show(report.candidates, fmt)
    for run in report.runs:
        if run.truncated:
            sys.stderr.write(f"note: {run.name}: stopped after {run.found} results; older papers were not "
                             f"fetched (narrow the search, or pass a later --since)\n")
    if fmt == "text":
        n = report.counts
        searches = plural(len(report.runs), "search", "searches")
        say(quiet, f"{plural(len(report.candidates), 'new paper')} ({n.found} found: {n.in_catalog} in the "
                    f"catalog, {n.rejected} rejected, {n.in_inbox} in the inbox); "
                    f"{searches}, {plural(report.requests, 'request')} · {where(cat)}")
        if save:
            say(quiet, f"saved {len(report.saved)} to {cat.root / 'inbox.toml'}"
                        + (f" ({len(report.updated)} already there gained categories)" if report.updated else ""))
        elif report.candidates:
            say(quiet, "shown, not saved: the next run shows only newer papers; vla watch --save puts these in the "
                        "inbox")
    stopped(report, "not run")


def inbox(
    output_format: Annotated[
        InboxFormat, typer.Option("--format", "-f", metavar="FORMAT", help="text, json or ids.")
    ] = InboxFormat.text,
    rejected: Annotated[bool, typer.Option("--rejected", help="List the rejected papers instead.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """List the candidates waiting in the inbox, best first.

    vla watch --save puts them in the catalog's inbox.toml; vla accept and vla reject take them out.
    """
    from ...ops.inbox import read_inbox
    from ...storage.catalog import Catalog

    fmt = output_format.value
    cat = Catalog.open(catalog)
    box = read_inbox(cat)
    if rejected:
        if fmt == "json":
            print(json.dumps([{"arxiv": r.arxiv, "title": r.title} for r in box.rejected], ensure_ascii=False,
                             indent=2))
        else:
            for r in box.rejected:
                print(r.arxiv if fmt == "ids" else f"{r.arxiv}  {r.title or ''}".rstrip())
        return
    _show(box.candidates, fmt)
    if fmt == "text":
        print(f"{plural(len(box.candidates), 'candidate')}, {len(box.rejected)} rejected · {where(cat)}")


def accept(
    ids: IdsArg,
    category: Annotated[
        list[str] | None,
        typer.Option("--category", "-c", metavar="CATEGORY", autocompletion=complete_category,
                     help="File under this category (repeatable); default: the categories whose searches found "
                          "the paper."),
    ] = None,
    quiet: QuietOption = False,
    catalog: CatalogOption = None,
) -> None:
    """File inbox candidates in the catalog with arXiv's metadata, as vla add does.

    They go under --category when given, else under the categories whose searches found them, and
    leave the inbox. A paper kept without an arXiv ID under the same title is re-filed, not doubled.
    """
    from ...ops.inbox import accept_papers
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    report = with_fetcher(quiet, False, lambda f: accept_papers(cat, ids, categories=category or [], fetcher=f))
    raise_if_nothing_done(report, report.done or report.failures)
    say_done(quiet, report.done, {
        "added": "accepted {key}: {title} ({year}){filed}",
        "adopted": "accepted {key}: re-filed {previous} under it: {title}{filed}",
        "present": "{key}: already in the catalog{filed}; taken out of the inbox",
    })
    errors(report.failures)
    say(quiet, f"{len(report.done)} accepted, {len(report.failures)} failed · {where(cat)}")
    stopped(report, "not accepted")
    if report.failures:
        raise typer.Exit(EXIT_DATA)


def reject(ids: IdsArg, quiet: QuietOption = False, catalog: CatalogOption = None) -> None:
    """Take candidates out of the inbox and never propose them again.

    An ID not in the inbox is remembered as rejected too, so vla watch never proposes it.
    """
    from ...ops.inbox import reject_papers
    from ...storage.catalog import Catalog

    cat = Catalog.open(catalog)
    report = reject_papers(cat, ids)
    for aid in report.rejected:
        say(quiet, f"rejected {aid} · {where(cat)}")
    for aid in report.already:
        say(quiet, f"{aid}: rejected already · {where(cat)}")
    errors(report.failures)
    if report.failures:
        raise typer.Exit(EXIT_DATA)


def issue_form(
    source: Annotated[
        str, typer.Argument(metavar="FILE", help="The issue's body, as GitHub renders the form ('-' for stdin).")
    ],
    output_format: Annotated[
        FormFormat, typer.Option("--format", "-f", metavar="FORMAT",
                                 help="env (NAME=value lines, for $GITHUB_OUTPUT) or json.")
    ] = FormFormat.env,
    catalog: CatalogOption = None,
) -> None:
    """Check an add-paper issue form; print its arXiv ID, categories and links.

    Reads the body of an issue made with .github/ISSUE_TEMPLATE/add-paper.yml (vla init --github) and
    prints arxiv=, categories=, website= and code= lines for $GITHUB_OUTPUT, or JSON. Anything but a
    valid arXiv ID, categories of the taxonomy and single http(s) links is an error.
    """
    from ...ops.github import read_issue_form
    from ...storage.catalog import Catalog
    from ...storage.store import read_text

    body = sys.stdin.read() if source == "-" else read_text(Path(source))
    form = read_issue_form(body, Catalog.open(catalog).taxonomy)
    if output_format is FormFormat.json:
        print(json.dumps(form.to_dict(), ensure_ascii=False, indent=2))
    else:
        for name, value in form.to_dict().items():
            print(f"{name}={' '.join(value) if isinstance(value, list) else value or ''}")
