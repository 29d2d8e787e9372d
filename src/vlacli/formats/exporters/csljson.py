"""CSL-JSON: the papers as Pandoc (``--citeproc``), Zotero and every citeproc read them.

An array of items sorted by citation key, one a paper: ``id`` is its citation key (the same as in
the BibTeX export), ``type`` its CSL type (from its BibTeX entry type, see :mod:`vlacli.formats.csl`),
``title``, ``author`` and ``editor`` (family / given / particle / suffix, or a literal name),
``issued`` (``date-parts``), ``container-title`` (its venue), ``volume``, ``issue``, ``page``,
``publisher``, ``DOI``, ``URL``, ``abstract`` and the rest vla knows. A preprint is Zotero's: type
``article``, ``publisher`` arXiv, ``number`` ``arXiv:2506.01844``, arXiv's DOI when it has no other.
A paper a CSL-JSON import made is written as its item was (the paper's ``csl`` table): its id, type and
every field as written, but for the fields whose values changed since (:func:`written_item`); its
other items (``csl_items``, other ids of the same work) are written too, each under its id.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ...core.citekeys import assign_citekeys
from ...core.fields import READ_FROM, TABLE, changed_between, fingerprints
from ..bibfields import guess_type
from ..csl import FIELDS, TO_CSL, csl_names

if TYPE_CHECKING:
    from ...core.paper import Paper
    from ...core.venues import VenueTable
    from ...storage.catalog import Catalog


def csl_item(paper: Paper, citekey: str, venues: VenueTable | None = None) -> dict[str, Any]:
    """One paper as a CSL-JSON item; ``venues``, the catalog's venue table, gives a known venue's
    full name (``container-title``) beside the catalog's short one (``container-title-short``)."""
    from ...core.venues import full_name

    etype = (paper.entry_type or guess_type(paper.venue, venues)).lower()
    preprint = paper.arxiv is not None and paper.is_preprint
    item: dict[str, Any] = {"id": citekey, "type": "article" if preprint else TO_CSL.get(etype, "document"),
                            "title": paper.title}
    if paper.authors and (authors := csl_names(paper.authors)):
        item["author"] = authors
    if paper.editors and (editors := csl_names(paper.editors)):
        item["editor"] = editors
    if paper.year is not None:
        month = paper.month
        if month is None and preprint and paper.published and paper.published[5:7].isdigit():
            month = int(paper.published[5:7])  # the first version's month
        item["issued"] = {"date-parts": [[paper.year, month] if month else [paper.year]]}
    if paper.venue and not paper.is_preprint:
        # A merged-in item's own spelling of the venue (a paper an import made writes its item's fields
        # itself: see written_item).
        extra_title = None if paper.csl_read else paper.csl.get("container-title")
        item["container-title"] = extra_title if isinstance(extra_title, str) else full_name(paper.venue, venues)
        if item["container-title"] != paper.venue:
            item["container-title-short"] = paper.venue
    for csl, attr in FIELDS.items():
        value = getattr(paper, attr)
        if value:
            item[csl] = value.replace("–", "-") if csl == "page" else value
    if paper.institution or paper.school or paper.organization:
        item.setdefault("publisher", paper.institution or paper.school or paper.organization)
    if paper.howpublished:
        item.setdefault("medium", paper.howpublished)
    if preprint:
        item.setdefault("publisher", "arXiv")
        item["number"] = f"arXiv:{paper.arxiv}"
        item.setdefault("DOI", f"10.48550/arXiv.{paper.arxiv}")
    if paper.link:
        item["URL"] = paper.link
    if not paper.csl_read:
        for name in sorted(paper.csl):
            item.setdefault(name, paper.csl[name])
    return item


# CSL field -> the paper's fields it gives (the table of fields' ``csl``).
CSL_OF: dict[str, tuple[str, ...]] = {}
for _f in TABLE:
    for _name in _f.csl:
        CSL_OF[_name] = (*CSL_OF.get(_name, ()), _f.name)
# What each field of vla's own item says, beside the field of the same meaning.
_DEPENDS = {"type": ("entry_type", "venue", "arxiv"), "issued": ("year", "month", "arxiv"),
            "publisher": ("publisher", "institution", "school", "organization", "arxiv"),
            "number": ("arxiv",), "DOI": ("doi", "arxiv"), "URL": ("url", "arxiv"),
            "container-title-short": ("venue",)}


def written_item(paper: Paper, item: dict[str, Any], changed: frozenset[str], citekey: str,
                 venues: VenueTable | None = None) -> dict[str, Any]:
    """An item of a paper a CSL-JSON import made (``item`` as the file wrote it): each field as it was
    while the paper's fields it gives are unchanged since it was read (``changed``: those that changed,
    by :func:`vlacli.core.fields.changed_since`), a changed one as vla writes it; ``id`` as written when
    it is the citation key."""
    out: dict[str, Any] = {"id": item["id"] if str(item.get("id")) == citekey else citekey}
    for name, value in item.items():
        if name != "id" and not any(o in changed for o in CSL_OF.get(name, ())):
            out[name] = value
    if changed:
        for name, value in csl_item(paper, citekey, venues).items():
            deps = _DEPENDS.get(name, CSL_OF.get(name, ()))
            if name not in out and any(d in changed for d in deps):
                out[name] = value
    return out


def paper_items(paper: Paper, citekey: str, venues: VenueTable | None = None) -> list[dict[str, Any]]:
    """The items a paper is written as: its own (as its CSL-JSON file wrote it, for a paper an import
    made), then its other items, each under its id."""
    # The paper's fingerprints now, taken once for all its items; none for a paper no CSL-JSON item gave.
    now = fingerprints(paper, READ_FROM["csl"]) if paper.csl_read or paper.csl_items else {}
    own = written_item(paper, paper.csl, changed_between(paper.csl_read, now, READ_FROM["csl"]), citekey, venues) \
        if paper.csl_read else csl_item(paper, citekey, venues)
    others = [written_item(paper, i["item"], changed_between(i.get("read", {}), now, READ_FROM["csl"]),
                           str(i["item"].get("id", "")), venues)
              for i in paper.csl_items if str(i["item"].get("id", "")) not in ("", citekey)]
    return [own, *others]


def to_csl_json(papers: list[Paper], citekeys: dict[str, str], venues: VenueTable | None = None) -> str:
    items: list[dict[str, Any]] = []
    ids: set[str] = {citekeys[p.key] for p in papers}
    for p in papers:
        for n, item in enumerate(paper_items(p, citekeys[p.key], venues)):
            if n and str(item["id"]) in ids:
                continue  # another paper's id, or written already
            ids.add(str(item["id"]))
            items.append(item)
    items.sort(key=lambda i: str(i["id"]))
    return json.dumps(items, ensure_ascii=False, indent=2, default=str) + "\n"


def export_csl_json(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> str:
    from ...storage.venue_file import load_table

    return to_csl_json(papers, assign_citekeys(catalog.papers()), load_table(catalog.root))
