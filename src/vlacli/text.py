"""Small text rules used across vla: white space, percent-encoding in links, the depth of braces, and
counts of things. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._lazy import lazy_re


def clean(text: str) -> str:
    """Collapse runs of white space, as arXiv titles and abstracts need."""
    if "  " not in text and text[:1] != " " and text[-1:] != " ":
        # Already clean unless it holds white space other than a plain space (checked fast for ASCII).
        if text.isascii():
            if not ("\t" in text or "\n" in text or "\r" in text or "\x0b" in text or "\x0c" in text
                    or "\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text):
                return text
        elif not _OTHER_SPACE.search(text):
            return text
    return " ".join(text.split())


def clean_or_none(text: str | None) -> str | None:
    """:func:`clean`, with None kept as None (and ``"0"`` kept as ``"0"``: falsy is not missing)."""
    return None if text is None else clean(text)


_OTHER_SPACE = lazy_re(r"[^\S ]")


def percent_encode(value: str, unsafe: re.Pattern[str]) -> str:
    """``value`` with every character ``unsafe`` matches written as its UTF-8 bytes, ``%XX`` each."""
    if unsafe.search(value) is None:  # most links: nothing to encode
        return value
    return unsafe.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), value)


def brace_depths(text: str) -> Iterator[tuple[str, int]]:
    """Each character of ``text`` with the depth of braces after it, as BibTeX counts them (every brace):
    ``a{b}`` gives ``a`` 0, ``{`` 1, ``b`` 1, ``}`` 0; a ``}`` that closes nothing goes below 0."""
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        yield ch, depth


def balanced(text: str) -> bool:
    """Do the braces balance as BibTeX counts them (every brace, none closing before it opens)? A value
    that does can go in a field as it is, and braces in a name group its words."""
    if "{" not in text and "}" not in text:  # most values
        return True
    depth = 0
    for _, depth in brace_depths(text):
        if depth < 0:
            return False
    return depth == 0


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """``1 paper``, ``2 papers``, ``0 papers``, ``1,000 categories`` (with ``plural_form``): every count vla says."""
    return f"{n:,} {noun if n == 1 else plural_form or noun + 's'}"
