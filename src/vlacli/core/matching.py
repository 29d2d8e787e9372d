"""When two records are one work: the rule the import's merge and lint's duplicate-title share.

Records with the same arXiv ID or DOI are one work (the merge matches those first). Without one,
two records are one work when their normalised titles are the same *and* their years (at most a
year apart: a preprint's year and its venue's) *and* their first authors' family names are too —
each compared only when both records have it, so a README row with no authors still finds its
paper. One title in years further apart is two editions (Kullback's *Information Theory and
Statistics*, 1959 and 1997), kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from .identifiers import normalize_title

# Years a listing of one work may disagree by: a preprint's year and its venue's, a post of late
# December listed under the next year. Two editions lie further apart (Kullback: 1959, 1997).
YEARS_APART = 1


class Record(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def authors(self) -> list[str]: ...


def first_author(authors: Sequence[str]) -> str:
    """The first author's family name, folded for comparing (``Kullback``, ``Kullback, S.`` ->
    ``kullback``); empty when there is none."""
    from .citekeys import ascii_fold
    from .names import family, is_others

    for name in authors:
        if not is_others(name):
            return re.sub(r"[^a-z0-9]", "", ascii_fold(family(name)).lower())
    return ""


def same_work(a: Record, b: Record) -> bool:
    """Same normalised title, and the same year and first author where both records give them."""
    return normalize_title(a.title) == normalize_title(b.title) and agree(a, b)


def agree(a: Record, b: Record) -> bool:
    """Two records whose titles match (or one's old title, an alias) are one work: their years are at
    most a year apart and their first authors the same, where both records give them."""
    if a.year is not None and b.year is not None and abs(a.year - b.year) > YEARS_APART:
        return False
    fa, fb = first_author(a.authors), first_author(b.authors)
    return not fa or not fb or fa == fb


def other_edition(a: Record, b: Record) -> bool:
    """Same normalised title, but another year: another edition of the work (both kept)."""
    return (normalize_title(a.title) == normalize_title(b.title) and a.year is not None and b.year is not None
            and abs(a.year - b.year) > YEARS_APART)
