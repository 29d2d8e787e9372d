"""Add papers to a catalog by arXiv ID, fetching their metadata (``vla add``).

    from vlacli import Catalog
    from vlacli.ops.add import add_papers
    report = add_papers(Catalog.open("catalog"), ["2506.01844", "astro-ph/0601001"],
                        categories=["quantization"])

IDs are checked before any request; papers already in the catalog are not fetched again but
get the new categories; the rest are fetched in batches and each batch is saved before the
next request, so a failure mid-way keeps what was saved and names what was not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..core.identifiers import parse_arxiv_id
from ..core.matching import PREPRINT_YEARS, Matcher
from ..core.paper import Paper, is_web_url
from ..errors import FieldValueError, InputError, InvalidIdentifier, PaperExists, ReadOnlyCatalog
from ..sources.arxiv.atom import ArxivEntry
from ..sources.arxiv.convert import paper_from_entry
from ..sources.arxiv.fetch import Fetcher, NetworkRun, failure_lines, fetching
from ..storage.catalog import Catalog


@dataclass
class Added:
    """One paper the run touched. ``action`` is "added", "merged" (new categories or fields
    on a paper already there), "present" (already there, nothing new) or "adopted" (a paper
    filed without an arXiv ID, now re-filed under it)."""

    action: str
    paper: Paper
    new_categories: list[str] = field(default_factory=list)
    previous_key: str | None = None


@dataclass
class AddReport(NetworkRun):
    """``left``: the IDs an error left unadded."""

    done: list[Added] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # "abc: not an arXiv identifier"

    def count(self, action: str) -> int:
        return sum(1 for d in self.done if d.action == action)


def read_id_lines(stream: TextIO) -> list[str]:
    """IDs or URLs, one a line; blank lines and ``#`` comments are skipped."""
    out = []
    for line in stream:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        for sep in (" #", "\t#"):
            text = text.split(sep, 1)[0]
        out.append(text.strip())
    return out


def add_papers(
    cat: Catalog,
    refs: Iterable[str],
    *,
    categories: Sequence[str] = (),
    venue: str | None = None,
    year: int | None = None,
    website: str | None = None,
    code: str | None = None,
    fetcher: Fetcher | None = None,
) -> AddReport:
    """Add every ID in ``refs``; bad IDs become lines in ``report.failures``, never exceptions.

    Raises (before any request) on a read-only catalog, an unknown category or a bad URL.
    A network failure is kept in ``report.error`` with the IDs it left unadded (``report.left``).
    """
    if cat.read_only:
        raise ReadOnlyCatalog(cat.root)
    for name, value in (("website", website), ("code", code)):
        if value and not is_web_url(value):
            raise FieldValueError(name, f"{value!r} is not an http(s) URL")
    if venue is not None and not venue.strip():
        raise FieldValueError("venue", "cannot be empty")
    slugs = cat.resolve_categories(categories)
    report = AddReport()
    wanted: list[str] = []
    for ref in refs:
        try:
            aid = parse_arxiv_id(ref).id
        except InvalidIdentifier as e:
            report.failures.append(str(e))
            continue
        if aid not in wanted:
            wanted.append(aid)
    if not wanted and not report.failures:
        raise InputError("no arXiv IDs given", "pass IDs, or --from FILE ('-' for stdin)")

    options = {"website": website, "code": code, "venue": venue, "year": year}
    to_fetch = []
    for aid in wanted:
        existing = cat.find(aid)
        if existing is None:
            to_fetch.append(aid)
        else:
            report.done.append(_merge(cat, existing.key, slugs, options))

    settled: set[str] = set()
    with fetching(fetcher, report, lambda: [aid for aid in to_fetch if aid not in settled]) as f:
        for part in f.batches(to_fetch):
            for aid, entry in part.entries.items():
                report.done.append(_file(cat, aid, entry, slugs, options))
                settled.add(aid)
            report.failures.extend(failure_lines(part))
            settled.update(part.settled)
    return report


def _merge(cat: Catalog, key: str, slugs: list[str], options: dict[str, Any]) -> Added:
    with cat.edit(key) as p:
        new = [s for s in slugs if s not in p.categories]
        p.categories.extend(new)
        changed = bool(new)
        for name, value in options.items():
            if value is not None and getattr(p, name) != value:
                p.set_by_hand(name, value)  # pinned: a person's value, as for a new paper (paper_from_entry)
                changed = True
    return Added("merged" if changed else "present", p, new)


def _file(cat: Catalog, aid: str, entry: ArxivEntry, slugs: list[str], options: dict[str, Any]) -> Added:
    # A paper filed earlier without an arXiv ID, under the same title, is the same paper.
    twin = _same_work_without_id(cat, entry)
    if twin is not None:
        from .resolve import adopt

        adopt(cat, twin.key, entry, aid)
        merged = _merge(cat, aid, slugs, options)
        return Added("adopted", merged.paper, merged.new_categories, previous_key=twin.key)
    paper = paper_from_entry(
        entry, aid, categories=slugs,
        venue=options["venue"], year=options["year"], website=options["website"], code=options["code"],
    )
    try:
        cat.add(paper)
    except PaperExists:  # filed meanwhile by another vla process
        return _merge(cat, aid, slugs, options)
    return Added("added", paper, list(slugs))


def _same_work_without_id(cat: Catalog, entry: ArxivEntry) -> Paper | None:
    """A paper filed without an arXiv ID that is this entry's work (:mod:`vlacli.core.matching`: its
    title or an earlier one, with a first author and a year that agree — the year of v1 may come up to
    three years before the venue's)."""
    return Matcher(p for p in cat.papers() if not p.arxiv).titled(entry, years=PREPRINT_YEARS)
