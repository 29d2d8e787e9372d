"""New papers find the maintainer: run the categories' saved arXiv searches (``vla watch``).

A category in ``taxonomy.toml`` may carry ``watch = '…'``, a query in arXiv's own syntax. A run asks
arXiv for each search's newest submissions, page by page until ``since``, and proposes the papers the
catalog lacks: not filed (by arXiv ID, or by normalised title for a paper kept without one), not
rejected, not already waiting in the inbox. Candidates found by several searches, or whose abstract
names a matching category (its name or an alias), rank first, with the reason.

Every run remembers, for each saved search, its last run and where the next one starts, in the
catalog's ``watch.toml`` (committed and reviewed with the rest), so the next run shows only what is
new. ``vla watch`` alone shows the candidates; ``vla watch --save`` puts them in the inbox
(:mod:`vlacli.ops.inbox`). The two keep their own places: a run that only showed papers moves
``shown_since`` (and remembers what it showed, in ``shown``, so the next one does not show them
again), while a --save run starts from where the last --save run left off (``since``), so a paper
shown but not saved is saved by the next --save run, never lost::

    [search.quantization]
    query = 'abs:"vision-language-action" AND abs:quantization'
    since = 2026-11-23          # the next --save run asks for papers submitted on this day or later
    shown_since = 2026-11-30    # the next run that only shows, from this day
    shown = ['2512.01234']      # what the runs that only showed have shown, from that day on
    last_run = 2026-12-07 06:17:00+00:00

arXiv lists a paper a day or more after it was submitted (longer over a weekend or a hold), so the
next run starts :data:`OVERLAP` before the newest submission seen; what it finds again is in the
inbox, the catalog or the rejected list by then, and is not proposed twice. The network part is a
:class:`Searcher`; the rest is pure, or happens under the catalog lock, re-reading every file it changes.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..core.matching import PREPRINT_YEARS, Matcher, normalize_title
from ..errors import CatalogFormatError, FieldValueError, InputError, ReadOnlyCatalog, VlaError
from ..sources.arxiv.fetch import NetworkRun
from ..storage.store import pause_point
from .inbox import Candidate, Inbox, inbox_change, rank, read_inbox, toml_document

if TYPE_CHECKING:
    from ..core.paper import Paper
    from ..core.taxonomy import Category, Taxonomy
    from ..sources.arxiv.atom import ArxivEntry
    from ..storage.catalog import Catalog

WATCH_FILE = "watch.toml"
HEADER = ("# What `vla watch` remembers of each category's saved search: its query, its last run, the day\n"
          "# its next --save run starts from (since) and the next run that only shows (shown_since, with\n"
          "# what those runs showed). Delete a search's table to start it afresh.\n")
OVERLAP = timedelta(days=14)  # the next run looks this far behind the newest submission seen
FIRST_RUN = timedelta(days=30)  # how far back a search never run before looks, without --since
DEFAULT_LIMIT = 500  # results at most per search and run


# -- what is remembered -------------------------------------------------------------------------
@dataclass
class SearchState:
    query: str
    last_run: datetime | None = None
    since: date | None = None  # where the next --save run starts
    shown_since: date | None = None  # where the next run that only shows starts
    shown: list[str] = field(default_factory=list)  # arXiv IDs those runs showed, from shown_since on
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"query": self.query}
        if self.last_run is not None:
            out["last_run"] = self.last_run
        if self.since is not None:
            out["since"] = self.since
        if self.shown_since is not None:
            out["shown_since"] = self.shown_since
        if self.shown:
            out["shown"] = list(self.shown)
        for name in sorted(self.extra):
            out.setdefault(name, self.extra[name])
        return out


@dataclass
class WatchState:
    searches: dict[str, SearchState] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path) -> WatchState:
        raw = data.get("search", {})
        if not isinstance(raw, dict):
            raise CatalogFormatError(path, "'search' must be a table of tables ([search.SLUG])")
        state = cls(extra={k: v for k, v in data.items() if k != "search"})
        for slug, table in raw.items():
            what = f"[search.{slug}]"
            if not isinstance(table, dict) or not isinstance(table.get("query"), str):
                raise CatalogFormatError(path, f"{what} needs a 'query' string")
            last_run = table.get("last_run")
            if last_run is not None and not isinstance(last_run, datetime):
                raise CatalogFormatError(path, f"{what}: 'last_run' must be a date and time")
            since, shown_since, shown = table.get("since"), table.get("shown_since"), table.get("shown", [])
            if not isinstance(shown, list) or not all(isinstance(i, str) for i in shown):
                raise CatalogFormatError(path, f"{what}: 'shown' must be a list of arXiv IDs")
            state.searches[slug] = SearchState(
                query=table["query"], last_run=last_run,
                since=None if since is None else _date(since, f"{what}: 'since'", path),
                shown_since=None if shown_since is None else _date(shown_since, f"{what}: 'shown_since'", path),
                shown=list(shown),
                extra={k: v for k, v in table.items() if k not in _KNOWN_STATE})
        return state

    def dumps(self) -> str:
        data: dict[str, Any] = dict(sorted(self.extra.items()))
        if self.searches:
            data["search"] = {slug: s.to_dict() for slug, s in sorted(self.searches.items())}
        return HEADER + "\n" + toml_document(data)


_KNOWN_STATE = frozenset({"query", "last_run", "since", "shown_since", "shown"})


def _date(value: Any, what: str, path: Path) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CatalogFormatError(path, f"{what} must be a date (2026-01-31), not {value!r}")


def state_path(cat: Catalog) -> Path:
    return cat.root / WATCH_FILE


def read_state(cat: Catalog) -> WatchState:
    from ..storage.store import read_optional_toml

    path = state_path(cat)
    data = read_optional_toml(path)
    return WatchState() if data is None else WatchState.from_dict(data, path)


# -- what to run --------------------------------------------------------------------------------
@dataclass
class Search:
    """One search of a run: a category's saved search (``remembered`` in watch.toml) or a one-off
    ``--query`` (proposed under ``categories``, never remembered)."""

    name: str  # the category's slug, or "--query"
    query: str
    since: date
    categories: list[str]
    remembered: bool
    shown: frozenset[str] = frozenset()  # shown by the last runs that only showed: not shown again


def parse_since(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FieldValueError("since", f"must be a date such as 2026-01-31, not {text!r}") from None


def plan(
    taxonomy: Taxonomy,
    state: WatchState,
    categories: Sequence[str] = (),
    *,
    query: str | None = None,
    since: date | None = None,
    save: bool = False,
    today: date,
) -> list[Search]:
    """The searches a run makes: ``--query`` alone (under ``categories``), else the saved search of
    every category named (a pillar or group includes those beneath it), else of every category. A
    remembered search starts where the last run of its kind left off (``since`` for --save, else
    ``shown_since``), or at ``since`` when it is given."""
    chosen = [taxonomy.resolve(c) for c in categories]
    if query is not None:
        if not query.strip():
            raise FieldValueError("query", "is empty")
        return [Search("--query", query.strip(), since or today - FIRST_RUN,
                       list(dict.fromkeys(c.slug for c in chosen)), remembered=False)]
    if chosen:
        slugs = list(dict.fromkeys(s for c in chosen for s in taxonomy.subtree(c.slug)))
        cats = [taxonomy[s] for s in slugs]
    else:
        cats = list(taxonomy)
    watched = [c for c in cats if c.watch is not None]
    if not watched:
        where = ", ".join(c.slug for c in chosen) if chosen else "the taxonomy"
        raise InputError(f"no saved searches in {where}",
                         "add watch = '<arXiv query>' to a category in taxonomy.toml, or pass --query")
    searches = []
    for c in watched:
        assert c.watch is not None
        if not c.watch.strip():
            raise InputError(f"category {c.slug!r}: its 'watch' query is empty")
        remembered = state.searches.get(c.slug)
        if remembered is not None and remembered.query != c.watch.strip():
            remembered = None  # the query changed: a new search
        cursor = None if remembered is None else remembered.since if save else \
            (remembered.shown_since or remembered.since)
        shown = frozenset() if remembered is None or save or since else frozenset(remembered.shown)
        searches.append(Search(c.slug, c.watch.strip(), since or cursor or today - FIRST_RUN, [c.slug],
                               remembered=True, shown=shown))
    return searches


# -- the network part -----------------------------------------------------------------------------
class Searcher(Protocol):
    """Runs one arXiv query, newest submissions first, paging until ``since`` (at most ``limit``
    results). Returns the entries submitted on ``since`` or later, and whether ``limit`` cut them."""

    @property
    def requests_made(self) -> int: ...

    def search_since(self, query: str, since: date, limit: int) -> tuple[list[ArxivEntry], bool]: ...

    def close(self) -> None: ...


# -- deciding -----------------------------------------------------------------------------------
@dataclass
class SearchResult:
    """One search's results in a run."""

    search: Search
    entries: list[ArxivEntry]
    truncated: bool = False


@dataclass
class Counts:
    found: int = 0  # distinct papers the searches returned
    in_catalog: int = 0
    rejected: int = 0
    in_inbox: int = 0


@dataclass
class Decision:
    candidates: list[Candidate]
    counts: Counts
    in_inbox: list[Candidate]  # found again while waiting in the inbox (with this run's categories)
    state: WatchState


def _submitted(entry: ArxivEntry) -> date | None:
    try:
        return date.fromisoformat(entry.published) if entry.published else None
    except ValueError:
        return None


def names_in(text: str | None, category: Category) -> str | None:
    """The first of the category's name and aliases that ``text`` names as a phrase (ignoring case,
    accents and punctuation), or None."""
    if not text:
        return None
    haystack = f" {normalize_title(text)} "
    for phrase in (category.name, *category.aliases):
        needle = normalize_title(phrase)
        if needle and f" {needle} " in haystack:
            return phrase
    return None


def reasons_for(searches: Sequence[str], categories: Sequence[str], abstract: str | None,
                taxonomy: Taxonomy) -> list[str]:
    """Why a candidate ranks first: several searches found it; its abstract names a category that
    found it."""
    out = []
    if len(searches) >= 2:
        out.append(f"matched {len(searches)} searches: {', '.join(searches)}")
    for slug in categories:
        if slug in taxonomy:
            phrase = names_in(abstract, taxonomy[slug])
            if phrase is not None:
                out.append(f'abstract names "{phrase}" ({slug})')
    return out


def decide(
    findings: Sequence[SearchResult],
    papers: Iterable[Paper],
    inbox: Inbox,
    state: WatchState,
    taxonomy: Taxonomy,
    now: datetime,
    save: bool = True,
) -> Decision:
    """Pure: this run's candidates, ranked; those found again while waiting in the inbox; and what
    the run remembers after it (see :func:`advance`)."""
    in_catalog_ids = {p.arxiv or p.key for p in papers}
    without_id = Matcher(p for p in papers if not p.arxiv)  # a candidate may be one of them, by its title

    entries: dict[str, ArxivEntry] = {}
    found_by: dict[str, dict[str, SearchResult]] = {}  # arXiv ID -> the searches (by name) that found it
    for f in findings:
        for e in f.entries:
            when = _submitted(e)
            if (when is not None and when < f.search.since) or e.id in f.search.shown:
                continue
            entries.setdefault(e.id, e)
            found_by.setdefault(e.id, {})[f.search.name] = f

    counts = Counts(found=len(entries))
    candidates: list[Candidate] = []
    again: list[Candidate] = []
    for aid, e in entries.items():
        if aid in in_catalog_ids or without_id.titled(e, years=PREPRINT_YEARS) is not None:
            counts.in_catalog += 1
            continue
        if inbox.is_rejected(aid):
            counts.rejected += 1
            continue
        fs = list(found_by[aid].values())
        searches = [f.search.name for f in fs]
        cats = _in_taxonomy_order([c for f in fs for c in f.search.categories], taxonomy)
        cand = Candidate(arxiv=aid, title=e.title, published=e.published, authors=list(e.authors),
                         categories=cats, reasons=reasons_for(searches, cats, e.abstract, taxonomy),
                         abstract=e.abstract)
        if inbox.find(aid) is not None:
            counts.in_inbox += 1
            again.append(cand)
        else:
            candidates.append(cand)

    new_state = WatchState(dict(state.searches), dict(state.extra))
    shown_now = {c.arxiv for c in candidates}
    for f in findings:
        if f.search.remembered:
            new_state.searches[f.search.name] = advance(_remembered(state, f.search), f, now, save, shown_now)
    return Decision(rank(candidates), counts, again, new_state)


def _remembered(state: WatchState, search: Search) -> SearchState:
    """What the watch remembers of a search: nothing when it never ran, or its query changed."""
    mine = state.searches.get(search.name)
    if mine is None or mine.query != search.query:
        return SearchState(search.query)
    return mine


def _in_taxonomy_order(slugs: Iterable[str], taxonomy: Taxonomy) -> list[str]:
    order = {c.slug: i for i, c in enumerate(taxonomy)}
    unique = list(dict.fromkeys(slugs))
    return sorted(unique, key=lambda s: order.get(s, len(order)))


def advance(old: SearchState, finding: SearchResult, now: datetime, save: bool = True,
            shown_now: set[str] | frozenset[str] = frozenset()) -> SearchState:
    """A search's memory after a run: the next run of its kind starts :data:`OVERLAP` before the
    newest submission seen, never earlier than before (nor, with nothing seen, earlier than this
    run). A --save run moves both places (what it saved is in the inbox); a run that only showed
    moves ``shown_since`` and remembers what it showed, among the papers its window still holds."""
    dates = [d for d in (_submitted(e) for e in finding.entries) if d is not None]
    mine = old.since if save else (old.shown_since or old.since)
    options = [d for d in (mine, max(dates) - OVERLAP if dates else None) if d is not None]
    start = max(options) if options else finding.search.since
    run = now.replace(microsecond=0)
    if save:
        shown_since = max(start, old.shown_since) if old.shown_since else None
        return SearchState(old.query, run, start, shown_since, [], dict(old.extra))
    window = {e.id for e in finding.entries if (d := _submitted(e)) is None or d >= start}
    shown = sorted(i for i in window if i in shown_now or i in old.shown)
    return SearchState(old.query, run, old.since, start, shown, dict(old.extra))


# -- a run ----------------------------------------------------------------------------------------
@dataclass
class SearchRun:
    name: str
    query: str
    since: date
    found: int
    truncated: bool


@dataclass
class WatchReport(NetworkRun):
    """``left``: the searches a network error left unrun."""

    candidates: list[Candidate] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    runs: list[SearchRun] = field(default_factory=list)
    saved: list[str] = field(default_factory=list)  # IDs added to the inbox
    updated: list[str] = field(default_factory=list)  # inbox candidates that gained categories
    remembered: bool = False


def watch_papers(
    cat: Catalog,
    categories: Sequence[str] = (),
    *,
    query: str | None = None,
    since: date | None = None,
    save: bool = False,
    limit: int = DEFAULT_LIMIT,
    searcher: Searcher | None = None,
    now: datetime | None = None,
) -> WatchReport:
    """Run the saved searches (or ``query``), and propose what the catalog lacks.

    With ``save``, the candidates go to the inbox and each saved search's run is remembered in
    ``watch.toml``, both in one change (:func:`~vlacli.storage.store.commit`: a crash leaves both or
    neither). A network error stops the run: the searches done before it are kept (and, with
    ``save``, saved and remembered); the rest are named in ``report.left``.
    """
    if limit < 1:
        raise FieldValueError("limit", f"must be at least 1, not {limit}")
    if save and cat.read_only:
        raise ReadOnlyCatalog(cat.root)
    now = now or datetime.now(UTC)
    searches = plan(cat.taxonomy, read_state(cat), categories, query=query, since=since, save=save,
                    today=now.date())

    report = WatchReport()
    findings: list[SearchResult] = []
    searcher = searcher if searcher is not None else default_searcher()
    try:
        for i, s in enumerate(searches):
            try:
                entries, truncated = searcher.search_since(s.query, s.since, limit)
            except VlaError as e:
                report.error = e
                report.left = [x.name for x in searches[i:]]
                break
            findings.append(SearchResult(s, entries, truncated))
            report.runs.append(SearchRun(s.name, s.query, s.since, len(entries), truncated))
    finally:
        report.requests = searcher.requests_made
        searcher.close()
    if not findings:
        return report

    pause_point("watch.searched")
    remember = any(f.search.remembered for f in findings) and not cat.read_only
    with cat.locked() if save or remember else contextlib.nullcontext():
        # Decided on the files as they are now: what was filed, rejected or saved meanwhile counts.
        cat.reload()
        inbox = read_inbox(cat)
        state = read_state(cat)
        decision = decide(findings, cat.papers(), inbox, state, cat.taxonomy, now, save)
        report.candidates, report.counts = decision.candidates, decision.counts
        writes = []
        if save:
            report.saved, report.updated = inbox.merge([*decision.candidates, *decision.in_inbox])
            writes = inbox_change(cat, inbox) if report.saved or report.updated else []
        if remember:
            writes.append((state_path(cat), decision.state.dumps()))
            report.remembered = True
        if writes:
            from ..storage.store import commit

            commit(cat.root, writes)  # the inbox and watch.toml as one change
    return report


def default_searcher() -> Searcher:
    """arXiv's API through vla's client: polite, retried and cached like every arXiv call."""
    from ..sources.arxiv.fetch import Fetcher

    return Fetcher()
