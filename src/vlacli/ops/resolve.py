"""Find arXiv IDs for papers filed without one, by title search (``vla resolve``).

Each paper costs one ``ti:"…"`` request. A candidate whose normalised title equals the
paper's is an exact match; the closest other title (similarity >= CLOSE) is proposed but never
applied. Applying re-files the paper under its arXiv ID and fills in what arXiv knows, keeping
the paper's own title, year, venue, authors, categories, website and code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.matching import normalize_title
from ..core.paper import Paper
from ..errors import InputError, ReadOnlyCatalog
from ..sources.arxiv.atom import ArxivEntry
from ..sources.arxiv.convert import fill_from_entry
from ..sources.arxiv.fetch import Fetcher, NetworkRun, fetching
from ..storage.catalog import Catalog

CLOSE = 0.8


@dataclass
class TitleMatch:
    key: str
    title: str
    entry: ArxivEntry | None = None
    exact: bool = False
    score: float = 0.0
    conflict: str | None = None  # key of another paper already filed under the candidate's ID
    applied: bool = False

    @property
    def applicable(self) -> bool:
        return self.entry is not None and self.exact and self.conflict is None


@dataclass
class ResolveReport(NetworkRun):
    """``left``: the keys of the papers an error left unsearched."""

    matches: list[TitleMatch] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for m in self.matches if _kind(m) == kind)


def _kind(m: TitleMatch) -> str:
    if m.entry is None:
        return "none"
    return "exact" if m.exact else "close"


def best_match(title: str, entries: Iterable[ArxivEntry]) -> tuple[ArxivEntry | None, bool, float]:
    """The entry whose title equals ``title`` once normalised, else the most similar one."""
    norm = normalize_title(title)
    best: tuple[ArxivEntry | None, bool, float] = (None, False, 0.0)
    for e in entries:
        other = normalize_title(e.title)
        if other == norm:
            return e, True, 1.0
        score = difflib.SequenceMatcher(None, norm, other).ratio()
        if score >= CLOSE and score > best[2]:
            best = (e, False, score)
    return best


def papers_without_id(cat: Catalog, refs: Iterable[str]) -> list[Paper]:
    refs = list(refs)
    if not refs:
        return [p for p in cat.papers() if not p.arxiv]
    chosen = [cat.get(r) for r in refs]
    with_id = [p.key for p in chosen if p.arxiv]
    if with_id:
        raise InputError(f"{', '.join(with_id)} already {'has' if len(with_id) == 1 else 'have'} an arXiv ID")
    return chosen


def resolve_papers(
    cat: Catalog,
    refs: Iterable[str] = (),
    *,
    apply: bool = False,
    fetcher: Fetcher | None = None,
) -> ResolveReport:
    if apply and cat.read_only:
        raise ReadOnlyCatalog(cat.root)
    papers = papers_without_id(cat, refs)
    report = ResolveReport()
    with fetching(fetcher, report, lambda: [p.key for p in papers[len(report.matches):]]) as f:
        if f.progress is not None and papers:
            f.progress(0, len(papers))
        for i, paper in enumerate(papers):
            entries = f.search_title(paper.title)
            entry, exact, score = best_match(paper.title, entries)
            m = TitleMatch(paper.key, paper.title, entry, exact, score)
            if entry is not None:
                other = cat.find(entry.id)
                if other is not None and other.key != paper.key:
                    m.conflict = other.key
            if apply and m.applicable and entry is not None:
                adopt(cat, paper.key, entry)
                m.applied = True
            report.matches.append(m)
            if f.progress is not None:
                f.progress(i + 1, len(papers))
    return report


def adopt(cat: Catalog, key: str, entry: ArxivEntry, new_key: str | None = None) -> Paper:
    """Re-file the paper ``key`` under its arXiv ID (``new_key``, default ``entry.id``) and fill in
    arXiv's fields, as one change (a crash never leaves it re-filed without them)."""
    return cat.rekey(key, new_key or entry.id, lambda p: fill_from_entry(p, entry))
