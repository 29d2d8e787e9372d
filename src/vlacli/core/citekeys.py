"""Citation keys like Google Scholar's and Better BibTeX's: ``shukor2025smolvla``.

``<first author's family name><year><first significant title word>``, ASCII, lower case, unique
in the catalog (``a``, ``b``, … appended on a clash). A key is stored in the paper's file the
first time the paper has authors, and kept from then on whatever its metadata becomes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from .paper import Paper

_STOPWORDS = ("a an the on of in for to and or with via from by at as is are be into towards toward about using what "
              "how why when do does can your our we its it this that these those")
STOPWORDS = frozenset(_STOPWORDS.split())
_SPECIAL = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D",
            "þ": "th", "œ": "oe", "Œ": "OE", "ı": "i"}


def ascii_fold(text: str) -> str:
    text = "".join(_SPECIAL.get(c, c) for c in text)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def family_name(author: str) -> str:
    """``Mustafa Shukor`` or ``Shukor, Mustafa`` -> ``Shukor``; ``Martin Luther King Jr.`` -> ``King``;
    ``{Open X-Embodiment Collaboration}`` -> ``Open`` (see :func:`vlacli.core.names.family`)."""
    from .names import family

    return family(author)


def _word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


def base_citekey(paper: Paper) -> str:
    author = _word(family_name(paper.authors[0])) if paper.authors and paper.authors[0] != "others" else ""
    year = str(paper.year) if paper.year is not None else ""
    word = ""
    for token in re.split(r"[\s\-–—:/]+", paper.title):
        w = _word(token)
        if w and w not in STOPWORDS:
            word = w
            break
    return (author + year + word) or _word(paper.key) or "paper"


def make_citekey(paper: Paper, taken: Collection[str]) -> str:
    return make_citekey_from(base_citekey(paper), taken)


def make_citekey_from(base: str, taken: Collection[str]) -> str:
    """``base``, else ``base`` + ``a``…``z``, else ``base`` + 2, 3, … : the first one not taken."""
    if base not in taken:
        return base
    for suffix in (chr(c) for c in range(ord("a"), ord("z") + 1)):
        if base + suffix not in taken:
            return base + suffix
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


# What a citation key may hold so that BibTeX, biber and every reference manager accept it: any
# letter or sign (`höllein2023_text2room`, `O’Hearn2003`, `10.1145/3652620`) but white space, control
# characters and what ends or splits a key or a field: , { } ( ) " # % ~ = and backslash.
KEY_CHARS = re.compile(r"^[^\s\x00-\x1f\x7f,{}()\"#%~=\\]+$")
KEY_RULE = "no spaces, commas, braces, parentheses, quotes or # % ~ = \\"
# A citation key that is a paper key too (its file's name): what a file name holds on every system.
_PAPER_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


def as_paper_key(citekey: str) -> str | None:
    """``kullback1959`` -> itself; ``westfahl:space`` (no ':' or '/' in a file name) -> None."""
    return citekey if _PAPER_KEY.match(citekey) else None


def assign_citekeys(papers: Iterable[Paper]) -> dict[str, str]:
    """paper key -> citation key, for every paper of a catalog, for export.

    A stored key is used as it is; a paper without one (no authors yet) gets the key it would be
    given, unique against every stored key and each other. Papers are taken in key order, so the
    same catalog always gives the same keys, whatever part of it is exported. A stored key used
    twice (by a hand edit) keeps it on the first paper and is suffixed on the others.
    """
    ordered = sorted(papers, key=lambda p: p.key)
    out: dict[str, str] = {}
    # The keys of the papers' other entries (another key of one work) are theirs: no paper is given one
    # (a stored key wins over another paper's other entry, which the export then leaves out).
    others = {key for p in ordered for key in p.entry_keys()}
    taken: set[str] = set()
    for p in ordered:
        if p.citekey is None:
            continue
        if not KEY_CHARS.match(p.citekey):
            raise InputError(f"paper {p.key!r}: citation key {p.citekey!r} cannot be used in BibTeX",
                             f"{KEY_RULE}; fix it with 'vla set'")
        key = p.citekey if p.citekey not in taken else make_citekey_from(p.citekey, taken | others)
        out[p.key] = key
        taken.add(key)
    taken |= others
    for p in ordered:
        if p.key not in out:
            out[p.key] = make_citekey(p, taken)
            taken.add(out[p.key])
    return out
