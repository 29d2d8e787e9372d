"""A README's generated sections, found by their markers, each recording the filters that wrote it.

A section is what lies between a line ``<!-- vla:begin -->`` and the next ``<!-- vla:end -->``.
A begin marker may record the filters of ``vla export markdown`` that wrote it, in the command's
own words::

    <!-- vla:begin --category model-compression --year 2024- -->

Markers that do not pair up — a begin inside another section, an end with no begin, a begin never
closed — are an error naming the line, never a guess; nothing outside the sections is ever changed.
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


# A marker is an HTML comment on a line of its own, indented at most three spaces, as Markdown reads
# it (see mdblocks): one in a code block, quoted in prose or in `code` is an example, not a marker.
_MARK = re.compile(r"[ ]{0,3}(?P<mark><!--\s*vla:(?P<kind>begin|end)\b(?P<opts>(?:(?!-->)[^\n])*?)\s*-->)[ \t]*")


_CODE_MARK = re.compile(r"^(?:\t|[ ]{4,})<!--\s*vla:(?:begin|end)\b", re.M)


# Marker option -> Query field; the long form is the one vla writes. `--chart FILE` makes the section
# the papers-per-year chart (an SVG written to FILE beside the README) instead of the tables;
# `--columns citations,stars` adds those columns to its tables; `--style NAME` or `--template FILE`
# (a Jinja2 template beside the README) is how each paper's row looks; `--rows` (a flag, no value)
# makes the section one block of rows, as `vla adopt` marks a list's own blocks: no headings, the
# papers filed right under its category (not under the category's own children), in the order the
# section has them.
FILTERS = {"--chart": "chart", "--category": "category", "-c": "category", "--year": "year", "-y": "year",
           "--venue": "venue", "--search": "search", "-s": "search", "--columns": "columns", "--style": "style",
           "--template": "template", "--rows": "rows"}
FLAGS = frozenset({"--rows"})  # options without a value: recorded as "yes"


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
    """The options a marker writes, in one order whatever the order of ``filters``."""
    return " ".join(_LONG[name] if _LONG[name] in FLAGS else f"{_LONG[name]} {shlex.quote(filters[name])}"
                    for name in _LONG if name in filters)


def begin_marker(filters: dict[str, str]) -> str:
    opts = options_text(filters)
    return f"<!-- vla:begin {opts} -->" if opts else BEGIN


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
        if opt in FLAGS:
            if eq:
                raise InputError(f"{where}: option {opt} in the {BEGIN} marker takes no value")
            value = "yes"
        elif not eq:
            if i + 1 >= len(words):
                raise InputError(f"{where}: option {opt} in the {BEGIN} marker needs a value")
            i += 1
            value = words[i]
        if not value.strip():
            raise InputError(f"{where}: option {opt} in the {BEGIN} marker needs a value")
        out[FILTERS[opt]] = value
        i += 1
    return {name: out[name] for name in _LONG if name in out}  # one order, whatever the marker's


def check_filters(filters: dict[str, str]) -> None:
    """Filters a marker can hold: each a value on one line, without ``-->``."""
    for name, value in filters.items():
        if not value.strip():
            raise InputError(f"{_LONG[name]} needs a value")
        if "\n" in value or "\r" in value or "-->" in value or "--!>" in value:
            raise InputError(f"{_LONG[name]} {value!r} cannot be recorded in a README marker",
                             "it may not hold a line break or '-->'")


def find_sections(document: str, source: str = "the file") -> list[Section]:
    """Every marked section of ``document``, in order. Outside the sections the markers are found
    as Markdown reads the document (CommonMark: a marker shown in a code block or quoted in prose
    is an example); inside a section (vla's own text) only the end marker counts."""
    from ..formats.mdblocks import line_starts, split_lines

    starts, lines = line_starts(document), split_lines(document)
    if lines[0].startswith("\ufeff"):
        lines[0], starts[0] = lines[0][1:], 1
    sections: list[Section] = []
    first = 0  # the line (0-based) the next section is looked for from
    while (found := _next_marker(lines, first)) is not None:
        number, m = found
        where = f"{source}:{number + 1}"
        if m["kind"] == "end":
            if m["opts"].strip():
                raise InputError(f"{where}: {END} takes no options")
            raise InputError(f"{where}: {END} with no {BEGIN} before it", _code_hint(document))
        filters = parse_filters(m["opts"], where)
        close = next(((i, e) for i in range(number + 1, len(lines))
                      if "vla:" in lines[i] and (e := _MARK.fullmatch(lines[i]))), None)
        if close is None:
            raise InputError(f"{where}: {BEGIN} is never closed with {END}", _code_hint(document))
        end_line, end = close
        if end["kind"] == "begin":
            raise InputError(f"{source}:{end_line + 1}: {BEGIN} inside the section opened on line {number + 1}",
                             f"close that one with {END} first")
        if end["opts"].strip():
            raise InputError(f"{source}:{end_line + 1}: {END} takes no options")
        sections.append(Section(starts[number] + m.start("mark"), starts[number] + m.end("mark"),
                                starts[end_line], number + 1, filters))
        first = end_line + 1
    if not sections:
        raise InputError(f"{source} has no {BEGIN} … {END} markers",
                         _code_hint(document) or "put them around the part vla should write, each on its own line")
    return sections


def has_markers(document: str) -> bool:
    """Does ``document`` hold a marker, as Markdown reads it (one shown in a code block or quoted in
    prose is an example)? Then :func:`find_sections` finds its sections, or says what is wrong with them."""
    from ..formats.mdblocks import split_lines

    return _next_marker(split_lines(document.removeprefix("\ufeff")), 0) is not None


def _next_marker(lines: list[str], first: int) -> tuple[int, re.Match[str]] | None:
    """The first marker at or after line ``first`` (0-based): a line that reads as one and that
    Markdown, reading the text from ``first`` on, puts in an HTML block (and not inside a comment
    the block opened before it). Each candidate is judged by the text up to it only, as Markdown's
    blocks are (so a long generated section is never parsed); after a section, the text is read
    anew, since vla's own text is no context for what follows it."""
    from ..formats.mdblocks import Html, blocks

    for candidate in range(first, len(lines)):
        m = _MARK.fullmatch(lines[candidate]) if "vla:" in lines[candidate] else None
        if m is None:
            continue
        for block in blocks("\n".join(lines[first:candidate + 1])):
            if isinstance(block, Html) and block.line <= candidate - first + 1 <= block.end:
                before = "\n".join(block.text.split("\n")[:candidate - first + 1 - block.line])
                if before.rfind("<!--") <= before.rfind("-->"):
                    return candidate, m
    return None


def _code_hint(document: str) -> str | None:
    if _CODE_MARK.search(document):
        return "a marker indented by a tab or four spaces is Markdown code, not a marker"
    return None


def body(document: str, section: Section) -> str:
    """A section's text, with LF line ends."""
    return document[section.start:section.stop].replace("\r\n", "\n")


def command_filters(sections: list[Section], filters: dict[str, str] | None, source: str) -> None:
    """Filters a command gives (None: none) can be recorded, and the README has one section for them:
    with several it would be a guess which one they are for."""
    if filters is None:
        return
    check_filters(filters)
    if len(sections) > 1:
        raise InputError(f"{source} has {len(sections)} generated sections; filters on the command line would "
                         "apply to one of them",
                         "run without filters to refresh each with the filters its marker records, "
                         "or edit the markers")


def refresh(document: str, render: Callable[[int], str], source: str = "the file",
            filters: dict[str, str] | None = None) -> str:
    """``document`` with every section replaced by ``render(its number)``, its marker rewritten to
    record its filters (``filters``, a command's own, for a README of one section: see
    :func:`command_filters`); every other character kept, line endings included."""
    sections = find_sections(document, source)
    command_filters(sections, filters, source)
    newline = "\r\n" if "\r\n" in document else "\n"
    out = document
    for i, section in reversed(list(enumerate(sections))):
        wanted = section.filters if filters is None else filters
        inner = begin_marker(wanted) + "\n" + render(i)
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
