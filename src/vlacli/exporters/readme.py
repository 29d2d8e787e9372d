"""The generated sections of a README: found by their markers, each refreshed with its own filters.

A section is what lies between a line ``<!-- vla:begin -->`` and the next ``<!-- vla:end -->``.
A begin marker may record the filters of ``vla export markdown`` that wrote it, in the command's
own words::

    <!-- vla:begin --category model-compression --year 2024- -->

so that ``vla export markdown --in-place README.md`` refreshes every section with the filters its
marker records, and ``vla lint --readme`` checks each against them. A README may hold several
sections (one per pillar, with prose between them). Markers that do not pair up — a begin inside
another section, an end with no begin, a begin never closed — are an error naming the line,
never a guess; nothing outside the sections is ever changed.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..errors import AmbiguousCategory, InputError, UnknownCategory

BEGIN = "<!-- vla:begin -->"
END = "<!-- vla:end -->"
# A marker is a line of its own, indented at most three spaces (four make a code block), after a
# byte-order mark on the first line; one quoted in prose, in `code` or in a fenced block is not.
_MARK = re.compile(r"^\ufeff?[ ]{0,3}(?P<mark><!--\s*vla:(?P<kind>begin|end)\b(?P<opts>(?:(?!-->)[^\n])*?)\s*-->)"
                   r"(?=[ \t]*\r?$)", re.M)
_FENCE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,})", re.M)

# Marker option -> Query field; the long form is the one vla writes.
FILTERS = {"--category": "category", "-c": "category", "--year": "year", "-y": "year",
           "--venue": "venue", "--search": "search", "-s": "search"}
_LONG = {name: opt for opt, name in FILTERS.items() if opt.startswith("--")}


@dataclass(frozen=True)
class Section:
    begin: int  # where the begin marker starts
    start: int  # just after it
    stop: int  # where the end marker starts
    line: int  # the begin marker's line
    filters: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        """``--category quantization``, or ``all papers``: how messages name the section."""
        return options_text(self.filters) or "all papers"


def options_text(filters: dict[str, str]) -> str:
    return " ".join(f"{_LONG[name]} {shlex.quote(value)}" for name, value in filters.items())


def begin_marker(filters: dict[str, str]) -> str:
    opts = options_text(filters)
    return f"<!-- vla:begin {opts} -->" if opts else BEGIN


def _line(document: str, pos: int) -> int:
    return document.count("\n", 0, pos) + 1


def parse_filters(opts: str, where: str) -> dict[str, str]:
    """``--category x --year 2024-`` (or ``--category=x``) -> {"category": "x", "year": "2024-"}."""
    try:
        words = shlex.split(opts)
    except ValueError as e:
        raise InputError(f"{where}: cannot read the options of the {BEGIN} marker ({e})") from None
    out: dict[str, str] = {}
    i = 0
    while i < len(words):
        opt, eq, value = words[i].partition("=")
        if opt not in FILTERS:
            raise InputError(f"{where}: unknown option {opt!r} in the {BEGIN} marker",
                             "it may record " + ", ".join(_LONG.values()))
        if not eq:
            if i + 1 >= len(words):
                raise InputError(f"{where}: option {opt} in the {BEGIN} marker needs a value")
            i += 1
            value = words[i]
        if not value.strip():
            raise InputError(f"{where}: option {opt} in the {BEGIN} marker needs a value")
        out[FILTERS[opt]] = value
        i += 1
    return {name: out[name] for name in _LONG if name in out}  # one order, whatever the marker's


def _fenced(document: str) -> list[tuple[int, int]]:
    """Where the fenced code blocks (``` or ~~~) are: a marker shown in one is an example."""
    spans, opened = [], None
    for m in _FENCE.finditer(document):
        fence = m["fence"]
        if opened is None:
            opened = m
        elif fence[0] == opened["fence"][0] and len(fence) >= len(opened["fence"]):
            spans.append((opened.start(), m.end()))
            opened = None
    if opened is not None:  # an unclosed fence runs to the end, as in CommonMark
        spans.append((opened.start(), len(document)))
    return spans


def check_filters(filters: dict[str, str]) -> None:
    """Filters a marker can hold: each a value on one line, without ``-->``."""
    for name, value in filters.items():
        if not value.strip():
            raise InputError(f"{_LONG[name]} needs a value")
        if "\n" in value or "\r" in value or "-->" in value:
            raise InputError(f"{_LONG[name]} {value!r} cannot be recorded in a README marker",
                             "it may not hold a line break or '-->'")


def find_sections(document: str, source: str = "the file") -> list[Section]:
    """Every marked section of ``document``, in order."""
    sections: list[Section] = []
    opened: re.Match[str] | None = None
    fenced = _fenced(document) if "``" in document or "~~" in document else []
    for m in _MARK.finditer(document):
        if any(a <= m.start() < b for a, b in fenced):
            continue
        where = f"{source}:{_line(document, m.start('mark'))}"
        if m["kind"] == "begin":
            if opened is not None:
                raise InputError(f"{where}: {BEGIN} inside the section opened on line "
                                 f"{_line(document, opened.start())}", f"close that one with {END} first")
            opened = m
            continue
        if m["opts"].strip():
            raise InputError(f"{where}: {END} takes no options")
        if opened is None:
            raise InputError(f"{where}: {END} with no {BEGIN} before it")
        line = _line(document, opened.start())
        sections.append(Section(opened.start("mark"), opened.end("mark"), m.start(), line,
                                parse_filters(opened["opts"], f"{source}:{line}")))
        opened = None
    if opened is not None:
        raise InputError(f"{source}:{_line(document, opened.start())}: {BEGIN} is never closed with {END}")
    if not sections:
        raise InputError(f"{source} has no {BEGIN} … {END} markers",
                         "put them around the part vla should write, each on its own line")
    return sections


def body(document: str, section: Section) -> str:
    """A section's text, with LF line ends."""
    return document[section.start:section.stop].replace("\r\n", "\n")


def refresh(document: str, render: Callable[[dict[str, str]], str], source: str = "the file",
            filters: dict[str, str] | None = None) -> str:
    """``document`` with every section replaced by ``render(its filters)``, its marker rewritten to
    record them; every other character kept, line endings included. ``filters`` (a command's own)
    replace the recorded ones, which needs a README with one section: with several it would be
    a guess which one they are for."""
    sections = find_sections(document, source)
    if filters is not None:
        check_filters(filters)
    if filters is not None and len(sections) > 1:
        raise InputError(f"{source} has {len(sections)} generated sections; filters on the command line would "
                         "apply to one of them",
                         "run without filters to refresh each with the filters its marker records, "
                         "or edit the markers")
    newline = "\r\n" if "\r\n" in document else "\n"
    out = document
    for section in reversed(sections):
        wanted = section.filters if filters is None else filters
        inner = begin_marker(wanted) + "\n" + (render(wanted) if filters is not None else
                                               in_section(section, source, render))
        if newline != "\n":
            inner = inner.replace("\n", newline)
        out = out[:section.begin] + inner + out[section.stop:]
    return out


T = TypeVar("T")


def in_section(section: Section, source: str, run: Callable[[dict[str, str]], T]) -> T:
    """``run(section.filters)``; an error in the filters the marker records (a category since
    renamed, a bad year range) names the README and the marker's line."""
    try:
        return run(section.filters)
    except (InputError, UnknownCategory, AmbiguousCategory) as e:
        raise InputError(f"{source}:{section.line}: {e.message}", e.hint) from None
