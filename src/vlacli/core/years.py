"""What a year is, in every reader: README cells, .bib and CSL-JSON fields, arXiv IDs, venue names,
DBLP keys, queries.

A four-digit year from 1000 to next year is a year (:func:`is_year`, :func:`find_year`): a .bib entry
of 1790 keeps its year, a README row of 1975 too; ``0999`` and ``3000`` are numbers. A two-digit year
has one pivot (:func:`full_year`): this century up to next year, else the last.
"""

from __future__ import annotations

import datetime
import functools

from .._lazy import lazy_re

YEAR_MIN = 1000  # the first year a reader takes: a 1790 edition is a year, 0999 is a number


@functools.lru_cache(maxsize=1)
def next_year() -> int:
    """The last year a reader takes: next year (a paper of late December is dated the next one)."""
    return datetime.date.today().year + 1


def is_year(value: object) -> bool:
    """A whole number from :data:`YEAR_MIN` to next year (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and YEAR_MIN <= value <= next_year()


def year_bounds() -> str:
    """``1000 to 2027``: how messages say which years are years."""
    return f"{YEAR_MIN} to {next_year()}"


# Four digits that are no part of a longer number (nor of a decimal, nor of an arXiv ID: 2.2024, 2405.15223
# and 2024.123 are no years); a month may follow after a dot, as lists date their entries (2023.05, 2021.6).
YEAR_PATTERN = r"(?<![\d.])[12]\d{3}(?!\d)(?!\.(?!(?:0?[1-9]|1[0-2])(?!\d))\d)"
_YEAR = lazy_re(YEAR_PATTERN)


def find_year(text: str) -> int | None:
    """The first year in ``text`` (``2025``, ``Jun 2025``, ``2025-06-01``, ``1790``), or None."""
    for m in _YEAR.finditer(text):
        if is_year(year := int(m.group(0))):
            return year
    return None


def years_in(text: str) -> list[int]:
    """Every year in ``text``, in order."""
    return [y for m in _YEAR.finditer(text) if is_year(y := int(m.group(0)))]


def full_year(yy: int) -> int:
    """The year of two digits (``'24``, an arXiv ID's ``YY``, a DBLP key's ``-24``): in this century up
    to next year, else in the last one (``24`` -> 2024, ``91`` -> 1991)."""
    year = 2000 + yy
    return year if year <= next_year() else year - 100
