"""Terminal rendering with rich. Imported only by the commands that draw something."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.tree import Tree

from ..names import display

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Paper

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


def papers_table(papers: list[Paper], catalog: Catalog) -> None:
    table = Table(show_lines=False, header_style="bold", expand=False, pad_edge=False)
    table.add_column("Year", justify="right", no_wrap=True)
    table.add_column("Venue", no_wrap=True, max_width=14, overflow="ellipsis")
    table.add_column("Title", ratio=1, min_width=20)
    table.add_column("Categories", max_width=34)
    table.add_column("ID", no_wrap=True, style="cyan")
    for p in papers:
        table.add_row(
            "" if p.year is None else str(p.year),
            escape(p.venue or ""),
            escape(p.title),
            escape(", ".join(p.categories)),
            escape(p.key),
        )
    console.print(table)
    noun = "paper" if len(papers) == 1 else "papers"
    console.print(f"{len(papers)} {noun}", style="dim")


def paper_detail(p: Paper, catalog: Catalog) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    tax = catalog.taxonomy

    def row(label: str, value: object) -> None:
        if value is None or value == [] or value == {}:
            return
        grid.add_row(label, escape(str(value)))

    row("Key", p.key)
    row("Title", p.title)
    row("Authors", ", ".join(display(a) for a in p.authors) if p.authors else None)
    row("Year", p.year)
    row("Venue", p.venue)
    cats = [f"{tax[c].name} ({c})" if c in tax else f"{c} (not in the taxonomy)" for c in p.categories]
    row("Categories", "; ".join(cats) if cats else None)
    row("arXiv", f"{p.arxiv}" + (f"v{p.version}" if p.version else "") if p.arxiv else None)
    row("Paper", p.link)
    row("Website", p.website)
    row("Code", p.code)
    if p.url and p.url != p.link:
        row("URL", p.url)
    row("DOI", f"https://doi.org/{p.doi}" if p.doi else None)
    row("Journal ref", p.journal_ref)
    row("Primary class", p.primary_category)
    row("arXiv classes", ", ".join(p.arxiv_categories) if p.arxiv_categories else None)
    row("Published", p.published)
    row("Updated", p.updated)
    row("Comment", p.comment)
    row("Citation key", p.citekey)
    row("Pinned", ", ".join(p.pinned) if p.pinned else None)
    for k in sorted(p.extra):
        row(k, p.extra[k])
    row("Abstract", p.abstract)
    console.print(grid)


def category_tree(catalog: Catalog) -> None:
    tax = catalog.taxonomy
    counts = catalog.counts()
    root = Tree(escape(tax.title or str(catalog.root)), guide_style="dim")
    nodes: dict[str | None, Tree] = {None: root}
    for c in tax:
        label = f"{escape(c.name)} [dim]{c.slug}[/dim] [bold]{counts.get(c.slug, 0)}[/bold]"
        nodes[c.slug] = nodes[c.parent].add(label)
    console.print(root)
    console.print(f"{len(catalog)} papers in {len(tax)} categories", style="dim")
