"""Which records are one paper, and the one form each identifier is compared in.

Every place that asks "is this the same paper?" asks here: an import merging a file into the catalog,
``vla sync`` finding a row's paper, ``vla add`` and ``vla accept`` finding a paper filed without an
arXiv ID, ``vla watch`` telling a candidate already filed, ``vla venues`` taking a service's answer,
lint's duplicate titles. The rules, each in one place:

- **DOI**: stored bare (``10.1109/LRA.2025.3544909``), the resolver's prefixes (``https://doi.org/``,
  ``http://dx.doi.org/``, ``doi:``) removed wherever a DOI comes in (:func:`bare_doi`), and compared
  case-insensitively (:func:`doi_key`), as DOIs are; arXiv's own DOI (``10.48550/arXiv.2506.01844``)
  names an arXiv ID (:func:`arxiv_of_doi`).
- **Title**: case-, accent-, punctuation- and space-blind (:func:`normalize_title`); a paper answers to
  its title and to its earlier ones (``aliases``).
- **Year**: :mod:`vlacli.core.years` (a four-digit year from 1000 to next year; one two-digit pivot).
- **One work**: the same arXiv ID or DOI (or, for a paper without either, its own link); without one,
  the same normalised title *and* years at most a year apart *and* the same first author's family name,
  each compared only when both records give it (:func:`agree`), so a README row with no authors still
  finds its paper. One title in years further
  apart is two editions (Kullback's *Information Theory and Statistics*, 1959 and 1997), kept apart.

:class:`Matcher` indexes papers once and finds a record's paper (:meth:`Matcher.find`);
:func:`find_same` is the one-off form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .._lazy import lazy_re

if TYPE_CHECKING:
    from .paper import Paper

# -- DOIs ----------------------------------------------------------------------------------------------

_DOI = lazy_re(r"^\s*(?:(?:https?://)?(?:www\.|dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+?)\s*$", re.I)
_ARXIV_DOI = lazy_re(r"^10\.48550/arxiv\.(?P<id>.+)$", re.I)


def bare_doi(text: str | None) -> str | None:
    """The DOI ``text`` names, bare (``10.1109/LRA.2025.3544909``), as it spells it: with or without
    ``https://doi.org/``, ``http://dx.doi.org/`` or ``doi:``. None when it names none."""
    if not text:
        return None
    if "%2F" in text or "%2f" in text:  # a resolver URL with its slash escaped
        from urllib.parse import unquote

        text = unquote(text)
    m = _DOI.match(text)
    return m.group(1) if m is not None else None


def as_doi(text: str | None) -> str | None:
    """A DOI as a paper stores it: bare when ``text`` names one (:func:`bare_doi`), else as written,
    stripped (a value that is no DOI is kept, not dropped); None for nothing."""
    if text is None or not text.strip():
        return None
    return bare_doi(text) or text.strip()


def doi_key(doi: str) -> str:
    """How DOIs are compared: bare and case-insensitive (``10.1109/lra.2025.3544909``)."""
    return (bare_doi(doi) or doi.strip()).casefold()


def is_arxiv_doi(doi: str | None) -> bool:
    """arXiv's own DOI (``10.48550/…``): it names the preprint, never a venue."""
    return (bare_doi(doi) or "").casefold().startswith("10.48550/")


def arxiv_of_doi(doi: str | None) -> str | None:
    """The arXiv ID of arXiv's own DOI (``10.48550/arXiv.2506.01844`` -> ``2506.01844``), else None."""
    from ..errors import InvalidIdentifier
    from .identifiers import parse_arxiv_id

    m = _ARXIV_DOI.match(bare_doi(doi) or "")
    if m is None:
        return None
    try:
        return parse_arxiv_id(m["id"]).id
    except InvalidIdentifier:
        return None


# -- titles and names -------------------------------------------------------------------------------

_NORM_TITLE = lazy_re(r"[^\w]+")


def normalize_title(title: str) -> str:
    """Case-, accent-, punctuation- and space-blind form of a title, for matching."""
    if title.isascii():
        t = title.casefold()
    else:
        t = unicodedata.normalize("NFKD", title)
        t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    t = t.replace("{", "").replace("}", "")
    return " ".join(_NORM_TITLE.sub(" ", t).split())


def titles_of(paper: Titled) -> list[str]:
    """A paper's normalised title and earlier titles (``aliases``), each once, the title first."""
    return list(dict.fromkeys(normalize_title(t) for t in (paper.title, *getattr(paper, "aliases", ()))))


def answers_to(paper: Titled, title: str) -> bool:
    """``title`` is the paper's title or one of its earlier ones, normalised."""
    wanted = normalize_title(title)
    return bool(wanted) and wanted in titles_of(paper)


# Of the shorter of two titles, the share of words the longer must hold for one to be a revision of the
# other ("Heat-bath random walks" and "Heat-bath random walks with Markov bases, revised").
KEPT_WORDS = 0.8


def titles_agree(titles: Iterable[str], other: str) -> bool:
    """Whether ``other`` (arXiv's title, say) is one of ``titles`` (a paper's title and aliases) or a
    revision of one that keeps its words: every word of the shorter in the longer, or, for titles of
    four words and more, all but a fifth. A short name (``TinyVLA``) agrees with a title that names it;
    another paper's title does not."""
    theirs = normalize_title(other).split()
    for title in titles:
        ours = normalize_title(title).split()
        if not ours or not theirs:
            continue
        short, long = (ours, theirs) if len(ours) <= len(theirs) else (theirs, ours)
        kept = sum(1 for w in set(short) if w in set(long)) / len(set(short))
        if kept == 1 or (len(set(short)) >= 4 and kept >= KEPT_WORDS):
            return True
    return False


_HOMONYM = lazy_re(r"\s+\d{4}$")  # DBLP's homonym number: "Wei Zhang 0002"


def without_homonym(name: str) -> str:
    """A name without DBLP's homonym number (``Wei Zhang 0002`` -> ``Wei Zhang``)."""
    return _HOMONYM.sub("", name)


def family_key(name: str) -> str:
    """A person's family name, folded for comparing: ``Kullback``, ``Kullback, S.``, ``S. Kullback 0001``
    -> ``kullback``; empty for none."""
    from .citekeys import ascii_fold
    from .names import family

    return re.sub(r"[^a-z0-9]", "", ascii_fold(family(without_homonym(name.strip()))).lower())


def first_author(authors: Sequence[str]) -> str:
    """The first author's family name (:func:`family_key`), ``others`` skipped; empty when there is none."""
    from .names import is_others

    for name in authors:
        if not is_others(name):
            return family_key(name)
    return ""


# -- one work -----------------------------------------------------------------------------------------

# Years a listing of one work may disagree by: a preprint's year and its venue's, a post of late
# December listed under the next year. Two editions lie further apart (Kullback: 1959, 1997).
YEARS_APART = 1
# arXiv's own record of a paper (its year is v1's) and the paper as a list files it (its venue's year)
# may lie further apart: posted in 2016, in Bernoulli in 2018.
PREPRINT_YEARS = 3


class Titled(Protocol):
    @property
    def title(self) -> str: ...


class Record(Protocol):
    """What matching reads of a paper, a listing or a service's answer."""

    @property
    def title(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def authors(self) -> Sequence[str]: ...


def agree(a: Record, b: Record, years: int = YEARS_APART) -> bool:
    """Two records whose titles match are one work: their years are at most ``years`` apart and their
    first authors the same, where both records give them."""
    if a.year is not None and b.year is not None and abs(a.year - b.year) > years:
        return False
    return same_first_author(a.authors, b.authors)


def same_first_author(a: Sequence[str], b: Sequence[str]) -> bool:
    """The two author lists' first authors have one family name, or one of the lists names none."""
    fa, fb = first_author(a), first_author(b)
    return not fa or not fb or fa == fb


def other_edition(a: Record, b: Record) -> bool:
    """Same normalised title, but another year: another edition of the work (both kept)."""
    return (normalize_title(a.title) == normalize_title(b.title) and a.year is not None and b.year is not None
            and abs(a.year - b.year) > YEARS_APART)


class Match(NamedTuple):
    """A record's paper, and how it was known: ``"arXiv ID"``, ``"DOI"``, ``"URL"`` or ``"title"``."""

    paper: Paper
    how: str


BY_ARXIV, BY_DOI, BY_URL, BY_TITLE = "arXiv ID", "DOI", "URL", "title"


def same_paper(paper: Paper, record: Record, *, arxiv: str | None = None, doi: str | None = None,
               title_needs_author: bool = False) -> Match | None:
    """Whether ``record`` (with its arXiv ID and DOI, when it has them) is ``paper``: the same arXiv
    ID (another ID is another paper), else the same DOI, else a title the paper answers to with years
    and first authors that :func:`agree`. With ``title_needs_author`` — a service's answer to a search,
    where a title alone is never enough — a title counts only with the same first author on both sides,
    and the years are not compared (the record of the published version has its venue's year)."""
    if arxiv and paper.arxiv:
        return Match(paper, BY_ARXIV) if arxiv == paper.arxiv else None
    if doi and paper.doi and doi_key(doi) == doi_key(paper.doi):
        return Match(paper, BY_DOI)
    if not answers_to(paper, record.title):
        return None
    if title_needs_author:
        ours, theirs = first_author(paper.authors), first_author(record.authors)
        return Match(paper, BY_TITLE) if ours and ours == theirs else None
    return Match(paper, BY_TITLE) if agree(paper, record) else None


class Matcher:
    """Papers indexed once by arXiv ID, DOI and every title they answer to, to find records' papers.

    :meth:`add` indexes one more (an import's new papers, as it plans them); the first paper given an
    ID or DOI keeps it. :meth:`find` asks the three in order; an import asks them one at a time, of the
    file's papers and the catalog's in turn."""

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self._arxiv: dict[str, Paper] = {}
        self._doi: dict[str, Paper] = {}
        self._url: dict[str, Paper] = {}
        self._title: dict[str, list[Paper]] = {}
        for p in papers:
            self.add(p)

    def add(self, paper: Paper) -> None:
        for title in titles_of(paper):
            if not title:  # an entry without a title is found by its IDs only
                continue
            found = self._title.setdefault(title, [])
            if paper not in found:
                found.append(paper)
        if paper.arxiv:
            self._arxiv.setdefault(paper.arxiv, paper)
        if paper.doi:
            self._doi.setdefault(doi_key(paper.doi), paper)
        if paper.url:
            self._url.setdefault(paper.url, paper)

    def with_arxiv(self, arxiv: str | None, title: str | None = None) -> Paper | None:
        """The paper with this arXiv ID — that also answers to ``title``, when one is given (a file whose
        IDs do not decide alone)."""
        p = self._arxiv.get(arxiv) if arxiv else None
        return p if p is not None and (title is None or answers_to(p, title)) else None

    def with_doi(self, doi: str | None) -> Paper | None:
        return self._doi.get(doi_key(doi)) if doi else None

    def with_url(self, url: str | None) -> Paper | None:
        """The paper whose own link (a paper without an arXiv ID) is ``url``."""
        return self._url.get(url) if url else None

    def with_title(self, title: str) -> list[Paper]:
        """The papers that answer to ``title`` (normalised), in the order they were added."""
        return list(self._title.get(normalize_title(title), ()))

    def row_paper(self, url: str | None, title: str) -> Paper | None:
        """The paper a README row without an arXiv ID is: the one with its link, else the first that answers
        to its title (no year or author test: a row's cells are what a person may have edited)."""
        return self.with_url(url) or next(iter(self.with_title(title)), None)

    def titled(self, record: Record, arxiv: str | None = None, accept: Callable[[Paper], bool] | None = None,
               years: int = YEARS_APART) -> Paper | None:
        """The first paper that answers to the record's title, whose arXiv ID (if both have one) is the
        record's, that :func:`agree` s with it (``years``: :data:`PREPRINT_YEARS` for arXiv's own record)
        and that ``accept`` takes."""
        for p in self._title.get(normalize_title(record.title), ()):
            if ((not arxiv or not p.arxiv or p.arxiv == arxiv) and agree(p, record, years)
                    and (accept is None or accept(p))):
                return p
        return None

    def find(self, record: Record, *, arxiv: str | None = None, doi: str | None = None, url: str | None = None,
             id_wins: bool = True) -> Match | None:
        """The paper ``record`` is: the one with its arXiv ID — with its title too, unless ``id_wins``
        (a file whose IDs decide) — else the one with its DOI, else with its link, else one it is by
        title (:meth:`titled`). The ID, DOI and link default to the record's own, when it has them."""
        arxiv = arxiv if arxiv is not None else getattr(record, "arxiv", None)
        doi = doi if doi is not None else getattr(record, "doi", None)
        url = url if url is not None else getattr(record, "url", None)
        if (p := self.with_arxiv(arxiv, None if id_wins else record.title)) is not None:
            return Match(p, BY_ARXIV)
        if (p := self.with_doi(doi)) is not None:
            return Match(p, BY_DOI)
        if (p := self.with_url(url)) is not None:
            return Match(p, BY_URL)
        if (p := self.titled(record, arxiv)) is not None:
            return Match(p, BY_TITLE)
        return None


def find_same(papers: Iterable[Paper], record: Record, *, arxiv: str | None = None,
              doi: str | None = None) -> Paper | None:
    """The paper of ``papers`` that ``record`` is (:meth:`Matcher.find`), or None."""
    found = Matcher(papers).find(record, arxiv=arxiv, doi=doi)
    return found.paper if found else None

