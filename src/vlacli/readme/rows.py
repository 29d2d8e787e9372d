"""The rows of a generated section, read back: a paper under one category's heading, known by its
arXiv ID, else its link, else its title; and how two texts of a section differ, paper by paper."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.matching import normalize_title
from ..core.paper import CELL_ROLES, DEFAULT_LABELS, Paper
from ..errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

    from ..formats.importers import Listing, Unreadable
    from ..storage.catalog import Catalog
    from .markers import Section

COMPARED = ("title", "venue", "year", "url", "website", "code")


# -- rows --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowKey:
    category: str  # the slug its heading names ("" for none)
    ident: str  # "arxiv:ID", "url:…" or "title:…"


def _ident(e: Listing) -> str:
    if e.arxiv:
        return f"arxiv:{e.arxiv}"
    if e.url:
        return f"url:{e.url}"
    return f"title:{normalize_title(e.title)}"


def rows(catalog: Catalog, text: str, category: str = "") -> dict[RowKey, Listing]:
    """The rows of a section's text, by category and paper: a row's category is the one its heading
    names, else ``category`` (a ``--rows`` section's, which has no headings)."""
    return _read_rows(catalog, text, category)[0]


def section_category(catalog: Catalog, filters: dict[str, str]) -> str:
    """The category of a ``--rows`` section's rows ("" for another section: its headings say)."""
    from ..errors import VlaError

    if "rows" not in filters or not filters.get("category"):
        return ""
    try:
        return catalog.taxonomy.resolve(filters["category"]).slug
    except VlaError:
        return ""


def _read_rows(catalog: Catalog, text: str, category: str = "") -> tuple[dict[RowKey, Listing], list[Unreadable]]:
    """:func:`rows`, and the lines that look like rows but cannot be read (line 1: the text's first)."""
    from ..formats.importers.markdown import parse_markdown

    tax = catalog.taxonomy
    out: dict[RowKey, Listing] = {}
    parsed = parse_markdown(text)
    for e in parsed.entries:
        found = next((c for h in reversed(e.headings) if (c := tax.find(h)) is not None), None)
        out.setdefault(RowKey(found.slug if found else category, _ident(e)), e)
    return out, parsed.unreadable


def readable_rows(catalog: Catalog, readme: Path, section: Section, text: str) -> dict[RowKey, Listing]:
    """:func:`rows` of a section as the README has it now; a line that looks like a row but cannot be
    read is an InputError naming it: it is no deleted row (its paper would be untagged), nor a new paper."""
    out, unreadable = _read_rows(catalog, text, section_category(catalog, section.filters))
    if unreadable:
        u = unreadable[0]
        raise InputError(f"{readme}:{section.line + u.line - 1}: {u.why}: {u.text.strip()[:100]}",
                         "fix the row or delete it, then run 'vla sync' again")
    return out


def row_values(e: Listing) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(e, name) for name in COMPARED}
    for role in CELL_ROLES:
        out[role] = e.cell_links.get(role) or ([(DEFAULT_LABELS[role], getattr(e, role))] if getattr(e, role) else [])
    return out


def difference(catalog: Catalog, papers: list[Paper], old: str, new: str, added: str,
               removed: str, category: str = "") -> tuple[str, tuple[str, ...]]:
    """How two texts of a section differ, paper by paper, in words ("changed: 2506.01844 (venue)"),
    and the keys of the papers concerned."""
    def by_paper(text: str) -> dict[str, tuple[set[str], dict[str, Any], str]]:
        out: dict[str, tuple[set[str], dict[str, Any], str]] = {}
        for key, e in rows(catalog, text, category).items():
            cats, _, _ = out.setdefault(key.ident, (set(), row_values(e), e.title))
            cats.add(key.category)
        return out

    before, after = by_paper(old), by_paper(new)
    names = {f"arxiv:{p.arxiv}" if p.arxiv else f"url:{p.url}" if p.url else f"title:{normalize_title(p.title)}":
             p.key for p in papers}
    gained = sorted(names.get(k, after[k][2]) for k in set(after) - set(before))
    lost = sorted(names.get(k, before[k][2]) for k in set(before) - set(after))
    both = set(before) & set(after)
    moved = sorted(names.get(k, k) for k in both if before[k][0] != after[k][0])
    changed = sorted(f"{names.get(k, k)} ({', '.join(f for f in COMPARED if before[k][1][f] != after[k][1][f])})"
                     for k in both if before[k][1] != after[k][1])
    parts = [f"{label}: {', '.join(items)}" for label, items in
             ((added, gained), (removed, lost), ("in other categories now", moved), ("changed", changed)) if items]
    detail = "; ".join(parts) or "the layout or the taxonomy's headings changed"
    return detail, tuple(gained + lost + moved + [c.split(" (")[0] for c in changed])
