"""Importers: format name -> a pure parser (text -> entries). One module a format.

Parsers never touch the catalog: they turn a file's text into :class:`Entry` records and a
list of lines they could not read. :mod:`vlacli.importers.merge` then matches the entries to
the catalog, merges repeats, reports conflicts and writes each paper once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..registry import lookup


@dataclass
class Entry:
    """One paper as one source line or block describes it."""

    line: int
    title: str
    arxiv: str | None = None
    url: str | None = None
    website: str | None = None
    code: str | None = None
    year: int | None = None
    venue: str | None = None
    authors: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # enclosing headings, outermost first
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
    entries: list[Entry] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the file, not one entry ("line N: …")


Parser = Callable[[str], Parsed]

# format name -> (module, function)
IMPORTERS: dict[str, tuple[str, str]] = {
    "markdown": ("markdown", "parse_markdown"),
    "bibtex": ("bibtex", "parse_bibtex"),
}


def get_parser(name: str) -> Parser:
    fn: Parser = lookup(IMPORTERS, __name__, name, "import")
    return fn
