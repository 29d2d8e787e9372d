"""Markdown: the survey README's paper sections, from the catalog.

One heading per taxonomy node, in the taxonomy's order: a node at depth ``d`` with children gets
``###`` + ``d`` more ``#`` (pillars ``###``, groups ``####``); a leaf always gets the deepest level,
``#`` × (3 + the taxonomy's greatest depth), so every table sits under a heading of the same level
(``#####`` in the survey, even for a leaf directly under a pillar). Markdown has six levels: a
deeper node takes the sixth (``vla lint`` warns of such a taxonomy, ``deep-taxonomy``). Under a
heading: the node's figure (``![<file stem>](<figure>)``) and caption when the taxonomy has one,
then the table

    | Year | Venue | Paper | Website | Code |

(``--columns citations,stars`` adds a Citations column and a Stars column of shields.io badges
built from the code link) with one row per paper filed under that node (a paper appears under every category it has),
sorted by year, then arXiv ID (papers without one after, by key). A website or code cell holds
the paper's links for it as they were written (``[💻 Pret](…) / [💻 FT](…)``, see
:meth:`Paper.cell_links`), or ``[🌐](…)`` / ``[💻](…)`` for its one link. A node with no papers keeps
its heading. Text is escaped so that no title or venue can break the table or inject HTML, and
URLs are percent-encoded where they could end the link. The same catalog gives the same bytes.

:mod:`vlacli.readme.sections` puts the result between ``<!-- vla:begin -->`` and
``<!-- vla:end -->`` in an existing README, leaving every other byte as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from ...core.identifiers import arxiv_order
from ...core.paper import web_url

# The escaping, re-exported: written in .mdtext, which the row styles' filters share.
from .mdtext import escape_cell as escape_cell
from .mdtext import escape_text as escape_text
from .mdtext import escape_url as escape_url
from .mdtext import unescape_text as unescape_text

if TYPE_CHECKING:
    from ...core.paper import Paper
    from ...core.taxonomy import Taxonomy
    from ...storage.catalog import Catalog
    from .rowstyles import Style

HEADER = "| Year | Venue | Paper | Website | Code |\n|------|-------|-------|---------|------|\n"
MAX_LEVEL = 6  # Markdown's deepest heading: GitHub shows "#######" as text
TOP_LEVEL = 3  # pillars' headings: the survey README's own levels

def heading_level(taxonomy: Taxonomy, slug: str, deepest: int | None = None) -> int:
    """The number of ``#`` of a category's heading (see the module's docstring); ``deepest`` is
    ``taxonomy.max_depth()``, for a caller that asks for every category."""
    leaf = taxonomy.is_leaf(slug)
    depth = (taxonomy.max_depth() if deepest is None else deepest) if leaf else taxonomy.depth(slug)
    return min(MAX_LEVEL, TOP_LEVEL + depth)


def sort_key(p: Paper) -> tuple[Any, ...]:
    """Year (papers without one last), then arXiv ID, then key for papers without an arXiv ID."""
    return (p.year is None, p.year or 0, p.arxiv is None, arxiv_order(p.arxiv) if p.arxiv else (0, ""), p.key)


def _citations(p: Paper) -> str:
    return str(p.citations) if p.citations is not None else "-"


def _stars(p: Paper) -> str:
    """A shields.io badge of the code repository's GitHub stars, linking to it (no API call)."""
    from ...core.links import stars_badge

    badge = stars_badge(web_url(p.code))
    return f"[![stars]({escape_url(badge)})]({escape_url(p.code or '')})" if badge else "-"


# Optional columns after Code (`--columns citations,stars`): name -> (header, cell). Off by default,
# so the survey's tables stay as they are.
COLUMNS: dict[str, tuple[str, Callable[[Paper], str]]] = {
    "citations": ("Citations", _citations),
    "stars": ("Stars", _stars),
}


def parse_columns(text: str | None) -> tuple[str, ...]:
    """``citations,stars`` -> the optional columns, in the table's order; InputError for others."""
    if text is None:
        return ()
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        from ...errors import InputError

        raise InputError(f"unknown column {unknown[0]!r}", "one of: " + ", ".join(COLUMNS))
    return tuple(n for n in COLUMNS if n in names)


def column_cells(columns: tuple[str, ...]) -> tuple[tuple[str, str, Callable[[Paper], str]], ...]:
    """The optional columns as a style's template sees them: (name, header, cell) each."""
    return tuple((c, COLUMNS[c][0], COLUMNS[c][1]) for c in columns)


def header(columns: tuple[str, ...] = ()) -> str:
    """The table style's header (:data:`HEADER`, with the optional columns)."""
    from .rowstyles import builtin_style

    return builtin_style("table").header(column_cells(columns))


def row(p: Paper, columns: tuple[str, ...] = ()) -> str:
    """The table style's row of a paper."""
    from .rowstyles import builtin_style

    return builtin_style("table").row(p, None, column_cells(columns))


def render(taxonomy: Taxonomy, papers: Iterable[Paper], root: str | None = None, columns: tuple[str, ...] = (),
           style: Style | None = None) -> str:
    """The sections of ``root``'s subtree (the whole taxonomy when None), with ``papers`` filed in them."""
    return "".join(render_pieces(taxonomy, papers, root, columns, style))


def render_pieces(taxonomy: Taxonomy, papers: Iterable[Paper], root: str | None = None,
                  columns: tuple[str, ...] = (), style: Style | None = None) -> Iterator[str]:
    """:func:`render`'s text, a heading or a row at a time: a 100k catalog is never one string. Each
    category's rows in ``style`` (:mod:`.rowstyles`; the table by default)."""
    from .rowstyles import builtin_style, rows

    style = style or builtin_style("table")
    cells = column_cells(columns)
    by_category: dict[str, list[Paper]] = {}
    for p in papers:
        for slug in dict.fromkeys(p.categories):
            by_category.setdefault(slug, []).append(p)
    deepest = taxonomy.max_depth()
    written: dict[str, str] = {}
    slugs = taxonomy.subtree(root) if root else [c.slug for c in taxonomy]
    for slug in slugs:
        cat = taxonomy[slug]
        yield f"{'#' * heading_level(taxonomy, slug, deepest)} {escape_text(cat.name)}\n"
        if cat.figure:
            yield f"![{PurePosixPath(cat.figure).stem}]({escape_url(cat.figure)})\n"
        if cat.caption:
            yield " ".join(cat.caption.split()) + "\n"
        yield "\n"
        listed = sorted(by_category.pop(slug, []), key=sort_key)
        if listed:
            yield from rows(style, listed, cat, cells, written)
            yield "\n"


def export_markdown(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> Iterator[str]:
    for p in papers:
        for name, value in p.non_web_links():
            if value:  # an empty one is no link at all: nothing is left out
                catalog.warnings.append(f"{catalog.paper_path(p.key)}: {name} {value[:80]!r} is not an http(s) "
                                        "address; left out of the Markdown")
    tax = catalog.taxonomy
    category = options.get("category")
    root = tax.resolve(category).slug if category else None
    from .rowstyles import style_of

    style = options.get("style_object") or style_of({k: v for k in ("style", "template") if (v := options.get(k))})
    return render_pieces(tax, papers, root, parse_columns(options.get("columns")), style)
