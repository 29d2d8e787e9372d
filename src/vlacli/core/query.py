"""The query language of ``vla list`` and the exports: filters by category, year, venue and text,
and the sort orders. Pure: papers and a taxonomy in, papers out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from ..errors import InputError
from .paper import Paper
from .taxonomy import Taxonomy
from .years import YEAR_MIN, is_year, next_year, year_bounds


class Query(NamedTuple):
    """What `vla list` and the exports select. A value: change one with ``q._replace(sort="title")``
    (a named tuple, not a dataclass, because `vla list` builds this class at start-up)."""

    category: str | None = None
    year: str | None = None
    venue: str | None = None
    search: str | None = None
    sort: str = "year"
    reverse: bool = False
    abstracts: bool = True  # False: the papers may come without their abstracts (faster, less memory)

    @classmethod
    def of(cls, filters: dict[str, str], **kwargs: Any) -> Query:
        """A query from filters by name (category, year, venue, search), as a README marker records them."""
        return cls(category=filters.get("category"), year=filters.get("year"), venue=filters.get("venue"),
                   search=filters.get("search"), **kwargs)


# Each sort's key, and what a paper lacks to be sorted by it: papers without a year (a venue, a
# date) come last, in either direction, as in every export.
SORTS: dict[str, Callable[[Paper], Any]] = {
    "year": lambda p: (p.year or 0, p.key),
    "title": lambda p: (p.title.casefold(), p.key),
    "venue": lambda p: ((p.venue or "").casefold(), p.year or 0, p.key),
    "key": lambda p: p.key,
    "updated": lambda p: (p.updated or p.published or "", p.key),
    "citations": lambda p: (-(p.citations or 0), p.key),  # most cited first (counts: `vla venues`)
}
LACKS: dict[str, Callable[[Paper], bool]] = {
    "year": lambda p: p.year is None,
    "venue": lambda p: not p.venue,
    "updated": lambda p: not (p.updated or p.published),
    "citations": lambda p: p.citations is None,
}


def _never(p: Paper) -> bool:
    return False


def check_sort(sort: str) -> str:
    """``sort`` if it is one of :data:`SORTS`, else an InputError naming them."""
    if sort not in SORTS:
        raise InputError(f"unknown sort {sort!r}", "one of: " + ", ".join(SORTS))
    return sort


def ordered(papers: Iterable[Paper], sort: str, reverse: bool = False) -> list[Paper]:
    """The papers in ``sort``'s order (reversed if asked), those lacking its field last, by key."""
    check_sort(sort)
    lacks: Callable[[Paper], bool] = LACKS.get(sort, _never)
    papers = list(papers)
    having = sorted((p for p in papers if not lacks(p)), key=SORTS[sort], reverse=reverse)
    return having + sorted((p for p in papers if lacks(p)), key=lambda p: p.key)


def select(papers: Iterable[Paper], q: Query, taxonomy: Taxonomy) -> list[Paper]:
    """The papers a query's filters keep, in its order: what `vla list` shows."""
    if q.category is not None:
        wanted = set(taxonomy.subtree(taxonomy.resolve(q.category).slug))
        papers = [p for p in papers if wanted.intersection(p.categories)]
    if q.year:
        lo, hi = parse_year_range(q.year)
        papers = [p for p in papers if p.year is not None and lo <= p.year <= hi]
    if q.venue:
        v = q.venue.casefold()
        papers = [p for p in papers if p.venue and (p.venue.casefold() == v or v in p.venue.casefold().split())]
    if q.search:
        papers = [p for p in papers if p.matches(q.search)]
    return ordered(papers, q.sort, q.reverse)


def parse_year_range(text: str) -> tuple[int, int]:
    """``2024`` or ``2023-2025`` or ``2023-`` or ``-2024``."""
    t = text.strip()
    try:
        if "-" in t.strip("-") or t.startswith("-") or t.endswith("-"):
            lo_s, _, hi_s = t.partition("-")
            lo, hi = (int(lo_s) if lo_s else YEAR_MIN, int(hi_s) if hi_s else next_year())
            given = [int(s) for s in (lo_s, hi_s) if s]
        else:
            lo = hi = int(t)
            given = [lo]
    except ValueError:
        raise InputError(f"year {text!r} is not a year or a range like 2023-2025") from None
    if not all(is_year(y) for y in given):
        raise InputError(f"year {text!r} is not a year or a range like 2023-2025",
                         f"a year is a number from {year_bounds()}")
    if lo > hi:
        raise InputError(f"year range {text!r} ends before it starts")
    return lo, hi
