""".bib -> entries. Pure: text in, :class:`Parsed` out; never raises on input.

Reads what Zotero, Google Scholar, arXiv and Better BibTeX write. Each entry becomes an
:class:`~vlacli.importers.Entry` that the shared merge engine matches to the catalog:

- ``arxiv``: from ``eprint`` (with ``archivePrefix``/``eprinttype`` arXiv or none), else an arXiv URL
  (``url``, ``note``, ``howpublished``), else ``arXiv:ID`` inside ``journal`` (Scholar's
  ``arXiv preprint arXiv:2506.01844``), else an arXiv DOI (``10.48550/arXiv.…``);
- ``authors``: "Given Family", in order, Unicode; ``others`` (Scholar's truncation) dropped;
- ``venue``: ``booktitle`` or ``journal``, except that an arXiv preprint's journal (or none, for a
  paper on arXiv) is ``arXiv``;
- ``fields``: ``abstract``, ``doi``, ``primary_category``;
- LaTeX (``{\\"u}``, ``{\\l}``, ``\\&``, ``\\textit{…}``) becomes Unicode (:func:`vlacli.latex.decode`).

An entry that cannot be read (broken braces, a field given twice, no title) is reported as
:class:`~vlacli.importers.Unreadable` with its line, and the rest is read.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from typing import TYPE_CHECKING

from ..errors import InvalidIdentifier
from ..identifiers import find_arxiv_id, parse_arxiv_id
from ..latex import decode
from ..text import clean
from ..venues import PREPRINT, is_preprint_venue
from . import Listing, Parsed, Unreadable

if TYPE_CHECKING:
    from bibtexparser import model
    from bibtexparser.library import Library

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.I)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


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
    out.unreadable.sort(key=lambda u: u.line)
    return out


_BLOCK_START = re.compile(r"[{}]|\n@")


def _halfway(text_: str) -> int | None:
    """A place near the middle where a new block starts outside every brace, if the file has one
    and no @string (whose macros the second half would not know)."""
    if "@string" in text_.lower():
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
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.middlewares import RemoveEnclosingMiddleware

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
    out = Parsed()
    macros = _macros(library, out.notes, Macros(MACRO_BUDGET + 8 * len(text_)))
    blocks = sorted(library.blocks, key=lambda b: b.start_line or 0)
    for block in blocks:
        if isinstance(block, model.DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, model.Entry):
            block = block.ignore_error_block  # a citation key used twice: vla does not use the .bib's keys
        if isinstance(block, model.ParsingFailedBlock):
            out.unreadable.append(Unreadable(_line(block), _first_line(block.raw), _why(block)))
        elif isinstance(block, model.Entry):
            try:
                got = read_entry(block, macros)
            except RecursionError:  # braces nested thousands deep
                got = Unreadable(_line(block), _first_line(block.raw), "braces nested too deep to read")
            (out.unreadable if isinstance(got, Unreadable) else out.entries).append(got)  # type: ignore[arg-type]
    return out


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


def read_entry(block: model.Entry, macros: Macros | None = None) -> Listing | Unreadable:
    fields: dict[str, str] = {}
    notes: list[str] = []
    enclosing = block.parser_metadata.get("removed_enclosing") or {}
    macros = macros if macros is not None else Macros(MACRO_BUDGET)
    for f in block.fields:
        key = f.key.lower()
        if key in fields:
            continue
        value = f.value if isinstance(f.value, str) else str(f.value)
        if enclosing.get(f.key) == _RAW and key in _READ and not value.isdigit():
            value = expand(value, macros, notes, key)
        fields[key] = value
    line = _line(block)
    title = text(fields.get("title", ""))
    if not title:
        return Unreadable(line, _first_line(block.raw), "an entry with no title")
    arxiv = _arxiv(fields)
    venue = text(fields.get("booktitle") or fields.get("journal") or "") or None
    if (venue is not None and is_preprint_venue(venue)) or (venue is None and arxiv is not None):
        venue = PREPRINT
    year_m = _YEAR.search(fields.get("year") or fields.get("date") or "")
    url = read_verbatim(fields.get("url", "")) or None
    if url and (found := find_arxiv_id(url)) is not None and found.id == arxiv:
        url = None  # the arXiv page: the paper's arXiv ID says it
    extra: dict[str, str] = {}
    if abstract := text(fields.get("abstract", "")):
        extra["abstract"] = abstract
    if doi := _DOI_PREFIX.sub("", read_verbatim(fields.get("doi", ""))):
        extra["doi"] = doi
    if primary := text(fields.get("primaryclass", "")):
        extra["primary_category"] = primary
    return Listing(line=line, title=title, arxiv=arxiv, url=url, year=int(year_m.group(1)) if year_m else None,
                 venue=venue, authors=authors(fields.get("author", "")), fields=extra, notes=notes)


# The fields read_entry and _arxiv read: only these are expanded (and noted when a macro is missing).
_READ = frozenset({"title", "author", "booktitle", "journal", "year", "date", "url", "abstract", "doi",
                   "primaryclass", "eprint", "archiveprefix", "eprinttype", "note", "howpublished", "arxiv",
                   "arxivid"})


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
    m = _ARXIV_DOI.match(_DOI_PREFIX.sub("", fields.get("doi", "").strip()))
    if m:
        try:
            return parse_arxiv_id(m["id"]).id
        except InvalidIdentifier:
            pass
    return None


def authors(value: str) -> list[str]:
    """``Shukor, Mustafa and Pawe{\\l} Budzianowski and others`` -> ``["Mustafa Shukor", "Paweł Budzianowski"]``.

    Names are split where BibTeX splits them: at ``and`` and commas outside braces. ``von Last, First``
    and ``von Last, Jr, First`` become ``First von Last`` and ``First von Last Jr``; ``First Last`` is kept.
    """
    out = []
    for name in _split_top(clean(value), " and "):
        if name.strip().casefold() == "others":
            continue
        parts = [p.strip() for p in _split_top(name, ",")]
        if len(parts) == 2:
            name = f"{parts[1]} {parts[0]}"
        elif len(parts) >= 3:
            name = f"{parts[2]} {parts[0]} {parts[1]}"
        full = text(name)
        if full:
            out.append(full)
    return out


@functools.cache
def _separator(sep: str) -> re.Pattern[str]:
    return re.compile(re.escape(sep), re.IGNORECASE)


def _split_top(value: str, sep: str) -> list[str]:
    """Split at ``sep`` (case-blind) where no brace is open (BibTeX counts every brace, escaped or not)."""
    if "{" not in value and "}" not in value:  # no groups: one split, in C
        return [p for p in _separator(sep).split(value) if p.strip()]
    out, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and value[i:i + len(sep)].lower() == sep:
            out.append(value[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    out.append(value[start:])
    return [p for p in out if p.strip()]
