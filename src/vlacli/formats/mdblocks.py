"""A Markdown document's blocks, with their source lines: one reading for every part of vla that
reads Markdown (the awesome-list importer, the README's ``vla:begin``/``vla:end`` markers).

The reading is markdown-it-py's: CommonMark, with GitHub's pipe tables. So a fence of four
backticks holds a line of three, a table ends where a heading, a list or an HTML block starts,
a marker shown in a code block is code, and an HTML comment is an HTML block. This module only
says where each block is and what it holds; what a block *means* (a paper, a badge, a marker)
is for its callers, who read cells and bullets their own way.

Line numbers are 1-based, as editors show them; ``end`` is a block's last line. Lines end at
``\\n``, ``\\r\\n`` or ``\\r``, as CommonMark's do (:func:`split_lines`). A byte-order mark at the
start is not part of the first line's text. markdown_it is imported on the first call only.

:func:`outline` says, besides, what holds each block — the lists, list items and quotes around it, each
with its lines (:class:`Container`) — and keeps the document's link reference definitions, so that
:func:`inline` reads a block's text into markdown-it's inline tokens (links, images, emphasis, code,
inline HTML) as GitHub would, ``[text][ref]`` included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_NEWLINE = re.compile(r"\r\n?|\n")
# Deeper than any list or quote a person writes; markdown-it reads nothing past this depth (the
# importer reports the lines it was given no block for).
MAX_NESTING = 60


@dataclass(frozen=True, slots=True)
class Heading:
    line: int
    end: int
    level: int  # 1-6
    text: str  # the heading's inline source, without its #s


@dataclass(frozen=True, slots=True)
class Paragraph:
    line: int
    end: int
    text: str  # its source lines joined by "\n", one per line of the span (quote marks and indents gone)


@dataclass(frozen=True, slots=True)
class Item:
    """A list item's first paragraph; its other blocks (paragraphs, nested lists) follow on their own."""

    line: int
    end: int
    text: str  # as Paragraph.text


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    cells: list[str]  # each cell's inline source, trimmed, ``\\|`` read as ``|``; as many as the header has


@dataclass(frozen=True, slots=True)
class Table:
    line: int  # the header row's
    end: int
    header: list[str]
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Code:
    line: int
    end: int
    text: str
    fenced: bool
    info: str = ""


@dataclass(frozen=True, slots=True)
class Html:
    line: int
    end: int
    text: str  # the block's source, comments included


Block = Heading | Paragraph | Item | Table | Code | Html


@dataclass(frozen=True, slots=True)
class Container:
    """A list, a list item or a block quote that holds blocks, with the lines it spans."""

    kind: str  # "list", "item" or "quote"
    line: int
    end: int
    ordered: bool = False  # a numbered list (or an item of one)


@dataclass(frozen=True, slots=True)
class Outline:
    """A document's blocks (as :func:`blocks` gives them), what holds each one (outermost first), and the
    link reference definitions (``[name]: url``) that :func:`inline` resolves."""

    blocks: list[Block]
    within: list[tuple[Container, ...]]
    references: dict[str, Any]


def split_lines(text: str) -> list[str]:
    """``text``'s lines as CommonMark counts them (``\\n``, ``\\r\\n`` or ``\\r`` ends one), without their ends."""
    if "\r" not in text:
        return text.split("\n")  # the usual case, and ten times faster than the pattern
    return _NEWLINE.split(text)


def line_starts(text: str) -> list[int]:
    """Where each of :func:`split_lines`'s lines starts in ``text``."""
    if "\r" not in text:
        return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
    return [0] + [m.end() for m in _NEWLINE.finditer(text)]


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Block structure only: cells and bullets are read by their callers, so inline parsing is skipped.
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").disable(["inline", "text_join"])


def blocks(text: str) -> list[Block]:
    """Every block of ``text`` that holds text, in document order; blocks nested in lists and
    quotes included, each with the lines it spans."""
    return [b for b, _ in _walk(_parser().parse(text.removeprefix("\ufeff")))]


def outline(text: str) -> Outline:
    """:func:`blocks`, with the containers of each block and the document's link references."""
    env: dict[str, Any] = {}
    found = list(_walk(_parser().parse(text.removeprefix("\ufeff"), env)))
    return Outline([b for b, _ in found], [c for _, c in found], env.get("references", {}))


@cache
def _inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt, helpers

    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    # Addresses as the file writes them: escapes and references not decoded, not percent-encoded, not
    # punycoded — as a README's other cells are read, and as vla's export writes them (escape_url).
    md.helpers = SimpleNamespace(parseLinkLabel=helpers.parseLinkLabel, parseLinkTitle=helpers.parseLinkTitle,
                                 parseLinkDestination=_written_destination)  # type: ignore[assignment]
    md.normalizeLink = _as_written  # type: ignore[method-assign]
    md.normalizeLinkText = _as_written  # type: ignore[method-assign, assignment]
    return md


def _as_written(url: str) -> str:
    return url


def _written_destination(string: str, pos: int, maximum: int) -> Any:
    """markdown-it's parseLinkDestination, but the destination is the text the link writes (markdown-it's
    own unescapes it: ``&amp;`` would be ``&``, a backslash escape its character)."""
    from markdown_it import helpers

    found = helpers.parseLinkDestination(string, pos, maximum)
    if found.ok:
        angled = string[pos:pos + 1] == "<"
        found.str = string[pos + 1:found.pos - 1] if angled else string[pos:found.pos]
    return found


def inline(text: str, references: dict[str, Any] | None = None) -> list[Any]:
    """The inline tokens of a block's text (markdown-it's ``Token`` objects: ``text``, ``softbreak``,
    ``hardbreak``, ``link_open`` / ``link_close`` with ``href``, ``image`` with ``src`` and its alt text,
    ``strong_open`` …, ``em_open`` …, ``code_inline``, ``html_inline``), ``[text][ref]`` resolved by the
    document's ``references`` (:attr:`Outline.references`)."""
    env: dict[str, Any] = {"references": references} if references else {}
    found = _inline_parser().parseInline(text, env)
    return list(found[0].children or []) if found else []


def _span(token: Any) -> tuple[int, int]:
    first, stop = token.map
    return first + 1, max(first + 1, stop)


_OPENS = {"bullet_list_open": "list", "ordered_list_open": "list", "list_item_open": "item", "blockquote_open": "quote"}
_CLOSES = frozenset({"bullet_list_close", "ordered_list_close", "list_item_close", "blockquote_close"})


def _walk(tokens: list[Any]) -> Iterator[tuple[Block, tuple[Container, ...]]]:
    item_level: int | None = None  # the level of a list item whose first block is still to come
    around: list[Container] = []  # the containers open here, outermost first
    ordered: list[bool] = []  # of the lists open here
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        first_in_item = item_level is not None and tok.level == item_level + 1 and tok.nesting >= 0
        if first_in_item:
            item_level = None
        if kind in _OPENS:
            line, end = _span(tok) if tok.map else (around[-1].line if around else 1,) * 2
            if kind != "list_item_open" and kind != "blockquote_open":
                ordered.append(kind == "ordered_list_open")
            numbered = bool(ordered) and ordered[-1] and kind != "blockquote_open"
            around.append(Container(_OPENS[kind], line, end, numbered))
            if kind == "list_item_open":
                item_level = tok.level
        elif kind in _CLOSES:
            if around:
                if around[-1].kind == "list":
                    ordered.pop()
                around.pop()
        elif kind == "heading_open":
            line, end = _span(tok)
            yield Heading(line, end, int(tok.tag[1:]), tokens[i + 1].content), tuple(around)
            i += 2
        elif kind == "paragraph_open":
            line, end = _span(tok)
            text = tokens[i + 1].content
            yield (Item(line, end, text) if first_in_item else Paragraph(line, end, text)), tuple(around)
            i += 2
        elif kind in ("fence", "code_block"):
            line, end = _span(tok)
            yield Code(line, end, tok.content, kind == "fence", tok.info.strip()), tuple(around)
        elif kind == "html_block":
            line, end = _span(tok)
            yield Html(line, end, tok.content), tuple(around)
        elif kind == "table_open":
            table, i = _table(tokens, i, n)
            yield table, tuple(around)
        i += 1


def _table(tokens: list[Any], i: int, n: int) -> tuple[Table, int]:
    """The table whose opening token is ``tokens[i]``, and the index of its closing token."""
    line, end = _span(tokens[i])
    header: list[str] = []
    rows: list[Row] = []
    cells: list[str] = []
    row_line = line
    in_head = False
    while i < n and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            cells = []
            row_line = tok.map[0] + 1 if tok.map else row_line
        elif tok.type == "inline":
            cells.append(tok.content)
        elif tok.type == "tr_close":
            if in_head:
                header = cells
            else:
                rows.append(Row(row_line, cells))
        i += 1
    return Table(line, end, header, rows), i


@dataclass(frozen=True, slots=True)
class Span:
    """Where a list item, a table row or a paragraph lies (1-based lines, blank lines at its end left
    out), and the block it is part of: its list or table (for a paragraph, itself)."""

    line: int
    end: int
    block: int
    block_end: int
    kind: str  # "item", "row" or "paragraph"
    depth: int = 0  # lists around it (0 for a table row or a paragraph outside lists)


def spans(text: str) -> dict[int, Span]:
    """Each list item, table row and paragraph outside lists of ``text``, by its first line. An item's
    lines hold its nested blocks (a sub-list is its own block too); its list is the one that holds it
    directly."""
    lines = split_lines(text.removeprefix("\ufeff"))

    def trim(first: int, stop: int) -> int:  # the last non-blank line (1-based) of first..stop-1 (0-based)
        end = stop
        while end > first + 1 and not lines[end - 1].strip():
            end -= 1
        return end

    out: dict[int, Span] = {}
    lists: list[tuple[int, int]] = []  # the lists open around the current token: (first line, last line)
    tokens = _parser().parse(text.removeprefix("\ufeff"))
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type in ("bullet_list_open", "ordered_list_open") and tok.map:
            first, stop = tok.map
            lists.append((first + 1, trim(first, stop)))
        elif tok.type in ("bullet_list_close", "ordered_list_close") and lists:
            lists.pop()
        elif tok.type == "list_item_open" and tok.map and lists:
            first, stop = tok.map
            block, block_end = lists[-1]
            out.setdefault(first + 1, Span(first + 1, trim(first, stop), block, block_end, "item", len(lists)))
        elif tok.type == "table_open" and tok.map:
            first, stop = tok.map
            end = trim(first, stop)
            while i < len(tokens) and tokens[i].type != "table_close":
                row = tokens[i]
                if row.type == "tr_open" and row.map:
                    out.setdefault(row.map[0] + 1, Span(row.map[0] + 1, row.map[0] + 1, first + 1, end, "row",
                                                        len(lists)))
                i += 1
        elif tok.type == "paragraph_open" and tok.map and not lists:
            first, stop = tok.map
            end = trim(first, stop)
            out.setdefault(first + 1, Span(first + 1, end, first + 1, end, "paragraph"))
        i += 1
    return out
