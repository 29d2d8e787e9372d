"""BibTeX: a .bib that BibTeX, biber and reference managers read without a hand fix.

One entry per paper, sorted by citation key, written with bibtexparser's writer:

- the paper's own entry type (kept from the .bib it came from); a paper without one is ``@misc``
  when it is a preprint, ``@article`` when its venue is a journal (:func:`vlacli.core.venues.is_journal`)
  and ``@inproceedings`` otherwise;
- the fields vla models (:mod:`vlacli.formats.bibfields`), then the paper's ``bibtex`` table: fields vla
  does not model are written as the .bib had them, and the written form of a modelled field is
  used while it still reads as the paper's value;
- a preprint shows its arXiv ID in every style: ``howpublished = {arXiv:2506.01844 [cs.RO]}`` beside
  ``eprint``, ``archivePrefix`` and ``primaryClass``, ``month`` from its first version's date, and
  arXiv's DOI (``10.48550/arXiv.2506.01844``) when it has no other.

Citation keys are the papers' stored keys (:mod:`vlacli.core.citekeys`). Every field is escaped by
:func:`vlacli.core.latex.escape`, so no value can end a field or an entry early; title words with a
capital are braced; names are written by :func:`vlacli.core.names.to_bibtex`, with LaTeX accents even in
UTF-8 output. ``url``, ``doi`` and ``eprint`` are verbatim fields: they are written as they are,
except the characters a URL cannot hold (braces, backslash, white space), which are
percent-encoded. UTF-8 by default; ``ascii`` writes LaTeX accents everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ...core import names
from ...core.citekeys import assign_citekeys
from ...core.identifiers import find_arxiv_id
from ...core.latex import decode, escape, protect_title
from ...core.venues import full_name, is_preprint_venue
from ...text import balanced, clean, percent_encode
from ..bibfields import (
    JOURNAL_TYPES,
    MODELLED,
    MONTH_MACROS,
    RESOLVED,
    TEXT_FIELDS,
    VENUE_FIELDS,
    arxiv_howpublished,
    arxiv_journal,
    guess_type,
    parse_date,
    parse_year,
    venue_field,
)

if TYPE_CHECKING:
    from ...core.paper import Paper
    from ...core.venues import VenueTable
    from ...storage.catalog import Catalog

# Field order in every entry; the bibtex table's other fields follow, by name.
FIELD_ORDER = ("title", "author", "editor", "journal", "journaltitle", "booktitle", "year", "date", "month",
               "volume", "number", "pages", "edition", "series", "publisher", "organization", "institution",
               "school", "address", "location", "howpublished", "note", "isbn", "eprint", "archivePrefix",
               "eprinttype", "primaryClass", "eprintclass", "doi", "url", "abstract")

_URL_UNSAFE = re.compile(r"[{}\\\s]")
_EPRINT_FIELDS = frozenset({"eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"})
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.:+-]*$")
_TYPE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def verbatim_field(value: str) -> str:
    """A URL, DOI or eprint as a verbatim field: the characters no URL may hold raw, and that would
    unbalance or end a BibTeX field, are percent-encoded."""
    return percent_encode(value, _URL_UNSAFE)


def _text(raw: str) -> str:
    return clean(decode(raw))


def _spelled(paper: Paper, name: str, reads_as: Any) -> str | None:
    """The ``bibtex`` table's form of a modelled field, if it is there, safe, and reads as ``reads_as``
    (a value, or a test of the decoded text)."""
    raw = paper.bibtex.get(name)
    if raw is None or not balanced(raw):
        return None
    text = _text(raw)
    ok = reads_as(text) if callable(reads_as) else text == reads_as
    return raw if ok else None


def entry_type(paper: Paper, venues: VenueTable | None = None) -> str:
    """The paper's own entry type, else one guessed from its venue (by the catalog's venue table)."""
    if paper.entry_type and _TYPE_NAME.match(paper.entry_type):
        return paper.entry_type.lower()
    return guess_type(paper.venue, venues)


def _venue(paper: Paper, etype: str, ascii: bool, venues: VenueTable | None, preprint: bool) -> dict[str, str]:
    """The venue's field: as the paper's .bib spelled it, else the venue table's full name of the
    venue (``CoRL`` -> ``Conference on Robot Learning``), else the venue as the catalog writes it."""
    table = paper.bibtex
    if preprint:
        for name in VENUE_FIELDS:
            if paper.entry_type and (raw := _spelled(paper, name, is_preprint_venue)) is not None:
                return {name: raw}
        return {"journal": arxiv_journal(paper.arxiv)} if etype in JOURNAL_TYPES else {}
    venue = clean(paper.venue or "")
    for name in VENUE_FIELDS:
        if (raw := _spelled(paper, name, venue)) is not None:
            return {name: raw}
    name = venue_field(etype, venue, venues)
    if name == "journal" and "journaltitle" in table:
        name = "journaltitle"  # a biblatex entry keeps biblatex's name
    return {name: escape(full_name(venue, venues), ascii)}


def _date(paper: Paper, preprint: bool) -> dict[str, str]:
    table = paper.bibtex
    month = paper.month
    if month is None and preprint and paper.arxiv and paper.published:
        month = int(paper.published[5:7]) if paper.published[5:7].isdigit() else None  # the v1 date
    if "date" in table:
        raw = table["date"]
        if balanced(raw) and (paper.year is None or parse_date(raw) == (paper.year, paper.month)):
            return {"date": raw}  # as written (or a date vla has no year for: 1885/1888)
        if paper.year is not None:
            return {"date": f"{paper.year}" + (f"-{paper.month:02d}" if paper.month else "")}
    out: dict[str, str] = {}
    year = table.get("year")
    if paper.year is not None:
        kept = year is not None and balanced(year) and parse_year(year) == paper.year
        out["year"] = year if kept and year is not None else str(paper.year)
    elif year is not None and balanced(year):
        out["year"] = year  # "submitted for publication", "in press"
    if month is not None and 1 <= month <= 12:
        out["month"] = MONTH_MACROS[month - 1]
    elif "month" in table and balanced(table["month"]):
        out["month"] = table["month"]
    return out


def bib_fields(paper: Paper, ascii: bool = False, venues: VenueTable | None = None,
               etype: str | None = None) -> dict[str, str]:
    """The entry's fields (values escaped, without enclosing braces), in :data:`FIELD_ORDER`, then
    the ``bibtex`` table's other fields by name. ``venues``: the catalog's venue table (default: the
    built-in one); ``etype``: the entry's type, when the caller has it already."""
    table = paper.bibtex
    etype = etype or entry_type(paper, venues)
    title = clean(paper.title)
    f: dict[str, str] = {"title": _spelled(paper, "title", title) or protect_title(title, ascii)}
    if paper.authors:
        f["author"] = names.bibtex_names(paper.authors)
    if paper.editors:
        f["editor"] = names.bibtex_names(paper.editors)
    is_preprint = paper.is_preprint
    f.update(_venue(paper, etype, ascii, venues, is_preprint))
    f.update(_date(paper, is_preprint))
    for name, attr in TEXT_FIELDS.items():
        value = getattr(paper, attr)
        if not value:
            continue
        if name == "address" and "location" in table:
            name = "location"
        f[name] = _spelled(paper, name, clean(value)) or escape(clean(value), ascii)
    preprint = paper.arxiv is not None and is_preprint
    if preprint and paper.arxiv and not paper.howpublished and not paper.note:
        f["howpublished"] = escape(arxiv_howpublished(paper.arxiv, paper.primary_category), ascii)
    if paper.arxiv:
        raw = table.get("eprint")
        found = find_arxiv_id("arXiv:" + raw) if raw is not None else None
        f["eprint"] = verbatim_field(raw if raw is not None and found is not None and found.id == paper.arxiv
                                     else paper.arxiv)
        prefix = "eprinttype" if "eprinttype" in table else "archivePrefix"
        f[prefix] = "arxiv" if prefix == "eprinttype" else "arXiv"
        if paper.primary_category:
            f["eprintclass" if "eprintclass" in table else "primaryClass"] = verbatim_field(paper.primary_category)
    if paper.doi:
        f["doi"] = verbatim_field(paper.doi)
    elif preprint:
        f["doi"] = verbatim_field(f"10.48550/arXiv.{paper.arxiv}")
    if paper.link:
        raw = table.get("url")
        found = find_arxiv_id(raw) if raw is not None and paper.arxiv else None
        f["url"] = verbatim_field(raw if raw is not None and found is not None and found.id == paper.arxiv
                                  else paper.link)
    if paper.abstract:
        abstract = clean(paper.abstract)
        f["abstract"] = _spelled(paper, "abstract", abstract) or escape(abstract, ascii)
    out = {k: f[k] for k in FIELD_ORDER if k in f}
    if not table:
        return out
    # The table's other fields: those vla does not model, a venue field the venue is not in, and a
    # non-arXiv eprint (googlebooks, jstor).
    written = {k.lower() for k in out}
    for name in sorted(table):
        lower = name.lower()
        passes = (lower not in MODELLED or lower in VENUE_FIELDS
                  or (lower in _EPRINT_FIELDS and not paper.arxiv))
        if lower in written or lower in RESOLVED or not passes or not _FIELD_NAME.match(name):
            continue
        raw = table[name]
        out[lower] = raw if balanced(raw) else escape(raw, ascii)
    return out


CHUNK = 1000  # entries written at a time: a 100k catalog is never one string in memory


def to_bibtex(papers: Iterable[Paper], citekeys: dict[str, str], ascii: bool = False,
              venues: VenueTable | None = None) -> str:
    """Papers -> .bib text, sorted by citation key; the same papers always give the same bytes."""
    return "".join(bibtex_chunks(papers, citekeys, ascii, venues))


def bibtex_chunks(papers: Iterable[Paper], citekeys: dict[str, str], ascii: bool = False,
                  venues: VenueTable | None = None) -> Iterator[str]:
    """:func:`to_bibtex`'s text, in pieces of :data:`CHUNK` entries, each written by bibtexparser."""
    from bibtexparser import model
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.writer import BibtexFormat

    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    ordered = sorted(papers, key=lambda p: citekeys[p.key])
    for start in range(0, len(ordered), CHUNK):
        blocks: list[model.Block] = []
        for p in ordered[start:start + CHUNK]:
            # Every value is enclosed in braces, as bibtexparser's AddEnclosingMiddleware would do.
            etype = entry_type(p, venues)
            fields = [model.Field(k, v if k == "month" and v in MONTH_MACROS else "{" + v + "}")
                      for k, v in bib_fields(p, ascii, venues, etype).items()]
            blocks.append(model.Entry(etype, citekeys[p.key], fields))
        text = write_string(Library(blocks), unparse_stack=[], bibtex_format=fmt)
        yield text if start == 0 else fmt.block_separator + text


def export_bibtex(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> Iterator[str]:
    from ...storage.venue_file import load_table

    keys = assign_citekeys(catalog.papers())
    return bibtex_chunks(papers, keys, ascii=bool(options.get("ascii")), venues=load_table(catalog.root))
