"""Rows kept as the README wrote them: a ``--rows`` section (a block of a list ``vla adopt`` marked)
writes each paper's row as it was, while the paper's values are still those the row showed.

A section's memory is its text as vla last wrote it, with a slot for each paper row in it: where the
row lies, whose it is, and a digest of the values the row showed (see
:meth:`vlacli.formats.exporters.rowstyles.Style.digest`). Writing the section again goes through
that text: every line that is no row (a table's header, a note between rows, a blank line) is kept;
a row whose paper still shows the same values is kept as it is; a row whose paper changed is
rendered from the section's style; a row whose paper left the section goes; a paper new to the
section goes where the style's sort puts it among the rows. So the section changes nothing after
``vla adopt``, and after ``vla set ID --title …`` only that paper's rows.

Without a record of what vla wrote (or after ``vla sync``, which takes the README's rows in), the
memory is read from the README itself: a row is kept while it reads as its paper's values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from ..core.matching import Matcher, normalize_title
from ..core.paper import CELL_ROLES
from ..text import clean
from .rows import row_values

if TYPE_CHECKING:
    from ..core.paper import Paper
    from ..core.taxonomy import Category
    from ..formats.exporters.rowstyles import Columns, Style
    from ..formats.importers import Listing


@dataclass(frozen=True)
class Slot:
    """One paper's row in a section's text: lines ``first`` to ``first + count - 1`` (0-based)."""

    category: str  # the slug the row is filed under ("" for none)
    key: str
    first: int
    count: int
    digest: str | None = None  # of the values the row shows; None: read from the README, checked by reading
    listing: Listing | None = field(default=None, compare=False)  # the row as read (digest None)

    def record(self) -> str:
        return f"{self.category or '-'} {self.key} {self.first} {self.count} {self.digest or '-'}"

    @classmethod
    def parse(cls, text: str) -> Slot:
        """The inverse of :meth:`record`; ValueError for a text it did not write."""
        category, key, first, count, digest = text.split(" ")
        slot = cls("" if category == "-" else category, key, int(first), int(count), None if digest == "-" else digest)
        if slot.first < 0 or slot.count < 1 or slot.digest is None:
            raise ValueError(text)
        return slot


@dataclass
class Memory:
    """A section's text (its lines, without their ends) and the paper rows in it."""

    lines: list[str]
    slots: list[Slot]

    @classmethod
    def of(cls, text: str, records: list[str]) -> Memory:
        lines = section_lines(text)
        slots = [Slot.parse(r) for r in records]
        for a, b in pairwise(slots):
            if b.first < a.first + a.count:
                raise ValueError("rows overlap")
        if slots and slots[-1].first + slots[-1].count > len(lines):
            raise ValueError("a row past the section's end")
        return cls(lines, slots)

    def keys(self) -> set[str]:
        return {s.key for s in self.slots}


def section_lines(text: str) -> list[str]:
    """A section's text as lines: the line break that ends its begin marker's line is no line of it."""
    lines = text.removeprefix("\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_memory(text: str, papers: list[Paper], matcher: Matcher | None = None) -> Memory:
    """A section's memory read from its text as the README has it: each row it reads (with the
    Markdown reader) whose paper is in the catalog is a slot, kept while it reads as that paper."""
    from ..formats.importers.markdown import parse_markdown
    from ..formats.mdblocks import spans

    known = matcher or Matcher(papers)
    by_key = {p.key: p for p in papers}
    lines = section_lines(text)
    text = "".join(line + "\n" for line in lines)
    where = spans(text)
    parsed = parse_markdown(text)
    starts = sorted(e.line for e in parsed.entries)
    slots: list[Slot] = []
    for e in parsed.entries:
        p = _paper_of(e, known, by_key)
        if p is None:
            continue
        span = where.get(e.line)
        end = span.end if span is not None else e.line
        later = [n for n in starts if n > e.line]
        if later:
            end = min(end, later[0] - 1)
        slots.append(Slot("", p.key, e.line - 1, end - e.line + 1, None, e))
    slots.sort(key=lambda s: s.first)
    kept: list[Slot] = []
    for s in slots:  # a line is one row's
        if not kept or s.first >= kept[-1].first + kept[-1].count:
            kept.append(s)
    return Memory(lines, kept)


def _paper_of(e: Listing, known: Matcher, by_key: dict[str, Paper]) -> Paper | None:
    if e.arxiv:
        titled = next((p for p in known.with_title(e.title) if p.arxiv == e.arxiv), None)
        return known.with_arxiv(e.arxiv, e.title) or titled or known.with_arxiv(e.arxiv)
    found = known.row_paper(e.url, e.title)
    return by_key.get(found.key) if found is not None else None


def reads_as(e: Listing, p: Paper) -> bool:
    """Does the row say what the paper holds, for every value it shows?"""
    if clean(e.title) != p.title and normalize_title(e.title) != normalize_title(p.title):
        return False
    if e.year is not None and e.year != p.year:
        return False
    if e.venue and e.venue != p.venue:
        return False
    if e.arxiv and e.arxiv != p.arxiv:
        return False
    if e.url and not p.arxiv and e.url != p.url:
        return False
    shown = row_values(e)  # each cell's links, else its one link with the default label
    return all(not shown[role] or shown[role] == p.cell_links(role) for role in CELL_ROLES)


@dataclass
class Rendered:
    """A section's text, and its rows' slots (what the record keeps)."""

    text: str
    slots: list[Slot] = field(default_factory=list)

    def record(self) -> list[str]:
        return [s.record() for s in self.slots]


def render_rows(style: Style, papers: list[Paper], category: Category | None, columns: Columns,
                memory: Memory | None, new: list[Paper]) -> Rendered:
    """A ``--rows`` section: the rows of ``papers`` (those its filters select), through its memory;
    ``new`` (sorted) are the papers no section of the README shows yet, which this one takes in."""
    from ..formats.exporters.markdown import sort_key

    slug = category.slug if category is not None else ""
    chosen = {p.key: p for p in papers}
    pieces: list[tuple[str, Paper | None, str | None]] = []  # (text, paper of a row, its digest)

    def row(p: Paper, index: int) -> tuple[str, Paper, str]:
        return style.row(p, category, columns, index), p, style.digest(p, columns)

    if memory is None:
        header = style.header(columns)
        if header:
            pieces.append((header, None, None))
        pieces += [row(p, i) for i, p in enumerate(new, 1)]
        footer = style.footer(columns)
        if footer:
            pieces.append((footer, None, None))
        return _assemble(pieces, slug)
    at = 0
    index = 0
    first_row: int | None = None
    last_row: int | None = None
    for slot in memory.slots:
        pieces += [(line + "\n", None, None) for line in memory.lines[at:slot.first]]
        at = slot.first + slot.count
        p = chosen.get(slot.key)
        if p is None:
            continue  # its paper left the section
        index += 1
        digest = style.digest(p, columns)
        kept = slot.digest == digest if slot.digest is not None else (
            slot.listing is not None and reads_as(slot.listing, p))
        first_row = len(pieces) if first_row is None else first_row
        if kept:
            pieces.append(("".join(line + "\n" for line in memory.lines[slot.first:at]), p, digest))
        else:
            pieces.append(row(p, index))
        last_row = len(pieces)
    tail = [(line + "\n", None, None) for line in memory.lines[at:]]
    if last_row is None:  # no row left (or none ever): new rows go after the text before the first row
        last_row = len(pieces)
    pieces += tail
    for p in new:  # where the style's sort puts each among the rows
        key = sort_key(p)
        spot = next((i for i in range(first_row or last_row, last_row)
                     if (q := pieces[i][1]) is not None and sort_key(q) > key), last_row)
        index += 1
        pieces.insert(spot, row(p, index))
        last_row += 1
        first_row = min(first_row, spot) if first_row is not None else spot
    return _assemble(pieces, slug)


def _assemble(pieces: list[tuple[str, Paper | None, str | None]], slug: str) -> Rendered:
    slots = []
    line = 0
    for text, p, digest in pieces:
        count = text.count("\n")
        if p is not None and count:
            slots.append(Slot(slug, p.key, line, count, digest))
        line += count
    return Rendered("".join(t for t, _, _ in pieces), slots)
