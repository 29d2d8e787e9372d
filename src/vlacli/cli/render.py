"""What `vla list`, `vla show` and `vla categories` print. Imported only by the commands that draw.

On a terminal: rich tables sized to the terminal's width — at 80 columns a title takes at most two
lines (shortened with "…"; `vla show` has the rest) with the paper's categories under it; once the
title keeps WIDE_TITLE columns beside the longest slug (128 columns for the survey), the categories get
a column of their own; categories and URLs are never cut. Piped:
tab-separated lines, no padding, no colour. Either way no line ends in spaces, and the output is
written with ``sys.stdout.write`` so that a reader that goes away (``| head``) ends the command
like any other closed pipe (see ``cli/app.py``).
"""

from __future__ import annotations

import re
import sys
import textwrap
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..core.names import display
from ..text import plural

if TYPE_CHECKING:
    from ..core.paper import Paper
    from ..storage.catalog import Catalog

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)

TITLE_LINES = 2  # a title in the table takes at most this many lines
WIDE_TITLE = 50  # the categories get their own column when the title keeps at least this width
MAX_VENUE = 12
GAP = 2  # spaces between columns

_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def emit(renderable: RenderableType, con: Console | None = None) -> None:
    """Render as the console would, with no trailing spaces, and write it to the console's file."""
    con = con or console
    with con.capture() as captured:
        con.print(renderable)
    write(con, _TRAILING.sub(r"\1", captured.get()))


def write(con: Console, text: str) -> None:
    """Write and flush, so that a closed pipe (``| head``) is a BrokenPipeError inside the command,
    which the CLI's edge turns into a quiet exit 0, and not an error at the interpreter's exit."""
    con.file.write(text)
    con.file.flush()


def emit_lines(lines: list[Text], con: Console | None = None) -> None:
    """Lines as they are (never wrapped: a terminal wraps them, a pipe gets them whole), styled only
    on a terminal, with no trailing spaces."""
    con = con or console
    with con.capture() as captured:
        for line in lines:
            con.print(line, soft_wrap=True)
    write(con, _TRAILING.sub(r"\1", captured.get()))


def footer(text: str, con: Console | None = None) -> None:
    """A closing line in dim: on the console's output when it is a terminal, else on stderr when
    that is one (so pipes and files get only the data)."""
    con = con or console
    if con.is_terminal:
        emit_lines([Text(text, style="dim")], con)
    elif sys.stderr.isatty():
        sys.stderr.write(text + "\n")


def shorten(text: str, width: int, lines: int) -> str:
    """``text`` wrapped to ``width``, at most ``lines`` lines, the last ending in "…" if it was cut."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    kept[-1] = textwrap.shorten(" ".join(wrapped[lines - 1:]), width, placeholder=" …")
    if kept[-1] == "…" or len(kept[-1]) > width:  # a single word longer than the width
        kept[-1] = wrapped[lines - 1][: width - 1] + "…"
    return "\n".join(kept)


# -- vla list --------------------------------------------------------------------------------------------
def papers_table(papers: list[Paper], where: str, con: Console | None = None, none: str = "no papers match") -> None:
    """The papers as a table as wide as the console, ending with how many and which catalog; ``none``
    says why there are none."""
    con = con or console
    if not papers:
        emit_lines([Text(f"{none} · {where}")], con)
        return
    venue_w = max(5, min(MAX_VENUE, max(len(p.venue or "") for p in papers)))
    id_w = max(2, max(len(p.key) for p in papers))
    fixed = 4 + venue_w + id_w + 3 * GAP  # year, venue and ID, with the gaps around the title
    slug_w = max((len(s) for p in papers for s in p.categories), default=0) + 1  # the comma
    joined_w = max((len(", ".join(p.categories)) for p in papers), default=0)
    avail = con.width - fixed - GAP  # for the title and the categories
    wide = avail - slug_w >= WIDE_TITLE
    if wide:  # the title first gets what it needs, the categories the rest (at least their longest slug)
        title_w = min(max(len(p.title) for p in papers), avail - slug_w)
        cats_w = max(slug_w, min(joined_w, avail - title_w))
        title_w = min(title_w, avail - cats_w)
    else:
        cats_w, title_w = 0, max(10, con.width - fixed)

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, GAP // 2),
                  header_style="bold", collapse_padding=True)
    table.add_column("Year", justify="right", width=4, no_wrap=True)
    table.add_column("Venue", width=venue_w, no_wrap=True, overflow="ellipsis")
    table.add_column("Title", width=title_w)
    if wide:
        table.add_column("Categories", width=cats_w, style="magenta")
    table.add_column("ID", width=id_w, no_wrap=True, style="cyan")
    for p in papers:
        title = Text(shorten(p.title, title_w, TITLE_LINES))
        cats = ", ".join(p.categories)
        cells: list[RenderableType] = ["" if p.year is None else str(p.year), escape(p.venue or "")]
        if wide:
            cells += [title, Text(cats)]
        else:
            if cats:
                title.append("\n" + "\n".join(textwrap.wrap(cats, title_w, break_on_hyphens=False)),
                             style="magenta")
            cells.append(title)
        cells.append(Text(p.key))
        table.add_row(*cells)
    emit(table, con)
    emit_lines([Text(f"{plural(len(papers), 'paper')} · {where}", style="dim")], con)


def tsv_cell(value: object) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


# -- vla show --------------------------------------------------------------------------------------------
LINK_LABELS = ("Paper", "Website", "Code", "URL", "DOI")
LABEL_WIDTH = len("Primary class")


def detail_rows(p: Paper, catalog: Catalog) -> list[tuple[str, str]]:
    """Every field of a paper as (label, value) rows, in reading order; a field with several values
    (links, affiliations) is one row per value."""
    tax = catalog.taxonomy
    rows: list[tuple[str, str]] = []

    def row(label: str, value: object) -> None:
        if value is not None and value != [] and value != {} and value != "":
            rows.append((label, str(value)))

    row("Key", p.key)
    row("Title", p.title)
    for alias in p.aliases:
        row("Also titled", alias)
    row("Authors", ", ".join(display(a) for a in p.authors) if p.authors else None)
    for author, places in p.affiliations.items():
        row("Affiliations", f"{author}: {'; '.join(places)}")
    row("Year", p.year)
    row("Venue", p.venue)
    cats = [f"{tax[c].name} ({c})" if c in tax else f"{c} (not in the taxonomy)" for c in p.categories]
    row("Categories", "; ".join(cats) if cats else None)
    row("arXiv", f"{p.arxiv}" + (f"v{p.version}" if p.version else "") if p.arxiv else None)
    row("Paper", p.link)
    for label, url in p.cell_links("website"):
        row("Website", url if label in ("🌐", "") else f"{url} ({label})")
    for label, url in p.cell_links("code"):
        row("Code", url if label in ("💻", "") else f"{url} ({label})")
    if p.url and p.url != p.link:
        row("URL", p.url)
    row("DOI", f"https://doi.org/{p.doi}" if p.doi else None)
    row("Volume", p.volume)
    row("Pages", p.pages)
    row("Citations", None if p.citations is None else f"{p.citations}" + (f" (on {p.citations_date})"
                                                                          if p.citations_date else ""))
    row("Journal ref", p.journal_ref)
    row("Primary class", p.primary_category)
    row("arXiv classes", ", ".join(p.arxiv_categories) if p.arxiv_categories else None)
    row("Published", p.published)
    row("Updated", p.updated)
    row("Comment", p.comment)
    row("Citation key", p.citekey)
    row("Other keys", ", ".join(p.entry_keys()) or None)  # its other entries (another key of one work)
    row("Pinned", ", ".join(p.pinned) if p.pinned else None)
    for k in sorted(p.extra):
        row(k, p.extra[k])
    row("Abstract", p.abstract)
    return rows


def paper_detail(p: Paper, catalog: Catalog, con: Console | None = None) -> None:
    """On a terminal: labels, and values wrapped beside them — a link on one line of its own, never
    cut (the terminal wraps it if it must, so it still copies whole). Piped: ``label<TAB>value``."""
    con = con or console
    rows = detail_rows(p, catalog)
    if not con.is_terminal:
        write(con, "".join(f"{label}\t{tsv_cell(value)}\n" for label, value in rows))
        return
    label_w = max(LABEL_WIDTH, *(len(label) for label, _ in rows))  # one alignment for every paper
    value_w = max(20, con.width - label_w - GAP)
    lines: list[str] = []
    for label, value in rows:
        head = f"[bold]{escape(label.ljust(label_w))}[/bold]" + " " * GAP
        if label in LINK_LABELS or label in ("Website", "Code"):
            lines.append(head + f"[link={escape(value.split(' ')[0])}]{escape(value)}[/link]")
            continue
        wrapped = textwrap.wrap(value, value_w, break_on_hyphens=False) or [""]
        lines.append(head + escape(wrapped[0]))
        lines.extend(" " * (label_w + GAP) + escape(w) for w in wrapped[1:])
    with con.capture() as captured:
        for line in lines:
            con.print(line, soft_wrap=True)
    write(con, _TRAILING.sub(r"\1", captured.get()))


# -- vla categories --------------------------------------------------------------------------------------
def category_tree(catalog: Catalog, where: str, con: Console | None = None) -> None:
    """The taxonomy as a tree, each category with its slug and number of papers. Piped: one line a
    category, ``slug<TAB>name<TAB>parent<TAB>papers``."""
    con = con or console
    tax = catalog.taxonomy
    counts = catalog.counts()
    if not con.is_terminal:
        write(con, "".join(f"{c.slug}\t{tsv_cell(c.name)}\t{c.parent or ''}\t{counts.get(c.slug, 0)}\n"
                           for c in tax))
    else:
        root = Tree(escape(tax.title or "Categories"), guide_style="dim")
        nodes: dict[str | None, Tree] = {None: root}
        for c in tax:
            label = f"{escape(c.name)}  [dim]{c.slug}[/dim]  [bold]{counts.get(c.slug, 0)}[/bold]"
            nodes[c.slug] = nodes[c.parent].add(label)
        if not len(tax):
            emit_lines([Text("no categories yet: add one with 'vla category add SLUG'")], con)
        else:
            emit(root, con)
    footer(f"{plural(len(catalog), 'paper')} in {plural(len(tax), 'category', 'categories')} · {where}", con)
