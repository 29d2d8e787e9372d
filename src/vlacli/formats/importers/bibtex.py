""".bib -> entries. Pure: text in, :class:`Parsed` out; never raises on input.

Reads what Zotero, Google Scholar, arXiv, Better BibTeX and biblatex users write. Each entry becomes
a :class:`~vlacli.formats.importers.Listing` that the shared merge engine matches to the catalog:

- its citation key (``fields["citekey"]``, kept as the paper's for good) and entry type
  (``fields["entry_type"]``); a paper with no arXiv ID is filed under its citation key when a
  file name can hold it;
- ``arxiv``: from ``eprint`` (with ``archivePrefix``/``eprinttype`` arXiv or none; its version kept),
  else an arXiv URL (``url``, ``note``, ``howpublished``), else ``arXiv:ID`` inside ``journal``
  (Scholar's ``arXiv preprint arXiv:2506.01844``), else an arXiv DOI (``10.48550/arXiv.…``);
- ``authors`` and ``editors``: stored names (:mod:`vlacli.core.names`), in order, ``others`` kept;
- ``venue``: ``booktitle``, ``journal`` or ``journaltitle``, except that an arXiv preprint's
  journal (or none, for a paper on arXiv) is ``arXiv``;
- ``year`` and ``month`` (from ``year``/``month`` or biblatex's ``date``), the plain fields of
  :data:`vlacli.formats.bibfields.TEXT_FIELDS`, ``abstract``, ``doi``, ``primary_category``;
- every other field as written, and the written form of a field that says more than its value,
  in ``fields["bibtex"]`` (see :mod:`vlacli.formats.bibfields`);
- ``crossref`` and ``xdata`` resolved: an entry takes the fields it lacks from its parents, mapped
  as biblatex maps them;
- LaTeX (``{\\"u}``, ``{\\l}``, ``\\&``, ``\\textit{…}``) becomes Unicode (:func:`vlacli.core.latex.decode`);
  a command vla does not know keeps its argument's text.

An entry that cannot be read (broken braces, a field given twice, no title) is reported as
:class:`~vlacli.formats.importers.Unreadable` with its line, and the rest is read.
"""

from __future__ import annotations

import logging
import os
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from ...core import names
from ...core.citekeys import KEY_CHARS, as_paper_key
from ...core.identifiers import abs_url, find_arxiv_id, parse_arxiv_id
from ...core.latex import decode
from ...core.matching import arxiv_of_doi, as_doi
from ...core.venues import PREPRINT, is_preprint_venue
from ...core.years import is_year
from ...errors import InvalidIdentifier
from ...text import clean
from ..bibfields import (
    IN_TYPES,
    JOURNAL_TYPES,
    MODELLED,
    TEXT_FIELDS,
    VENUE_FIELDS,
    arxiv_journal,
    is_arxiv_howpublished,
    parse_date,
    parse_month,
    parse_year,
    venue_field,
)
from . import Listing, Parsed, Unreadable

if TYPE_CHECKING:
    from bibtexparser import model
    from bibtexparser.library import Library


def text(value: str) -> str:
    """A field value -> clean Unicode text."""
    return clean(decode(value))


_URL_WRAPPER = re.compile(r"^\\(?:url|href)\s*\{(?P<u>[^{}]*)\}.*$", re.S)
_URL_ESCAPE = re.compile(r"\\([_%&#$~])")


def read_verbatim(value: str) -> str:
    """A URL or DOI field as written (no LaTeX decoding), but for ``\\url{…}`` and ``\\_``-style escapes."""
    v = value.strip()
    m = _URL_WRAPPER.match(v)
    if m:
        v = m["u"].strip()
    return _URL_ESCAPE.sub(r"\1", v)


PARALLEL_FROM = 400_000  # characters of .bib before the second half is parsed on another core


def parse_bibtex(text_: str) -> Parsed:
    """Entries and unreadable blocks of a .bib; a big file is parsed in two halves on two cores."""
    cut = _halfway(text_) if len(text_) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1 else None
    if cut is None:
        return _parse(text_)
    from concurrent.futures import ProcessPoolExecutor

    try:
        with ProcessPoolExecutor(1) as pool:
            second = pool.submit(_parse, text_[cut:])
            out = _parse(text_[:cut])
            rest = second.result()
    except (OSError, RuntimeError):  # no worker processes here: one pass
        return _parse(text_)
    offset = text_.count("\n", 0, cut)
    for entry in rest.entries:
        entry.line += offset
    for bad in rest.unreadable:
        bad.line += offset
    out.entries += rest.entries
    out.unreadable += rest.unreadable
    out.recognised = out.recognised or rest.recognised
    out.unreadable.sort(key=lambda u: u.line)
    return out


_BLOCK_START = re.compile(r"[{}]|\n@")


def _halfway(text_: str) -> int | None:
    """A place near the middle where a new block starts outside every brace, if the file has one
    and no @string (whose macros the second half would not know) nor crossref or xdata (whose parents
    it might not have)."""
    lower = text_.lower()
    if "@string" in lower or "crossref" in lower or "xdata" in lower:
        return None
    depth, middle = 0, len(text_) // 2
    for m in _BLOCK_START.finditer(text_):
        tok = m.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and m.start() >= middle:
            return m.start() + 1
    return None


def _parse(text_: str) -> Parsed:
    out = Parsed()
    raws = raw_entries(text_, out)
    by_key: dict[str, Raw] = {}
    for r in raws:
        by_key.setdefault(r.key.casefold(), r)
    for r in raws:
        if r.type in _NOT_WORKS:
            out.notes.append(f"line {r.line}: @{r.type}{{{r.key}}} {_NOT_WORKS[r.type]}")
            continue
        try:
            got = listing(resolve(r, by_key))
        except RecursionError:  # braces nested thousands deep
            got = Unreadable(r.line, r.text, "braces nested too deep to read")
        (out.unreadable if isinstance(got, Unreadable) else out.entries).append(got)  # type: ignore[arg-type]
    out.unreadable.sort(key=lambda u: u.line)
    return out


def raw_entries(text_: str, out: Parsed | None = None) -> list[Raw]:
    """Every entry of a .bib as written (macros expanded, crossref not resolved), in file order;
    the blocks that cannot be read, and notes on macros, go to ``out``."""
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.middlewares import RemoveEnclosingMiddleware

    out = out if out is not None else Parsed()
    # bibtexparser logs each broken block as a warning; they are reported as Unreadable instead.
    log = logging.getLogger("bibtexparser")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        # Without bibtexparser's own macro step: `expand` reads macros, alone or in `#` chains,
        # each with the macros defined before it, as BibTeX does.
        library = parse_string(text_, parse_stack=[RemoveEnclosingMiddleware(allow_inplace_modification=True)])
    finally:
        log.setLevel(level)
    macros = _macros(library, out.notes, Macros(MACRO_BUDGET + 8 * len(text_)))
    raws: list[Raw] = []
    for block in sorted(library.blocks, key=lambda b: b.start_line or 0):
        if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, model.Entry):
            block = block.ignore_error_block  # a citation key used twice: the merge gives the second another
        if isinstance(block, model.ParsingFailedBlock):
            out.unreadable.append(Unreadable(_line(block), _first_line(block.raw), _why(block)))
        elif isinstance(block, model.Entry):
            notes: list[str] = []
            fields = raw_fields(block, macros, notes)
            raws.append(Raw(block.key, block.entry_type.lower(), fields, _line(block), _first_line(block.raw), notes))
    # A .bib with no entry is still one when it has other blocks (@string, @comment, @preamble) or
    # only %-comments, as an empty library's export has.
    out.recognised = out.recognised or any(not isinstance(b, model.ImplicitComment) for b in library.blocks) or all(
        line.lstrip().startswith("%") for line in text_.splitlines() if line.strip())
    return raws


# Entry types that are not works: read for what other entries take from them, not imported.
_NOT_WORKS = {"xdata": "holds fields for other entries (xdata); not a paper of its own",
              "set": "groups other entries (a biblatex set); not a paper of its own",
              "ieeetranbstctl": "sets IEEEtran's options; not a paper"}
# Fields an entry never takes from its crossref or xdata parent (biblatex's defaults).
_NO_INHERIT = frozenset({"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
                         "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
                         "shorthand", "shorthandintro", "sortkey", "sortshorthand", "sorttitle", "shorttitle",
                         "indextitle", "indexsorttitle"})
_BOOKS = frozenset({"book", "collection", "proceedings", "reference", "mvbook", "mvcollection", "mvproceedings",
                    "mvreference"})
# A parent's title is its child's booktitle (a book, collection or proceedings) or journaltitle.
_TITLE_AS = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
_PERIODICAL_AS = {"title": "journaltitle", "subtitle": "journalsubtitle"}
MAX_PARENTS = 8  # crossref/xdata chains followed this deep: a loop in a file ends there


def resolve(entry: Raw, by_key: dict[str, Raw], depth: int = 0) -> Raw:
    """The entry with the fields its ``xdata`` entries and its ``crossref`` parent give it (those it
    lacks), mapped as biblatex maps them (a proceedings' ``title`` is an inproceedings' ``booktitle``);
    fields it has are never replaced. A parent the file lacks is noted."""
    f = entry.fields
    if depth > MAX_PARENTS or not ({"xdata", "crossref"} & f.keys()):
        return entry
    fields = dict(f)
    notes = list(entry.notes)
    parents = [(k.strip(), "xdata") for k in f.get("xdata", "").split(",") if k.strip()]
    if f.get("crossref", "").strip():
        parents.append((f["crossref"].strip(), "crossref"))
    for key, how in parents:
        parent = by_key.get(key.casefold())
        if parent is None or parent is entry:
            notes.append(f"{how} {key!r} is not in the file; its fields are not taken")
            continue
        parent = resolve(parent, by_key, depth + 1)
        mapping: dict[str, str] = {}
        if how == "crossref" and parent.type in _BOOKS and entry.type in IN_TYPES:
            mapping = _TITLE_AS
        elif how == "crossref" and parent.type == "periodical" and entry.type in JOURNAL_TYPES:
            mapping = _PERIODICAL_AS
        # The parent's own fields first (classic BibTeX's parents carry their booktitle), then those
        # mapped to another name (biblatex: a proceedings' title is its papers' booktitle).
        for name, value in sorted(parent.fields.items(), key=lambda kv: kv[0] in mapping):
            if name in _NO_INHERIT:
                continue
            if name in mapping:
                fields.setdefault(mapping[name], value)
                continue
            if how == "crossref" and name == "author" and parent.type == "book" and entry.type in IN_TYPES:
                fields.setdefault("bookauthor", value)
            fields.setdefault(name, value)
    return entry._replace(fields=fields, notes=notes)


def _line(block: model.Block) -> int:
    return (block.start_line or 0) + 1


def _first_line(raw: str | None) -> str:
    lines = (raw or "").strip().splitlines()
    return lines[0] if lines else ""


def _why(block: model.ParsingFailedBlock) -> str:
    from bibtexparser import model

    if isinstance(block, model.DuplicateFieldKeyBlock):
        return "a field given twice (" + ", ".join(sorted(block.duplicate_keys)) + ")"
    message = getattr(block.error, "abort_reason", None) or getattr(block.error, "message", None) or str(block.error)
    lines = [ln.strip() for ln in str(message).splitlines() if ln.strip()]
    detail = lines[-1] if lines else "unknown error"
    return "not valid BibTeX: " + detail[:1].lower() + detail[1:]


MONTHS = {m[:3].lower(): m for m in ("January", "February", "March", "April", "May", "June", "July", "August",
                                      "September", "October", "November", "December")}
_RAW = "no-enclosing"  # bibtexparser's mark for a value in neither braces nor quotes: a macro or a `#` chain


class Macros(dict[str, str]):
    """@string macros by lower-cased name, and how many characters their expansions may still add
    in this file: each value is cut at :data:`MAX_EXPANSION`, and all of them together at the budget,
    so no .bib can make a macro chain fill the memory."""

    def __init__(self, budget: int) -> None:
        super().__init__()
        self.budget = budget


MACRO_BUDGET = 2_000_000  # characters of macro text a file may expand to, beyond 8 per byte of it


def _macros(library: Library, notes: list[str], out: Macros) -> Macros:
    """The file's @string macros by lower-cased name (BibTeX's are case-blind), each expanded with
    the ones defined before it, as BibTeX reads them."""
    for string in library.strings:
        value = string.value if isinstance(string.value, str) else str(string.value)
        if string.parser_metadata.get("removed_enclosing") == _RAW and not value.isdigit():
            found: list[str] = []
            value = expand(value, out, found, f"@string {string.key}")
            notes.extend(f"line {(string.start_line or 0) + 1}: {n}" for n in found)
        out[string.key.lower()] = value
    return out


def _split_chain(value: str) -> list[str]:
    """``a # "b # c" # {d}`` -> ``["a", '"b # c"', "{d}"]``: split at ``#`` outside braces and quotes."""
    pieces, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(value):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(value[start:i])
            start = i + 1
    pieces.append(value[start:])
    return [p.strip() for p in pieces]


MAX_EXPANSION = 100_000  # characters: macros that double each other must not fill the memory


def expand(value: str, macros: Macros, notes: list[str], field: str = "") -> str:
    """A value written without braces or quotes, as BibTeX reads it: ``conf # " (" # 2024 # ")"``
    joins its pieces, each a {braced} or "quoted" text, a number, an @string macro or a month
    (``jan``). A macro the file does not define reads as empty, with a note, as BibTeX warns.
    A value is cut at :data:`MAX_EXPANSION` characters, and macros read as empty once the file's
    budget is spent, each with a note."""
    out: list[str] = []
    size = 0
    for piece in _split_chain(value):
        text = _piece(piece, macros)
        if text is None:
            if piece:
                notes.append(f"@string {piece!r}{' in ' + field if field else ''} is not defined; read as empty")
            continue
        if piece.lower() in macros:
            macros.budget -= len(text)
            if macros.budget < 0:
                if macros.budget + len(text) >= 0:  # this piece spent it: say so once
                    notes.append("the file's @string macros expand to too much text in all; the macros read "
                                 "from here on (the @strings first, then the entries) are read as empty")
                continue
        out.append(text)
        size += len(text)
        if size > MAX_EXPANSION:
            notes.append(f"{field or 'a value'} is longer than {MAX_EXPANSION:,} characters once its @string "
                         "macros are expanded; cut there")
            return "".join(out)[:MAX_EXPANSION]
    return "".join(out)


def _piece(piece: str, macros: dict[str, str]) -> str | None:
    if len(piece) >= 2 and (piece[0], piece[-1]) in (("{", "}"), ('"', '"')):
        return piece[1:-1]
    if piece.isdigit():
        return piece
    return macros.get(piece.lower(), MONTHS.get(piece.lower()))


def raw_fields(block: model.Entry, macros: Macros, notes: list[str]) -> dict[str, str]:
    """An entry's fields by lower-case name, as written, with @string macros and ``#`` chains expanded;
    a field given twice keeps its first value."""
    fields: dict[str, str] = {}
    enclosing = block.parser_metadata.get("removed_enclosing") or {}
    for f in block.fields:
        key = f.key.lower()
        if key in fields:
            continue
        value = f.value if isinstance(f.value, str) else str(f.value)
        if enclosing.get(f.key) == _RAW and not value.isdigit():
            value = expand(value, macros, notes, key)
        fields[key] = value
    return fields


class Raw(NamedTuple):
    """An entry as the file has it: key, lower-case type, fields by lower-case name."""

    key: str
    type: str
    fields: dict[str, str]
    line: int
    text: str
    notes: list[str]


def listing(entry: Raw) -> Listing | Unreadable:
    """A resolved entry -> the Listing the merge engine matches: vla's fields decoded, the entry type
    and citation key kept, every other field (and the written form of a field that says more than its
    value) in ``fields["bibtex"]`` (see :mod:`vlacli.formats.bibfields`)."""
    f = entry.fields
    notes = list(entry.notes)
    table: dict[str, str] = {}

    def read(name: str) -> str:
        """A text field, decoded; kept as written too when it holds LaTeX vla does not read."""
        unknown: list[str] = []
        value = clean(decode(f[name], unknown)) if name in f else ""
        if unknown:
            table[name] = clean(f[name])
        return value

    title = read("title")
    if not title:
        return Unreadable(entry.line, entry.text, "an entry with no title")
    arxiv = _arxiv(f)
    out: dict[str, Any] = {"entry_type": entry.type}
    if KEY_CHARS.match(entry.key):
        out["citekey"] = entry.key
    else:
        notes.append(f"citation key {entry.key!r} cannot be used in BibTeX; the paper gets one of its own")
    # The venue: journal or booktitle (biblatex: journaltitle), by the type when the entry has several.
    present = [n for n in VENUE_FIELDS if f.get(n, "").strip()]
    order = VENUE_FIELDS if entry.type in JOURNAL_TYPES else ("booktitle", "journal", "journaltitle")
    source = next((n for n in order if n in present), None)
    venue = read(source) or None if source else None
    preprint = (venue is not None and is_preprint_venue(venue)) or (venue is None and arxiv is not None)
    if venue is not None and source is not None:
        if preprint:
            if clean(f[source]) != arxiv_journal(arxiv) or entry.type not in JOURNAL_TYPES:
                table.setdefault(source, clean(f[source]))
        elif source != venue_field(entry.type, venue):
            table.setdefault(source, clean(f[source]))
    for other in present:
        if other != source:
            table[other] = clean(f[other])
    if preprint:
        venue = PREPRINT
    # Year and month, from year/month or biblatex's date.
    year = month = None
    if "date" in f:
        year, month = parse_date(f["date"])
        table["date"] = clean(f["date"])
    if "year" in f:
        year = parse_year(f["year"]) or year
        if f["year"].strip() != str(year) or not is_year(year):
            table["year"] = clean(f["year"])  # "2024a", "in press", or a year vla leaves out (1877)
    if "month" in f:
        month = parse_month(clean(decode(f["month"])))
        if month is None:
            table["month"] = clean(f["month"])
    if month is not None:
        out["month"] = month
    # Plain text fields (location is biblatex's address).
    for name, attr in TEXT_FIELDS.items():
        if name in f and (value := read(name)):
            if name in ("howpublished", "note") and is_arxiv_howpublished(value, arxiv):
                continue  # what the export writes for a preprint: derived from its eprint
            out[attr] = value
    if "location" in f and (value := read("location")):
        out.setdefault("address", value)
        table["location"] = clean(f["location"])
    if editors := names.from_bibtex(f.get("editor", "")):
        out["editors"] = editors
    url = read_verbatim(f.get("url", "")) or None
    if url and arxiv and (found := find_arxiv_id(url)) is not None and found.id == arxiv:
        if url != abs_url(arxiv):
            table["url"] = url  # the arXiv page, written another way (with a version, as a PDF)
        url = None  # the arXiv page: the paper's arXiv ID says it
    if abstract := read("abstract"):
        out["abstract"] = abstract
    if doi := as_doi(read_verbatim(f.get("doi", ""))):
        if not (arxiv and arxiv_of_doi(doi) == arxiv):
            out["doi"] = doi  # (arXiv's own DOI of the paper is derived from its ID, as the export writes it)
    if arxiv:
        eprint = f.get("eprint", "").strip()
        try:
            version = parse_arxiv_id(eprint).version if eprint else None
        except InvalidIdentifier:
            version = None
        if version is not None:
            out["version"] = version
            table["eprint"] = eprint
        for alias in ("eprinttype", "eprintclass"):
            if alias in f:
                table[alias] = clean(f[alias])
        if primary := clean(decode(f.get("primaryclass") or f.get("eprintclass") or "")):
            out["primary_category"] = primary
    else:
        for name in ("eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"):
            if name in f:
                table[name] = clean(f[name])
    for name, value in f.items():
        if name not in MODELLED and name not in table:
            table[name] = clean(value)
    if table:
        out["bibtex"] = dict(sorted(table.items()))
    key = as_paper_key(entry.key) if arxiv is None else None
    return Listing(line=entry.line, title=title, arxiv=arxiv, url=url, year=year, venue=venue,
                   authors=names.from_bibtex(f.get("author", "")), fields=out, key=key, notes=notes)


def _arxiv(fields: dict[str, str]) -> str | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "arxiv").strip().casefold()
    eprint = fields.get("eprint", "").strip()
    if eprint and prefix == "arxiv":
        try:
            return parse_arxiv_id(eprint).id
        except InvalidIdentifier:
            pass
    for name in ("url", "note", "howpublished", "journal", "arxiv", "arxivid"):
        found = find_arxiv_id(fields.get(name, ""))
        if found is not None:
            return found.id
    return arxiv_of_doi(fields.get("doi"))
