"""Importers: format name -> a pure parser (text -> entries). One module a format.

Parsers never touch the catalog: they turn a file's text into :class:`Listing` records and a
list of lines they could not read. :mod:`vlacli.ops.importing` then matches the entries to
the catalog, merges repeats, reports conflicts and writes each paper once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..registry import load_target, lookup


@dataclass
class Listing:
    """One paper as one source line or block describes it."""

    line: int
    title: str
    arxiv: str | None = None
    url: str | None = None
    website: str | None = None
    code: str | None = None
    # Every (label, url) of a website or code cell that holds more than its one default link:
    # the first is ``website`` / ``code`` (see Paper.set_cell_links).
    cell_links: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    year: int | None = None
    venue: str | None = None
    authors: list[str] = field(default_factory=list)
    # The enclosing headings, outermost first (a headings.LeveledHeading knows its level).
    headings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # slugs, when the source names them
    fields: dict[str, Any] = field(default_factory=dict)  # anything else (abstract, doi, citekey…)
    key: str | None = None  # a key the source or a correction asks for
    notes: list[str] = field(default_factory=list)  # what the parser read past, for the report


@dataclass
class Unreadable:
    line: int
    text: str
    why: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.why}: {self.text.strip()[:100]}"


@dataclass
class Parsed:
    entries: list[Listing] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)  # looks like an entry, cannot be read
    skipped: list[Unreadable] = field(default_factory=list)  # holds a link but is no entry (a badge, news…), why
    notes: list[str] = field(default_factory=list)  # about the file, not one entry ("line N: …")
    headings: list[str] = field(default_factory=list)  # every heading's text, in document order
    # The text is of the format even where it holds no entry: an empty CSL-JSON list, a .bib of
    # @string definitions or comments only, a Markdown list with headings or only skipped lines.
    recognised: bool = False


Parser = Callable[[str], Parsed]


class MergePolicy(NamedTuple):
    """How an import merges into papers already in the catalog."""

    always_merge: bool  # fill the empty fields of papers already there, even without --merge
    id_wins: bool  # the same arXiv ID is the same paper whatever its title (else the title must agree)
    # A published venue the file gives replaces "arXiv" on a paper already in the catalog (a survey
    # README's venues are curated; a .bib's are long names of uneven quality: `vla venues` proposes those).
    published_wins: bool = False
    # A venue written out in full that the catalog's venue table knows ("Conference on Robot Learning")
    # is stored under the short name a list writes ("CoRL"); the exports write the full name back.
    short_venues: bool = False


class ImportFormat(NamedTuple):
    name: str
    target: str  # "package.module:function", relative to vlacli
    summary: str  # one line, for help texts and the README
    policy: MergePolicy = MergePolicy(always_merge=False, id_wins=True)
    options: frozenset[str] = frozenset()  # the format's own options of `vla import`, without "--"

    def load(self) -> Any:
        return load_target(self.target)


IMPORTERS: dict[str, ImportFormat] = {f.name: f for f in (
    ImportFormat("markdown", "formats.importers.markdown:parse_markdown",
                 "an awesome-list README: tables, bullets, CSV",
                 policy=MergePolicy(always_merge=True, id_wins=False, published_wins=True),
                 options=frozenset({"map", "create-categories", "merge", "update"})),
    ImportFormat("bibtex", "formats.importers.bibtex:parse_bibtex",
                 "a .bib file (Zotero, Google Scholar, arXiv, Better BibTeX)",
                 policy=MergePolicy(always_merge=False, id_wins=True, short_venues=True),
                 options=frozenset({"merge"})),
    ImportFormat("csl-json", "formats.importers.csljson:parse_csl_json", "CSL-JSON (Zotero, Pandoc, Better CSL JSON)",
                 policy=MergePolicy(always_merge=False, id_wins=True, short_venues=True),
                 options=frozenset({"merge"})),
)}


def get_importer(name: str) -> ImportFormat:
    return lookup(IMPORTERS, name, "import")
