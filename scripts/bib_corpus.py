#!/usr/bin/env python3
"""What vla's import and export keep of real .bib and CSL-JSON files (tests/data/bib, tests/data/csl).

For each file that a SOURCES.toml lists, this imports it into a new, empty catalog and exports the catalog
again, through vla's command line only (``python -m vlacli`` in a subprocess: ``vla init``, ``vla -C DIR
import bibtex|csl-json FILE``, ``vla -C DIR export bibtex|csl-json -o OUT``), then compares the file before
and after with code of its own, not vla's: bibtexparser 2 (its splitter only, no middleware), pylatexenc and
pybtex for BibTeX, the json module for CSL-JSON.

Measured, per file and added up per split (dev, heldout):

- keys: the share of the input's citation keys (entries that are works: not @string, @preamble, @comment;
  biblatex @set entries are counted apart) that are keys of an entry of the export; an alias in ``ids`` is
  not an entry. types: the share whose export entry has the same entry type (case-insensitive).
- values: each field of each input entry, kept if the export's entry of that key says the same: @string
  macros (and BibTeX's month macros) expanded and ``#`` concatenations joined on both sides, LaTeX decoded
  (pylatexenc), braces removed, whitespace collapsed; author and editor lists compared name by name (last
  name and first-name initials); a DOI bare and case-insensitive (with or without https://doi.org/, doi:);
  ``month`` as a number; page ranges with any dash; keywords as a set; a biblatex field found under its
  BibTeX name (journaltitle as journal, location as address, ...) counts. exact: the share of values whose
  text, macros expanded and outer delimiters removed, is identical but for whitespace: what a lossless
  round trip keeps.
- parse: blocks of the export that bibtexparser could not read, and errors pybtex reports reading it.
- CSL-JSON: ids, types and each field of each item (names as family/given, dates as date-parts).

Usage:
    python scripts/bib_corpus.py                    # the dev files of both corpora, a table
    python scripts/bib_corpus.py --split all --json
    python scripts/bib_corpus.py --show-lost tests/data/bib/jabref__takeshi-tsukada__creed-kit-criterion__jabref.bib
    python scripts/bib_corpus.py --vla-src /path/to/checkout/src   # measure another checkout's code

The files are in the repository, beside their SOURCES.toml (tests/data/bib/README.md, "Getting the files"):
a file that is missing is reported as such, with where it comes from; --corpus-dir says where else to look.

The held-out files (split = "heldout") are for measuring an importer after it is written: don't read them,
or their --show-lost, while writing it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pybtex.database
import pybtex.errors
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts
from bibtexparser.model import DuplicateBlockKeyBlock, Entry
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.macrospec import MacroSpec

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = (ROOT / "tests" / "data" / "bib" / "SOURCES.toml", ROOT / "tests" / "data" / "csl" / "SOURCES.toml")
TIMEOUT = 900  # seconds for one vla command

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
logging.getLogger("pylatexenc").setLevel(logging.CRITICAL)

# ---------------------------------------------------------------------------------------------------------
# BibTeX values: macros, concatenation, LaTeX

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# BibTeX's predefined macros (plain.bst and the rest define jan..dec as the months' names)
BUILTIN_MACROS = dict(zip(MONTHS, MONTH_NAMES, strict=True))

NAME_FIELDS = frozenset({
    "author", "editor", "translator", "bookauthor", "editora", "editorb", "editorc", "annotator", "commentator",
    "introduction", "foreword", "afterword", "holder",
})  # fmt: skip
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "urlraw", "verba", "verbb", "verbc", "biburl"})
SET_FIELDS = frozenset({"keywords", "ids", "entryset", "groups", "mendeley-tags"})
CASELESS_FIELDS = frozenset({"doi", "eprinttype", "archiveprefix", "langid", "language"})
# a biblatex field found under its BibTeX name (or the other way round) says the same
ALIASES: dict[str, tuple[str, ...]] = {
    "journaltitle": ("journal",),
    "journal": ("journaltitle",),
    "location": ("address",),
    "address": ("location",),
    "institution": ("school",),
    "school": ("institution",),
    "eprinttype": ("archiveprefix",),
    "archiveprefix": ("eprinttype",),
    "eprintclass": ("primaryclass",),
    "primaryclass": ("eprintclass",),
}
DOI_PREFIX = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
DASHES = re.compile(r"\s*(?:-+|–|—|\\textendash\{?\}?|\\textemdash\{?\}?)\s*")
SPACES = re.compile(r"\s+")
UNESCAPED = re.compile(r"(?<!\\)([%&])")
URL_MACRO = re.compile(r"\\(?:url|path)\s*\{([^{}]*)\}")  # its argument is verbatim: a ~ is a tilde


URL_CHARS = {c: f"zzurl{i}zz" for i, c in enumerate("~%&#_$^\\")}  # what a URL's characters stand as, while decoding


def literal_url(match: re.Match[str]) -> str:
    return "{" + "".join(URL_CHARS.get(c, c) for c in match.group(1)) + "}"


# pylatexenc drops the argument of \mbox and its kin, and of \url: a .bib uses them to protect text, which stays
_KEEP_ARGUMENT = ("mbox", "hbox", "makebox", "fbox", "text", "textnormal", "url", "path")
_walker_context = latexwalker.get_default_latex_context_db()
_walker_context.add_context_category(
    "bib-corpus", prepend=True, macros=[*(MacroSpec(m, "{") for m in _KEEP_ARGUMENT), MacroSpec("href", "{{")]
)
_text_context = get_default_latex_context_db()
_text_context.add_context_category(
    "bib-corpus",
    prepend=True,
    macros=[
        *(MacroTextSpec(m, simplify_repl="%(1)s") for m in _KEEP_ARGUMENT),
        MacroTextSpec("href", simplify_repl="%(2)s"),
        *(MacroTextSpec(m, simplify_repl=m) for m in ("TeX", "LaTeX", "BibTeX", "LaTeXe")),
    ],
)
_latex = LatexNodes2Text(latex_context=_text_context, math_mode="text", strict_latex_spaces=False)
# an accent command, braced so that a name's parts (split at spaces and ties) keep it whole: Pe\~{n}alvo
ACCENT = re.compile(r"\\([`'^\"~=.uvHcdbkrt])\s*(\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z])")


def split_concatenation(raw: str) -> list[str]:
    """The parts of a BibTeX value joined by ``#`` outside braces and quotes."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return [p.strip() for p in parts]


def expand(raw: str, macros: dict[str, str]) -> str:
    """A field's raw value with its delimiters removed, its macros expanded and its ``#`` parts joined."""
    out = []
    for part in split_concatenation(raw):
        if len(part) >= 2 and (part[0], part[-1]) in (("{", "}"), ('"', '"')):
            out.append(part[1:-1])
        elif part.isdigit():
            out.append(part)
        else:
            name = part.lower()
            out.append(macros.get(name, BUILTIN_MACROS.get(name, part)))
    return "".join(out)


def strip_braces(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def collapse(text: str) -> str:
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def decode(text: str) -> str:
    """LaTeX to text (a bare ``%`` or ``&`` in a .bib value is that character), braces removed, spaces collapsed."""
    try:
        walker = latexwalker.LatexWalker(
            UNESCAPED.sub(r"\\\1", URL_MACRO.sub(literal_url, text)),
            latex_context=_walker_context,
            tolerant_parsing=True,
        )
        plain = _latex.nodelist_to_text(walker.get_latex_nodes()[0])
        for char, stand_in in URL_CHARS.items():
            plain = plain.replace(stand_in, char)
    except Exception:  # pylatexenc gives up on some malformed input: compare what it is
        plain = text
    return collapse(strip_braces(plain))


def unescape_verbatim(text: str) -> str:
    for escaped, char in (("\\_", "_"), ("\\%", "%"), ("\\&", "&"), ("\\#", "#"), ("\\$", "$"), ("\\~{}", "~")):
        text = text.replace(escaped, char)
    return collapse(strip_braces(text))


def brace_accent(match: re.Match[str]) -> str:
    """``\\v s`` as ``{\\v{s}}``: one token for the name splitter, the same letter for LaTeX."""
    accent, letter = match.groups()
    if not letter.startswith(("{", "\\")):
        letter = "{" + letter + "}"
    return "{\\" + accent + letter + "}"


def split_names(text: str) -> list[str]:
    """A name list's names: split at ``and`` between spaces, outside braces."""
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", text, flags=re.IGNORECASE):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            names.append(text[start : match.start()])
            start = match.end()
    names.append(text[start:])
    return [n.strip() for n in names if n.strip()]


def name_key(name: str) -> str:
    """One person's name as 'last|initials', both decoded and case-folded."""
    if name.strip().lower() == "others":
        return "others"
    try:
        parts = parse_single_name_into_parts(ACCENT.sub(brace_accent, name), strict=False)
    except (InvalidNameError, Exception):
        return decode(name).casefold()
    last = decode(" ".join(parts.von + parts.last + parts.jr)).casefold()
    initials = "".join(
        piece[0] for token in parts.first for piece in re.split(r"[-\s.~]+", decode(token)) if piece
    ).casefold()
    return f"{last}|{initials}"


def month_number(text: str) -> str:
    plain = decode(text).strip().rstrip(".").lower()
    if plain.isdigit() and 1 <= int(plain) <= 12:
        return str(int(plain))
    for i, (short, long) in enumerate(zip(MONTHS, MONTH_NAMES, strict=True), start=1):
        if plain in (short, long.lower()) or (len(plain) >= 3 and long.lower().startswith(plain)):
            return str(i)
    return plain


def normalize(name: str, text: str) -> str:
    """The text of field ``name`` in the form two values saying the same share."""
    if name in NAME_FIELDS:
        return " and ".join(name_key(n) for n in split_names(text))
    if name == "doi":
        return DOI_PREFIX.sub("", unescape_verbatim(text)).casefold()
    if name in VERBATIM_FIELDS:
        return unescape_verbatim(text)
    if name == "month":
        return month_number(text)
    if name in ("pages", "year", "volume", "number", "date", "urldate"):
        return DASHES.sub("-", decode(text))
    if name in SET_FIELDS:
        items = (decode(item) for item in re.split(r"[,;]", text))
        return ", ".join(sorted({item for item in items if item}))
    value = decode(text)
    return value.casefold() if name in CASELESS_FIELDS else value


# ---------------------------------------------------------------------------------------------------------
# BibTeX files


@dataclass
class BibFile:
    """What bibtexparser's splitter reads of a .bib: its works, sets, macros and failures."""

    entries: dict[str, Entry]  # key -> first entry of that key, not @set
    sets: dict[str, Entry]
    macros: dict[str, str]
    failed: int  # blocks bibtexparser could not read (not counting repeated keys)
    repeated: list[str]  # keys given to more than one entry

    def fields(self, entry: Entry) -> dict[str, str]:
        """The entry's fields by lower-case name, macros expanded and concatenations joined."""
        out: dict[str, str] = {}
        for f in entry.fields:
            out.setdefault(f.key.lower(), expand(str(f.value), self.macros))
        return out


def read_bib(text: str) -> BibFile:
    library = parse_string(text, parse_stack=[])
    macros: dict[str, str] = {}
    for string in library.strings:
        macros[string.key.lower()] = expand(str(string.value), macros)
    entries: dict[str, Entry] = {}
    sets: dict[str, Entry] = {}
    for entry in library.entries:
        (sets if entry.entry_type.lower() == "set" else entries).setdefault(entry.key, entry)
    repeated = [b.key for b in library.failed_blocks if isinstance(b, DuplicateBlockKeyBlock)]
    failed = sum(1 for b in library.failed_blocks if not isinstance(b, DuplicateBlockKeyBlock))
    return BibFile(entries, sets, macros, failed, repeated)


def pybtex_errors(text: str) -> int:
    """How many errors pybtex reports reading ``text`` (one if it gives up)."""
    with pybtex.errors.capture() as captured:
        try:
            pybtex.database.parse_string(text, "bibtex")
        except Exception:
            return len(captured) + 1
    return len(captured)


def derived(name: str, fields: dict[str, str]) -> str | None:
    """A field the export may hold in another form: year and month inside ``date``, ``date`` as year-month."""
    date = fields.get("date", "")
    if name == "year" and date[:4].isdigit():
        return date[:4]
    if name == "month" and re.match(r"^\d{4}-\d{2}", date):
        return date[5:7]
    if name == "date" and "year" in fields:
        parts = [fields["year"]]
        if "month" in fields:
            parts.append(month_number(fields["month"]).zfill(2))
            if "day" in fields:
                parts.append(fields["day"].zfill(2))
        return "-".join(parts)
    return None


# ---------------------------------------------------------------------------------------------------------
# Results


@dataclass
class Counts:
    keys: int = 0
    key_total: int = 0
    types: int = 0
    sets: int = 0
    set_total: int = 0
    values: int = 0
    exact: int = 0
    value_total: int = 0
    parse_bibtexparser: int = 0
    parse_pybtex: int = 0
    input_failed: int = 0
    repeated_keys: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Result:
    file: str
    kind: str  # bib or csl
    split: str
    tool: str
    size: int
    counts: Counts = field(default_factory=Counts)
    lost_keys: list[str] = field(default_factory=list)
    changed_types: list[str] = field(default_factory=list)
    lost_values: list[str] = field(default_factory=list)
    lost_by_field: Counter[str] = field(default_factory=Counter)
    error: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "split": self.split,
            "tool": self.tool,
            "bytes": self.size,
            **self.counts.__dict__,
            "lost_keys": self.lost_keys,
            "changed_types": self.changed_types,
            "lost_values": self.lost_values,
            "lost_by_field": dict(self.lost_by_field.most_common()),
            "error": self.error,
            "notes": self.notes,
            "seconds": round(self.seconds, 2),
        }


def shorten(text: str, width: int = 90) -> str:
    text = collapse(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def compare_bib(before_text: str, after_text: str, result: Result) -> None:
    before, after = read_bib(before_text), read_bib(after_text)
    c = result.counts
    c.input_failed, c.repeated_keys = before.failed, len(before.repeated)
    c.parse_bibtexparser = after.failed + len(after.repeated)
    c.parse_pybtex = pybtex_errors(after_text)
    if before.repeated:
        result.notes.append(f"input keys given twice: {', '.join(sorted(set(before.repeated)))}")
    exported = {**after.entries, **after.sets}
    for key, s in before.sets.items():
        c.set_total += 1
        c.sets += key in after.sets
        if key not in after.sets:
            result.lost_keys.append(f"@{s.entry_type}{{{key}}}")
    for key, entry in before.entries.items():
        c.key_total += 1
        out = exported.get(key)
        # an empty value says nothing: an export that leaves it out loses nothing
        fields = {n: (v, wanted) for n, v in before.fields(entry).items() if (wanted := normalize(n, v))}
        if out is None:
            result.lost_keys.append(key)
            for name in fields:
                c.value_total += 1
                result.lost_by_field[name] += 1
            result.lost_values.append(f"{key}: (entry lost, {len(fields)} fields)")
            continue
        c.keys += 1
        if out.entry_type.lower() == entry.entry_type.lower():
            c.types += 1
        else:
            result.changed_types.append(f"{key}: @{entry.entry_type} → @{out.entry_type}")
        out_fields = after.fields(out)
        for name, (value, wanted) in fields.items():
            c.value_total += 1
            names = (name, *ALIASES.get(name, ()))
            candidates = [v for v in (*(out_fields.get(n) for n in names), derived(name, out_fields)) if v is not None]
            if out_fields.get(name) is not None and collapse(out_fields[name]) == collapse(value):
                c.exact += 1
            if any(normalize(name, v) == wanted for v in candidates):
                c.values += 1
                continue
            result.lost_by_field[name] += 1
            now = shorten(candidates[0]) if candidates else "(none)"
            result.lost_values.append(f"{key}.{name}: {shorten(value)} → {now}")


# ---------------------------------------------------------------------------------------------------------
# CSL-JSON

CSL_NAME_KEYS = ("family", "given", "literal", "non-dropping-particle", "dropping-particle", "suffix")


def csl_items(data: Any) -> list[dict[str, Any]] | None:
    """A CSL-JSON file's items: a list of items, or an object whose values are items (Zotero's test data)."""
    if isinstance(data, list) and all(isinstance(i, dict) for i in data):
        return data
    if isinstance(data, dict) and data and all(isinstance(v, dict) and "type" in v for v in data.values()):
        return list(data.values())
    return None


def csl_normalize(name: str, value: Any) -> str:
    if isinstance(value, list) and all(isinstance(p, dict) for p in value):  # names
        people = []
        for person in value:
            parts = [collapse(str(person.get(k, ""))) for k in CSL_NAME_KEYS]
            people.append("|".join(parts).rstrip("|"))
        return "; ".join(people)
    if isinstance(value, dict) and ("date-parts" in value or "raw" in value or "literal" in value):  # dates
        if "date-parts" in value:
            try:
                return json.dumps([[int(str(x)) for x in part] for part in value["date-parts"]])
            except (TypeError, ValueError):
                return json.dumps(value["date-parts"])
        return collapse(str(value.get("raw", value.get("literal", ""))))
    text = collapse(str(value)) if not isinstance(value, (dict, list)) else json.dumps(value, sort_keys=True)
    if name == "DOI":
        return DOI_PREFIX.sub("", text).casefold()
    return text


def compare_csl(before_items: list[dict[str, Any]], after_items: list[dict[str, Any]], result: Result) -> None:
    c = result.counts
    exported = {str(i.get("id")): i for i in after_items}
    seen: set[str] = set()
    for item in before_items:
        key = str(item.get("id"))
        if key in seen:
            c.repeated_keys += 1
            continue
        seen.add(key)
        c.key_total += 1
        out = exported.get(key)
        fields = {k: v for k, v in item.items() if k not in ("id", "type")}
        if out is None:
            result.lost_keys.append(key)
            c.value_total += len(fields)
            result.lost_by_field.update(fields.keys())
            result.lost_values.append(f"{key}: (item lost, {len(fields)} fields)")
            continue
        c.keys += 1
        if str(out.get("type", "")).lower() == str(item.get("type", "")).lower():
            c.types += 1
        else:
            result.changed_types.append(f"{key}: {item.get('type')} → {out.get('type')}")
        for name, value in fields.items():
            c.value_total += 1
            now = out.get(name)
            if now == value:
                c.exact += 1
            if now is not None and csl_normalize(name, now) == csl_normalize(name, value):
                c.values += 1
                continue
            result.lost_by_field[name] += 1
            shown = "(none)" if now is None else shorten(json.dumps(now, ensure_ascii=False))
            result.lost_values.append(f"{key}.{name}: {shorten(json.dumps(value, ensure_ascii=False))} → {shown}")


# ---------------------------------------------------------------------------------------------------------
# Running vla


class VlaError(Exception):
    pass


def vla(args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "vlacli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        check=False,
    )
    if proc.returncode != 0:
        lines = (proc.stderr or proc.stdout).strip().splitlines()
        raise VlaError(f"vla {' '.join(args[:4])}: exit {proc.returncode}: {lines[-1] if lines else ''}")
    return proc


def round_trip(source: Path, kind: str, env: dict[str, str], work: Path) -> str:
    """Import ``source`` into a new catalog in ``work`` and export it: the exported text."""
    fmt = "bibtex" if kind == "bib" else "csl-json"
    catalog, out = work / "catalog", work / f"export.{kind if kind == 'bib' else 'json'}"
    vla(["init", str(catalog)], env)
    vla(["-C", str(catalog), "import", fmt, str(source)], env)
    vla(["-C", str(catalog), "export", fmt, "-o", str(out)], env)
    return out.read_text(encoding="utf-8")


def locate(name: str, base: Path, kind: str, corpus: Path | None) -> Path:
    """Where file ``name`` of a SOURCES.toml is: in the --corpus-dir (or its bib/, csl/), else beside the TOML."""
    places = [corpus / kind / name, corpus / name] if corpus else []
    return next((p for p in places if p.is_file()), base / name)


def measure(entry: dict[str, Any], base: Path, kind: str, env: dict[str, str], corpus: Path | None = None) -> Result:
    path = locate(entry["file"], base, kind, corpus)
    result = Result(entry["file"], kind, entry.get("split", "dev"), entry.get("tool", ""), entry.get("bytes", 0))
    if not path.is_file():
        result.error = f"missing: {entry.get('repository', '?')} {entry.get('commit', '')}:{entry.get('path', '')}"
        return result
    data = path.read_bytes()
    result.size = len(data)
    if entry.get("sha256") and hashlib.sha256(data).hexdigest() != entry["sha256"]:
        result.notes.append("not the file SOURCES.toml names: its sha256 differs")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bib-corpus-") as tmp:
        work = Path(tmp)
        try:
            if kind == "bib":
                text = data.decode("utf-8", errors="replace")
                if "\ufffd" in text and b"\xef\xbf\xbd" not in data:
                    result.notes.append("not UTF-8: read with replacement characters")
                prepend = [locate(p, base, kind, corpus) for p in entry.get("prepend", [])]
                source = path
                if prepend:  # macros another file defines (IEEEexample.bib's journals are IEEEabrv's)
                    text = "".join(p.read_text(encoding="utf-8") + "\n" for p in prepend) + text
                    source = work / path.name
                    source.write_text(text, encoding="utf-8")
                    result.notes.append("imported after " + ", ".join(p.name for p in prepend))
                exported = round_trip(source, kind, env, work)
                compare_bib(text, exported, result)
            else:
                raw = json.loads(data)
                items = csl_items(raw)
                if items is None:
                    raise VlaError("not CSL-JSON: neither a list of items nor an object of items")
                source = path
                if not isinstance(raw, list):
                    source = work / path.name
                    source.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
                    result.notes.append("an object of items: given to vla as the list of its values")
                exported = round_trip(source, kind, env, work)
                after = csl_items(json.loads(exported)) or []
                compare_csl(items, after, result)
        except (VlaError, subprocess.TimeoutExpired, OSError, ValueError) as exc:
            result.error = str(exc)
    result.seconds = time.monotonic() - started
    return result


# ---------------------------------------------------------------------------------------------------------
# Command line


def load_sources(paths: Iterable[Path]) -> Iterator[tuple[dict[str, Any], Path, str]]:
    for sources in paths:
        kind = "csl" if sources.parent.name == "csl" else "bib"
        with sources.open("rb") as f:
            for entry in tomllib.load(f).get("file", []):
                if "file" not in entry:
                    raise SystemExit(f"{sources}: a [[file]] without file = …")
                yield entry, sources.parent, kind


def pct(part: int, total: int) -> str:
    return f"{100 * part / total:5.1f}" if total else "    -"


def table(results: Sequence[Result]) -> str:
    head = (
        f"{'file':<58} {'split':<7} {'tool':<20} {'KB':>6} {'works':>5} {'keys%':>6} {'types%':>6}"
        f" {'values%':>7} {'exact%':>6} {'sets':>5} {'parse':>7}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        c = r.counts
        sets = f"{c.sets}/{c.set_total}" if c.set_total else ""
        parse = f"{c.parse_bibtexparser}/{c.parse_pybtex}" if r.kind == "bib" else ""
        if r.error:
            lines.append(f"{r.file[:58]:<58} {r.split:<7} {r.tool[:20]:<20} {r.size / 1024:6.0f}  ERROR {r.error}")
            continue
        lines.append(
            f"{r.file[:58]:<58} {r.split:<7} {r.tool[:20]:<20} {r.size / 1024:6.0f} {c.key_total:5d}"
            f" {pct(c.keys, c.key_total):>6} {pct(c.types, c.key_total):>6} {pct(c.values, c.value_total):>7}"
            f" {pct(c.exact, c.value_total):>6} {sets:>5} {parse:>7}"
        )
    return "\n".join(lines)


def totals(results: Sequence[Result]) -> dict[str, dict[str, Any]]:
    """Counts added up per kind and split (and over all splits), with the fields most often lost."""
    groups: dict[str, tuple[Counts, Counter[str], int]] = {}
    for r in results:
        for split in (r.split, "all"):
            name = f"{r.kind}/{split}"
            counts, lost, files = groups.setdefault(name, (Counts(), Counter(), 0))
            counts.add(r.counts)
            lost.update(r.lost_by_field)
            groups[name] = (counts, lost, files + 1)
    out: dict[str, dict[str, Any]] = {}
    for name, (c, lost, files) in sorted(groups.items()):
        out[name] = {
            "files": files,
            **c.__dict__,
            "keys_pct": round(100 * c.keys / c.key_total, 2) if c.key_total else None,
            "types_pct": round(100 * c.types / c.key_total, 2) if c.key_total else None,
            "values_pct": round(100 * c.values / c.value_total, 2) if c.value_total else None,
            "exact_pct": round(100 * c.exact / c.value_total, 2) if c.value_total else None,
            "most_lost_fields": dict(lost.most_common(15)),
        }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", help="only these files (names or paths) of the SOURCES.toml")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), help="default: dev, or all for files named")
    parser.add_argument("--sources", type=Path, action="append", help="a SOURCES.toml (default: bib's and csl's)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--show-lost", action="store_true", help="list the keys and values lost, file by file")
    parser.add_argument("--corpus-dir", type=Path, help="look for the files here (or in its bib/ and csl/) first")
    parser.add_argument("--vla-src", type=Path, help="run the vlacli package of this folder (put first on PYTHONPATH)")
    args = parser.parse_args(argv)
    args.split = args.split or ("all" if args.files else "dev")

    env = dict(os.environ)
    if args.vla_src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(args.vla_src.resolve()), env.get("PYTHONPATH")) if p)
    env.pop("VLA_CATALOG", None)
    wanted = {Path(f).name for f in args.files}
    chosen = [
        (entry, base, kind)
        for entry, base, kind in load_sources(args.sources or DEFAULT_SOURCES)
        if (args.split == "all" or entry.get("split", "dev") == args.split) and (not wanted or entry["file"] in wanted)
    ]
    missing = wanted - {entry["file"] for entry, _, _ in chosen}
    if missing:
        parser.error(f"not in the {args.split} split of the sources: {', '.join(sorted(missing))}")
    results = []
    for entry, base, kind in chosen:
        results.append(measure(entry, base, kind, env, args.corpus_dir))
        if not args.json:
            print(f"  {entry['file']}: {results[-1].seconds:.1f} s", file=sys.stderr)
    summary = totals(results)
    if args.json:
        report = {"files": [r.as_json() for r in results], "totals": summary}
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    print(table(results))
    print()
    for name, t in summary.items():
        sets = f", sets {t['sets']}/{t['set_total']}" if t["set_total"] else ""
        parse = f", export blocks unread {t['parse_bibtexparser']} (bibtexparser) / {t['parse_pybtex']} (pybtex)"
        print(
            f"{name:<12} {t['files']:3d} files: keys {t['keys']}/{t['key_total']} ({t['keys_pct']}%),"
            f" types {t['types']}/{t['key_total']} ({t['types_pct']}%), values {t['values']}/{t['value_total']}"
            f" ({t['values_pct']}%), exact {t['exact_pct']}%{sets}{parse if name.startswith('bib/') else ''}"
        )
    if args.show_lost:
        for r in results:
            print(f"\n## {r.file} ({r.split}, {r.tool})")
            for note in r.notes:
                print(f"  note: {note}")
            if r.error:
                print(f"  ERROR: {r.error}")
            if r.lost_keys:
                print(f"  keys lost ({len(r.lost_keys)}): {', '.join(r.lost_keys)}")
            for line in r.changed_types:
                print(f"  type: {line}")
            if r.lost_by_field:
                print("  values lost by field: " + ", ".join(f"{k} {v}" for k, v in r.lost_by_field.most_common()))
            for line in r.lost_values:
                print(f"  {line}")
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
