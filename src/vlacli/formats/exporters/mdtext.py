"""Text in Markdown as vla writes it: escaped so that it renders as itself in a table cell, a heading or a
link, and cannot break the row or inject HTML; link targets percent-encoded where they could end the link.
Used by the Markdown export and by the row styles' filters (:mod:`.rowstyles`)."""

from __future__ import annotations

import html
import re

from ...text import percent_encode

__all__ = ["escape_cell", "escape_text", "escape_url", "unescape_text"]

# Characters that would end a cell, open a link, start HTML, code or emphasis: as HTML references,
# which GitHub renders as the character itself. `|` is written `\|`, as GFM tables want.
_CELL_ESCAPES = {
    "|": "\\|", "[": "&#91;", "]": "&#93;", "<": "&lt;", ">": "&gt;", "`": "&#96;", "*": "&#42;",
    "_": "&#95;", "\\": "&#92;", "\n": "&#10;", "\r": "&#13;",
}
_CELL_RE = re.compile(r"&(?=[#A-Za-z0-9])|[|\[\]<>`*_\\\n\r]")
# In a link target: what would end the link or the cell, or is not allowed raw in a URL.
_URL_RE = re.compile(r"[\s()<>|`\\\"{}^]")


def escape_text(text: str) -> str:
    """Text for a table cell or heading: renders as ``text``, cannot break the row or inject HTML.
    An ``&`` is written ``&amp;`` only where it would otherwise start a character reference."""

    def sub(m: re.Match[str]) -> str:
        ch = m.group(0)
        if ch != "&":
            return _CELL_ESCAPES[ch]
        rest = text[m.start(): m.start() + 40].split("&", 2)[1]
        return "&amp;" if html.unescape("&" + rest) != "&" + rest else "&"

    return _CELL_RE.sub(sub, text)


def escape_cell(text: str) -> str:
    """:func:`escape_text`, and a value that is only a dash written as a reference: a bare ``-`` means "none"."""
    esc = escape_text(text)
    return {"-": "&#45;", "—": "&#8212;", "–": "&#8211;"}.get(esc, esc)


def unescape_text(text: str) -> str:
    """The inverse of :func:`escape_text`."""
    return html.unescape(text.replace("\\|", "|"))


def escape_url(url: str) -> str:
    """A URL for ``[text](url)``: characters that would end the link or the cell percent-encoded."""
    return percent_encode(url, _URL_RE)


