"""Importers: format name -> a pure parser (text -> entries). One module a format.

Parsers never touch the catalog: they turn a file's text into :class:`Listing` records and a
list of lines they could not read. :mod:`vlacli.ops.importing` then matches the entries to
the catalog, merges repeats, reports conflicts and writes each paper once.

- :mod:`.markdown` — an awesome list, read from its structure: which blocks are entries (list items with
  their sub-items, table rows, one-paper sections and paragraphs), with the help of :mod:`.inline` (a
  block's text as runs and links, from Markdown or HTML), :mod:`.htmlblocks` (HTML tables and lists),
  :mod:`.evidence` (an entry's title, links, venue, year and authors, weighed) and :mod:`.phrases` (what
  a phrase is: a label, a venue, a date, names); :mod:`.headings` — categories from its headings;
- :mod:`.bibtex`, :mod:`.csljson` — a .bib file, CSL-JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..registry import load_target, lookup


@dataclass
class Source:
    """An entry as its file wrote it, kept with the paper it becomes so the export can write it back
    (see :mod:`vlacli.core.fields`): ``kind`` is the paper field that keeps it (``bibtex``, ``csl``)."""

    kind: str  # "bibtex" or "csl"
    key: str  # the entry's citation key, the item's id, as written
    type: str  # the entry type, lower case ("" for CSL-JSON, whose type is one of its fields)
    fields: dict[str, Any]  # every field, as written (a .bib's by lower-case name, @string macros expanded)
    form: dict[str, Any] = field(default_factory=dict)  # how this entry wrote them (a .bib's macros, inherited)
    shared: dict[str, Any] = field(default_factory=dict)  # what the file's entries share (@strings, blocks)


@dataclass
class Listing:
    """One paper as one source line or block describes it: from ``line`` to ``end`` (both 1-based), in
    the block that starts at ``block`` (a Markdown list, table, ``<details>`` or run of one-paper sections:
    the same for every entry of that block), so that its source text is the file's lines ``line``..``end``."""

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
    source: Source | None = None  # the entry as the file wrote it (a .bib entry, a CSL-JSON item)
    end: int = 0  # its last line (0: its first)
    block: int = 0  # where the block it is part of starts (0: its own line)
    # Why its title may not be the paper's ("title 'K-EQA' taken from a short name"), when its text gives
    # no better: reported with its line, and replaced by arXiv's with `vla import markdown --fetch`.
    doubt: str | None = None
    # The entry's other arXiv links, that no entry of the file has for its own (a badge, ``[extension](…)``):
    # the paper's, where ``arxiv`` is another paper's (a list's copied link), else only told.
    other_arxiv: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.end = max(self.end, self.line)
        self.block = self.block or self.line

    def shift(self, lines: int) -> None:
        """Its lines ``lines`` further down (a part of a file read apart, put back in place)."""
        self.line, self.end, self.block = self.line + lines, self.end + lines, self.block + lines


@dataclass
class Unreadable:
    """A line (or, from ``line`` to ``end``, a block: a list item over several lines, an HTML table's row) that
    holds a link and is no entry: unreadable, or skipped, and why."""

    line: int
    text: str
    why: str
    end: int = 0  # its last line (0: its first)

    def __post_init__(self) -> None:
        self.end = max(self.end, self.line)

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
                 "an awesome-list README: lists, pipe and HTML tables, one-paper sections and paragraphs, CSV",
                 policy=MergePolicy(always_merge=True, id_wins=False, published_wins=True),
                 options=frozenset({"map", "create-categories", "merge", "update", "fetch"})),
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
