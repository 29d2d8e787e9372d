"""Editing the taxonomy: add, rename, move and remove a category, with the papers and the README
markers that name it following along.

Each function takes the catalog's lock, re-reads the taxonomy and the papers under it, then writes
the taxonomy first, each paper that names the category next, and the README markers last, each
file atomically. A run interrupted between files is finished by running it again: a renamed
category answers to its old slug (kept as an alias), and every step skips what is already done.

    from vlacli import Catalog
    from vlacli.ops.categories import add_category, rename_category
    cat = Catalog.open("catalog")
    add_category(cat, "robotics", "Robotics")
    rename_category(cat, "robotics", new_slug="robot-learning", readmes=[Path("README.md")])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.taxonomy import _SLUG, Category, Taxonomy, fold
from ..errors import FieldValueError, InputError, VlaError
from ..storage.catalog import Catalog


@dataclass
class CategoryChange:
    """What an edit did: the taxonomy's new state, the papers re-filed and the README lines rewritten."""

    taxonomy: Taxonomy
    category: Category | None  # the category as it is now (None once removed)
    papers: list[str] = field(default_factory=list)  # keys of the papers re-filed
    markers: list[str] = field(default_factory=list)  # "README.md:12" for each marker rewritten


def default_name(slug: str) -> str:
    """The heading a new category gets when none is given: ``robot-learning`` -> ``Robot learning``."""
    return slug.replace("-", " ").capitalize()


def check_slug(slug: str) -> str:
    if not _SLUG.match(slug):
        raise InputError(f"category slug {slug!r} must be lower-case words joined by hyphens",
                         f"for example {fold(slug) or 'robot-learning'!r}")
    return slug


def add_category(catalog: Catalog, slug: str, name: str | None = None, parent: str | None = None,
                 aliases: Sequence[str] = ()) -> CategoryChange:
    """Add a category, the last child of ``parent`` (slug, name, alias or prefix), or the last pillar."""
    check_slug(slug)
    if name is not None and not name.strip():
        raise FieldValueError("name", "cannot be empty")
    with catalog.locked():
        catalog.reload()
        tax = catalog.taxonomy
        if slug in tax:
            raise InputError(f"category {slug!r} already exists ({tax[slug].name})")
        parent_slug = tax.resolve(parent).slug if parent else None
        cat = Category(slug=slug, name=(name or default_name(slug)).strip(), parent=parent_slug,
                       aliases=[a.strip() for a in aliases if a.strip()])
        new = tax.with_category(cat)
        catalog.write_taxonomy(new)
    return CategoryChange(new, new[slug])


def rename_category(catalog: Catalog, ref: str, *, new_slug: str | None = None, name: str | None = None,
                    readmes: Iterable[Path] = ()) -> CategoryChange:
    """Give a category a new slug and/or name (the old ones become aliases); the papers filed under
    the old slug and the README markers naming it are changed to the new one."""
    if new_slug is None and name is None:
        raise InputError("nothing to rename", "give --name NAME, --slug SLUG or both")
    if new_slug is not None:
        check_slug(new_slug)
    if name is not None and not name.strip():
        raise FieldValueError("name", "cannot be empty")
    readmes = list(readmes)
    with catalog.locked():
        catalog.reload()
        tax = catalog.taxonomy
        old = tax.resolve(ref)
        target = new_slug or old.slug
        if target != old.slug and target in tax:
            raise InputError(f"category {target!r} already exists ({tax[target].name})")
        # `ref` may be the old slug of a rename that was interrupted: finish it.
        sources = [s for s in dict.fromkeys((old.slug, ref)) if s != target and s not in tax and _SLUG.match(s)]
        if target != old.slug:
            sources.insert(0, old.slug)
        new = tax.renamed(old.slug, target, name.strip() if name else None)
        markers = _markers(tax, readmes, old.slug, target) if sources else _Markers([], [])
        change = CategoryChange(new, new[target])
        change.papers = _refile(catalog, new, sources, target)
        change.markers = _write_markers(markers)
    return change


def move_category(catalog: Catalog, ref: str, parent: str | None) -> CategoryChange:
    """Make a category (with everything beneath it) the last child of ``parent``, or a pillar for None.
    Papers and markers name it by slug, which does not change."""
    with catalog.locked():
        catalog.reload()
        tax = catalog.taxonomy
        cat = tax.resolve(ref)
        parent_slug = tax.resolve(parent).slug if parent is not None else None
        new = tax.moved(cat.slug, parent_slug)
        catalog.write_taxonomy(new)
    return CategoryChange(new, new[cat.slug])


def remove_category(catalog: Catalog, ref: str, *, to: str | None = None,
                    readmes: Iterable[Path] = ()) -> CategoryChange:
    """Remove a category that has no subcategories. Papers filed under it, and README markers naming
    it, go to ``to``; without ``to`` they make it an error (nothing is written)."""
    readmes = list(readmes)
    with catalog.locked():
        catalog.reload()
        tax = catalog.taxonomy
        cat = tax.resolve(ref)
        dest = tax.resolve(to).slug if to is not None else None
        if dest == cat.slug:
            raise FieldValueError("to", f"{to!r} is the category being removed")
        new = tax.without(cat.slug)
        markers = _markers(tax, readmes, cat.slug, dest)
        if dest is None:
            filed = [p.key for p in catalog.papers(abstracts=False) if cat.slug in p.categories]
            if filed:
                many, they, them = (f"{len(filed)} papers are", "they go", "them") if len(filed) > 1 else (
                    "1 paper is", "it goes", "it")
                raise InputError(f"{many} filed under {cat.slug!r} ({', '.join(filed[:3])}"
                                 f"{', …' if len(filed) > 3 else ''})",
                                 f"say where {they} with --to CATEGORY, or untag {them} first")
            if markers.lines:
                raise InputError(f"README markers name {cat.slug!r} ({', '.join(markers.lines)})",
                                 "say where they go with --to CATEGORY, or edit them first")
        change = CategoryChange(new, None)
        change.papers = _refile(catalog, new, [cat.slug], dest) if dest is not None else []
        if dest is None:
            catalog.write_taxonomy(new)
        change.markers = _write_markers(markers)
    return change


# -- the papers and READMEs that name a category ------------------------------------------------------
def _refile(catalog: Catalog, taxonomy: Taxonomy, old: list[str], new: str) -> list[str]:
    """Write the new taxonomy and file every paper filed under one of ``old`` under ``new`` instead
    (once, in its place), as one change: a crash leaves the old taxonomy and papers or the new ones,
    never a taxonomy without a category its papers are filed under. Called under the lock, after
    ``reload``: the papers are the files as they are now. Returns the keys of the papers re-filed."""
    moved = [p.copy() for p in catalog.papers(abstracts=True) if set(old) & set(p.categories)]
    for paper in moved:
        paper.categories = list(dict.fromkeys(new if c in old else c for c in paper.categories))
    catalog.save_many(moved, taxonomy, also=_watch_files(catalog, old, new))
    return [p.key for p in moved]


def _watch_files(catalog: Catalog, old: list[str], new: str) -> list[tuple[Path, str]]:
    """The inbox's candidates filed under ``new`` instead of ``old``, and ``watch.toml``'s memory of
    ``old``'s search kept under ``new`` (or forgotten when ``new`` already has its own): the writes
    that carry a rename or a removal into them, in the same change as the taxonomy."""
    from .inbox import inbox_change, read_inbox
    from .watch import read_state, state_path

    writes: list[tuple[Path, str]] = []
    inbox = read_inbox(catalog)
    touched = [c for c in inbox.candidates if set(old) & set(c.categories)]
    for c in touched:
        c.categories = list(dict.fromkeys(new if s in old else s for s in c.categories))
    if touched:
        writes += inbox_change(catalog, inbox)
    state = read_state(catalog)
    gone = [s for s in old if s in state.searches]
    for slug in gone:
        memory = state.searches.pop(slug)
        state.searches.setdefault(new, memory)
    if gone:
        writes.append((state_path(catalog), state.dumps()))
    return writes


def _names(tax: Taxonomy, value: str, slug: str) -> bool:
    """Does a marker's ``--category`` value (a slug, name, alias or prefix) name ``slug``?"""
    try:
        return tax.resolve(value).slug == slug
    except VlaError:  # a marker naming some other word
        return False


@dataclass
class _Markers:
    """The README markers that name a category, read before anything is written."""

    edits: list[tuple[Path, str, str]]  # (README, its text now, its text with the markers rewritten)
    lines: list[str]  # "README.md:12" for each marker


def _markers(tax: Taxonomy, readmes: list[Path], old: str, new: str | None) -> _Markers:
    """Each ``<!-- vla:begin --category OLD … -->`` line of the READMEs, rewritten to name ``new``
    (``tax`` is the taxonomy before the edit, to read the markers as they were written)."""
    from ..readme.markers import begin_marker, find_sections
    from ..storage.store import read_text

    found = _Markers([], [])
    for path in readmes:
        document = read_text(path)
        out = document
        for s in reversed(find_sections(document, str(path))):
            if "category" in s.filters and _names(tax, s.filters["category"], old):
                if new is not None:
                    out = out[:s.begin] + begin_marker({**s.filters, "category": new}) + out[s.start:]
                found.lines.insert(0, f"{path}:{s.line}")
        if out != document:
            found.edits.append((path, document, out))
    return found


def _write_markers(markers: _Markers) -> list[str]:
    from ..storage.store import read_text, write_file

    for path, before, after in markers.edits:
        if read_text(path) != before:
            raise InputError(f"{path} changed while vla was editing the catalog", "run the command again")
        write_file(path, after)
    return markers.lines
