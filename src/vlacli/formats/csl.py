"""CSL-JSON (what Zotero, Pandoc and citeproc read and write) <-> vla's fields: one home for both ways.

Types map to BibTeX's (:data:`TO_CSL`, :data:`FROM_CSL`); fields by :data:`FIELDS` (CSL name ->
the paper's field); names are ``{"family", "given", "non-dropping-particle", "suffix"}`` objects,
or ``{"literal"}`` for a name in braces (a consortium); dates are ``{"date-parts": [[year, month]]}``.
"""

from __future__ import annotations

from typing import Any

from ..core.names import OTHERS, Name, compose, is_others, parts, ungroup

# BibTeX entry type -> CSL type.
TO_CSL: dict[str, str] = {
    "article": "article-journal", "inproceedings": "paper-conference", "conference": "paper-conference",
    "incollection": "chapter", "inbook": "chapter", "book": "book", "mvbook": "book", "collection": "book",
    "proceedings": "book", "reference": "book", "phdthesis": "thesis", "mastersthesis": "thesis",
    "thesis": "thesis", "techreport": "report", "report": "report", "manual": "report", "booklet": "pamphlet",
    "patent": "patent", "online": "webpage", "unpublished": "manuscript", "periodical": "periodical",
    "misc": "document", "dataset": "dataset", "software": "software",
}
# CSL type -> BibTeX entry type (the first BibTeX type that maps to it, and Zotero's other types).
FROM_CSL: dict[str, str] = {
    "article-journal": "article", "paper-conference": "inproceedings", "chapter": "incollection",
    "book": "book", "thesis": "phdthesis", "report": "techreport", "pamphlet": "booklet", "patent": "patent",
    "webpage": "online", "post-weblog": "online", "manuscript": "unpublished", "periodical": "periodical",
    "article": "misc", "article-magazine": "article", "article-newspaper": "article", "dataset": "dataset",
    "software": "software", "document": "misc", "speech": "misc", "entry-encyclopedia": "inreference",
    "entry-dictionary": "inreference",
}
# CSL field -> the paper's field, for plain text.
FIELDS: dict[str, str] = {
    "volume": "volume", "issue": "number", "page": "pages", "publisher": "publisher",
    "publisher-place": "address", "edition": "edition", "collection-title": "series", "ISBN": "isbn",
    "note": "note", "abstract": "abstract", "DOI": "doi",
}


def csl_name(stored: str) -> dict[str, str]:
    """A stored name as a CSL name object."""
    name = parts(stored)
    words = [*name.first, *name.von, *name.last, *name.jr]
    if len(name.last) == 1 and not name.first and not name.von and name.last[0].startswith("{"):
        return {"literal": ungroup(name.last[0])}
    if len(words) == 1 and words[0].startswith("{"):
        return {"literal": ungroup(words[0])}
    out = {"family": " ".join(ungroup(w) for w in name.last)}
    if name.first:
        out["given"] = " ".join(ungroup(w) for w in name.first)
    if name.von:
        out["non-dropping-particle"] = " ".join(ungroup(w) for w in name.von)
    if name.jr:
        out["suffix"] = " ".join(ungroup(w) for w in name.jr)
    return out


def stored_name(obj: dict[str, Any]) -> str | None:
    """A CSL name object as a stored name (``None`` when it holds no name)."""
    if not isinstance(obj, dict):
        return None
    literal = _str(obj.get("literal"))
    if literal:
        return OTHERS if literal.strip() == OTHERS else "{" + " ".join(literal.split()) + "}"
    family = _str(obj.get("family"))
    given = _str(obj.get("given"))
    particle = " ".join(p for p in (_str(obj.get("dropping-particle")), _str(obj.get("non-dropping-particle"))) if p)
    suffix = _str(obj.get("suffix"))
    if not family and not given:
        return None
    last = tuple(family.split())
    return compose(Name(tuple(given.split()), tuple(particle.split()), last, tuple(suffix.split())))


def _str(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str | int) and not isinstance(value, bool) else ""


def csl_names(stored: list[str]) -> list[dict[str, str]]:
    """Stored names as CSL names; ``others`` (BibTeX's "and others") has no CSL form and is left out."""
    return [csl_name(n) for n in stored if not is_others(n)]
