"""``vla sync``: take what people changed in a README's generated sections back into the catalog.

vla records what it last wrote into each section of a README (``catalog/readme-base.toml``, written
by ``vla export markdown --in-place`` and by ``vla sync``; committed with the catalog, so a pull
request and the maintainer's machine see the same record). A sync compares each section with that
record, row by row — a row is a paper under one category's heading, known by its arXiv ID, else its
link, else its title:

- a row that was not there is a paper added to that category (a new paper is fetched from arXiv when
  it has an ID and the network is there, else kept from the row; the row's own values win);
- a row whose cells changed changes the paper's fields (a new title keeps the old one as an alias);
- a row that is gone takes the paper out of that category (a paper is never deleted).

What changed in the catalog since vla wrote the section (a paper added, a refresh) is not an edit
and is kept. Then the sections are rewritten from the catalog and the record updated, so a second
sync changes nothing. Without a record (a README vla has not written since this feature), the
section is compared with what the catalog gives now, and rows missing from it untag nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.identifiers import normalize_title
from ..core.paper import CELL_ROLES, DEFAULT_LABELS, Paper
from ..errors import InputError, VlaError

if TYPE_CHECKING:
    from ..formats.importers import Listing, Unreadable
    from ..readme.sections import Section
    from ..sources.arxiv.fetch import Fetcher
    from ..storage.catalog import Catalog

BASE_FILE = "readme-base.toml"
COMPARED = ("title", "venue", "year", "url", "website", "code")


# -- the record of what vla wrote ------------------------------------------------------------------
def _readme_id(catalog: Catalog, readme: Path) -> str:
    """How the record names a README: its path from the folder that holds the catalog."""
    return os.path.relpath(readme.resolve(), catalog.root.resolve().parent).replace(os.sep, "/")


def _load_bases(catalog: Catalog) -> dict[str, Any]:
    """The record file's data, checked: a record that is not what vla writes (a bad hand edit or
    merge) is a CatalogFormatError naming it, never a guess."""
    from ..errors import CatalogFormatError
    from ..storage.store import read_optional_toml

    path = catalog.root / BASE_FILE
    data = read_optional_toml(path)
    if data is None:
        return {}
    hint = "delete it: the next 'vla export markdown --in-place' writes it anew"
    readmes = data.get("readme", {})
    if not isinstance(readmes, dict):
        raise CatalogFormatError(path, "'readme' must be a table of tables ([readme.\"PATH\"], one a README)",
                                 hint=hint)
    for rid, entry in readmes.items():
        what = f'[readme."{rid}"]'
        if not isinstance(entry, dict):
            raise CatalogFormatError(path, f"{what} must be a table", hint=hint)
        sections = entry.get("sections")
        if not isinstance(sections, list) or not all(isinstance(t, str) for t in sections):
            raise CatalogFormatError(path, f"{what}: 'sections' must be a list of strings", hint=hint)
        marks = entry.get("filters")
        if marks is not None and (not isinstance(marks, list) or not all(isinstance(t, str) for t in marks)
                                  or len(marks) != len(sections)):
            raise CatalogFormatError(path, f"{what}: 'filters' must be a list of strings, one a section", hint=hint)
    return data


def recorded(catalog: Catalog, readme: Path) -> list[tuple[str, str | None]] | None:
    """What vla last wrote into the README's sections, in order: each one's text and the filters its
    marker recorded then (as the marker writes them; None in a record older than that), or None
    when it has no record."""
    entry = _load_bases(catalog).get("readme", {}).get(_readme_id(catalog, readme))
    if entry is None:
        return None
    marks = entry.get("filters") or [None] * len(entry["sections"])
    return list(zip(entry["sections"], marks, strict=True))


def section_bases(catalog: Catalog, readme: Path, sections: Sequence[Section]) -> tuple[list[str | None], list[str]]:
    """The text vla last wrote into each of ``sections`` (None where there is no record of it), and
    notes on why not. A section is compared with its record only if it selects the same papers: a
    README with other sections now, or a marker that records other filters (a renamed category's old
    slug aside), has rows the record never held and lacks rows that were never deleted."""
    from ..readme.sections import parse_filters

    rec = recorded(catalog, readme)
    if rec is not None and len(rec) != len(sections):
        return [None] * len(sections), [f"{readme}: its sections are not the ones vla last wrote; compared with "
                                        "the catalog"]
    if rec is None:
        return [None] * len(sections), [f"{readme}: no record of what vla last wrote; rows missing from it untag "
                                        "nothing (the next sync will know)"]
    bases: list[str | None] = []
    notes = []
    for (text, marks), section in zip(rec, sections, strict=True):
        try:
            same = marks is None or _selection(catalog, parse_filters(marks, "")) == _selection(catalog,
                                                                                                 section.filters)
        except VlaError:  # a record edited by hand
            same = False
        bases.append(text if same else None)
        if not same:
            notes.append(f"{readme}:{section.line}: the section's marker selects other papers than when vla wrote "
                         "it; compared with the catalog")
    return bases, notes


def _selection(catalog: Catalog, filters: dict[str, str]) -> dict[str, str]:
    """A section's filters, its category by slug as the taxonomy resolves it now (a renamed category
    answers to its old slug)."""
    category = filters.get("category")
    if category is None:
        return filters
    with contextlib.suppress(VlaError):
        category = catalog.taxonomy.resolve(category).slug
    return {**filters, "category": category}


def check_record(catalog: Catalog) -> None:
    """Raise what :func:`record` would, before anything else is written: a record that is not what
    vla writes, or (in a writable catalog) a record file linked out of the catalog."""
    from ..storage.store import target_within

    _load_bases(catalog)
    if not catalog.read_only:
        target_within(catalog.root / BASE_FILE, catalog.root)


def record(catalog: Catalog, readme: Path, texts: list[str], filters: list[dict[str, str]]) -> None:
    """Remember what vla wrote into the README's sections, and the filters each one's marker recorded
    (under the catalog's lock; a read-only catalog, such as the bundled survey, keeps no record)."""
    if catalog.read_only:
        return
    from ..readme.sections import options_text
    from ..storage.store import commit, dump_toml

    marks = [options_text(f) for f in filters]
    with catalog.locked():
        data = _load_bases(catalog)
        readmes = data.setdefault("readme", {})
        rid = _readme_id(catalog, readme)
        old = readmes.get(rid, {})
        if old.get("sections") == texts and old.get("filters") == marks:
            return
        readmes[rid] = {**old, "sections": texts, "filters": marks}
        header = ("# What vla last wrote into each README's generated sections: `vla sync` compares the README\n"
                  "# with it to find what people edited. Written by vla; do not edit.\n")
        commit(catalog.root, [(catalog.root / BASE_FILE, header + dump_toml(data))])


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


def rows(catalog: Catalog, text: str) -> dict[RowKey, Listing]:
    """The rows of a section's text, by category and paper."""
    return _read_rows(catalog, text)[0]


def _read_rows(catalog: Catalog, text: str) -> tuple[dict[RowKey, Listing], list[Unreadable]]:
    """:func:`rows`, and the lines that look like rows but cannot be read (line 1: the text's first)."""
    from ..formats.importers.markdown import parse_markdown

    tax = catalog.taxonomy
    out: dict[RowKey, Listing] = {}
    parsed = parse_markdown(text)
    for e in parsed.entries:
        found = next((c for h in reversed(e.headings) if (c := tax.find(h)) is not None), None)
        out.setdefault(RowKey(found.slug if found else "", _ident(e)), e)
    return out, parsed.unreadable


def _readable_rows(catalog: Catalog, readme: Path, section: Section, text: str) -> dict[RowKey, Listing]:
    """:func:`rows` of a section as the README has it now; a line that looks like a row but cannot be
    read is an InputError naming it: it is no deleted row (its paper would be untagged), nor a new paper."""
    out, unreadable = _read_rows(catalog, text)
    if unreadable:
        u = unreadable[0]
        raise InputError(f"{readme}:{section.line + u.line - 1}: {u.why}: {u.text.strip()[:100]}",
                         "fix the row or delete it, then run 'vla sync' again")
    return out


def _values(e: Listing) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(e, name) for name in COMPARED}
    for role in CELL_ROLES:
        out[role] = e.cell_links.get(role) or ([(DEFAULT_LABELS[role], getattr(e, role))] if getattr(e, role) else [])
    return out


def difference(catalog: Catalog, papers: list[Paper], old: str, new: str, added: str,
               removed: str) -> tuple[str, tuple[str, ...]]:
    """How two texts of a section differ, paper by paper, in words ("changed: 2506.01844 (venue)"),
    and the keys of the papers concerned."""
    def by_paper(text: str) -> dict[str, tuple[set[str], dict[str, Any], str]]:
        out: dict[str, tuple[set[str], dict[str, Any], str]] = {}
        for key, e in rows(catalog, text).items():
            cats, _, _ = out.setdefault(key.ident, (set(), _values(e), e.title))
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


# -- the report --------------------------------------------------------------------------------------
@dataclass
class SyncReport:
    readme: Path
    added: list[str] = field(default_factory=list)  # "2509.00001 (new, from arXiv) in quantization"
    tagged: list[str] = field(default_factory=list)  # "2506.01844 in quantization"
    untagged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # "2508.19958 venue: arXiv → CoRL"
    notes: list[str] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False

    @property
    def edits(self) -> int:
        return len(self.added) + len(self.tagged) + len(self.untagged) + len(self.changed)


@dataclass
class _Edit:
    kind: str  # "add", "remove", "change"
    key: RowKey
    row: Listing | None = None
    old: Listing | None = None


def _edits(catalog: Catalog, base: str | None, now: dict[RowKey, Listing], fallback: str) -> Iterator[_Edit]:
    """What people changed in a section whose rows are ``now``: against what vla last wrote there
    (``base``), else against what the catalog gives (``fallback``)."""
    before = rows(catalog, base if base is not None else fallback)
    for key, row in now.items():
        if key not in before:
            yield _Edit("add", key, row)
        elif _values(row) != _values(before[key]):
            yield _Edit("change", key, row, before[key])
    if base is not None:  # without a record, a missing row may be a paper added since: untag nothing
        for key, old in before.items():
            if key not in now:
                yield _Edit("remove", key, None, old)


def _find(catalog: Catalog, e: Listing) -> Paper | None:
    if e.arxiv:
        return catalog.find(e.arxiv)
    wanted = normalize_title(e.title)
    for p in catalog.papers(abstracts=False):
        if (e.url and p.url == e.url) or any(normalize_title(t) == wanted for t in (p.title, *p.aliases)):
            return catalog.find(p.key)  # the whole paper: it may be changed and written back
    return None


def _apply_row(p: Paper, row: Listing, old: Listing | None, report: SyncReport) -> None:
    """The row's cells that changed (or, for a new row, all it gives) onto the paper."""
    new_values, old_values = _values(row), _values(old) if old is not None else {}
    for name in COMPARED:
        value = new_values[name]
        if old is not None and value == old_values[name]:
            continue  # not edited: the catalog's value stands
        if name in CELL_ROLES:
            if value != p.cell_links(name):
                report.changed.append(f"{p.key} {name}: {getattr(p, name) or '(none)'} → "
                                      f"{value[0][1] if value else '(none)'}")
                p.set_cell_links(name, value)
            continue
        current = getattr(p, name)
        if value is None or value == current or (name == "url" and p.arxiv):
            continue
        report.changed.append(f"{p.key} {name}: {current if current is not None else '(none)'} → {value}")
        if name == "title":
            p.retitle(value)
        else:
            setattr(p, name, value)


def sync_readme(catalog: Catalog, readme: Path, *, dry_run: bool = False, offline: bool = False,
                fetcher: Fetcher | None = None) -> SyncReport:
    """Take the edits people made in the README's sections into the catalog, then rewrite the sections."""
    from ..readme.sections import body, find_sections, in_section, render_section, update_file
    from ..storage.store import read_text

    report = SyncReport(readme, dry_run=dry_run)
    if not dry_run:
        check_record(catalog)  # before any edit is taken in
    document = read_text(readme)
    sections = find_sections(document, str(readme))
    bases, notes = section_bases(catalog, readme, sections)
    report.notes += notes
    papers = catalog.papers(abstracts=False)
    edits: list[_Edit] = []
    for i, section in enumerate(sections):
        now = _readable_rows(catalog, readme, section, body(document, section))  # read once
        fallback = in_section(section, str(readme), lambda f: render_section(catalog, papers, f))
        edits += _edits(catalog, bases[i], now, fallback)
    if dry_run:
        for aid in _apply(catalog, edits, report, dry_run=True):
            report.added.append(f"{aid} (new: from arXiv, or from its row) in {_categories_of(edits, aid)}")
        return report
    with catalog.locked():
        catalog.reload()  # the edits land on the files as they are now
        new_ids = _apply(catalog, edits, report, dry_run=False)
    if new_ids:
        _fetch_new(catalog, new_ids, edits, report, offline, fetcher)
    report.written = readme in update_file(catalog, readme)
    return report


def _categories_of(edits: list[_Edit], arxiv_id: str) -> str:
    slugs = [e.key.category for e in edits if e.kind == "add" and e.row is not None and e.row.arxiv == arxiv_id]
    return ", ".join(s for s in slugs if s) or "no category"


def _apply(catalog: Catalog, edits: list[_Edit], report: SyncReport, dry_run: bool) -> list[str]:
    """Apply the edits to the papers (re-read under the lock); return the arXiv IDs of new papers to
    fetch. Papers without an ID are made from their rows at once."""
    new_ids: list[str] = []
    changed: dict[str, Paper] = {}

    def paper(p: Paper) -> Paper:
        return changed.setdefault(p.key, p.copy())

    for edit in edits:
        row = edit.row or edit.old
        assert row is not None
        slug = edit.key.category
        found = _find(catalog, row)
        if edit.kind == "add" and found is None:
            where = f" in {slug}" if slug else ""
            if row.arxiv:
                if row.arxiv not in new_ids:
                    new_ids.append(row.arxiv)
                continue
            from .importing import paper_from_listing

            p = paper_from_listing(row, catalog)
            if slug:
                p.categories.append(slug)
            changed[p.key] = p
            report.added.append(f"{p.key} (new, from the row){where}")
        elif found is None:
            report.notes.append(f"line {row.line}: {row.title!r} is not in the catalog; left alone")
        elif edit.kind == "add":
            p = paper(found)
            if slug and slug not in p.categories:  # the row's cells are a copy of the paper's: only tag
                p.categories.append(slug)
                report.tagged.append(f"{p.key} in {slug}")
        elif edit.kind == "change":
            _apply_row(paper(found), row, edit.old, report)
        elif slug and slug in found.categories:
            p = paper(found)
            p.categories = [c for c in p.categories if c != slug]
            report.untagged.append(f"{p.key} from {slug}" + ("" if p.categories else " (now in no category)"))
    if changed and not dry_run:
        catalog.save_many(changed.values())
    return new_ids


def _fetch_new(catalog: Catalog, ids: list[str], edits: list[_Edit], report: SyncReport, offline: bool,
               fetcher: Fetcher | None) -> None:
    """New rows with an arXiv ID: fetched as ``vla add`` does, then the row's own values on top; a
    paper arXiv cannot give (no network, no such ID) is kept from its row."""
    from ..sources.arxiv.fetch import Fetcher as DefaultFetcher
    from .add import add_papers
    from .importing import paper_from_listing

    by_id = {e.row.arxiv: e for e in edits if e.kind == "add" and e.row is not None and e.row.arxiv in ids}
    try:
        result = add_papers(catalog, ids, fetcher=fetcher or DefaultFetcher(offline=offline))
        fetched = {d.paper.key for d in result.done}
        error: VlaError | None = result.error
    except VlaError as e:
        fetched, error = set(), e
    if error is not None:  # the error names arXiv: "arXiv is unavailable at …"
        report.notes.append(f"{error}; made from the README's rows instead: "
                            f"{', '.join(aid for aid in ids if aid not in fetched)}")
    for aid in ids:
        edit = by_id[aid]
        assert edit.row is not None
        slugs = [s for s in _categories_of(edits, aid).split(", ") if s != "no category"]
        with catalog.locked():
            if aid in fetched:
                with catalog.edit(aid) as p:
                    _apply_row(p, edit.row, None, report)
                    p.categories += [s for s in slugs if s not in p.categories]
                source = "from arXiv"
            else:
                p = paper_from_listing(edit.row, catalog)
                p.categories = slugs
                catalog.save(p)
                source = "from the row"
        report.added.append(f"{aid} (new, {source}) in {_categories_of(edits, aid)}")
