"""Venues: what counts as a preprint, and what is a journal. One home for both rules.

A venue is a preprint when it is empty or names arXiv (``arXiv``, ``CoRR``, ``arXiv e-prints``,
Google Scholar's ``arXiv preprint arXiv:2506.01844``) or just ``Preprint``. A journal is one of
the field's journals by its short name (RA-L, T-RO, IJRR, …) or any name with "Journal",
"Transactions", "Letters" or "Magazine".
"""

from __future__ import annotations

import re

from ._lazy import lazy_re

PREPRINT = "arXiv"  # how vla writes the venue of a preprint
_PREPRINT = lazy_re(r"^\s*(?:arxiv|corr|arxiv\s+e-?prints?|arxiv\s+preprint\b.*|preprint)\s*$", re.IGNORECASE)
_JOURNAL_WORDS = lazy_re(r"\b(?:journal|transactions|letters|magazine)\b", re.IGNORECASE)
_JOURNAL_NAMES = frozenset({
    "ra-l", "ral", "t-ro", "tro", "ijrr", "tpami", "pami", "t-pami", "jmlr", "tmlr", "nature", "science",
    "science robotics", "nature machine intelligence", "ijcv", "tnnls", "tip", "t-ase", "tase", "auro",
    "autonomous robots", "pnas", "cacm", "ieee access", "frontiers in robotics and ai",
})


def is_preprint_venue(venue: str | None) -> bool:
    """No venue, or one that names arXiv (or "Preprint"): the paper is not published yet."""
    return venue is None or not venue.strip() or _PREPRINT.match(venue) is not None


def is_journal(venue: str) -> bool:
    v = " ".join(venue.casefold().split())
    return v in _JOURNAL_NAMES or _JOURNAL_WORDS.search(v) is not None
