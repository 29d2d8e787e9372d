"""BibTeX: a .bib that BibTeX, biber and reference managers read without a hand fix.

One entry per paper, sorted by citation key, written with bibtexparser's writer:

- ``@misc`` for a preprint, in arXiv's own form: ``eprint``, ``archivePrefix``, ``primaryClass``
  (when known) and ``url``;
- ``@article`` (``journal``) for a journal venue (RA-L, T-RO, IJRR, TPAMI, JMLR, Nature, Science,
  anything called a journal, transactions or letters), ``@inproceedings`` (``booktitle``) for any
  other venue; ``eprint`` and ``archivePrefix`` kept when the paper is on arXiv;
- ``doi`` when known, ``abstract`` when known.

Citation keys are the papers' stored keys (:mod:`vlacli.citekeys`). Every field is escaped by
:func:`vlacli.latex.escape`, so no value can end a field or an entry early; title words with a
capital are braced. ``url``, ``doi`` and ``eprint`` are verbatim fields: they are written as they
are, except the characters a URL cannot hold (braces, backslash, white space), which are
percent-encoded. UTF-8 by default; ``ascii`` writes LaTeX accents instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..citekeys import assign_citekeys
from ..latex import escape, protect_title
from ..text import clean, percent_encode
from ..venues import is_journal

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Paper

# Field order in every entry.
FIELD_ORDER = ("title", "author", "booktitle", "journal", "year", "eprint", "archivePrefix", "primaryClass",
               "doi", "url", "abstract")


_URL_UNSAFE = re.compile(r"[{}\\\s]")


def verbatim_field(value: str) -> str:
    """A URL, DOI or eprint as a verbatim field: the characters no URL may hold raw, and that would
    unbalance or end a BibTeX field, are percent-encoded."""
    return percent_encode(value, _URL_UNSAFE)


@functools.lru_cache(maxsize=1 << 16)  # authors recur across a catalog's papers
def bib_name(author: str, ascii: bool = False) -> str:
    """``Ludwig van Beethoven`` -> ``van Beethoven, Ludwig``, escaped; a word ``and`` braced so that
    it does not split the list. A name already written ``Family, Given`` is kept in that form."""
    author = clean(author)
    if "," in author:
        family, _, given = author.partition(",")
        words, given_words = family.split(), given.split()
    else:
        words = author.split()
        given_words = []
        # The family name is the last word and the lower-case particles (van, de, von) before it.
        cut = len(words) - 1
        while cut > 1 and words[cut - 1][:1].islower():
            cut -= 1
        given_words, words = words[:cut], words[cut:]

    def esc(ws: list[str]) -> str:
        return " ".join("{and}" if w.casefold() == "and" else escape(w, ascii) for w in ws)

    family_tex, given_tex = esc(words), esc(given_words)
    return f"{family_tex}, {given_tex}" if given_tex else family_tex


def bib_fields(paper: Paper, ascii: bool = False) -> dict[str, str]:
    """The entry's fields (values escaped, without enclosing braces), in :data:`FIELD_ORDER`."""
    f: dict[str, str] = {"title": protect_title(clean(paper.title), ascii)}
    if paper.authors:
        f["author"] = " and ".join(bib_name(a, ascii) for a in paper.authors)
    if not paper.is_preprint:
        venue = escape(clean(paper.venue or ""), ascii)
        f["journal" if is_journal(paper.venue or "") else "booktitle"] = venue
    if paper.year is not None:
        f["year"] = str(paper.year)
    if paper.arxiv:
        f["eprint"] = verbatim_field(paper.arxiv)
        f["archivePrefix"] = "arXiv"
        if paper.primary_category:
            f["primaryClass"] = verbatim_field(paper.primary_category)
    if paper.doi:
        f["doi"] = verbatim_field(paper.doi)
    if paper.link:
        f["url"] = verbatim_field(paper.link)
    if paper.abstract:
        f["abstract"] = escape(clean(paper.abstract), ascii)
    return {k: f[k] for k in FIELD_ORDER if k in f}


def entry_type(paper: Paper) -> str:
    if paper.is_preprint:
        return "misc"
    return "article" if is_journal(paper.venue or "") else "inproceedings"


CHUNK = 1000  # entries written at a time: a 100k catalog is never one string in memory


def to_bibtex(papers: Iterable[Paper], citekeys: dict[str, str], ascii: bool = False) -> str:
    """Papers -> .bib text, sorted by citation key; the same papers always give the same bytes."""
    return "".join(bibtex_chunks(papers, citekeys, ascii))


def bibtex_chunks(papers: Iterable[Paper], citekeys: dict[str, str], ascii: bool = False) -> Iterator[str]:
    """:func:`to_bibtex`'s text, in pieces of :data:`CHUNK` entries, each written by bibtexparser."""
    from bibtexparser import model
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.writer import BibtexFormat

    fmt = BibtexFormat()  # type: ignore[no-untyped-call]
    fmt.indent = "  "
    fmt.block_separator = "\n"
    ordered = sorted(papers, key=lambda p: citekeys[p.key])
    for start in range(0, len(ordered), CHUNK):
        blocks: list[model.Block] = []
        for p in ordered[start:start + CHUNK]:
            # Every value is enclosed in braces, as bibtexparser's AddEnclosingMiddleware would do.
            fields = [model.Field(k, "{" + v + "}") for k, v in bib_fields(p, ascii).items()]
            blocks.append(model.Entry(entry_type(p), citekeys[p.key], fields))
        text = write_string(Library(blocks), unparse_stack=[], bibtex_format=fmt)
        yield text if start == 0 else fmt.block_separator + text


def export_bibtex(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> Iterator[str]:
    keys = assign_citekeys(catalog.papers())
    return bibtex_chunks(papers, keys, ascii=bool(options.get("ascii")))
