"""arXiv entries -> catalog records, and what a refresh changes. Pure: no I/O.

arXiv owns the bibliographic fields it serves (version, authors, abstract, dates, categories,
journal ref, comment, affiliations, and the title, year and DOI unless the user pinned them or
set them by hand). The user owns categories, website, code, venue, citekey and anything pinned:
a refresh never touches those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Paper
from .atom import ArxivEntry

DEFAULT_VENUE = "arXiv"

# Fields copied from arXiv on every refresh (title, year and doi are handled apart).
ARXIV_FIELDS = ("version", "authors", "abstract", "published", "updated", "primary_category",
                "arxiv_categories", "journal_ref", "comment", "affiliations")


def paper_from_entry(
    entry: ArxivEntry,
    key: str | None = None,
    *,
    categories: Sequence[str] = (),
    venue: str | None = None,
    year: int | None = None,
    website: str | None = None,
    code: str | None = None,
) -> Paper:
    """A new record for an arXiv entry. ``key`` defaults to the bare ID. A venue or year
    given here is the user's, so it is pinned against refresh."""
    key = key or entry.id
    pinned = [name for name, value in (("venue", venue), ("year", year)) if value is not None]
    return Paper(
        key=key,
        arxiv=key,
        version=entry.version,
        title=entry.title,
        authors=list(entry.authors),
        year=year if year is not None else entry.year,
        venue=venue if venue is not None else DEFAULT_VENUE,
        categories=list(dict.fromkeys(categories)),
        website=website,
        code=code,
        doi=entry.doi,
        journal_ref=entry.journal_ref,
        primary_category=entry.primary_category,
        arxiv_categories=list(entry.categories),
        published=entry.published,
        updated=entry.updated,
        comment=entry.comment,
        affiliations={k: list(v) for k, v in entry.affiliations.items()},
        pinned=pinned,
        abstract=entry.abstract,
    )


def _entry_value(entry: ArxivEntry, name: str) -> Any:
    if name == "arxiv_categories":
        return list(entry.categories)
    if name == "affiliations":
        return {k: list(v) for k, v in entry.affiliations.items()}
    value = getattr(entry, name)
    return list(value) if isinstance(value, list) else value


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict) and not value)


@dataclass
class Change:
    field: str
    old: Any
    new: Any


def refresh_changes(paper: Paper, entry: ArxivEntry) -> list[Change]:
    """What refreshing ``paper`` from ``entry`` would change, field by field."""
    changes: list[Change] = []

    def consider(name: str, new: Any) -> None:
        old = getattr(paper, name)
        if _empty(old) and _empty(new):
            return
        if old != new:
            changes.append(Change(name, old, new))

    for name in ARXIV_FIELDS:
        consider(name, _entry_value(entry, name))
    if "title" not in paper.pinned and entry.title != "":
        consider("title", entry.title)
    if "year" not in paper.pinned and entry.year is not None:
        consider("year", entry.year)
    if "venue" not in paper.pinned and paper.venue is None:
        consider("venue", DEFAULT_VENUE)
    if "doi" not in paper.pinned and entry.doi is not None:
        consider("doi", entry.doi)  # a DOI arXiv no longer shows is kept
    order = {name: i for i, name in enumerate(("version", "title", "authors", "year", "venue", "doi",
                                                "journal_ref"))}
    changes.sort(key=lambda c: order.get(c.field, len(order)))
    return changes


def apply_changes(paper: Paper, changes: Sequence[Change]) -> None:
    for c in changes:
        setattr(paper, c.field, c.new)


def venue_notes(paper: Paper, changes: Sequence[Change]) -> list[str]:
    """Hints when a preprint gained a journal ref or DOI: it may now have a venue to set."""
    if not paper.is_preprint or "venue" in paper.pinned:
        return []
    notes = []
    for c in changes:
        if c.field in ("journal_ref", "doi") and c.new and not c.old:
            label = "journal ref" if c.field == "journal_ref" else "DOI"
            notes.append(f"{label} {c.new!r} now names a venue (set it with: vla set {paper.key} --venue ...)")
    return notes


def fill_from_entry(paper: Paper, entry: ArxivEntry) -> list[Change]:
    """For a paper first filed without an arXiv ID: take arXiv's fields, but keep every value
    the paper already has for title, year, venue, authors, abstract and DOI."""
    changes = [Change("arxiv", paper.arxiv, paper.key)] if paper.arxiv != paper.key else []
    for name in (*ARXIV_FIELDS, "doi"):
        old, new = getattr(paper, name), _entry_value(entry, name)
        if name in ("authors", "abstract", "doi") and not _empty(old):
            continue
        if not _empty(new) and old != new:
            changes.append(Change(name, old, new))
    if paper.year is None and entry.year is not None:
        changes.append(Change("year", None, entry.year))
    apply_changes(paper, changes)
    return changes


def show_value(name: str, value: Any) -> str:
    """A short rendering of a field's value for change reports."""
    if _empty(value):
        return "(none)"
    if name == "version":
        return f"v{value}"
    if name == "abstract":
        return f"({len(value)} characters)"
    if isinstance(value, list):
        text = ", ".join(map(str, value))
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {', '.join(v)}" for k, v in value.items())
    else:
        text = str(value)
    return text if len(text) <= 100 else text[:97] + "..."
