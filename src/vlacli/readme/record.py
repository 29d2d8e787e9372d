"""What vla last wrote into each README's generated sections: ``catalog/readme-base.toml``.

Written by ``vla export markdown --in-place`` and by ``vla sync``, committed with the catalog (so a
pull request and the maintainer's machine see the same record); ``vla sync`` and ``vla lint --readme``
compare a section with it to tell what people edited from what the catalog changed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import VlaError
from .markers import Section, options_text, parse_filters

if TYPE_CHECKING:
    from ..core.paper import Paper
    from ..storage.catalog import Catalog
    from .kept import Memory


BASE_FILE = "readme-base.toml"


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
        kept = entry.get("rows")
        if kept is not None and (not isinstance(kept, list) or len(kept) != len(sections) or not all(
                isinstance(r, list) and all(isinstance(t, str) for t in r) for r in kept)):
            raise CatalogFormatError(path, f"{what}: 'rows' must be a list of lists of strings, one a section",
                                     hint=hint)
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


def memories(catalog: Catalog, readme: Path, sections: Sequence[Section], document: str, papers: list[Paper],
             from_readme: bool = False) -> list[Memory | None]:
    """What each ``--rows`` section of the README holds (:mod:`.kept`; None for the others): the text vla
    last wrote there and its rows, when the record has them for a section that selects the same
    papers; else (or with ``from_readme``) the section as the README has it, read."""
    from ..core.matching import Matcher
    from .kept import Memory, read_memory
    from .markers import body

    entry = None if from_readme else _load_bases(catalog).get("readme", {}).get(_readme_id(catalog, readme))
    texts: list[str] = []
    marks: list[str | None] = []
    kept: list[list[str]] = []
    if entry is not None and len(entry["sections"]) == len(sections):
        texts, marks = entry["sections"], entry.get("filters") or [None] * len(sections)
        kept = entry.get("rows") or []
    matcher: Matcher | None = None
    out: list[Memory | None] = []
    for i, section in enumerate(sections):
        if "rows" not in section.filters or "chart" in section.filters:
            out.append(None)
            continue
        memory = None
        mark = marks[i] if i < len(kept) else None
        if mark is not None and _same(catalog, mark, section.filters):
            try:
                memory = Memory.of(texts[i], kept[i])
            except ValueError:  # a record edited by hand: read the README instead
                memory = None
        if memory is None:
            matcher = matcher or Matcher(papers)
            memory = read_memory(body(document, section), papers, matcher)
        out.append(memory)
    return out


def _same(catalog: Catalog, marks: str, filters: dict[str, str]) -> bool:
    try:
        return _selection(catalog, parse_filters(marks, "")) == _selection(catalog, filters)
    except VlaError:
        return False


def section_bases(catalog: Catalog, readme: Path, sections: Sequence[Section]) -> tuple[list[str | None], list[str]]:
    """The text vla last wrote into each of ``sections`` (None where there is no record of it), and
    notes on why not. A section is compared with its record only if it selects the same papers: a
    README with other sections now, or a marker that records other filters (a renamed category's old
    slug aside), has rows the record never held and lacks rows that were never deleted."""
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
        same = marks is None or _same(catalog, marks, section.filters)  # a record edited by hand is not
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


def record(catalog: Catalog, readme: Path, texts: list[str], filters: list[dict[str, str]],
           rows: list[list[str]] | None = None) -> None:
    """Remember what vla wrote into the README's sections, the filters each one's marker recorded and
    the paper rows of each ``--rows`` section (:class:`~.kept.Slot`, as recorded), under the catalog's lock;
    a read-only catalog, such as the bundled survey, keeps no record."""
    if catalog.read_only:
        return
    from ..storage.store import commit, dump_toml

    marks = [options_text(f) for f in filters]
    with catalog.locked():
        data = _load_bases(catalog)
        readmes = data.setdefault("readme", {})
        rid = _readme_id(catalog, readme)
        old = readmes.get(rid, {})
        kept = rows if rows is not None and any(rows) else None
        if old.get("sections") == texts and old.get("filters") == marks and old.get("rows") == kept:
            return
        readmes[rid] = {**{k: v for k, v in old.items() if k != "rows"}, "sections": texts, "filters": marks}
        if kept is not None:
            readmes[rid]["rows"] = kept
        header = ("# What vla last wrote into each README's generated sections: `vla sync` compares the README\n"
                  "# with it to find what people edited. Written by vla; do not edit.\n")
        commit(catalog.root, [(catalog.root / BASE_FILE, header + dump_toml(data))])
