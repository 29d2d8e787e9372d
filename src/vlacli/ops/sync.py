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

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.fields import FIELDS
from ..core.matching import Matcher
from ..core.paper import CELL_ROLES, Paper
from ..errors import VlaError
from ..readme.record import check_record, section_bases
from ..readme.rows import COMPARED, RowKey, readable_rows, row_values, rows, section_category

if TYPE_CHECKING:
    from ..formats.importers import Listing
    from ..sources.arxiv.fetch import Fetcher
    from ..storage.catalog import Catalog


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


def _edits(catalog: Catalog, base: str | None, now: dict[RowKey, Listing], fallback: str,
           category: str = "") -> Iterator[_Edit]:
    """What people changed in a section whose rows are ``now``: against what vla last wrote there
    (``base``), else against what the catalog gives (``fallback``); ``category``: a ``--rows`` section's."""
    before = rows(catalog, base if base is not None else fallback, category)
    for key, row in now.items():
        if key not in before:
            yield _Edit("add", key, row)
        elif row_values(row) != row_values(before[key]):
            yield _Edit("change", key, row, before[key])
    if base is not None:  # without a record, a missing row may be a paper added since: untag nothing
        for key, old in before.items():
            if key not in now:
                yield _Edit("remove", key, None, old)


def _find(catalog: Catalog, known: Matcher, e: Listing) -> Paper | None:
    """The paper a row is: by its arXiv ID alone when it has one (a new ID is a new paper, fetched), else
    by its link, else its title or an earlier one (:mod:`vlacli.core.matching`) — a row's year may be the
    very cell a person edited, so it is no test here, as it is not a row's identity."""
    if e.arxiv:
        return catalog.find(e.arxiv)
    found = known.row_paper(e.url, e.title)
    return catalog.find(found.key) if found else None  # the whole paper: it may be changed and written back


def _apply_row(p: Paper, row: Listing, old: Listing | None, report: SyncReport) -> None:
    """The row's cells that changed (or, for a new row, all it gives) onto the paper. A cell a person
    edited is theirs, as a value given to ``vla set`` is: pinned (:func:`vlacli.core.fields.may_change`),
    so a link they deleted stays deleted."""
    new_values, old_values = row_values(row), row_values(old) if old is not None else {}
    for name in COMPARED:
        value = new_values[name]
        if old is not None and value == old_values[name]:
            continue  # not edited: the catalog's value stands
        if name in CELL_ROLES:
            if value != p.cell_links(name):
                report.changed.append(f"{p.key} {name}: {getattr(p, name) or '(none)'} → "
                                      f"{value[0][1] if value else '(none)'}")
                p.set_cell_links(name, value)
                _pin_edit(p, name, old)
            continue
        current = getattr(p, name)
        if value is None or value == current or (name == "url" and p.arxiv):
            continue
        report.changed.append(f"{p.key} {name}: {current if current is not None else '(none)'} → {value}")
        if name == "title":
            p.retitle(value)
        else:
            setattr(p, name, value)
        _pin_edit(p, name, old)


def _pin_edit(p: Paper, name: str, old: Listing | None) -> None:
    """An edited cell of a row that was there is a person's value (a new row's cells are not pinned: its
    venue, "arXiv", still waits for the published one)."""
    if old is not None and FIELDS[name].pins:
        p.pin(name)


def sync_readme(catalog: Catalog, readme: Path, *, dry_run: bool = False, offline: bool = False,
                fetcher: Fetcher | None = None) -> SyncReport:
    """Take the edits people made in the README's sections into the catalog, then rewrite the sections."""
    from ..readme.markers import body, find_sections
    from ..readme.record import memories
    from ..readme.sections import render_all, update_file
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
    fallbacks = render_all(catalog, papers, [s.filters for s in sections], readme.parent,
                           memories(catalog, readme, sections, document, papers), str(readme),
                           [s.line for s in sections])
    for i, section in enumerate(sections):
        now = readable_rows(catalog, readme, section, body(document, section))  # read once
        edits += _edits(catalog, bases[i], now, fallbacks[i].text, section_category(catalog, section.filters))
    if dry_run:
        for aid in _apply(catalog, edits, report, dry_run=True):
            report.added.append(f"{aid} (new: from arXiv, or from its row) in {_categories_of(edits, aid)}")
        return report
    with catalog.locked():
        catalog.reload()  # the edits land on the files as they are now
        new_ids = _apply(catalog, edits, report, dry_run=False)
    if new_ids:
        _fetch_new(catalog, new_ids, edits, report, offline, fetcher)
    report.written = readme in update_file(catalog, readme, from_readme=True)
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

    known = Matcher(catalog.papers(abstracts=False))
    for edit in edits:
        row = edit.row or edit.old
        assert row is not None
        slug = edit.key.category
        found = _find(catalog, known, row)
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
