"""Turn parsed entries into catalog changes: match, merge repeats, report conflicts, write once.

Used by every importer. An entry is matched, in this order, to a paper of the same import or
of the catalog with the same arXiv ID and title, then DOI, then the same normalised title.
An arXiv ID that a paper with another title already holds is a conflict: the entry is kept
apart, filed by slug with the ID it claims, and reported (``vla lint`` flags it until fixed).

Repeats are merged: categories are united, empty fields filled; a published venue wins over
"arXiv" (with its year), and every disagreement is reported. Nothing is written until
:func:`apply` runs, which writes each new or changed paper's file once, under the lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import Catalog
from ..errors import InputError, InvalidIdentifier
from ..identifiers import is_arxiv_id, normalize_title, parse_arxiv_id, slugify
from ..model import FIELD_TYPES, Paper, is_web_url
from ..store import read_toml
from ..taxonomy import Category, Taxonomy, fold
from . import Entry, Parsed, Unreadable

if TYPE_CHECKING:
    from ..lint import Finding

# Fields an import may fill on a paper that lacks them; title, venue and year are never overwritten.
FILLABLE = ("authors", "url", "website", "code", "doi", "journal_ref", "abstract", "primary_category",
            "published", "updated", "comment", "citekey", "arxiv_categories", "version")


@dataclass
class Correction:
    match: str
    values: dict[str, Any]
    why: str | None = None
    used: int = 0

    def matches(self, e: Entry) -> bool:
        try:
            return e.arxiv == parse_arxiv_id(self.match).id
        except InvalidIdentifier:
            return normalize_title(e.title) == normalize_title(self.match)


def load_corrections(path: Path) -> list[Correction]:
    """``[[correction]]`` tables: ``match`` (a title or an arXiv ID), ``why``, and the fields to set.
    Every value is checked as a paper file's would be, before anything is imported."""
    data = read_toml(path)
    items = data.get("correction", [])
    if not isinstance(items, list):
        raise InputError(f"{path}: 'correction' must be an array of tables ([[correction]])")
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("match"), str) or not item["match"].strip():
            raise InputError(f"{path}: correction #{i} needs a 'match' (a title or an arXiv ID)")
        values = {k: v for k, v in item.items() if k not in ("match", "why")}
        unknown = set(values) - CORRECTABLE
        if unknown:
            raise InputError(f"{path}: correction #{i} sets unknown field(s) {', '.join(sorted(unknown))}")
        try:
            values = check_values(values)
        except InputError as e:
            raise InputError(f"{path}: correction #{i}: {e.message}") from None
        out.append(Correction(item["match"], values, item.get("why")))
    return out


CORRECTABLE = frozenset({"arxiv", "title", "venue", "year", "website", "code", "url", "key", "authors"})


def check_values(values: dict[str, Any]) -> dict[str, Any]:
    """Field values as a paper file must hold them; InputError naming the first that is not."""
    from ..identifiers import slugify

    out = dict(values)
    for name, value in values.items():
        if name == "year":
            if not isinstance(value, int) or isinstance(value, bool) or not 1900 <= value <= 2100:
                raise InputError(f"'year' must be a whole year, not {value!r}")
        elif name == "authors":
            if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
                raise InputError("'authors' must be a list of names")
        elif not isinstance(value, str) or not value.strip():
            raise InputError(f"'{name}' must be a non-empty string, not {value!r}")
        elif name in ("website", "code", "url") and not is_web_url(value):
            raise InputError(f"'{name}' {value!r} is not an http(s) URL")
        elif name == "arxiv":
            try:
                out[name] = parse_arxiv_id(value).id
            except InvalidIdentifier as e:
                raise InputError(str(e)) from None
        elif name == "key" and slugify(value, max_words=99) != value and not is_arxiv_id(value):
            raise InputError(f"'key' {value!r} must be a slug (lower-case words joined by hyphens) or an arXiv ID")
    return out


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
    writes: dict[str, Paper] = field(default_factory=dict)
    lint: list[Finding] = field(default_factory=list)  # what `vla lint` would flag in the papers written
    taxonomy: Taxonomy | None = None  # a taxonomy grown from the headings, to write first

    @property
    def ok(self) -> bool:
        return not self.unreadable


def is_preprint_venue(venue: str | None) -> bool:
    return not venue or venue.strip().casefold() in {"arxiv", "corr", "arxiv preprint", "preprint"}


class _Planner:
    def __init__(self, catalog: Catalog, report: ImportReport, *, fill_missing: bool, id_wins: bool,
                 merge_existing: bool, add_new: bool = True) -> None:
        self.catalog = catalog
        self.add_new = add_new
        self.merge_existing = merge_existing
        self.report = report
        self.fill_missing = fill_missing
        self.id_wins = id_wins
        self.records: dict[str, Paper] = {}  # key -> paper being built or changed
        self.lines: dict[str, int] = {}  # key -> first line
        self.existing: set[str] = set()  # keys of records that come from the catalog
        self.before: dict[str, dict[str, Any]] = {}
        self.by_title: dict[str, str] = {}
        self.by_arxiv: dict[str, str] = {}
        self.by_doi: dict[str, str] = {}
        self.cat_by_title: dict[str, Paper] = {}
        self.cat_by_doi: dict[str, Paper] = {}
        self.cat_by_arxiv: dict[str, Paper] = {}
        self.catalog_keys = {p.key for p in catalog.papers()}
        for p in catalog.papers():
            self.cat_by_title.setdefault(normalize_title(p.title), p)
            if p.doi:
                self.cat_by_doi.setdefault(p.doi.casefold(), p)
            if p.arxiv:
                self.cat_by_arxiv.setdefault(p.arxiv, p)

    # -- finding a home for an entry ------------------------------------------------------
    def _take_existing(self, p: Paper) -> str:
        if p.key not in self.records:
            fresh = p.copy()
            self.records[p.key] = fresh
            self.existing.add(p.key)
            self.before[p.key] = fresh.to_dict()
            self._index(fresh)
        return p.key

    def _index(self, p: Paper) -> None:
        self.by_title.setdefault(normalize_title(p.title), p.key)
        if p.arxiv:
            self.by_arxiv.setdefault(p.arxiv, p.key)
        if p.doi:
            self.by_doi.setdefault(p.doi.casefold(), p.key)

    def _same_title(self, p: Paper, e: Entry) -> bool:
        return normalize_title(p.title) == normalize_title(e.title)

    def home(self, e: Entry) -> tuple[str | None, str | None]:
        """(key to merge into, conflicting key) for an entry."""
        title = normalize_title(e.title)
        doi = str(e.fields.get("doi", "")).casefold() or None
        if e.arxiv:
            key = self.by_arxiv.get(e.arxiv)
            if key and (self.id_wins or self._same_title(self.records[key], e)):
                return key, None
            p = self.cat_by_arxiv.get(e.arxiv)
            if p and (self.id_wins or self._same_title(p, e)):
                return self._take_existing(p), None
        if doi:
            if doi in self.by_doi:
                return self.by_doi[doi], None
            if doi in self.cat_by_doi:
                return self._take_existing(self.cat_by_doi[doi]), None
        if title:
            key = self.by_title.get(title)
            if key and (not e.arxiv or not self.records[key].arxiv or self.records[key].arxiv == e.arxiv):
                return key, None
            p = self.cat_by_title.get(title)
            if p and (not e.arxiv or not p.arxiv or p.arxiv == e.arxiv):
                return self._take_existing(p), None
        if e.arxiv:
            clash = self.by_arxiv.get(e.arxiv) or (p.key if (p := self.cat_by_arxiv.get(e.arxiv)) else None)
            if clash:
                return None, clash
        return None, None

    def new_key(self, e: Entry) -> str:
        if e.key:
            base = e.key
        elif e.arxiv and e.arxiv not in self.by_arxiv and e.arxiv not in self.cat_by_arxiv:
            return e.arxiv
        else:
            base = slugify(e.title)
        key, n = base, 2
        while key in self.records or key in self.catalog_keys:
            key, n = f"{base}-{n}", n + 1
        return key

    # -- merging ------------------------------------------------------------------------
    def add(self, e: Entry) -> None:
        key, clash = self.home(e)
        if key is None and not self.add_new:
            self.report.notes.append(f"line {e.line}: {e.title!r} is not in the catalog; not added")
            return
        if key is None:
            key = self.new_key(e)
            p = Paper(key=key, title=e.title)
            self.records[key] = p
            self.lines[key] = e.line
            self._fill(p, e, new=True)
            self._index(p)
            if clash:
                other = self.records.get(clash) or self.catalog.get(clash)
                self.report.conflicts.append(
                    f"line {e.line}: arXiv {e.arxiv} is given for {e.title!r}, but it is "
                    f"{other.title!r} ({clash}); kept apart as {key!r}"
                )
            return
        p = self.records[key]
        if key in self.existing and not self.merge_existing:
            return  # reported as already in the catalog; nothing taken from the entry
        first = self.lines.get(key)
        if key not in self.existing or first is not None:
            self.report.repeats += 1
        self.lines.setdefault(key, e.line)
        self._merge(p, e, f"line {first}" if first is not None else "the catalog")

    def _fill(self, p: Paper, e: Entry, new: bool) -> None:
        values: dict[str, Any] = {"arxiv": e.arxiv, "url": e.url, "website": e.website, "code": e.code,
                                  "authors": e.authors or None, **e.fields}
        if new:
            values.update(year=e.year, venue=e.venue)
        for name, value in values.items():
            if value is None or value == "" or value == []:
                continue
            if name not in FIELD_TYPES:
                if name not in p.extra:
                    p.extra[name] = value
                continue
            if name in ("title", "venue", "year", "categories", "pinned"):
                if new and getattr(p, name) in (None, "", []):
                    setattr(p, name, value)
                continue
            current = getattr(p, name)
            if current is None or current == [] or current == {}:
                if new or self.fill_missing or name in ("arxiv", "url", "website", "code"):
                    setattr(p, name, value)
        for slug in e.categories:
            if slug not in p.categories:
                p.categories.append(slug)

    def _merge(self, p: Paper, e: Entry, before: str) -> None:
        where = f"{p.key} ({before} and line {e.line})"
        if e.title != p.title and self._same_title(p, e):
            self.report.notes.append(f"{where}: title spelled two ways: {p.title!r} / {e.title!r}; kept the first")
        elif e.title != p.title:
            self.report.notes.append(f"{where}: also listed as {e.title!r}")
        from_catalog = p.key in self.existing
        if e.venue and p.venue and e.venue != p.venue:
            if is_preprint_venue(p.venue) and not is_preprint_venue(e.venue) and not from_catalog \
                    and "venue" not in p.pinned:
                self.report.conflicts.append(f"{where}: venue {p.venue} / {e.venue}; kept {e.venue}")
                p.venue = e.venue
                if e.year is not None:
                    p.year = e.year
            else:
                self.report.conflicts.append(f"{where}: venue {p.venue} / {e.venue}; kept {p.venue}")
        if e.year is not None and p.year is not None and e.year != p.year:
            self.report.conflicts.append(f"{where}: year {p.year} / {e.year}; kept {p.year}")
        elif p.year is None and e.year is not None and not from_catalog:
            p.year = e.year
        if p.venue is None and e.venue and not from_catalog:
            p.venue = e.venue
        self._fill(p, e, new=False)

    def finish(self) -> None:
        for key, p in self.records.items():
            if key in self.existing:
                after = p.to_dict()
                if after == self.before[key]:
                    self.report.unchanged.append(key)
                    continue
                gained = [k for k in after if after[k] != self.before[key].get(k)]
                self.report.merged.append((key, gained))
            else:
                self.report.added.append(key)
            self.report.writes[key] = p


def create_categories(taxonomy: Taxonomy, parsed: Parsed, report: ImportReport) -> Taxonomy:
    """A taxonomy grown from the headings: each heading above an entry becomes a category under the
    heading above it (one that the taxonomy already names is reused), and each entry is filed
    under its innermost heading. Headings with no entry beneath them (a table of contents,
    "Contact") make no category."""
    tax = Taxonomy([Category(c.slug, c.name, c.parent, list(c.aliases), c.figure, c.caption, dict(c.extra))
                    for c in taxonomy], title=taxonomy.title, extra=taxonomy.extra)
    by_path: dict[tuple[str, ...], str] = {}
    created: list[str] = []
    for e in parsed.entries:
        parent: str | None = None
        for depth in range(len(e.headings)):
            path = tuple(e.headings[: depth + 1])
            if path not in by_path:
                heading = path[-1]
                found = tax.find(heading)
                if found is not None and found.parent == parent:
                    by_path[path] = found.slug
                else:
                    base = slugify(heading, max_words=6)
                    base = base if base[:1].isalnum() else "category"
                    slug, n = base, 2
                    while slug in tax:
                        slug, n = f"{base}-{n}", n + 1
                    tax.add(Category(slug, heading, parent))
                    by_path[path] = slug
                    created.append(slug)
            parent = by_path[path]
        if parent is not None and not e.categories:
            e.categories = [parent]
    if created:
        report.notes.append(f"categories created from the headings: {', '.join(created)}")
    return tax


def map_categories(catalog: Catalog, parsed: Parsed, report: ImportReport,
                   heading_map: dict[str, str] | None = None, extra: list[str] | None = None) -> None:
    """Give each entry the category of its nearest heading that names one (by name, alias or --map)."""
    tax = catalog.taxonomy
    folded = {fold(k): v for k, v in (heading_map or {}).items()}
    unmapped: dict[str, int] = {}
    for e in parsed.entries:
        if not e.categories:
            for heading in reversed(e.headings):
                slug = folded.get(fold(heading))
                if slug is None:
                    found = tax.find(heading)
                    slug = found.slug if found else None
                if slug:
                    e.categories = [slug]
                    break
            else:
                if e.headings:
                    unmapped.setdefault(e.headings[-1], e.line)
        for slug in extra or []:
            if slug not in e.categories:
                e.categories.append(slug)
    for heading, line in unmapped.items():
        report.notes.append(f"line {line}: heading {heading!r} matches no category; its papers have none "
                            f"(use --map '{heading}=SLUG')")


def plan(catalog: Catalog, parsed: Parsed, source: str, *, corrections: list[Correction] | None = None,
         heading_map: dict[str, str] | None = None, categories: list[str] | None = None,
         fill_missing: bool = True, id_wins: bool = False, merge_existing: bool = True,
         add_new: bool = True, new_categories: bool = False) -> ImportReport:
    """Work out what importing ``parsed`` would do; write nothing. With ``new_categories``, the
    taxonomy grows from the headings (see :func:`create_categories`); the catalog object uses it
    at once, and :func:`apply` writes it."""
    report = ImportReport(source=source, unreadable=list(parsed.unreadable))
    for c in corrections or []:
        for e in parsed.entries:
            if c.matches(e):
                c.used += 1
                for name, value in c.values.items():
                    setattr(e, name, value) if hasattr(e, name) else e.fields.__setitem__(name, value)
    for c in corrections or []:
        if not c.used:
            report.notes.append(f"correction for {c.match!r} matched no entry")
    if new_categories:
        report.taxonomy = create_categories(catalog.taxonomy, parsed, report)
        catalog.use_taxonomy(report.taxonomy)
    map_categories(catalog, parsed, report, heading_map, categories)
    planner = _Planner(catalog, report, fill_missing=fill_missing, id_wins=id_wins, merge_existing=merge_existing,
                       add_new=add_new)
    report.notes.extend(parsed.notes)
    for e in parsed.entries:
        report.notes.extend(f"line {e.line}: {note}" for note in e.notes)
        if not e.url and not e.arxiv:
            report.notes.append(f"line {e.line}: {e.title!r} has no link; kept by slug")
        planner.add(e)
    planner.finish()
    report.lint = lint_writes(catalog, report)
    return report


def lint_writes(catalog: Catalog, report: ImportReport) -> list[Finding]:
    """The errors `vla lint` would report once these writes land, for the papers they touch."""
    from ..lint import ERROR, check_papers

    view = {p.key: p for p in catalog.papers()}
    view.update(report.writes)
    touched = set(report.writes)
    return [f for f in check_papers(catalog.taxonomy, list(view.values()))
            if f.level == ERROR and touched.intersection(f.papers)]


def apply(catalog: Catalog, report: ImportReport) -> None:
    """Write every new or changed paper once, under one hold of the lock."""
    with catalog.locked():
        if report.taxonomy is not None:
            catalog.write_taxonomy(report.taxonomy)
        catalog.save_many(report.writes.values())
