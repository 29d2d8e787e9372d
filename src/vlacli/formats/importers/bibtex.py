""".bib -> entries. Pure: text in, :class:`Parsed` out; never raises on input.

Reads what Zotero, Google Scholar, arXiv, Better BibTeX and biblatex users write. Each entry becomes
a :class:`~vlacli.formats.importers.Listing` that the shared merge engine matches to the catalog, with
the entry as written (its :class:`~vlacli.formats.importers.Source`: type, every field in the file's
order, the expressions of the fields written with @string macros or ``#``, the @strings they use, the
fields its crossref parent gave it, and the file's blocks that go with it — @preamble, @comment, @set,
@xdata), which a paper the import makes keeps for the export. The values vla reads from it:

- its citation key (``fields["citekey"]``, kept as the paper's for good, as written: non-ASCII too) and
  entry type (``fields["entry_type"]``); a paper with no arXiv ID is filed under its citation key when a
  file name can hold it;
- ``arxiv``: from ``eprint`` (with ``archivePrefix``/``eprinttype`` arXiv or none; its version kept),
  else an arXiv URL (``url``, ``note``, ``howpublished``), else ``arXiv:ID`` inside ``journal``
  (Scholar's ``arXiv preprint arXiv:2506.01844``), else an arXiv DOI (``10.48550/arXiv.…``);
- ``authors`` and ``editors``: stored names (:mod:`vlacli.core.names`), in order, ``others`` kept;
- ``venue``: ``booktitle``, ``journal`` or ``journaltitle``, except that an arXiv preprint's
  journal (or none, for a paper on arXiv) is ``arXiv``;
- ``year`` and ``month`` (from ``year``/``month`` or biblatex's ``date``, by the one year rule), the plain
  fields of :data:`vlacli.formats.bibfields.TEXT_FIELDS`, ``abstract``, ``doi``, ``primary_category``;
- for a paper an import merges into: every other field as written, and the written form of a field that
  says more than its value, in ``fields["bibtex"]`` (see :mod:`vlacli.formats.bibfields`);
- ``crossref`` and ``xdata`` resolved: an entry takes the fields it lacks from its parents, mapped
  as biblatex maps them;
- LaTeX (``{\\"u}``, ``{\\l}``, ``\\&``, ``\\textit{…}``) becomes Unicode (:func:`vlacli.core.latex.decode`);
  a command vla does not know keeps its argument's text.

An entry without a title is kept with an empty one (a note says so); a value that runs into the next
field for want of a comma is read as the two fields (a note too). An entry that cannot be read (broken
braces, a field given twice) is reported as :class:`~vlacli.formats.importers.Unreadable` with its
line, and the rest is read.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ...core import names
from ...core.citekeys import KEY_CHARS, as_paper_key
from ...core.identifiers import abs_url, find_arxiv_id, parse_arxiv_id, slugify
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
    names_arxiv,
    parse_date,
    parse_month,
    parse_year,
    venue_field,
    venue_order,
)
from . import Listing, Parsed, Source, Unreadable

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
        entry.shift(offset)
    for bad in rest.unreadable:
        bad.line += offset
    out.entries += rest.entries
    out.unreadable += rest.unreadable
    out.notes += [re.sub(r"^line (\d+)", lambda m: f"line {int(m.group(1)) + offset}", n) for n in rest.notes]
    out.recognised = out.recognised or rest.recognised
    out.unreadable.sort(key=lambda u: u.line)
    return out


_BLOCK_START = re.compile(r"[{}]|\n@")


def _halfway(text_: str) -> int | None:
    """A place near the middle where a new block starts outside every brace, if the file has one
    and no @string (whose macros the second half would not know), crossref or xdata (whose parents
    it might not have), @preamble, @comment, @set or @IEEEtranBSTCTL (kept with papers across the file)."""
    lower = text_.lower()
    if any(word in lower for word in ("@string", "crossref", "xdata", "@preamble", "@comment", "@set",
                                      "@ieeetranbstctl")):
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
    bib = read_bib(text_, out)
    by_key: dict[str, Raw] = {}
    for r in bib.raws:
        by_key.setdefault(r.key.casefold(), r)
    made: list[tuple[Listing, Raw]] = []
    for r in bib.raws:
        if r.type in _NOT_WORKS:
            out.notes.append(f"line {r.line}: @{r.type}{{{r.key}}} {_NOT_WORKS[r.type]}; kept for the export")
            continue
        try:
            resolved = resolve(r, by_key)
            got = listing(resolved)
        except RecursionError:  # braces nested thousands deep
            got = Unreadable(r.line, r.text, "braces nested too deep to read")
        if isinstance(got, Unreadable):
            out.unreadable.append(got)
            continue
        got.source = _source(r, resolved)
        made.append((got, r))
    _keep_blocks(bib, made, by_key)
    out.entries.extend(e for e, _ in made)
    out.unreadable.sort(key=lambda u: u.line)
    return out


class Block(NamedTuple):
    """A block of a .bib that is no paper, as written: a @preamble, a @comment, or an entry that is no
    work (@set, @xdata, @IEEEtranBSTCTL). Kept with the papers it belongs to, for the export."""

    line: int
    kind: str  # "preamble", "comment", or the entry's type
    key: str  # an entry's key ("" for the others)
    text: str
    uses: frozenset[str] = frozenset()  # the @string macros (lower case) it uses


@dataclass
class BibFile:
    """A .bib as written: its entries (macros expanded, crossref not resolved), its @string
    definitions as written, and its blocks that are no entries of works."""

    raws: list[Raw] = field(default_factory=list)
    strings: dict[str, str] = field(default_factory=dict)  # @string name -> its definition, as written
    needs: dict[str, frozenset[str]] = field(default_factory=dict)  # lower-case name -> the macros it uses
    blocks: list[Block] = field(default_factory=list)


def raw_entries(text_: str, out: Parsed | None = None) -> list[Raw]:
    """Every entry of a .bib as written (macros expanded, crossref not resolved), in file order;
    the blocks that cannot be read, and notes on macros, go to ``out``."""
    return read_bib(text_, out).raws


def read_bib(text_: str, out: Parsed | None = None) -> BibFile:
    """The .bib's entries, @strings and other blocks as written (:class:`BibFile`); the blocks that
    cannot be read, and notes on macros, go to ``out``."""
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
        bib = BibFile()
        macros = _macros(library, out.notes, Macros(MACRO_BUDGET + 8 * len(text_)), bib)
        for block in sorted(library.blocks, key=lambda b: b.start_line or 0):
            line = _line(block)
            if isinstance(block, model.DuplicateBlockKeyBlock):
                # A citation key used twice: read as any entry (the merge gives the second another key).
                again = parse_string(block.raw or "", parse_stack=[
                    RemoveEnclosingMiddleware(allow_inplace_modification=True)]).entries
                if again:
                    block = again[0]
            if isinstance(block, model.ParsingFailedBlock):
                out.unreadable.append(Unreadable(line, _first_line(block.raw), _why(block)))
            elif isinstance(block, model.Entry):
                notes: list[str] = []
                fields, written, uses, texts = raw_fields(block, macros, notes)
                raw = Raw(block.key, block.entry_type.lower(), fields, line, _first_line(block.raw), notes,
                          written, uses, texts=texts)
                bib.raws.append(raw)
                if raw.type in _NOT_WORKS:
                    bib.blocks.append(Block(raw.line, raw.type, raw.key, (block.raw or "").strip(), uses))
            elif isinstance(block, model.Preamble | model.ExplicitComment):
                kind = "preamble" if isinstance(block, model.Preamble) else "comment"
                bib.blocks.append(Block(_line(block), kind, "", (block.raw or "").strip()))
    finally:
        log.setLevel(level)
    # A .bib with no entry is still one when it has other blocks (@string, @comment, @preamble) or
    # only %-comments, as an empty library's export has.
    out.recognised = out.recognised or any(not isinstance(b, model.ImplicitComment) for b in library.blocks) or all(
        line.lstrip().startswith("%") for line in text_.splitlines() if line.strip())
    return bib


def _source(own: Raw, resolved: Raw) -> Source:
    """The entry as written, kept with its paper: its own fields and those its crossref parent gave it
    (written in its place when the parent is not exported), the expressions of the fields written
    with macros; @strings and blocks are added by :func:`_keep_blocks`."""
    inherited = sorted(n for n, how in resolved.via.items() if how == "crossref")
    fields = {name: own.texts.get(name, value) for name, value in own.fields.items()}
    for name in inherited:
        fields[name] = resolved.fields[name]
    form: dict[str, Any] = {}
    if own.macros:
        form["macros"] = dict(own.macros)
    if inherited:
        form["inherited"] = inherited
    return Source("bibtex", own.key, own.type, fields, form)


def _keep_blocks(bib: BibFile, made: list[tuple[Listing, Raw]], by_key: dict[str, Raw]) -> None:
    """Give each entry's source the @string definitions its values use, and the blocks that go with
    it: the file's @preambles to every entry (to the first, when they are longer than
    :data:`PREAMBLE_EVERYWHERE`); a @set to its members; an @xdata to the entries that take fields from
    it; a @comment (and an @IEEEtranBSTCTL) to the file's first entry."""
    blocks: list[list[Block]] = [[] for _ in made]
    # The @preambles go with every paper, so each paper's entry compiles alone, unless they are long:
    # then with the first paper only, so no file can make every paper hold a long text.
    everywhere = sum(len(b.text) for b in bib.blocks if b.kind == "preamble") <= PREAMBLE_EVERYWHERE
    xdata = [_xdata_of(r, by_key) for _, r in made]  # the @xdata keys each entry takes fields from
    for b in bib.blocks:
        targets: list[int]
        if b.kind == "preamble" and everywhere:
            targets = list(range(len(made)))
        elif b.kind == "set":
            members = by_key[b.key.casefold()].fields.get("entryset", "") if b.key.casefold() in by_key else ""
            wanted = {k.strip().casefold() for k in members.split(",") if k.strip()}
            targets = [i for i, (_, r) in enumerate(made) if r.key.casefold() in wanted]
        elif b.kind == "xdata":
            targets = [i for i, keys in enumerate(xdata) if b.key.casefold() in keys]
        else:
            targets = [0] if made else []
        for i in targets:
            blocks[i].append(b)
    strings = list(bib.strings.items())
    positions: dict[str, list[int]] = {}  # lower-case name -> where the @strings of that name are, in file order
    for i, (name, _) in enumerate(strings):
        positions.setdefault(name.lower(), []).append(i)
    for (e, raw), kept in zip(made, blocks, strict=True):
        if e.source is None:
            continue
        needed = _needed(set(raw.uses).union(*(b.uses for b in kept)), bib.needs)
        if found := sorted(i for name in needed for i in positions.get(name, ())):
            e.source.shared["strings"] = dict(strings[i] for i in found)
        if kept:
            e.source.shared["blocks"] = [b.text for b in kept]


PREAMBLE_EVERYWHERE = 4096  # characters of @preamble a file's every paper keeps a copy of


def _xdata_of(entry: Raw | None, by_key: dict[str, Raw]) -> set[str]:
    """The keys (case-folded) of the @xdata entries ``entry`` takes fields from, through their own."""
    found: set[str] = set()
    todo = [entry] if entry is not None else []
    while todo and len(found) < 100:
        e = todo.pop()
        for key in (k.strip().casefold() for k in e.fields.get("xdata", "").split(",") if k.strip()):
            if key not in found:
                found.add(key)
                if key in by_key:
                    todo.append(by_key[key])
    return found


def _needed(uses: set[str], needs: dict[str, frozenset[str]]) -> set[str]:
    """The macros ``uses`` names and every macro their definitions use."""
    out, todo = set(), list(uses)
    while todo:
        name = todo.pop()
        if name not in out:
            out.add(name)
            todo.extend(needs.get(name, ()))
    return out


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
    via: dict[str, str] = {}  # field -> how it came: "crossref" or "xdata"
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
            targets = [mapping[name]] if name in mapping else [name]
            if how == "crossref" and name == "author" and parent.type == "book" and entry.type in IN_TYPES:
                targets.insert(0, "bookauthor")
            for target in targets:
                if target not in fields:
                    fields[target] = value
                    via[target] = how
    return entry._replace(fields=fields, notes=notes, via=via)


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


def _macros(library: Library, notes: list[str], out: Macros, bib: BibFile | None = None) -> Macros:
    """The file's @string macros by lower-cased name (BibTeX's are case-blind), each expanded with
    the ones defined before it, as BibTeX reads them; ``bib`` gets their definitions as written."""
    for string in library.strings:
        value = string.value if isinstance(string.value, str) else str(string.value)
        enclosing = string.parser_metadata.get("removed_enclosing")
        uses: set[str] = set()
        written = {"{": "{" + value + "}", '"': '"' + value + '"'}.get(str(enclosing), value)
        if enclosing == _RAW and not value.isdigit():
            found: list[str] = []
            value = expand(value, out, found, f"@string {string.key}", uses)
            notes.extend(f"line {(string.start_line or 0) + 1}: {n}" for n in found)
        out[string.key.lower()] = value
        if bib is not None:
            bib.strings[string.key] = written
            bib.needs[string.key.lower()] = frozenset(uses)
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


def expand(value: str, macros: Macros, notes: list[str], field: str = "", uses: set[str] | None = None) -> str:
    """A value written without braces or quotes, as BibTeX reads it: ``conf # " (" # 2024 # ")"``
    joins its pieces, each a {braced} or "quoted" text, a number, an @string macro or a month
    (``jan``). A macro the file does not define reads as empty, with a note, as BibTeX warns.
    A value is cut at :data:`MAX_EXPANSION` characters, and macros read as empty once the file's
    budget is spent, each with a note. ``uses`` gets the names of the @string macros it reads."""
    out: list[str] = []
    size = 0
    for piece in _split_chain(value):
        text = _piece(piece, macros)
        if text is None:
            if piece:
                notes.append(f"@string {piece!r}{' in ' + field if field else ''} is not defined; read as empty")
            continue
        if piece.lower() in macros:
            if uses is not None:
                uses.add(piece.lower())
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


def raw_fields(block: model.Entry, macros: Macros,
               notes: list[str]) -> tuple[dict[str, str], dict[str, str], frozenset[str], dict[str, str]]:
    """An entry's fields by lower-case name, as written, with @string macros and ``#`` chains expanded
    (a field given twice keeps its first value); the expressions of the fields written with macros or
    ``#``, as written; the macros they use; and the text of a field as written where it is not the value
    read. A value that runs into the next field for want of a comma (``url = {…}  title = {…}``) is read
    as the two fields, with a note, and its text is kept as written."""
    fields: dict[str, str] = {}
    written: dict[str, str] = {}
    texts: dict[str, str] = {}
    uses: set[str] = set()
    enclosing = block.parser_metadata.get("removed_enclosing") or {}
    pending = [(f.key, f.value if isinstance(f.value, str) else str(f.value), enclosing.get(f.key) == _RAW)
               for f in block.fields]
    while pending:
        name, value, bare = pending.pop(0)
        key = name.lower()
        if bare and (split := _missing_comma(value)) is not None:
            text, (value, rest) = value.strip(), split
            after = ", ".join(n.lower() for n, _, _ in rest)
            kept = "its names are read" if key in _NAME_LISTS else "its text is kept as written"
            notes.append(f"a comma is missing after field {key}: {kept}, and {after} after it is read too "
                         "(add the comma)")
            pending[:0] = [(n, v, b) for n, v, b in rest]
            bare = False
            if key not in fields and key not in _NAME_LISTS:  # a name list is written as its names read
                texts[key] = text
        if key in fields:
            continue
        if bare and not value.isdigit():
            written[key] = value.strip()
            before = len(notes)
            expression, value = value, expand(value, macros, notes, key, uses)
            if any("is not defined" in n for n in notes[before:]):
                # A macro the file does not define (BibDesk keeps its own elsewhere): read as empty, as
                # BibTeX reads it, and written back as its name, the text the file meant.
                texts[key] = _literal(expression, macros)[:MAX_EXPANSION]
        fields[key] = value
    return fields, written, frozenset(uses), texts


def _literal(expression: str, macros: Macros) -> str:
    """A ``#`` chain's text with each macro the file does not define read as its name."""
    return "".join(read if (read := _piece(piece, macros)) is not None else piece
                   for piece in _split_chain(expression))


_NAME_LISTS = frozenset({"author", "editor"})
_NEXT_FIELD = re.compile(r"\s*([A-Za-z][\w:.+-]*)\s*=\s*", re.S)


def _missing_comma(value: str) -> tuple[str, list[tuple[str, str, bool]]] | None:
    """``{a}\\n  title = {b}`` (a value and the next field, their comma missing) -> ("a", [("title",
    "{b}", True)]); None for any other value."""
    text = value.strip()
    if not text or text[0] not in "{\"":
        return None
    end = _closing(text)
    if end is None or end + 1 >= len(text):
        return None
    m = _NEXT_FIELD.match(text, end + 1)
    if m is None or not text[m.end():].strip():
        return None
    rest_value = text[m.end():].strip()
    if len(rest_value) >= 2 and (rest_value[0], rest_value[-1]) in (("{", "}"), ('"', '"')) \
            and _closing(rest_value) == len(rest_value) - 1:
        return text[1:end], [(m.group(1), rest_value[1:-1], False)]
    return text[1:end], [(m.group(1), rest_value, True)]


def _closing(text: str) -> int | None:
    """Where the braced or quoted value that opens ``text`` closes."""
    if text[0] == '"':
        depth = 0
        for i, ch in enumerate(text[1:], 1):
            depth += ch == "{"
            depth -= ch == "}"
            if ch == '"' and depth == 0:
                return i
        return None
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0:
            return i
    return None


class Raw(NamedTuple):
    """An entry as the file has it: key, lower-case type, fields by lower-case name (macros expanded),
    and how it wrote them."""

    key: str
    type: str
    fields: dict[str, str]
    line: int
    text: str
    notes: list[str]
    macros: dict[str, str] = {}  # noqa: RUF012 -- field -> its expression, when written with macros or `#`
    uses: frozenset[str] = frozenset()  # the @string macros (lower case) its values use
    via: dict[str, str] = {}  # noqa: RUF012 -- a field its crossref or xdata parent gave -> "crossref" / "xdata"
    texts: dict[str, str] = {}  # noqa: RUF012 -- a field's text as written, where it is not the value read


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
        notes.append("an entry with no title: kept with an empty title")
    arxiv = _arxiv(f)
    out: dict[str, Any] = {"entry_type": entry.type}
    if KEY_CHARS.match(entry.key):
        out["citekey"] = entry.key
    else:
        notes.append(f"citation key {entry.key!r} cannot be used in BibTeX; the paper gets one of its own")
    # The venue: journal or booktitle (biblatex: journaltitle), by the type when the entry has several.
    present = [n for n in VENUE_FIELDS if f.get(n, "").strip()]
    source = next((n for n in venue_order(entry.type) if n in present), None)
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
        # Better BibTeX writes every class the paper has (`cs, math, stat`): the first is the primary.
        if primary := clean(decode(f.get("primaryclass") or f.get("eprintclass") or "")).split(",")[0].strip():
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
    key = (as_paper_key(entry.key) or (slugify(entry.key) if not title else None)) if arxiv is None else None
    return Listing(line=entry.line, title=title, arxiv=arxiv, url=url, year=year, venue=venue,
                   authors=names.from_bibtex(f.get("author", "")), fields=out, key=key, notes=notes)


def _arxiv(fields: dict[str, str]) -> str | None:
    if names_arxiv(fields):
        try:
            return parse_arxiv_id(fields["eprint"].strip()).id
        except InvalidIdentifier:
            pass
    for name in ("url", "note", "howpublished", "journal", "arxiv", "arxivid"):
        found = find_arxiv_id(fields.get(name, ""))
        if found is not None:
            return found.id
    volume = fields.get("volume", "").strip()
    if fields.get("journal", "").strip().casefold() == "corr" and volume[:4].casefold() == "abs/":
        try:  # DBLP's form of an arXiv preprint: journal = {CoRR}, volume = {abs/2407.07111}
            return parse_arxiv_id(volume[4:]).id
        except InvalidIdentifier:
            pass
    return arxiv_of_doi(fields.get("doi"))
