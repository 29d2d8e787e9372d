"""Turn parsed listings into catalog changes: match, merge repeats, report conflicts, write once.

Used by every importer. A listing is matched (:mod:`vlacli.core.matching`), in this order, to a paper of
the same import or of the catalog with the same arXiv ID and title (or one of its old titles, ``aliases``),
then DOI, then the same normalised title, year and first author (one title in years further apart is two
editions, noted). An arXiv ID that a paper with another title already holds
is a conflict: the listing is kept apart, filed by slug with the ID it claims, and reported (``vla lint``
flags it until fixed) — unless the format's policy or ``--update`` says the ID decides. A listing's
citation key becomes its paper's (a key another paper holds gets a suffix, noted).

What the file said is kept as it said it: a paper the import makes keeps its entry as written (the
listing's :class:`~vlacli.formats.importers.Source`: ``bibtex`` or ``csl``), and an entry of a paper that
has a key already (another key of the same work) is kept beside it as another entry (``bibtex_entries``,
``csl_items``); once the import's values are settled, each gets the fingerprints of the values it reads
as (:func:`~vlacli.core.fields.fingerprints`), so the export writes it back until they change.

Repeats are merged: categories are united, empty fields filled — for a paper already filed, only where
:func:`vlacli.core.fields.may_change` lets a file (a field a person set or cleared is theirs); a published
venue wins over "arXiv" (with its year), within a file and across files (by the format's policy), unless a
person set the venue; every other disagreement is reported. With ``update`` the file is the newer truth for
every field it shows (title, venue, year, links, and the categories its headings give). Nothing is written until
:func:`apply` runs, which writes each new or changed paper's file once, under the lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..core.fields import FIELDS, FILE, READ_FROM, awaits_venue, fingerprints, is_empty, may_change
from ..core.identifiers import slugify
from ..core.matching import Matcher, answers_to, normalize_title, other_edition
from ..core.paper import (
    CELL_ROLES,
    DEFAULT_LABELS,
    LINK_FIELDS,
    Paper,
    is_web_url,
)
from ..core.taxonomy import Taxonomy
from ..core.venues import is_preprint_venue
from ..core.years import is_year, year_bounds
from ..formats.importers import Listing, MergePolicy, Parsed, Source, Unreadable
from ..formats.importers.headings import create_categories, map_categories
from ..storage.catalog import Catalog
from ..text import clean
from .corrections import Correction, apply_corrections

if TYPE_CHECKING:
    from ..core.findings import Finding
    from ..sources.arxiv.atom import ArxivEntry
    from ..sources.arxiv.fetch import Fetcher


@dataclass
class ImportReport:
    source: str
    added: list[str] = field(default_factory=list)
    merged: list[tuple[str, list[str]]] = field(default_factory=list)  # key, what it gained
    unchanged: list[str] = field(default_factory=list)
    repeats: int = 0
    conflicts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    skipped: list[Unreadable] = field(default_factory=list)  # lines with a link that are no entry, and why
    changes: list[str] = field(default_factory=list)  # "2508.19958 venue: arXiv → CoRL"
    writes: dict[str, Paper] = field(default_factory=dict)
    keys: list[str | None] = field(default_factory=list)  # each entry's paper, in the file's order (None: not added)
    lint: list[Finding] = field(default_factory=list)  # what `vla lint` would flag in the papers written
    taxonomy: Taxonomy | None = None  # a taxonomy grown from the headings, to write first
    # Entries whose own text gives no trustworthy title: "line 842: title 'K-EQA' taken from a short name".
    doubtful: list[str] = field(default_factory=list)
    fetched: list[str] = field(default_factory=list)  # --fetch: "line 842: 'K-EQA' → 'arXiv's title' (2109.07872)"

class _Planner:
    """Plans one import: each listing matched (:class:`~vlacli.core.matching.Matcher`, the file's papers
    first, then the catalog's), merged or added, every change of a paper already filed asked of
    :func:`~vlacli.core.fields.may_change` (the file is :data:`~vlacli.core.fields.FILE`; with ``update``
    it is the newer truth a person wrote, :data:`~vlacli.core.fields.PERSON`)."""

    def __init__(self, catalog: Catalog, report: ImportReport, policy: MergePolicy, *, fill_missing: bool,
                 merge_existing: bool, add_new: bool = True, update: bool = False) -> None:
        self.catalog = catalog
        self.policy = policy
        self.update = update
        self.updated: set[str] = set()  # catalog papers the file's first listing of them has updated
        self.shown: set[str] = set()  # the categories this file's listings are filed under
        self.filed: dict[str, list[str]] = {}  # key -> the categories the file gives it (update)
        self.add_new = add_new
        self.merge_existing = merge_existing
        self.report = report
        self.fill_missing = fill_missing
        self.records: dict[str, Paper] = {}  # key -> paper being built or changed
        self.lines: dict[str, int] = {}  # key -> first line
        self.existing: set[str] = set()  # keys of records that come from the catalog
        self.before: dict[str, dict[str, Any]] = {}
        self.here = Matcher()  # the papers this import builds or changes
        papers = catalog.papers()
        self.known = Matcher(papers)  # the catalog's papers, as they are
        self.catalog_keys = {p.key for p in papers}
        self.citekeys: dict[str, str] = {}  # citation key -> the paper's key (its other entries' keys too)
        for p in papers:
            for cited in ([p.citekey] if p.citekey else []) + p.entry_keys():
                self.citekeys.setdefault(cited, p.key)
        # What the file said, kept as it said it: (paper key, its record) whose fingerprints are taken
        # once the import's values are settled (see vlacli.core.fields.changed_since).
        self.to_read: list[tuple[str, dict[str, Any]]] = []

    # -- finding a home for an entry ------------------------------------------------------
    def _take_existing(self, p: Paper) -> str:
        if p.key not in self.records:
            fresh = p.copy()
            self.records[p.key] = fresh
            self.existing.add(p.key)
            self.before[p.key] = fresh.to_dict()
            self.here.add(fresh)
        return p.key

    def home(self, e: Listing) -> tuple[str | None, str | None]:
        """(key to merge into, conflicting key) for an entry: the paper of the file, else of the catalog,
        with its arXiv ID (and title, unless IDs decide), else its DOI, else its title, year and first
        author (:func:`~vlacli.core.matching.agree`)."""
        # A doubtful title (a short name, a mention) is no evidence against an arXiv ID: the ID decides.
        title = None if self.policy.id_wins or self.update or e.doubt else e.title
        doi = e.fields.get("doi") if isinstance(e.fields.get("doi"), str) else None
        if (p := self.here.with_arxiv(e.arxiv, title)) is not None:
            return p.key, None
        if (p := self.known.with_arxiv(e.arxiv, title)) is not None:
            return self._take_existing(p), None
        if (p := self.here.with_doi(doi)) is not None:
            return p.key, None
        if (p := self.known.with_doi(doi)) is not None:
            return self._take_existing(p), None
        if normalize_title(e.title):
            cited = e.fields.get("citekey")

            def one_key(r: Paper) -> bool:  # one file's two citation keys: two papers, unless an ID or DOI says so
                return not (cited and r.citekey and r.citekey != cited and r.key not in self.existing)

            if (p := self.here.titled(e, e.arxiv, one_key)) is not None:
                return p.key, None
            if (p := self.known.titled(e, e.arxiv)) is not None:
                return self._take_existing(p), None
        clash = self.here.with_arxiv(e.arxiv) or self.known.with_arxiv(e.arxiv)
        return None, clash.key if clash is not None else None

    def new_key(self, e: Listing) -> str:
        if e.key:
            base = e.key
        elif e.arxiv and self.here.with_arxiv(e.arxiv) is None and self.known.with_arxiv(e.arxiv) is None:
            return e.arxiv
        else:
            base = slugify(e.title)
        key, n = base, 2
        while key in self.records or key in self.catalog_keys:
            key, n = f"{base}-{n}", n + 1
        return key

    def new_paper(self, e: Listing) -> Paper:
        """A new paper made from the listing alone, keyed as an import keys it (its arXiv ID, else a slug
        unique in the catalog and this import)."""
        p = Paper(key=self.new_key(e), title=e.title)
        self._fill(p, e, new=True)
        if e.source is not None:
            self._keep_source(p, e.source)
        return p

    def _keep_source(self, p: Paper, src: Source) -> None:
        """A paper the import makes keeps its entry as the file wrote it (``bibtex`` or ``csl``); the
        fingerprints of the values read from it are taken when the import is planned."""
        if src.kind == "bibtex":
            p.bibtex = dict(src.fields)
            p.bibtex_source = {"type": src.type, **src.form, **src.shared}
            self.to_read.append((p.key, {"kind": "bibtex"}))
        else:
            p.csl = dict(src.fields)
            self.to_read.append((p.key, {"kind": "csl"}))

    def _keep_other_entry(self, p: Paper, src: Source) -> None:
        """Another entry of the paper (another key of the same work): kept beside it as written, so
        the export writes an entry under each key."""
        if src.kind == "bibtex":
            entry: dict[str, Any] = {"key": src.key, "type": src.type, "fields": dict(src.fields), **src.form}
            p.bibtex_entries.append(entry)
            shared = p.bibtex_source
            for name, value in src.shared.get("strings", {}).items():
                shared.setdefault("strings", {}).setdefault(name, value)
            for block in src.shared.get("blocks", []):
                if block not in shared.setdefault("blocks", []):
                    shared["blocks"].append(block)
            p.bibtex_source = {k: v for k, v in shared.items() if v}
        else:
            entry = {"item": dict(src.fields)}
            p.csl_items.append(entry)
        self.to_read.append((p.key, entry))

    # -- merging ------------------------------------------------------------------------
    def add(self, e: Listing) -> str | None:
        """File the entry (a new paper, or merged into one); its paper's key (None: not added)."""
        key, clash = self.home(e)
        if key is None and clash is not None and e.other_arxiv:
            key, clash, e = self._other_link(e, clash)
        if key is None and not self.add_new:
            self.report.notes.append(f"line {e.line}: {e.title!r} is not in the catalog; not added")
            return None
        if key is None:
            p = self.new_paper(e)
            key = p.key
            self.records[key] = p
            self.lines[key] = e.line
            self._editions(p, e)
            self.here.add(p)
            if clash:
                other = self.records.get(clash) or self.catalog.get(clash)
                self.report.conflicts.append(
                    f"line {e.line}: arXiv {e.arxiv} is given for {e.title!r}, but it is "
                    f"{other.title!r} ({clash}); kept apart as {key!r}"
                )
            return key
        p = self.records[key]
        if key in self.existing and not self.merge_existing:
            return key  # reported as already in the catalog; nothing taken from the entry
        first = self.lines.get(key)
        if key not in self.existing or first is not None:
            self.report.repeats += 1
        self.lines.setdefault(key, e.line)
        if self.update and key in self.existing:
            self.filed.setdefault(key, [])
            self.filed[key] += [c for c in e.categories if c not in self.filed[key]]
            if key not in self.updated:  # the file's first listing of a paper is its newer truth
                self.updated.add(key)
                self._update(p, e)
                return key
        self._merge(p, e, f"line {first}" if first is not None else "the catalog")
        return key

    def _other_link(self, e: Listing, clash: str) -> tuple[str | None, str | None, Listing]:
        """An entry whose arXiv ID is another paper's (a list's copied link) and that links another arXiv
        paper no entry has for its own (its badge): that paper is the entry's — a new one, or the one of that
        ID with the entry's title —, and the report says so."""
        for arxiv in e.other_arxiv:
            moved = replace(e, arxiv=arxiv, other_arxiv=[a for a in e.other_arxiv if a != arxiv])
            key, other_clash = self.home(moved)
            if other_clash is not None:
                continue  # that ID is a third paper's
            other = self.records.get(clash) or self.catalog.get(clash)
            self.report.notes.append(f"line {e.line}: arXiv {e.arxiv} is given for {e.title!r}, but it is "
                                     f"{other.title!r} ({clash}); filed under the entry's other arXiv link, {arxiv}")
            return key, None, moved
        return None, clash, e

    def _editions(self, p: Paper, e: Listing) -> None:
        """Note the papers with the same title and another year: kept apart as other editions."""
        others = [r for r in self.here.with_title(p.title) if r.key != p.key]
        others += [c for c in self.known.with_title(p.title) if c.key not in self.records]
        for other in others:
            if other_edition(p, other):
                self.report.notes.append(f"line {e.line}: {p.title!r} ({p.year}) has the title of {other.key} "
                                         f"({other.year}): kept apart as another edition")

    def _claim_citekey(self, p: Paper, e: Listing) -> None:
        """The entry's citation key becomes the paper's for good, unless the paper has one (kept) or
        another paper holds it (then the paper gets it with a suffix, and a note). An entry merged into
        a paper that has a key already is kept as another entry of it, under its own key, so a
        ``\\cite`` of either finds it."""
        want = e.fields.get("citekey")
        if not isinstance(want, str) or not want or p.citekey == want:
            return
        if p.citekey is not None:
            if want in p.entry_keys():
                return
            if self.citekeys.get(want, p.key) != p.key:
                self.report.notes.append(f"line {e.line}: {p.key} is cited as {p.citekey!r}; the file's key "
                                         f"{want!r} is another paper's and is not kept")
                return
            self.citekeys[want] = p.key
            if e.source is not None:
                self._keep_other_entry(p, e.source)
                self.report.notes.append(f"line {e.line}: {p.key} is cited as {p.citekey!r}; the file's entry "
                                         f"{want!r} is kept as another entry of it")
            return
        owner = self.citekeys.get(want)
        if owner is not None and owner != p.key:
            from ..core.citekeys import make_citekey_from

            given = make_citekey_from(want, self.citekeys)
            self.report.notes.append(f"line {e.line}: citation key {want!r} is already {owner}'s; "
                                     f"{p.key} is cited as {given!r}")
            want = given
        p.citekey = want
        self.citekeys[want] = p.key

    def _update(self, p: Paper, e: Listing) -> None:
        """``--update``: every field the listing shows replaces the paper's (a title change keeps the
        old title as an alias); the rest is filled as any import fills."""
        if e.title and e.title != p.title:
            p.retitle(e.title)
        for name in ("venue", "year", "url"):
            value = getattr(e, name)
            if value is not None and value != getattr(p, name):
                setattr(p, name, value)
        for role in CELL_ROLES:
            links = e.cell_links.get(role) or ([(DEFAULT_LABELS[role], getattr(e, role))] if getattr(e, role) else [])
            if links and links != p.cell_links(role):
                p.set_cell_links(role, links)
        self._fill(p, e, new=False)

    def _fill(self, p: Paper, e: Listing, new: bool) -> None:
        """Fill the paper's open fields from the listing (all of them for a new paper); for a paper
        of the catalog only where the file may (:func:`~vlacli.core.fields.may_change`): a field a person
        set or cleared is theirs."""
        for role, links in e.cell_links.items():
            if links and may_change(p, role, FILE):
                p.set_cell_links(role, links)
        values: dict[str, Any] = {"arxiv": e.arxiv, "url": e.url, "website": e.website, "code": e.code,
                                  "authors": e.authors or None, **e.fields}
        if new:
            values.update(year=e.year, venue=e.venue)
        if new or self.fill_missing or p.key not in self.existing:
            self._claim_citekey(p, e)
        for name, value in values.items():
            if value is None or value == "" or value == [] or name == "citekey":
                continue
            if name not in FIELDS:
                if name not in p.extra:
                    p.extra[name] = value
                continue
            # Set on a new paper only: its title, categories and pins, its venue and what goes with it (the
            # year, the entry type, the month); a paper filed already changes these in _merge or not at all.
            if name in ("title", "venue", "categories", "pinned") or FIELDS[name].with_venue:
                if new and is_empty(getattr(p, name)):
                    setattr(p, name, value)
                continue
            if is_empty(getattr(p, name)) and may_change(p, name, FILE):
                if (new or self.fill_missing or p.key not in self.existing
                        or name in ("arxiv", "url", "website", "code")):
                    setattr(p, name, value)
        for slug in e.categories:
            if slug not in p.categories:
                p.categories.append(slug)

    def _merge(self, p: Paper, e: Listing, before: str) -> None:
        where = f"{p.key} ({before} and line {e.line})"
        if e.title != p.title and answers_to(p, e.title):
            self.report.notes.append(f"{where}: title spelled two ways: {p.title!r} / {e.title!r}; kept the first")
        elif e.title != p.title:
            self.report.notes.append(f"{where}: also listed as {e.title!r}")
        published = False
        if e.venue and p.venue and e.venue != p.venue:
            if (awaits_venue(p) and not is_preprint_venue(e.venue)
                    and (self.policy.published_wins or p.key not in self.existing)):
                # A published venue wins over arXiv, with its year.
                self.report.notes.append(f"{where}: venue {p.venue} → {e.venue} (a published venue wins over arXiv)")
                _take_venue(p, e)
                published = True
                if e.year is not None and may_change(p, "year", FILE, with_venue=True):
                    p.year = e.year
            elif not (is_preprint_venue(e.venue) and not is_preprint_venue(p.venue)):
                self.report.conflicts.append(f"{where}: venue {p.venue} / {e.venue}; kept {p.venue}")
        if e.year is not None and p.year is not None and e.year != p.year and not published:
            self.report.conflicts.append(f"{where}: year {p.year} / {e.year}; kept {p.year}")
        elif p.year is None and e.year is not None and may_change(p, "year", FILE):
            p.year = e.year
        if p.venue is None and e.venue and may_change(p, "venue", FILE):
            _take_venue(p, e)
        self._fill(p, e, new=False)

    def finish(self) -> None:
        for key, record in self.to_read:  # the values each kept entry reads as, now they are settled
            p = self.records[key]
            if record.get("kind") == "bibtex":
                p.bibtex_read = fingerprints(p, READ_FROM["bibtex"])
            elif record.get("kind") == "csl":
                p.csl_read = fingerprints(p, READ_FROM["csl"])
            else:
                record["read"] = fingerprints(p, READ_FROM["csl" if "item" in record else "bibtex"])
        for key, filed in self.filed.items():  # --update: the file's categories, where it shows any
            p = self.records[key]
            p.categories = [c for c in p.categories if c not in self.shown] + filed
        for key, p in self.records.items():
            if key in self.existing:
                after = p.to_dict()
                if after == self.before[key]:
                    self.report.unchanged.append(key)
                    continue
                gained = [k for k in after if after[k] != self.before[key].get(k)]
                self.report.merged.append((key, gained))
                old = self.before[key]
                self.report.changes += [f"{key} {name}: {_shown(old.get(name))} → {_shown(after.get(name))}"
                                        for name in SHOWN_CHANGES if after.get(name) != old.get(name)]
            else:
                self.report.added.append(key)
            self.report.writes[key] = p


# The fields whose change an import lists line by line ("2508.19958 venue: arXiv → CoRL").
SHOWN_CHANGES = ("title", "venue", "year", "url", "website", "code", "links", "categories")


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(v["url"] if isinstance(v, dict) else str(v) for v in value) or "(none)"
    return str(value)


def sanitize(e: Listing) -> list[str]:
    """Refuse what a paper may not hold, with a note each: a link that is not http(s), a year out of
    bounds, white space that would break a line (CR, tabs) in a title or venue."""
    notes = []
    e.title = clean(e.title)
    if e.venue is not None:
        e.venue = clean(e.venue) or None
    for name in LINK_FIELDS:
        value = getattr(e, name)
        if value is not None and not is_web_url(value):
            notes.append(f"{name} {value[:80]!r} is not a web (http/https) address; left out")
            setattr(e, name, None)
    for role, links in list(e.cell_links.items()):
        e.cell_links[role] = [(label, url) for label, url in links if is_web_url(url)]
        if getattr(e, role) is None or not e.cell_links[role] or e.cell_links[role][0][1] != getattr(e, role):
            del e.cell_links[role]
    if e.year is not None and not is_year(e.year):
        notes.append(f"year {e.year!r} is not a year from {year_bounds()}; left out")
        e.year = None
    return notes


def plan(catalog: Catalog, parsed: Parsed, source: str, policy: MergePolicy, *,
         corrections: list[Correction] | None = None, heading_map: dict[str, str] | None = None,
         categories: list[str] | None = None, fill_missing: bool = True, merge_existing: bool = True,
         add_new: bool = True, new_categories: bool = False, update: bool = False) -> ImportReport:
    """Work out what importing ``parsed`` would do; write nothing. With ``new_categories``, the
    taxonomy grows from the headings (see :func:`create_categories`); the catalog object uses it
    at once, and :func:`apply` writes it."""
    report = ImportReport(source=source, unreadable=list(parsed.unreadable), skipped=list(parsed.skipped))
    report.notes.extend(apply_corrections(corrections or [], parsed.entries))
    if new_categories:
        report.taxonomy = create_categories(catalog.taxonomy, parsed, report)
        catalog.use_taxonomy(report.taxonomy)
    shown = map_categories(catalog.taxonomy, parsed, report, heading_map, categories)
    planner = _Planner(catalog, report, policy, fill_missing=fill_missing, merge_existing=merge_existing,
                       add_new=add_new, update=update)
    report.notes.extend(parsed.notes)
    planner.shown = shown
    if policy.short_venues:
        from ..core.venues import short_name
        from ..storage.venue_file import load_table

        table = load_table(catalog.root)
        for e in parsed.entries:
            e.venue = short_name(e.venue, table) if e.venue else e.venue
    for e in parsed.entries:
        report.notes.extend(f"line {e.line}: {note}" for note in [*e.notes, *sanitize(e)])
        if not e.url and not e.arxiv:
            report.notes.append(f"line {e.line}: {e.title!r} has no link; kept by slug")
        if e.doubt:
            report.doubtful.append(f"line {e.line}: {e.doubt}")
    # The entries whose titles the file gives plainly first, then the doubtful ones (a short name, a mention),
    # so that a paper the file names both ways is filed under its title; each entry's key in the file's order.
    keys: dict[int, str | None] = {}
    for i in sorted(range(len(parsed.entries)), key=lambda i: parsed.entries[i].doubt is not None):
        keys[i] = planner.add(parsed.entries[i])
    report.keys += [keys[i] for i in range(len(parsed.entries))]
    for e in parsed.entries:
        left = [a for a in e.other_arxiv if a != e.arxiv and planner.here.with_arxiv(a) is None]
        if left and planner.add_new:
            report.notes.append(f"line {e.line}: arXiv {', '.join(left)} linked too, with no title of "
                                f"{'its' if len(left) == 1 else 'their'} own: no paper made of "
                                f"{'it' if len(left) == 1 else 'them'}")
    planner.finish()
    report.lint = lint_writes(catalog, report)
    return report


# A README row that `vla sync` makes a paper of: its arXiv ID decides.
ROW_POLICY = MergePolicy(always_merge=True, id_wins=True)


def paper_from_listing(e: Listing, catalog: Catalog) -> Paper:
    """A new paper made from one listing alone, keyed as an import keys it (its arXiv ID, else a slug
    unique in the catalog)."""
    planner = _Planner(catalog, ImportReport(source=""), ROW_POLICY, fill_missing=True, merge_existing=False)
    return planner.new_paper(e)


def lint_writes(catalog: Catalog, report: ImportReport) -> list[Finding]:
    """The errors `vla lint` would report once these writes land, for the papers they touch."""
    from ..core.findings import ERROR
    from .lint import check_papers

    view = {p.key: p for p in catalog.papers()}
    view.update(report.writes)
    touched = set(report.writes)
    return [f for f in check_papers(catalog.taxonomy, list(view.values()))
            if f.level == ERROR and touched.intersection(f.papers)]


@dataclass
class ImportOptions:
    """What ``vla import`` may be told, besides the format and the text."""

    corrections: list[Correction] | None = None
    heading_map: dict[str, str] | None = None  # heading -> category slug
    categories: list[str] = field(default_factory=list)  # names: every imported paper is filed under these too
    merge: bool = False  # fill the empty fields of papers already in the catalog
    only_existing: bool = False  # add no new papers
    create_categories: bool = False  # grow the taxonomy from the headings
    update: bool = False  # the file is the newer truth for every field it shows
    fetch: bool = False  # markdown: arXiv's title and authors for the entries whose own text gives no trustworthy title
    dry_run: bool = False


def _take_venue(p: Paper, e: Listing) -> None:
    """The entry's venue for the paper, and the entry type that goes with it."""
    p.venue = e.venue
    if may_change(p, "entry_type", FILE, with_venue=True):
        p.entry_type = e.fields.get("entry_type", p.entry_type)


def take_arxiv_titles(parsed: Parsed, fetcher: Fetcher) -> list[str]:
    """``vla import markdown --fetch``: each entry whose own text gives no trustworthy title (its ``doubt``)
    and names an arXiv ID takes arXiv's title and authors, fetched as ``vla add`` fetches (the entry cache
    first, then one request per 100 IDs, spaced and retried by the one polite session). Pure of the catalog:
    run before the plan, outside the lock. Returns a line per title taken; an ID arXiv does not have keeps
    its entry's title, and its doubt says so. A network failure raises (nothing is imported then)."""
    doubtful = [e for e in parsed.entries if e.doubt and e.arxiv]
    if not doubtful:
        return []
    found: dict[str, ArxivEntry] = {}
    answered: set[str] = set()  # every ID arXiv (or the cache) answered for, with a record or without
    try:
        for part in fetcher.batches([e.arxiv for e in doubtful if e.arxiv]):
            found.update(part.entries)
            answered.update(part.settled)
    finally:
        fetcher.close()
    lines = []
    for e in doubtful:
        entry = found.get(e.arxiv or "")
        if entry is None:
            if e.arxiv in answered:
                e.doubt = f"{e.doubt}; arXiv has no paper {e.arxiv}"
            continue
        before, e.title, e.doubt = e.title, clean(entry.title), None
        if entry.authors:
            e.authors = list(entry.authors)
        lines.append(f"line {e.line}: {before!r} → {e.title!r} (arXiv {e.arxiv})")
    return lines


def import_text(catalog: Catalog, format: str, text: str, source: str,
                options: ImportOptions | None = None, fetcher: Fetcher | None = None) -> ImportReport:
    """``vla import FORMAT``: parse ``text`` with the format's parser, then plan and write the changes
    with the format's merge policy. The plan is made under the catalog's lock, from the files as they
    are then, so a change another process made meanwhile is merged with, never undone. With
    ``options.fetch`` (markdown), arXiv's titles are taken first (:func:`take_arxiv_titles`, with
    ``fetcher``, else a new one)."""
    from ..formats.importers import get_importer

    fmt = get_importer(format)
    o = options or ImportOptions()
    parsed = fmt.load()(text)
    fetched: list[str] = []
    if o.fetch:
        if fetcher is None:
            from ..sources.arxiv.fetch import Fetcher

            fetcher = Fetcher()
        fetched = take_arxiv_titles(parsed, fetcher)
    if not parsed.entries and not parsed.recognised and text.strip():
        # Text in which nothing reads as this format: most likely a file of another format.
        from ..errors import InputError
        from ..formats.importers import IMPORTERS

        first = f"{parsed.unreadable[0]}; " if parsed.unreadable else ""
        others = "|".join(name for name in IMPORTERS if name != fmt.name)
        raise InputError(f"{source}: nothing in it reads as {fmt.name}",
                         f"{first}is it another format? vla import {others} FILE")

    def make_plan() -> ImportReport:
        report = plan(catalog, parsed, source, fmt.policy, corrections=o.corrections, heading_map=o.heading_map,
                      categories=catalog.resolve_categories(o.categories),
                      fill_missing=fmt.policy.always_merge or o.merge,
                      merge_existing=fmt.policy.always_merge or o.merge or o.update, add_new=not o.only_existing,
                      new_categories=o.create_categories, update=o.update)
        report.fetched = fetched
        return report

    if o.dry_run:
        return make_plan()
    with catalog.locked():
        catalog.reload()
        report = make_plan()
        apply(catalog, report)
    return report


def apply(catalog: Catalog, report: ImportReport) -> None:
    """Write every new or changed paper once, and the grown taxonomy, as one change under the lock."""
    catalog.save_many(report.writes.values(), report.taxonomy)
