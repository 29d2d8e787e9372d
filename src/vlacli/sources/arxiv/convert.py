"""arXiv entries -> catalog records, and what a refresh changes. Pure: no I/O.

Who may change a field is :func:`vlacli.core.fields.may_change`: a refresh overwrites what arXiv owns
(version, authors, abstract, dates, categories, journal ref, comment, affiliations); a title, year,
venue or DOI it only fills when the paper has none, and a different value of arXiv's is a note, taken
only when a person asks (``vla refresh ID --take title``). A code or project link found in arXiv's
comment or abstract (:func:`vlacli.core.links.find_links`) fills a paper's ``code`` or ``website`` only
when it has none. A field a person set or cleared is never changed (it is pinned); categories, links a
paper has and the citation key are never touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...core.fields import ARXIV, FIELDS, OWNED_BY, PERSON, TAKEABLE, awaits_venue, is_empty, may_change, same_value
from ...core.links import find_links
from ...core.paper import Paper
from ...core.venues import PREPRINT
from .atom import ArxivEntry

ARXIV_OWNED = OWNED_BY[ARXIV]  # what arXiv says of its own records: a refresh overwrites these


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
    """A new record for an arXiv entry. ``key`` defaults to the bare ID. A venue, year, website or code
    given here is a person's, so it is pinned against refresh; an empty website or code is none."""
    key = key or entry.id
    given = {"venue": venue, "year": year, "website": website, "code": code}
    pinned = [name for name, value in given.items() if value is not None and FIELDS[name].pins]
    found = find_links(entry.comment, entry.abstract)
    return Paper(
        key=key,
        arxiv=key,
        version=entry.version,
        title=entry.title,
        authors=list(entry.authors),
        year=year if year is not None else entry.year,
        venue=venue if venue is not None else PREPRINT,
        categories=list(dict.fromkeys(categories)),
        website=(website or None) if website is not None else found.website,  # '': none, pinned
        code=(code or None) if code is not None else found.code,
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


@dataclass
class Change:
    field: str
    old: Any
    new: Any


def _offered(paper: Paper, entry: ArxivEntry, name: str) -> Any:
    """arXiv's value of a people's field, when it has one worth offering (None otherwise)."""
    if name == "title":
        return entry.title or None
    if name == "year":
        # A published paper has its venue's year: arXiv's v1 year is no news for it.
        return entry.year if paper.is_preprint else None
    return entry.doi


def refresh_changes(paper: Paper, entry: ArxivEntry, take: Sequence[str] = ()) -> list[Change]:
    """What refreshing ``paper`` from ``entry`` changes, field by field: every field arXiv owns; a
    title, year or DOI only where arXiv may fill it (:func:`~vlacli.core.fields.may_change`), or when
    ``take`` names it (a person asking); "arXiv" as the venue of a paper with none. Nothing else."""
    changes: list[Change] = []

    def consider(name: str, new: Any, source: str = ARXIV) -> None:
        old = getattr(paper, name)
        if is_empty(old) and is_empty(new):
            return
        if old != new and may_change(paper, name, source):
            changes.append(Change(name, old, new))

    for name in ARXIV_OWNED:
        consider(name, _entry_value(entry, name))
    for name in TAKEABLE:
        new = _offered(paper, entry, name)
        if new is not None:  # arXiv only fills these (may_change: open fields); a person's --take takes them
            consider(name, new, PERSON if name in take else ARXIV)
    if paper.venue is None:
        consider("venue", PREPRINT)
    changes += link_changes(paper, entry)
    order = {name: i for i, name in enumerate(("version", "title", "authors", "year", "venue", "doi",
                                                "journal_ref"))}
    changes.sort(key=lambda c: order.get(c.field, len(order)))
    return changes


def refresh_notes(paper: Paper, entry: ArxivEntry, take: Sequence[str] = ()) -> list[str]:
    """arXiv's values of the people's fields that differ from the paper's and were not taken."""
    notes = []
    for name in TAKEABLE:
        new, old = _offered(paper, entry, name), getattr(paper, name)
        if (new is not None and not is_empty(old) and not same_value(name, old, new) and name not in take
                and name not in paper.pinned):
            shown = repr(show_value(name, new)) if isinstance(new, str) else show_value(name, new)
            notes.append(f"arXiv's {name} differs: {shown} (take it with: vla refresh {paper.key} --take {name})")
    return notes


def apply_changes(paper: Paper, changes: Sequence[Change]) -> None:
    for c in changes:
        if c.field == "title":
            paper.retitle(c.new)
        else:
            setattr(paper, c.field, c.new)


def venue_notes(paper: Paper, changes: Sequence[Change]) -> list[str]:
    """Hints when a preprint gained a journal ref or DOI: it may now have a venue to set."""
    if not awaits_venue(paper):
        return []
    notes = []
    for c in changes:
        if c.field in ("journal_ref", "doi") and c.new and not c.old:
            label = "journal ref" if c.field == "journal_ref" else "DOI"
            notes.append(f"{label} {c.new!r} now names a venue (set it with: vla set {paper.key} --venue ...)")
    return notes


def link_changes(paper: Paper, entry: ArxivEntry) -> list[Change]:
    """The code and project links arXiv's comment and abstract give, for a paper that has none."""
    found = find_links(entry.comment, entry.abstract)
    return [Change(name, None, new) for name, new in (("website", found.website), ("code", found.code))
            if new is not None and may_change(paper, name, ARXIV)]


def fill_from_entry(paper: Paper, entry: ArxivEntry) -> list[Change]:
    """For a paper first filed without an arXiv ID: take arXiv's fields, but keep every value
    the paper already has for title, year, venue, authors, abstract and DOI (the paper's first
    contact with arXiv fills; later refreshes update what arXiv owns)."""
    changes = [Change("arxiv", paper.arxiv, paper.key)] if paper.arxiv != paper.key else []
    for name in (*ARXIV_OWNED, "doi"):
        old, new = getattr(paper, name), _entry_value(entry, name)
        if name in ("authors", "abstract") and not is_empty(old):
            continue
        if not is_empty(new) and old != new and may_change(paper, name, ARXIV):
            changes.append(Change(name, old, new))
    if entry.year is not None and may_change(paper, "year", ARXIV):
        changes.append(Change("year", None, entry.year))
    changes += link_changes(paper, entry)
    apply_changes(paper, changes)
    return changes


def show_value(name: str, value: Any) -> str:
    """A short rendering of a field's value for change reports."""
    if is_empty(value):
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
