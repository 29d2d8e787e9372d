"""Which BibTeX fields vla models, and how: one home for the importer, the exporter and CSL-JSON.

A paper keeps its BibTeX entry type (``entry_type``) and these fields as its own, decoded to Unicode:
``title``, ``author`` (``authors``), ``editor`` (``editors``), ``journal``/``booktitle`` (``venue``),
``year``, ``month``, the plain fields of :data:`TEXT_FIELDS`, ``eprint`` (``arxiv`` and ``version``),
``primaryClass``, ``doi``, ``url`` and ``abstract``. Every other field is kept as written in the
paper's ``bibtex`` table and written back as it is. The table also keeps the written form of a
modelled field when it says more than the value (:data:`SPELLINGS`: biblatex's ``journaltitle``,
``date``, ``location``, ``eprinttype``, ``eprintclass``; a LaTeX command vla does not read; a year
like ``2024a``; an arXiv ID with its version): the export writes that form while it still reads as
the paper's value, and the paper's value once it does not.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .._lazy import lazy_re
from ..core.venues import is_journal, is_preprint_venue
from ..core.years import find_year, is_year

# BibTeX field -> the paper's field of the same meaning, for plain text (decoded LaTeX).
TEXT_FIELDS: dict[str, str] = {
    "volume": "volume", "number": "number", "pages": "pages", "edition": "edition", "series": "series",
    "publisher": "publisher", "organization": "organization", "institution": "institution",
    "school": "school", "address": "address", "howpublished": "howpublished", "note": "note", "isbn": "isbn",
}
# Every field the paper models (by its lower-case name): the ``bibtex`` table holds these only as
# the written form of the paper's own value.
MODELLED = frozenset({"title", "author", "editor", "journal", "journaltitle", "booktitle", "year", "date",
                      "month", "eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass", "doi",
                      "url", "abstract", "location", *TEXT_FIELDS})
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
