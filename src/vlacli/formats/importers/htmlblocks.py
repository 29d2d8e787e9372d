"""HTML tables and lists in a Markdown document, read with the standard library's :mod:`html.parser`.

A README's ``<table>`` often spans several of CommonMark's HTML blocks (a blank line between two ``<tr>``
ends one block and starts the next), so :class:`HtmlBlocks` is fed the document's HTML blocks in order and
keeps its tables open across them (Markdown between them is read as Markdown, not as a cell's text). Each
table comes out when it closes, as rows of cells on a grid: a cell
with ``rowspan`` or ``colspan`` is in every row and column it covers (its copies marked ``spanned``), as a
browser lays it out. Each cell's content is a :class:`~.inline.Text` (links, images, emphasis), and knows its
line. An ``<li>`` outside a table comes out when it closes, as an :class:`HtmlItem` (its own text: a nested
list's items are items of their own). Pure; never raises on any HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from .inline import Text, _Builder

MAX_SPAN = 200  # a rowspan or colspan larger than this is read as this


@dataclass
class Cell:
    text: Text
    line: int
    header: bool = False  # a <th>, or a cell of <thead>
    spanned: bool = False  # the copy of a cell above (rowspan) or to the left (colspan)


@dataclass
class HtmlRow:
    line: int
    end: int
    cells: list[Cell] = field(default_factory=list)


@dataclass
class HtmlTable:
    line: int
    end: int
    rows: list[HtmlRow] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        """The first row's texts when it is a row of headers (every cell a ``<th>`` or in ``<thead>``)."""
        if self.rows and self.rows[0].cells and all(c.header for c in self.rows[0].cells):
            return [c.text.text() for c in self.rows[0].cells]
        return []


@dataclass
class HtmlItem:
    """An ``<li>`` of an HTML list, from its line to its end, with its own text."""

    line: int
    end: int
    text: Text


@dataclass
class _OpenItem:
    builder: _Builder
    line: int
    depth: int  # the lists open around it


@dataclass
class _OpenCell:
    builder: _Builder
    line: int
    header: bool
    rowspan: int
    colspan: int


@dataclass
class _OpenTable:
    line: int
    rows: list[tuple[int, int, list[_OpenCell]]] = field(default_factory=list)  # (line, end, cells)
    cell: _OpenCell | None = None
    in_head: bool = False
    row_open: bool = False


class HtmlBlocks(HTMLParser):
    """Fed the HTML blocks of a document in order (:meth:`read`); gives each table and list item when it closes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_OpenTable] = []
        self.items: list[_OpenItem] = []
        self.depth = 0  # <ul>/<ol> open outside tables
        self.done: list[HtmlTable | HtmlItem] = []
        self._first = 0
        self.last_line = 0

    @property
    def open(self) -> bool:
        return bool(self.tables or self.items)

    @property
    def open_since(self) -> int | None:
        """The first line of the outermost table or item still open, if any."""
        return min([t.line for t in self.tables] + [i.line for i in self.items], default=None)

    def read(self, text: str, line: int) -> list[HtmlTable | HtmlItem]:
        """Read one HTML block that starts at ``line``; the tables and list items that closed in it."""
        self.reset()
        self._first = line - 1
        try:
            self.feed(text)
            self.close()
        except (AssertionError, ValueError):  # html.parser's own complaints, on broken markup
            pass
        self.last_line = max(self.last_line, line + text.count("\n") - (1 if text.endswith("\n") else 0))
        out, self.done = self.done, []
        return out

    def finish(self) -> list[HtmlTable | HtmlItem]:
        """The tables and items never closed, at the end of the document, as far as they go."""
        while self.tables:
            self._close_table(self.last_line)
        while self.items:
            self._close_item(self.last_line)
        out, self.done = self.done, []
        return out

    def _close_item(self, line: int) -> None:
        item = self.items.pop()
        self.done.append(HtmlItem(item.line, max(line, item.line), item.builder.finish()))

    # -- html.parser's events -------------------------------------------------------------------------
    def _line(self) -> int:
        return self._first + self.getpos()[0]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self._line()  # html.parser gives tags' and attributes' names in lower case
        if tag == "table":
            self.tables.append(_OpenTable(line))
            return
        if not self.tables:
            self._item_tag(tag, dict(attrs), line)
            return
        t = self.tables[-1]
        if tag == "thead":
            t.in_head = True
        elif tag in ("tbody", "tfoot"):
            t.in_head = False
        elif tag == "tr":
            self._close_row(t, line)
            t.rows.append((line, line, []))
            t.row_open = True
        elif tag in ("td", "th"):
            self._close_cell(t, line)
            if not t.row_open:
                t.rows.append((line, line, []))
                t.row_open = True
            values = dict(attrs)
            t.cell = _OpenCell(_Builder(), line, tag == "th" or t.in_head, _span(values.get("rowspan")),
                               _span(values.get("colspan")))
        elif t.cell is not None:
            t.cell.builder.tag(tag, dict(attrs), False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _item_tag(self, tag: str, attrs: dict[str, str | None], line: int, closing: bool = False) -> None:
        """A tag outside tables: lists and their items open and close; inside an item, its text's marks."""
        if tag in ("ul", "ol"):
            if closing:
                while self.items and self.items[-1].depth >= self.depth:
                    self._close_item(line)
                self.depth = max(0, self.depth - 1)
            else:
                self.depth += 1
        elif tag == "li":
            while self.items and self.items[-1].depth >= max(self.depth, 1):
                self._close_item(line)  # an <li> closes the one before it, as </li> does
            if not closing:
                self.items.append(_OpenItem(_Builder(), line, max(self.depth, 1)))
        elif self.items:
            self.items[-1].builder.tag(tag, attrs, closing)

    def handle_endtag(self, tag: str) -> None:
        if not self.tables:
            self._item_tag(tag, {}, self._line(), closing=True)
            return
        t = self.tables[-1]
        line = self._line()
        if tag == "table":
            self._close_table(line)
        elif tag in ("td", "th"):
            self._close_cell(t, line)
        elif tag == "tr":
            self._close_row(t, line)
        elif tag == "thead":
            t.in_head = False
        elif t.cell is not None:
            t.cell.builder.tag(tag, {}, True)

    def handle_data(self, data: str) -> None:
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.builder.text(data.replace("\n", " "))
        elif not self.tables and self.items:
            self.items[-1].builder.text(data.replace("\n", " "))

    # -- closing --------------------------------------------------------------------------------------
    def _close_cell(self, t: _OpenTable, line: int) -> None:
        if t.cell is not None and t.rows:
            row_line, _, cells = t.rows[-1]
            cells.append(t.cell)
            t.rows[-1] = (row_line, line, cells)
        t.cell = None

    def _close_row(self, t: _OpenTable, line: int) -> None:
        self._close_cell(t, line)
        if t.row_open and t.rows:
            row_line, end, cells = t.rows[-1]
            t.rows[-1] = (row_line, max(end, line), cells)
        t.row_open = False

    def _close_table(self, line: int) -> None:
        t = self.tables.pop()
        self._close_row(t, line)
        self.done.append(_grid(t, line))


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int((value or "1").strip())))
    except ValueError:
        return 1


def _grid(t: _OpenTable, end: int) -> HtmlTable:
    """The rows on a grid: each cell in every row and column its rowspan and colspan cover."""
    table = HtmlTable(t.line, max(end, t.line))
    below: dict[int, tuple[Cell, int]] = {}  # column -> (cell, rows it still covers)
    for row_line, row_end, cells in t.rows:
        row = HtmlRow(row_line, max(row_end, row_line))
        column = 0
        placed: dict[int, Cell] = {}
        pending = list(cells)
        while pending or any(c >= column for c in below):
            if column in below:
                cell, left = below.pop(column)
                placed[column] = Cell(cell.text, cell.line, cell.header, spanned=True)
                if left > 1:
                    below[column] = (cell, left - 1)
                column += 1
                continue
            if not pending:
                column += 1
                if column > MAX_SPAN * 4:
                    break
                continue
            opened = pending.pop(0)
            text = opened.builder.finish()
            for k in range(opened.colspan):
                cell = Cell(text, opened.line, opened.header, spanned=k > 0)
                placed[column + k] = cell
                if opened.rowspan > 1:
                    below[column + k] = (cell, opened.rowspan - 1)
            column += opened.colspan
        row.cells = [placed[c] for c in sorted(placed)]
        table.rows.append(row)
    return table
