"""BibTeX: a .bib that BibTeX, biber and reference managers read without a hand fix.

A paper a .bib import made is written as its .bib wrote it (:func:`written_entry`): its type, every field
in the file's order and as written (@string macros and ``#`` chains, with the @strings they use written
first; ``crossref``, its parent after the entries that cite it; the @preamble, @comment, @set and
@xdata blocks that go with it), but for the fields whose values changed in vla since it was read
(:func:`vlacli.core.fields.changed_since`), which are written from the paper, as below; its other
entries (``bibtex_entries``, other keys of the same work) are written too, each under its key.

Any other paper is written as vla writes it, one entry per paper, with bibtexparser's writer:

- the paper's own entry type (kept from the .bib it came from); a paper without one is ``@misc``
  when it is a preprint, ``@article`` when its venue is a journal (:func:`vlacli.core.venues.is_journal`)
  and ``@inproceedings`` otherwise;
- the fields vla models (:mod:`vlacli.formats.bibfields`), then the paper's ``bibtex`` table: fields vla
  does not model are written as the .bib had them, and the written form of a modelled field is
  used while it still reads as the paper's value;
- a preprint shows its arXiv ID in every style: ``howpublished = {arXiv:2506.01844 [cs.RO]}`` beside
  ``eprint``, ``archivePrefix`` and ``primaryClass``, ``month`` from its first version's date, and
  arXiv's DOI (``10.48550/arXiv.2506.01844``) when it has no other.

Entries are sorted by citation key. Citation keys are the papers' stored keys (:mod:`vlacli.core.citekeys`).
Every field vla writes is escaped by :func:`vlacli.core.latex.escape`, so no value can end a field or an
entry early; title words with a capital are braced; names are written by :func:`vlacli.core.names.to_bibtex`,
with LaTeX accents even in UTF-8 output. ``url``, ``doi`` and ``eprint`` are verbatim fields: they are
written as they are, except the characters a URL cannot hold (braces, backslash, white space), which are
percent-encoded. UTF-8 by default; ``ascii`` writes LaTeX accents everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from ...core import names
from ...core.citekeys import KEY_CHARS, assign_citekeys
from ...core.fields import READ_FROM, changed_between, changed_since, fingerprints
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
    sources,
    venue_field,
)

if TYPE_CHECKING:
    from ...core.paper import Paper
    from ...core.venues import VenueTable
    from ...storage.catalog import Catalog
    from ..importers.bibtex import Macros

READ_FROM_BIBTEX = READ_FROM["bibtex"]

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


def _spelled(table: dict[str, str], name: str, reads_as: Any) -> str | None:
    """The ``bibtex`` table's form of a modelled field, if it is there, safe, and reads as ``reads_as``
    (a value, or a test of the decoded text)."""
    raw = table.get(name)
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


def _venue(paper: Paper, table: dict[str, str], etype: str, ascii: bool, venues: VenueTable | None,
           preprint: bool) -> dict[str, str]:
    """The venue's field: as the paper's .bib spelled it, else the venue table's full name of the
    venue (``CoRL`` -> ``Conference on Robot Learning``), else the venue as the catalog writes it."""
    if preprint:
        for name in VENUE_FIELDS:
            if paper.entry_type and (raw := _spelled(table, name, is_preprint_venue)) is not None:
                return {name: raw}
        return {"journal": arxiv_journal(paper.arxiv)} if etype in JOURNAL_TYPES else {}
    venue = clean(paper.venue or "")
    for name in VENUE_FIELDS:
        if (raw := _spelled(table, name, venue)) is not None:
            return {name: raw}
    name = venue_field(etype, venue, venues)
    if name == "journal" and "journaltitle" in table:
        name = "journaltitle"  # a biblatex entry keeps biblatex's name
    return {name: escape(full_name(venue, venues), ascii)}


def _date(paper: Paper, table: dict[str, str], preprint: bool) -> dict[str, str]:
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


def _render(paper: Paper, table: dict[str, str], ascii: bool, venues: VenueTable | None,
            etype: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """vla's own entry for the paper (values escaped, without enclosing braces), in :data:`FIELD_ORDER`
    then ``table``'s other fields by name; and, for each field written, the paper's fields it says."""
    title = clean(paper.title)
    f: dict[str, str] = {"title": _spelled(table, "title", title) or protect_title(title, ascii)} if title else {}
    deps: dict[str, tuple[str, ...]] = {"title": ("title",), "author": ("authors",), "editor": ("editors",)}
    if paper.authors:
        f["author"] = names.bibtex_names(paper.authors)
    if paper.editors:
        f["editor"] = names.bibtex_names(paper.editors)
    is_preprint = paper.is_preprint
    for name, value in _venue(paper, table, etype, ascii, venues, is_preprint).items():
        f[name] = value
        deps[name] = ("venue", "arxiv") if is_preprint else ("venue",)
    dates = _date(paper, table, is_preprint)
    f.update(dates)
    deps.update(year=("year",), date=("year", "month"),
                month=("month", "arxiv") if paper.month is None and "month" in dates else ("month",))
    for name, attr in TEXT_FIELDS.items():
        value = getattr(paper, attr)
        if not value:
            continue
        if name == "address" and "location" in table and "address" not in table:
            name = "location"
        f[name] = _spelled(table, name, clean(value)) or escape(clean(value), ascii)
        deps[name] = (attr,)
    preprint = paper.arxiv is not None and is_preprint
    if preprint and paper.arxiv and not paper.howpublished and not paper.note:
        f["howpublished"] = escape(arxiv_howpublished(paper.arxiv, paper.primary_category), ascii)
        deps["howpublished"] = ("howpublished", "arxiv", "primary_category")
    if paper.arxiv:
        raw = table.get("eprint")
        found = find_arxiv_id("arXiv:" + raw) if raw is not None else None
        f["eprint"] = verbatim_field(raw if raw is not None and found is not None and found.id == paper.arxiv
                                     else paper.arxiv)
        prefix = "eprinttype" if "eprinttype" in table else "archivePrefix"
        f[prefix] = "arxiv" if prefix == "eprinttype" else "arXiv"
        deps.update(eprint=("arxiv", "version"), eprinttype=("arxiv",), archivePrefix=("arxiv",))
        if paper.primary_category:
            name = "eprintclass" if "eprintclass" in table else "primaryClass"
            f[name] = verbatim_field(paper.primary_category)
            deps[name] = ("primary_category", "arxiv")
    if paper.doi:
        f["doi"] = verbatim_field(paper.doi)
        deps["doi"] = ("doi",)
    elif preprint:
        f["doi"] = verbatim_field(f"10.48550/arXiv.{paper.arxiv}")
        deps["doi"] = ("doi", "arxiv")
    if paper.link:
        raw = table.get("url")
        found = find_arxiv_id(raw) if raw is not None and paper.arxiv else None
        f["url"] = verbatim_field(raw if raw is not None and found is not None and found.id == paper.arxiv
                                  else paper.link)
        deps["url"] = ("url", "arxiv") if paper.arxiv else ("url",)
    if paper.abstract:
        abstract = clean(paper.abstract)
        f["abstract"] = _spelled(table, "abstract", abstract) or escape(abstract, ascii)
        deps["abstract"] = ("abstract",)
    out = {k: f[k] for k in FIELD_ORDER if k in f}
    if not table:
        return out, deps
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
    return out, deps


def bib_fields(paper: Paper, ascii: bool = False, venues: VenueTable | None = None,
               etype: str | None = None) -> dict[str, str]:
    """The entry's fields (values escaped, without enclosing braces): for a paper an import made, its
    .bib entry's fields as written, but for those whose values changed since (:func:`written_entry`);
    for any other, vla's own, in :data:`FIELD_ORDER`, then the ``bibtex`` table's other fields by name.
    ``venues``: the catalog's venue table (default: the built-in one); ``etype``: the entry's type, when
    the caller has it already."""
    etype = etype or entry_type(paper, venues)
    record = _primary(paper)
    return written_entry(paper, record, etype, changed_since(paper, record.read, READ_FROM_BIBTEX), ascii=ascii,
                         venues=venues).fields


class Record(NamedTuple):
    """One entry of a paper as a .bib wrote it: the paper's own (``bibtex``) or another (``bibtex_entries``)."""

    key: str | None  # None: the paper's citation key
    type: str | None  # as the .bib wrote it (None: the paper's entry type)
    fields: dict[str, str]
    read: dict[str, str]  # empty: a paper vla wrote (the table holds spellings, not a whole entry)
    macros: dict[str, str]
    inherited: tuple[str, ...]


def _primary(paper: Paper) -> Record:
    src = paper.bibtex_source
    return Record(None, src.get("type"), paper.bibtex, paper.bibtex_read, src.get("macros", {}),
                  tuple(src.get("inherited", ())))


def _others(paper: Paper) -> list[Record]:
    return [Record(e["key"], e["type"], e["fields"], e.get("read", {}), e.get("macros", {}),
                   tuple(e.get("inherited", ()))) for e in paper.bibtex_entries]


class Written(NamedTuple):
    """An entry as the export writes it: its fields' values (without enclosing braces), and the fields
    written bare (@string macros, ``#`` chains, month macros)."""

    fields: dict[str, str]
    bare: frozenset[str] = frozenset()


def written_entry(paper: Paper, record: Record, etype: str, changed: frozenset[str], *, ascii: bool = False,
                  venues: VenueTable | None = None, strings: Macros | None = None,
                  exported: Collection[str] | None = None) -> Written:
    """The fields an entry is written with. A field of the .bib entry is written as it wrote it (with
    its @string macros, when ``strings`` defines them as it did) while the paper's fields it gives are
    unchanged since it was read (``changed``: those that changed, by
    :func:`vlacli.core.fields.changed_since`); a changed one is written from the paper, as vla writes
    it. Its ``crossref`` is kept when the parent is ``exported`` too (else the fields the parent gave it
    are written in its place). A paper vla wrote (no fingerprints) is written as vla writes it."""
    if not record.read:
        fields, _ = _render(paper, record.fields, ascii, venues, etype)
        return Written(fields, frozenset(k for k, v in fields.items() if k == "month" and v in MONTH_MACROS))
    owners = sources(record.fields, etype)
    # A name list BibTeX refuses (a name of four parts) is written as vla reads it.
    changed |= {o for name in ("author", "editor") if not names.readable(record.fields.get(name, ""))
                for o in owners.get(name, ())}
    parent = record.fields.get("crossref", "").strip().casefold()
    keep_parent = bool(parent) and exported is not None and parent in exported
    out: dict[str, str | None] = {}  # in the entry's order; None: a changed field's place, for vla's value
    bare: set[str] = set()
    for name, value in record.fields.items():
        if not _FIELD_NAME.match(name):
            continue
        if any(o in changed for o in owners.get(name, ())):
            out[name] = None
            continue
        if (name == "crossref" and not keep_parent) or (keep_parent and name in record.inherited):
            continue
        expression = record.macros.get(name)
        if expression is not None and strings is not None and _expands(expression, strings) == value:
            out[name] = expression  # a macro that reads as empty too: the file said it
            bare.add(name)
        elif value.strip():
            out[name] = value if balanced(value) else escape(value, ascii)
    if changed:
        rendered, deps = _render(paper, record.fields, ascii, venues, etype)
        for name, value in rendered.items():
            if out.get(name.lower()) is None and any(d in changed for d in deps.get(name, ())):
                out[name.lower() if name.lower() in out else name] = value  # in the place of the one it replaces
                if name == "month" and value in MONTH_MACROS:
                    bare.add(name)
    return Written({k: v for k, v in out.items() if v is not None}, frozenset(bare))


def _expands(expression: str, strings: Macros) -> str | None:
    """What a field written bare reads as with the export's @strings; None when one is not defined, or
    when the expression is not a chain of macros, numbers and {braced} or "quoted" texts."""
    from ..importers.bibtex import _closing, _split_chain, expand

    for piece in _split_chain(expression):
        if not (_MACRO_NAME.fullmatch(piece) or piece.isdigit()
                or (piece[:1] in ('{', '"') and balanced(piece) and _closing(piece) == len(piece) - 1)):
            return None
    notes: list[str] = []
    value = expand(expression, strings, notes)
    return None if notes else value


_MACRO_NAME = re.compile(r'[A-Za-z_][^\s#"{}(),=%]*')  # what a @string's name may be


CHUNK = 1000  # entries written at a time: a 100k catalog is never one string in memory


def to_bibtex(papers: Iterable[Paper], citekeys: dict[str, str], ascii: bool = False,
              venues: VenueTable | None = None, entries_only: bool = False) -> str:
    """Papers -> .bib text, sorted by citation key; the same papers always give the same bytes.
    ``entries_only``: each paper's own entry, whole (no @strings, @preambles or other blocks, no
    other entries), as the site's "Copy BibTeX" shows it."""
    return "".join(bibtex_chunks(papers, citekeys, ascii, venues, entries_only))


class _Entry(NamedTuple):
    type: str
    key: str
    written: Written


def _entries(ordered: list[Paper], citekeys: dict[str, str], ascii: bool, venues: VenueTable | None,
             strings: Macros, others: bool = True) -> list[_Entry]:
    """Every entry the papers are written as: each paper's own under its citation key, then its other
    entries under theirs (a key written already is not written again); a parent that entries
    ``crossref`` comes after them, as classic BibTeX needs."""
    keys = {citekeys[p.key] for p in ordered}
    exported = {k.casefold() for k in keys} | {e["key"].casefold() for p in ordered for e in p.bibtex_entries}
    out: list[_Entry] = []
    taken: set[str] = set()
    for p in ordered:
        etype = entry_type(p, venues)
        records = [_primary(p), *(_others(p) if others else ())]
        # The paper's fingerprints now, taken once for all its entries; none when no entry needs them.
        now = fingerprints(p, READ_FROM_BIBTEX) if any(r.read or r.type is not None for r in records) else {}
        for record in records:
            key = record.key or citekeys[p.key]
            if key in taken or (record.key is not None and (key in keys or not KEY_CHARS.match(key))):
                continue
            taken.add(key)
            # (vla's own entry of a paper no file gave: nothing read, nothing to compare)
            changed = changed_between(record.read, now, READ_FROM_BIBTEX) if now else frozenset()
            rtype = etype if record.type is None or "entry_type" in changed else record.type
            if not _TYPE_NAME.match(rtype):
                rtype = etype
            out.append(_Entry(rtype, key, written_entry(p, record, rtype, changed, ascii=ascii, venues=venues,
                                                        strings=strings, exported=exported)))
    out.sort(key=lambda e: e.key)
    if any("crossref" in e.written.fields for e in out):  # parents after the entries that cite them
        depth = {e.key.casefold(): 0 for e in out}
        for _ in range(MAX_CROSSREF_DEPTH):
            for e in out:
                parent = e.written.fields.get("crossref", "").strip().casefold()
                if parent in depth and depth[parent] <= depth[e.key.casefold()]:
                    depth[parent] = depth[e.key.casefold()] + 1
        out.sort(key=lambda e: (depth[e.key.casefold()], e.key))
    return out


MAX_CROSSREF_DEPTH = 8  # crossref chains ordered this deep: a loop in a catalog ends there


def _strings(papers: list[Paper]) -> tuple[dict[str, str], Macros]:
    """The @string definitions the papers' entries use, each name once (the first paper's, in key
    order), as written; and the macros they define, expanded, to check each field against."""
    from ..importers.bibtex import MACRO_BUDGET, Macros

    written: dict[str, str] = {}
    macros = Macros(MACRO_BUDGET)
    for p in papers:
        for name, value in p.bibtex_source.get("strings", {}).items():
            if name.lower() in macros or not _MACRO_NAME.fullmatch(name):
                continue
            expanded = _expands(value, macros)  # with the macros defined before it, as BibTeX reads it
            if expanded is not None:
                written[name] = value
                macros[name.lower()] = expanded
    return written, macros


_BLOCK_KIND = re.compile(r"^@\s*([A-Za-z]+)")
# Where each kind of kept block goes: before the entries, or after them.
_BEFORE = ("preamble", "xdata")


def _blocks(papers: list[Paper]) -> tuple[list[str], list[str]]:
    """The kept blocks of the papers (@preamble, @xdata, @set, @comment …, as their .bib wrote them),
    each once: those that go before the entries (@preamble, then @xdata), and those after."""
    seen: dict[str, None] = {}
    for p in papers:
        for block in p.bibtex_source.get("blocks", []):
            if balanced(block):
                seen.setdefault(block, None)
    kinds = [(m.group(1).lower() if (m := _BLOCK_KIND.match(b)) else "", b) for b in seen]
    before = [b for kind in _BEFORE for k, b in kinds if k == kind]
    after = [b for k, b in kinds if k not in _BEFORE]
    return before, after


def bibtex_chunks(papers: Iterable[Paper], citekeys: dict[str, str], ascii: bool = False,
                  venues: VenueTable | None = None, entries_only: bool = False) -> Iterator[str]:
    """:func:`to_bibtex`'s text, in pieces of :data:`CHUNK` entries, each written by bibtexparser: the
    papers' kept @preambles, @strings and @xdata first, the entries, then their kept @sets and
    @comments."""
    from bibtexparser import model
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.writer import BibtexFormat

    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    ordered = sorted(papers, key=lambda p: citekeys[p.key])
    written_strings, strings = _strings(ordered if not entries_only else [])
    before, after = _blocks(ordered) if not entries_only else ([], [])
    head = "".join(b + "\n\n" for b in before if b.lower().startswith("@preamble"))
    head += "".join(f"@string{{{name} = {value}}}\n" for name, value in written_strings.items())
    head += "\n" if written_strings else ""
    head += "".join(b + "\n\n" for b in before if not b.lower().startswith("@preamble"))
    entries = _entries(ordered, citekeys, ascii, venues, strings, others=not entries_only)
    if head:
        yield head
    for start in range(0, len(entries), CHUNK):
        blocks: list[model.Block] = []
        for e in entries[start:start + CHUNK]:
            # Every value is enclosed in braces, as bibtexparser's AddEnclosingMiddleware would do,
            # but for those written bare (macros, `#` chains).
            fields = [model.Field(k, v if k in e.written.bare else "{" + v + "}") for k, v in e.written.fields.items()]
            blocks.append(model.Entry(e.type, e.key, fields))
        text = write_string(Library(blocks), unparse_stack=[], bibtex_format=fmt)
        yield text if start == 0 else fmt.block_separator + text
    if after:
        yield "".join("\n" + b + "\n" for b in after)


def export_bibtex(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> Iterator[str]:
    from ...storage.venue_file import load_table

    keys = assign_citekeys(catalog.papers())
    return bibtex_chunks(papers, keys, ascii=bool(options.get("ascii")), venues=load_table(catalog.root))
