"""Citation keys like Google Scholar's and Better BibTeX's: ``shukor2025smolvla``.

``<first author's family name><year><first significant title word>``, ASCII, lower case, unique
in the catalog (``a``, ``b``, … appended on a clash). A key is stored in the paper's file the
first time the paper has authors, and kept from then on whatever its metadata becomes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

from .model import Paper

STOPWORDS = frozenset(
    "a an the on of in for to and or with via from by at as is are be into towards toward about using what "
    "how why when do does can your our we its it this that these those".split()
)
_SPECIAL = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
            "þ": "th", "œ": "oe", "Œ": "OE", "ı": "i"}


def ascii_fold(text: str) -> str:
    text = "".join(_SPECIAL.get(c, c) for c in text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def family_name(author: str) -> str:
    """``Mustafa Shukor`` or ``Shukor, Mustafa`` -> ``Shukor``."""
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = author.split()
    return parts[-1] if parts else ""


def _word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def base_citekey(paper: Paper) -> str:
    author = _word(family_name(paper.authors[0])) if paper.authors else ""
    year = str(paper.year) if paper.year is not None else ""
    word = ""
    for token in re.split(r"[\s\-–—:/]+", paper.title):
        w = _word(token)
        if w and w not in STOPWORDS:
            word = w
            break
    return (author + year + word) or _word(paper.key) or "paper"


def make_citekey(paper: Paper, taken: Collection[str]) -> str:
    base = base_citekey(paper)
    if base not in taken:
        return base
    for suffix in (chr(c) for c in range(ord("a"), ord("z") + 1)):
        if base + suffix not in taken:
            return base + suffix
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"
