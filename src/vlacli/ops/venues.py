"""Where the preprints were published (``vla venues``): findings, proposals, and applying them.

Each source's word on a paper is an :class:`Evidence` -- the venue (by the catalog's venue table),
the year, and DOI, volume and pages when known:

1. arXiv's own journal ref and DOI, already in the paper's file;
2. Semantic Scholar's batch record: the DBLP key it links (``conf/corl/…`` names CoRL) and its
   venue names (``publicationVenue``, ``venue``, ``journal``);
3. DBLP's search by title, when asked (``--dblp``), for the preprints nothing else places.

A record is taken only when it is the paper's: its arXiv ID (or DOI) is ours, or its title matches
and the first author's family name agrees (:func:`accepts`, on :func:`vlacli.core.matching.same_paper`).
The findings of one paper are weighed (:func:`weigh`): when they all name one venue it is the paper's
:class:`Placement`; when they disagree (a workshop and its conference, two venues, a name the table does
not know beside one it does) they are a conflict, proposed and never applied.

A proposal is applied (:func:`apply_proposals`, ``--apply``) only to a preprint whose venue a person did
not set (:func:`vlacli.core.fields.awaits_venue`), only for a venue the table knows as a conference or
journal -- a workshop only when asked -- and it writes the venue and year (unless a person set or cleared
the year) and fills DOI, volume and pages where :func:`vlacli.core.fields.may_change` lets it. Citation
counts from Semantic Scholar are stored with their date for every paper it knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.fields import SCHOLARLY, awaits_venue, may_change
from ..core.identifiers import parse_arxiv_id
from ..core.matching import Match, answers_to, is_arxiv_doi, same_paper
from ..core.venues import (
    Venue,
    VenueTable,
    dblp_key_year,
    dblp_stream,
    is_dblp_preprint,
    is_preprint_venue,
    year_in,
)
from ..errors import InvalidIdentifier, ReadOnlyCatalog, VlaError
from ..storage.venue_file import load_table
from ..text import plural

if TYPE_CHECKING:
    from ..core.paper import Paper
    from ..sources.scholarly.dblp import DblpHit
    from ..sources.scholarly.fetch import Sources
    from ..sources.scholarly.s2 import S2Paper
    from ..storage.catalog import Catalog

# What a proposal does.
MOVE = "move"  # applied by --apply
WORKSHOP = "workshop"  # applied only with --workshops
UNKNOWN = "unknown"  # a venue the table does not know: proposed under the service's name
CONFLICT = "conflict"  # the sources disagree
PINNED = "pinned"  # a person set the venue: kept
PUBLISHED = "published"  # the paper already has a venue, and a source names another
NONE = "none"  # nothing places it (or it is where the sources say)

S2_SOURCE = "Semantic Scholar"
JOURNAL_REF_SOURCE = "arXiv journal ref"
DOI_SOURCE = "arXiv DOI"


# -- matching --------------------------------------------------------------------------------------

def accepts(paper: Paper, *, arxiv: str | None = None, doi: str | None = None, title: str | None = None,
            authors: Sequence[str] = ()) -> Match | None:
    """A service's record is this paper (:func:`vlacli.core.matching.same_paper`, as a search hit: a
    title alone is never enough), and how it was known; None when it may not be taken."""
    found = _Found(title or "", None, list(authors))
    return same_paper(paper, found, arxiv=_bare(arxiv) if arxiv else None, doi=doi, title_needs_author=True)


class _Found(NamedTuple):
    """A service's record, as matching reads it."""

    title: str
    year: int | None
    authors: list[str]


def _bare(arxiv_id: str) -> str:
    try:
        return parse_arxiv_id(arxiv_id).id
    except InvalidIdentifier:
        return arxiv_id.strip().casefold()


def _why_not(paper: Paper, title: str | None, authors: Sequence[str], arxiv: str | None = None) -> str:
    if not title:
        return "has no title"
    if not answers_to(paper, title):
        return f"has another title ({title!r})"
    if arxiv and paper.arxiv and _bare(arxiv) != paper.arxiv:
        return f"has the title, but is arXiv {_bare(arxiv)}"
    theirs = authors[0] if authors else "none"
    ours = paper.authors[0] if paper.authors else "none"
    return f"has the title, but its first author is {theirs}, not {ours}"


# -- findings ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """One source's word on where a paper appeared."""

    source: str  # "Semantic Scholar", "DBLP conf/corl", "arXiv journal ref", …
    name: str  # as vla would write it: the table's short name, or the service's name
    kind: str  # conference, journal, workshop, or unknown
    known: bool  # the venue table knows it
    year: int | None = None
    year_rank: int = 9  # lower is surer: DBLP 0, a year in a venue string 1, Semantic Scholar's year 2
    doi: str | None = None
    volume: str | None = None
    pages: str | None = None


def _evidence(source: str, venue: Venue | None, name: str, **kw: Any) -> Evidence:
    if venue is None:
        return Evidence(source, " ".join(name.split()), "unknown", False, **kw)
    return Evidence(source, venue.short, venue.kind, venue.known, **kw)


def from_arxiv_fields(paper: Paper, table: VenueTable) -> list[Evidence]:
    """What the paper's own journal ref and DOI (from arXiv) say."""
    out = []
    if paper.journal_ref:
        v = table.find_in_text(paper.journal_ref)
        if v is not None:
            y = year_in(paper.journal_ref)
            out.append(_evidence(JOURNAL_REF_SOURCE, v, paper.journal_ref, year=y, year_rank=1))
    if paper.doi and not is_arxiv_doi(paper.doi):
        v = table.from_doi(paper.doi)
        if v is not None:
            out.append(_evidence(DOI_SOURCE, v, paper.doi))
    return out


def from_s2(record: S2Paper, table: VenueTable) -> list[Evidence]:
    """What a Semantic Scholar record says: the DBLP key it links, and its venue names."""
    out = []
    doi = record.doi if record.doi and not is_arxiv_doi(record.doi) else None
    if record.dblp and not is_dblp_preprint(record.dblp):
        v = table.from_dblp_key(record.dblp)
        if v is not None:
            out.append(_evidence(f"DBLP {dblp_stream(record.dblp)}", v, v.short, year=dblp_key_year(record.dblp),
                                year_rank=0))
    names = [n for n in (record.venue_name, record.venue, record.journal) if n and not is_preprint_venue(n)]
    if names:
        known = next((v for v in (table.identify(n) for n in (*names, *record.venue_alternates)) if v is not None),
                     None)
        texts = [n for n in names if year_in(n) is not None]
        year, rank = (year_in(texts[0]), 1) if texts else (record.year, 2)
        journal_named = record.journal is not None and not is_preprint_venue(record.journal)
        out.append(_evidence(S2_SOURCE, known, names[0], year=year, year_rank=rank, doi=doi,
                            volume=record.volume if journal_named else None,
                            pages=record.pages if journal_named else None))
    elif out and doi:
        out[0] = replace(out[0], doi=doi)
    return out


def from_dblp_hit(hit: DblpHit, table: VenueTable) -> Evidence | None:
    """What one DBLP hit says (None for DBLP's CoRR records, which say preprint)."""
    if hit.is_preprint:
        return None
    v = table.identify(hit.venue) if hit.venue else None
    if v is None:
        v = table.from_dblp_key(hit.key)
    stream = dblp_stream(hit.key)
    source = f"DBLP {stream}" if stream else "DBLP"
    return _evidence(source, v, hit.venue or hit.key, year=hit.year, year_rank=0, doi=hit.doi, volume=hit.volume,
                    pages=hit.pages)


# -- weighing ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Placement:
    """Where the findings agree a paper appeared."""

    name: str
    kind: str
    known: bool
    year: int | None
    sources: tuple[str, ...]
    doi: str | None = None
    volume: str | None = None
    pages: str | None = None

    def label(self) -> str:
        return f"{self.name} {self.year}" if self.year is not None else self.name


def weigh(findings: Sequence[Evidence]) -> Placement | None:
    """The venue the findings agree on, with the surest year (DBLP's first) and any DOI, volume and
    pages; None when there are no findings or they disagree (:func:`disagree`)."""
    if not findings or disagree(findings):
        return None
    first = findings[0]
    dated = sorted((f for f in findings if f.year is not None), key=lambda f: f.year_rank)
    return Placement(
        name=first.name, kind=first.kind, known=first.known, year=dated[0].year if dated else None,
        sources=tuple(dict.fromkeys(f.source for f in findings)),
        doi=next((f.doi for f in findings if f.doi), None),
        volume=next((f.volume for f in findings if f.volume), None),
        pages=next((f.pages for f in findings if f.pages), None),
    )


def disagree(findings: Sequence[Evidence]) -> bool:
    """Whether the findings name more than one venue (a workshop and its conference are two)."""
    return len({(f.name.casefold(), f.kind) for f in findings}) > 1


# -- proposals --------------------------------------------------------------------------------------

@dataclass
class Proposal:
    key: str
    venue: str | None  # the paper's venue now
    action: str
    placement: Placement | None = None
    findings: list[Evidence] = field(default_factory=list)
    citations: int | None = None
    citations_date: str | None = None
    notes: list[str] = field(default_factory=list)
    applied: bool = False
    citations_new: bool = False  # the count or its date differs from the paper's

    @property
    def shown(self) -> bool:
        """Worth a line in the report: a proposal, or a note (a record not taken)."""
        return self.action != NONE or bool(self.notes)

    def line(self, width: int = 0) -> str:
        """``2508.19958  arXiv → CoRL 2025  (Semantic Scholar, DBLP conf/corl)``."""
        if self.placement is None and not self.findings:
            return f"{self.key:<{width}}  {self.venue or '(no venue)'}: no venue found"
        if self.placement is not None:
            where, sources = self.placement.label(), ", ".join(self.placement.sources)
        else:
            where = " | ".join(dict.fromkeys(f"{f.name} {f.year}" if f.year else f.name for f in self.findings))
            sources = " | ".join(dict.fromkeys(f.source for f in self.findings))
        return f"{self.key:<{width}}  {self.venue or '(no venue)'} → {where}  ({sources})"

    def to_dict(self) -> dict[str, Any]:
        p = self.placement
        proposed = None if p is None else {
            "venue": p.name, "year": p.year, "kind": p.kind, "known": p.known, "sources": list(p.sources),
            "doi": p.doi, "volume": p.volume, "pages": p.pages}
        return {"key": self.key, "venue": self.venue, "action": self.action, "proposed": proposed,
                "findings": [{"source": f.source, "venue": f.name, "kind": f.kind, "year": f.year}
                             for f in self.findings],
                "citations": self.citations, "citations_date": self.citations_date, "notes": list(self.notes),
                "applied": self.applied}


def decide(paper: Paper, findings: Sequence[Evidence], table: VenueTable, workshops: bool = False) -> str:
    """What to do with a paper given the findings (the ownership rule lives here)."""
    placement = weigh(findings)
    if placement is None:
        return CONFLICT if findings else NONE
    if not paper.is_preprint:
        here = table.identify(paper.venue or "")
        same = (here.short if here is not None else " ".join((paper.venue or "").split())).casefold()
        return NONE if same == placement.name.casefold() else PUBLISHED
    if not awaits_venue(paper):
        return PINNED
    if not placement.known and placement.kind != "workshop":
        return UNKNOWN
    if placement.kind == "workshop":
        return MOVE if workshops else WORKSHOP
    return MOVE


def changes(paper: Paper, proposal: Proposal) -> dict[str, Any]:
    """The fields applying ``proposal`` changes on ``paper`` (a fresh copy, read under the lock):
    venue and year for a move (the year unless pinned; the preprint's entry type goes, to be guessed
    from the new venue), DOI, volume and pages only where empty, and the citation count with its date."""
    out: dict[str, Any] = {}
    p = proposal.placement
    if proposal.action == MOVE and p is not None:
        if paper.venue != p.name:
            out["venue"] = p.name
            if paper.entry_type is not None and may_change(paper, "entry_type", SCHOLARLY, with_venue=True):
                out["entry_type"] = None  # the preprint's (misc) goes with its venue; the export guesses the new one's
        if p.year is not None and paper.year != p.year and may_change(paper, "year", SCHOLARLY, with_venue=True):
            out["year"] = p.year
        for name in ("doi", "volume", "pages"):
            value = getattr(p, name)
            if value and may_change(paper, name, SCHOLARLY):
                out[name] = value
    if proposal.citations is not None and (paper.citations, paper.citations_date) != (
            proposal.citations, proposal.citations_date):
        out["citations"] = proposal.citations
        out["citations_date"] = proposal.citations_date
    return out


@dataclass
class VenuesReport:
    proposals: list[Proposal] = field(default_factory=list)
    checked: int = 0
    requests: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)  # per-paper lines: not in the cache (--offline), …
    left: list[str] = field(default_factory=list)  # keys not checked when a service failed
    error: VlaError | None = None
    applied: bool = False
    moved: list[str] = field(default_factory=list)  # keys whose venue --apply changed
    citations_stored: int = 0  # papers whose citation count --apply wrote
    unasked: list[str] = field(default_factory=list)  # preprints with nothing to look them up by, without --dblp

    def count(self, action: str) -> int:
        return sum(1 for p in self.proposals if p.action == action)

    def summary(self) -> str:
        """One line: what was found, what was (or would be) written, and the requests it cost."""
        counts = [f"{self.count(MOVE)} to move", f"{self.count(WORKSHOP)} at workshops",
                  f"{self.count(PINNED)} kept (venue set by hand)", f"{self.count(UNKNOWN)} not in the venue table",
                  f"{self.count(CONFLICT)} with sources that disagree"]
        if self.count(PUBLISHED):
            counts.append(f"{self.count(PUBLISHED)} published elsewhere (kept)")
        cited = sum(1 for p in self.proposals if p.citations is not None)
        new = sum(1 for p in self.proposals if p.citations_new)
        text = f"{plural(self.checked, 'paper')} checked: " + ", ".join(counts) + \
            f"; {plural(cited, 'citation count')} ({new} new)"
        if self.applied:
            text += f"; {len(self.moved)} moved, {plural(self.citations_stored, 'citation count')} stored"
        elif self.count(MOVE) or new:
            text += "; --apply writes them"
        asked = ", ".join(f"{name} {n}" for name, n in self.requests.items())
        total = sum(self.requests.values())
        return text + f"; {plural(total, 'request')} ({asked})"


Progress = Callable[[int, int], None]  # (DBLP searches done, searches planned)


def find_venues(
    cat: Catalog,
    refs: Iterable[str] = (),
    *,
    all_papers: bool = False,
    apply: bool = False,
    workshops: bool = False,
    use_dblp: bool = False,
    sources: Sources | None = None,
    table: VenueTable | None = None,
    progress: Progress | None = None,
) -> VenuesReport:
    """Look up where the papers named (or all) were published, propose, and with ``apply`` write
    the moves and the citation counts. Semantic Scholar is asked first, for all of them at once;
    then, with ``use_dblp``, DBLP for each preprint nothing placed. A service that fails stops the
    look-ups there: what was found before is kept (and applied), the rest is named in ``left``."""
    if apply and cat.read_only:
        raise ReadOnlyCatalog(cat.root)
    papers = cat.named(refs, all_papers, "look up")
    table = table if table is not None else load_table(cat.root)
    if sources is None:
        from ..sources.scholarly.fetch import Sources

        sources = Sources()
    report = VenuesReport()
    pending: dict[str, Proposal] = {}
    try:
        pending = _from_s2(papers, table, sources, report)
        if use_dblp:
            _from_dblp(papers, pending, table, sources, report, progress)
    except VlaError as e:
        report.error = e
    finally:
        report.requests = sources.requests
        sources.close()
    for paper in papers:
        proposal = pending.get(paper.key)
        if proposal is None or (report.error is not None and proposal.action == _DBLP_PENDING):
            report.left.append(paper.key)
            continue
        proposal.placement = weigh(proposal.findings)
        proposal.action = decide(paper, proposal.findings, table, workshops)
        _explain(paper, proposal)
        report.proposals.append(proposal)
        report.checked += 1
    if apply:
        apply_proposals(cat, report, table, workshops=workshops)
    return report


_DBLP_PENDING = "dblp?"  # a proposal waiting for its DBLP search


def _from_s2(papers: list[Paper], table: VenueTable, sources: Sources, report: VenuesReport) -> dict[str, Proposal]:
    """Each paper's findings from its own arXiv fields and Semantic Scholar's record (one batch
    request per 500 papers, or the cache)."""
    from ..sources.scholarly.fetch import NOT_CACHED
    from ..sources.scholarly.s2 import SERVICE, paper_from_record, request_id

    ids = {p.key: request_id(p.arxiv, p.doi) for p in papers}
    report.unasked = [p.key for p in papers if ids[p.key] is None and awaits_venue(p)]
    answers = sources.s2([i for i in ids.values() if i is not None])
    uncached = set(answers.uncached)
    out = {}
    for paper in papers:
        proposal = Proposal(paper.key, paper.venue, NONE, findings=from_arxiv_fields(paper, table))
        asked = ids[paper.key]
        answer = answers.found.get(asked) if asked is not None else None
        if asked in uncached:
            report.failures.append(f"{paper.key}: {SERVICE}: {NOT_CACHED}")
        if answer is not None and answer.value is not None:
            record = paper_from_record(answer.value)
            if accepts(paper, arxiv=record.arxiv, doi=record.doi, title=record.title, authors=record.authors):
                proposal.findings += from_s2(record, table)
                if record.citations is not None:
                    proposal.citations, proposal.citations_date = record.citations, answer.date
                    proposal.citations_new = (paper.citations, paper.citations_date) != (record.citations,
                                                                                         answer.date)
            else:
                why = _why_not(paper, record.title, record.authors, record.arxiv)
                proposal.notes.append(f"{SERVICE}'s record for {asked} {why}: not taken")
        out[paper.key] = proposal
    return out


def _from_dblp(papers: list[Paper], pending: dict[str, Proposal], table: VenueTable, sources: Sources,
               report: VenuesReport, progress: Progress | None) -> None:
    """DBLP's search, one title at a time, for the preprints nothing placed (a venue set by hand aside)."""
    from ..sources.scholarly.fetch import NOT_CACHED

    wanted = [p for p in papers if not pending[p.key].findings and awaits_venue(p)]
    report.unasked = []
    for p in wanted:
        pending[p.key].action = _DBLP_PENDING
    if progress is not None and wanted:
        progress(0, len(wanted))
    for n, paper in enumerate(wanted, 1):
        proposal = pending[paper.key]
        hits = sources.dblp(paper.title)
        if hits is None:
            report.failures.append(f"{paper.key}: DBLP: {NOT_CACHED}")
        else:
            proposal.findings += _dblp_findings(paper, hits, table, proposal.notes)
        proposal.action = NONE
        if progress is not None:
            progress(n, len(wanted))


def _dblp_findings(paper: Paper, hits: list[DblpHit], table: VenueTable, notes: list[str]) -> list[Evidence]:
    out = []
    for hit in hits:
        if hit.is_preprint:
            continue
        f = from_dblp_hit(hit, table)
        if f is None:
            continue
        if accepts(paper, doi=hit.doi, title=hit.title, authors=hit.authors):
            out.append(f)
        elif answers_to(paper, hit.title):
            where = f"{f.name} {hit.year}" if hit.year else f.name
            notes.append(f"DBLP {hit.key} ({where}) {_why_not(paper, hit.title, hit.authors)}: not taken")
    return out


def _explain(paper: Paper, proposal: Proposal) -> None:
    """The note that tells why a proposal is not applied."""
    p, notes = proposal.placement, proposal.notes
    if proposal.action == WORKSHOP:
        notes.append("a workshop, not the conference: not applied (--workshops applies it)")
    elif proposal.action == PINNED:
        notes.append("venue set by hand: kept")
    elif proposal.action == UNKNOWN and p is not None:
        notes.append(f"{p.name!r} is not in the venue table: add it to venues.toml (short name, kind) to apply")
    elif proposal.action == CONFLICT:
        named = "; ".join(f"{f.source}: {f.name}" for f in proposal.findings)
        notes.append(f"the sources disagree ({named}): not applied")
    elif proposal.action == PUBLISHED and p is not None:
        notes.append(f"already at {paper.venue}: kept")


def apply_proposals(cat: Catalog, report: VenuesReport, table: VenueTable, *, workshops: bool = False) -> None:
    """Write the moves and citation counts: under the lock, each paper re-read and the decision
    made again on what its file says now (a venue set by hand meanwhile is kept)."""
    wanted = {p.key: p for p in report.proposals
              if p.action == MOVE or (p.citations is not None and p.citations_date is not None)}
    if not wanted:
        report.applied = True
        return
    with cat.locked():
        cat.reload()
        fresh = {p.key: p for p in cat.papers() if p.key in wanted}
        changed = []
        for key, proposal in wanted.items():
            paper = fresh.get(key)
            if paper is None:
                continue
            paper = paper.copy()
            now = Proposal(key, paper.venue, decide(paper, proposal.findings, table, workshops),
                           weigh(proposal.findings), proposal.findings, proposal.citations,
                           proposal.citations_date)
            if now.action != proposal.action:
                proposal.action = now.action
                proposal.notes = []
                _explain(paper, proposal)
            delta = changes(paper, now)
            if not delta:
                continue
            for name, value in delta.items():
                setattr(paper, name, value)
            changed.append(paper)
            if "venue" in delta:
                proposal.applied = True
                report.moved.append(key)
            if "citations" in delta:
                report.citations_stored += 1
        if changed:
            cat.save_many(changed)
    report.applied = True
