"""Which BibTeX fields vla models, and how: one home for the importer, the exporter and CSL-JSON.

A paper keeps its BibTeX entry type (``entry_type``) and these fields as its own, decoded to Unicode:
``title``, ``author`` (``authors``), ``editor`` (``editors``), ``journal``/``booktitle`` (``venue``),
``year``, ``month``, the plain fields of :data:`TEXT_FIELDS`, ``eprint`` (``arxiv`` and ``version``),
``primaryClass``, ``doi``, ``url`` and ``abstract`` — each field of the table of fields
(:mod:`vlacli.core.fields`) says which BibTeX fields it is read from, and :func:`sources` which of an
entry's fields gave which of the paper's.

A paper an import makes keeps its entry as written beside those values (its ``bibtex`` table, every
field), and the export writes each field as written while the values it gives are unchanged since
(:func:`vlacli.core.fields.changed_since`). For a paper an import merged into, the table keeps the
fields vla does not model and the written form of a modelled field when it says more than the value
(biblatex's ``journaltitle``, ``date``, ``location``; a LaTeX command vla does not read; a year like
``2024a``; an arXiv ID with its version): the export writes that form while it still reads as the
paper's value, and the paper's value once it does not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._lazy import lazy_re
from ..core.fields import TABLE
from ..core.venues import is_journal, is_preprint_venue
from ..core.years import find_year, is_year

# BibTeX field -> the paper's field of the same meaning, for plain text (decoded LaTeX).
TEXT_FIELDS: dict[str, str] = {
    "volume": "volume", "number": "number", "pages": "pages", "edition": "edition", "series": "series",
    "publisher": "publisher", "organization": "organization", "institution": "institution",
    "school": "school", "address": "address", "howpublished": "howpublished", "note": "note", "isbn": "isbn",
}
# Every field the paper models (by its lower-case name), as the table of fields says: for a paper an
# import merged into, the ``bibtex`` table holds these only as the written form of the paper's own value.
MODELLED = frozenset(name for f in TABLE for name in f.bibtex)
# Read on import and not written back: the entry is whole without them.
RESOLVED = frozenset({"crossref", "xdata"})

# Entry types whose venue is a journal, and those whose venue is the book or proceedings they are in.
JOURNAL_TYPES = frozenset({"article", "periodical", "suppperiodical"})
IN_TYPES = frozenset({"inproceedings", "conference", "incollection", "inbook", "inreference", "bookinbook",
                      "suppbook", "suppcollection"})
VENUE_FIELDS = ("journal", "journaltitle", "booktitle")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_MACROS = tuple(m[:3].lower() for m in MONTHS)  # jan … dec: BibTeX's and biblatex's month macros
_MONTH_NAMES = {m: i for i, m in enumerate(MONTH_MACROS, 1)}
_DATE = lazy_re(r"^\s*(\d{4})(?:-(\d{2})(?:-\d{2})?)?(?:/.*)?\s*$")

if TYPE_CHECKING:
    from ..core.venues import VenueTable

# paper field -> the BibTeX fields it is read from (the table of fields' ``bibtex``), in order.
BIBTEX_OF: dict[str, tuple[str, ...]] = {f.name: f.bibtex for f in TABLE if f.bibtex}
_ONE_OF = frozenset({"venue", "address", "primary_category", "year", "month"})  # the first present gives it


def venue_order(entry_type: str | None) -> tuple[str, ...]:
    """Where an entry's venue is read from, first found first: a journal article's journal, any
    other entry's booktitle."""
    return VENUE_FIELDS if entry_type in JOURNAL_TYPES else ("booktitle", "journal", "journaltitle")


def names_arxiv(fields: Mapping[str, str]) -> bool:
    """The entry's ``eprint`` is an arXiv ID's field: its ``archivePrefix``/``eprinttype`` is arXiv or none."""
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").strip().casefold()
    return bool(fields.get("eprint", "").strip()) and prefix == "arxiv"


def sources(fields: Mapping[str, str], entry_type: str | None) -> dict[str, tuple[str, ...]]:
    """Which of the paper's fields each field of an entry gives, by the table of fields (``title`` ->
    title, ``eprint`` -> arxiv and version, ``date`` -> year and month when the entry has no ``year``
    or ``month``). Of a paper field read from one of several (the venue, the address), only the one it
    was read from gives it: an ACM entry's ``location`` beside its ``address`` is a field of its own."""
    out: dict[str, list[str]] = {}
    present = {n for n, v in fields.items() if v.strip()}
    for name, read_from in BIBTEX_OF.items():
        order = venue_order(entry_type) if name == "venue" else read_from
        found = [f for f in order if f in present]
        if name in ("arxiv", "version") and not names_arxiv(fields):
            found = []  # a jstor or googlebooks eprint is a field of its own
        for f in found[:1] if name in _ONE_OF else found:
            out.setdefault(f, []).append(name)
    return {f: tuple(names) for f, names in out.items()}


def parse_month(text: str) -> int | None:
    """``jan``, ``January``, ``Jan.``, ``1``, ``01`` -> 1; anything else (``Spring``, ``jan~15``) -> None."""
    t = text.strip().rstrip(".").casefold()
    if t.isdigit():
        n = int(t)
        return n if 1 <= n <= 12 else None
    if len(t) >= 3 and t[:3] in _MONTH_NAMES:
        n = _MONTH_NAMES[t[:3]]
        return n if MONTHS[n - 1].casefold().startswith(t) else None
    return None


def parse_year(text: str) -> int | None:
    """The year a field names (``2006``, ``{1790}``, ``2006/2007``), by the one year rule."""
    return find_year(text)


def parse_date(text: str) -> tuple[int | None, int | None]:
    """biblatex's ``date``: ``2006``, ``1991-03``, ``1995-01-31/1995-02-05`` -> (year, month)."""
    m = _DATE.match(text)
    if not m or not is_year(int(m.group(1))):
        return parse_year(text), None
    month = int(m.group(2)) if m.group(2) else None
    return int(m.group(1)), month if month is not None and 1 <= month <= 12 else None


def venue_field(entry_type: str | None, venue: str, table: VenueTable | None = None) -> str:
    """The field a venue goes in when the paper's .bib did not say: ``journal`` for a journal
    article, ``booktitle`` for a paper in proceedings or a book; without a type, by the venue
    (the catalog's venue ``table``, else the built-in one)."""
    if entry_type in JOURNAL_TYPES:
        return "journal"
    if entry_type in IN_TYPES:
        return "booktitle"
    return "journal" if is_journal(venue, table) else "booktitle"


def guess_type(venue: str | None, table: VenueTable | None = None) -> str:
    """The entry type of a paper that has none: ``misc`` for a preprint, else by the venue."""
    if is_preprint_venue(venue):
        return "misc"
    return "article" if is_journal(venue or "", table) else "inproceedings"


def arxiv_howpublished(arxiv: str, primary: str | None) -> str:
    """How a preprint is shown in every style: ``arXiv:2506.01844 [cs.RO]``."""
    return f"arXiv:{arxiv}" + (f" [{primary}]" if primary else "")


_HOWPUBLISHED = lazy_re(r"^arXiv:(?P<id>\S+)(?: \[(?P<cls>[^\]]+)\])?$")


def is_arxiv_howpublished(text: str, arxiv: str | None) -> bool:
    """``text`` is what :func:`arxiv_howpublished` writes for this arXiv ID (with any class)."""
    m = _HOWPUBLISHED.match(text.strip())
    return m is not None and arxiv is not None and re.sub(r"v\d+$", "", m["id"]) == arxiv


def arxiv_journal(arxiv: str | None) -> str:
    """Google Scholar's journal for a preprint: ``arXiv preprint arXiv:2506.01844``."""
    return f"arXiv preprint arXiv:{arxiv}" if arxiv else "arXiv preprint"
