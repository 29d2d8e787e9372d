"""The fields of a paper, one row each, and the one rule of who may change them.

Each :class:`Field` says its type, what it means (the docs' table of a paper file is generated from
it), who owns it, whether a person's value pins it, how two of its values compare, whether ``vla set``
sets it and whether ``vla refresh --take`` may take arXiv's value.

Who may change a field of a paper — :func:`may_change`, asked by ``vla add``, ``refresh``, ``accept``,
``resolve``, ``venues``, ``set``, ``sync`` and every import:

1. a **person** may change any field (``vla set``, ``vla add``'s options, a README row edited by hand
   and taken in by ``vla sync`` or ``vla import --update``, ``vla refresh --take``);
2. nothing automatic changes a field a person **pinned**: every value a person sets is pinned, and so
   is a field a person **cleared** — it stays empty;
3. a source changes the fields it **owns**: arXiv its record's (authors, abstract, dates, categories,
   comment …), Semantic Scholar its citation count;
4. any other source only **fills** a field that is open: empty, or, for the venue, a preprint's
   ("arXiv"), which a published venue may replace (:func:`awaits_venue`). The year, entry type and
   month go with the venue they were given with (``with_venue``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .paper import Paper

# Who gives a value (the sources a field's owner is one of).
PERSON = "person"  # vla set, vla add's options, a README edited by hand (sync, import --update), --take
FILE = "file"  # an imported README, .bib or CSL-JSON (without --update)
ARXIV = "arXiv"  # arXiv's record: vla add, refresh, accept, resolve --apply, a new row of vla sync
SCHOLARLY = "scholarly"  # Semantic Scholar and DBLP: vla venues
VLA = "vla"  # what vla keeps by itself: earlier titles and keys, the pins
SOURCES = (PERSON, FILE, ARXIV, SCHOLARLY, VLA)
OWNER_WORDS = {PERSON: "a person", FILE: "an import", ARXIV: "arXiv", SCHOLARLY: "Semantic Scholar", VLA: "vla"}

# How two values of a field compare (:func:`same_value`).
AS_IS, AS_TITLE, AS_DOI, AS_TEXT = "as is", "as titles", "as DOIs", "as text"


class Field(NamedTuple):
    name: str
    type: type  # str, int, list (of strings, or of tables for `links`) or dict
    doc: str  # what it means, as the docs' table of a paper file says it
    owner: str = PERSON
    pins: bool = False  # a person's value (or clearing) is pinned: nothing automatic changes it
    compare: str = AS_IS
    settable: bool = False  # `vla set --NAME`
    takeable: bool = False  # `vla refresh --take NAME` takes arXiv's value
    with_venue: bool = False  # given, and replaced, with the venue (a published venue's year, type, month)


TABLE: tuple[Field, ...] = (
    Field("arxiv", str, "bare arXiv ID, no version (`2506.01844`, `hep-th/9901001`)"),
    Field("version", int, "the arXiv version last seen", owner=ARXIV),
    Field("title", str, "the title, as the list prints it", pins=True, compare=AS_TITLE, settable=True, takeable=True),
    Field("aliases", list, "the paper's earlier titles, so older copies of a list still match it", owner=VLA),
    Field("authors", list, "in order, in BibTeX's own name forms (see \"Names\"): `Mustafa Shukor`, "
                           "`Delle Monache, Maria Laura`, `{Open X-Embodiment Collaboration}`; `others` for "
                           "\"and others\"", owner=ARXIV),
    Field("year", int, "the year of its venue (of v1 for a preprint)", pins=True, settable=True, takeable=True,
          with_venue=True),
    Field("venue", str, '`"arXiv"` for a preprint, else the venue as the list writes it (`CoRL`)', pins=True,
          settable=True),
    Field("categories", list, "the taxonomy categories (slugs) the paper is filed under"),
    Field("url", str, "the paper's link when it has no arXiv ID", pins=True, settable=True),
    Field("website", str, "project page", pins=True, settable=True),
    Field("code", str, "code repository", pins=True, settable=True),
    Field("links", list, "a website or code cell's links when it has more than one, or labels: "
                         '`{role = "code", url = "…", label = "💻 Pret"}`; the first is `website`/`code`'),
    Field("citekey", str, "its BibTeX key, kept once given (an imported .bib's own key)"),
    Field("entry_type", str, "its BibTeX entry type (`article`, `inproceedings`, `book`, …); none: guessed from "
                             "the venue", with_venue=True),
    Field("editors", list, "in order, as `authors`"),
    Field("month", int, "1 to 12", with_venue=True),
    Field("volume", str, "BibTeX's `volume` (filled, when empty, by `vla venues --apply`)"),
    Field("number", str, "BibTeX's `number` (an issue, a report's number)"),
    Field("pages", str, "BibTeX's `pages` (`2787–2805`; filled, when empty, by `vla venues --apply`)"),
    Field("edition", str, "BibTeX's `edition`"),
    Field("series", str, "BibTeX's `series`"),
    Field("publisher", str, "BibTeX's `publisher`"),
    Field("organization", str, "BibTeX's `organization`"),
    Field("institution", str, "BibTeX's `institution`"),
    Field("school", str, "BibTeX's `school`"),
    Field("address", str, "BibTeX's `address` (biblatex's `location`)"),
    Field("howpublished", str, "BibTeX's `howpublished`"),
    Field("note", str, "BibTeX's `note`"),
    Field("isbn", str, "BibTeX's `isbn`"),
    Field("doi", str, "its DOI, bare (`10.1109/LRA.2025.3544909`)", pins=True, compare=AS_DOI, settable=True,
          takeable=True),
    Field("journal_ref", str, "arXiv's journal reference", owner=ARXIV),
    Field("primary_category", str, "arXiv's primary category (`cs.RO`)", owner=ARXIV),
    Field("arxiv_categories", list, "every arXiv category", owner=ARXIV),
    Field("published", str, "the date of v1 (`YYYY-MM-DD`)", owner=ARXIV),
    Field("updated", str, "the date of the latest version", owner=ARXIV),
    Field("comment", str, "arXiv's comment", owner=ARXIV),
    Field("affiliations", dict, "author name -> affiliations, as arXiv gives them", owner=ARXIV),
    Field("citations", int, "Semantic Scholar's count of the papers citing it, on `citations_date` "
                            "(`vla venues --apply`)", owner=SCHOLARLY),
    Field("citations_date", str, "the day that count was fetched (`YYYY-MM-DD`)", owner=SCHOLARLY),
    Field("pinned", list, "fields a person set or cleared, that nothing automatic changes (see \"Who owns a "
                          "field\")", owner=VLA),
    Field("previous_keys", list, "the keys it was filed under before (`vla set --arxiv`, `vla resolve --apply`): "
                                 "they still find it", owner=VLA),
    Field("abstract", str, "the abstract", owner=ARXIV),
    Field("bibtex", dict, "an imported .bib's fields vla does not model, as written (`keywords`, `langid`, …), "
                          "and the written form of a field that says more than its value; written back by the "
                          "BibTeX export", owner=FILE),
)
FIELDS: dict[str, Field] = {f.name: f for f in TABLE}
NAMES = tuple(FIELDS)  # in the order a paper's file writes them

OWNED_BY = {source: tuple(f.name for f in TABLE if f.owner == source) for source in SOURCES}
SETTABLE = tuple(f.name for f in TABLE if f.settable)
TAKEABLE = tuple(f.name for f in TABLE if f.takeable)
LIST_OF_TABLES = frozenset({"links"})  # every other list field is a list of strings


def is_empty(value: Any) -> bool:
    """No value: None, "" or an empty list or table (``"0"`` and ``0`` are values)."""
    return value is None or value == "" or (isinstance(value, list | dict) and not value)


def is_open(paper: Paper, name: str) -> bool:
    """Whether the field still waits for a value: it is empty, or it is the venue of a preprint."""
    if name == "venue":
        return paper.is_preprint
    return is_empty(getattr(paper, name))


def may_change(paper: Paper, name: str, source: str, *, with_venue: bool = False) -> bool:
    """Whether ``source`` (:data:`PERSON`, :data:`FILE`, :data:`ARXIV`, :data:`SCHOLARLY`) may write
    field ``name`` of ``paper`` now. ``with_venue``: the value comes with a venue the source is moving the
    paper to, so a field given with the venue (its year, entry type, month) moves too."""
    if source == PERSON:
        return True
    if name in paper.pinned:
        return False
    field = FIELDS.get(name)
    if field is not None and field.owner == source:
        return True
    if with_venue and field is not None and field.with_venue:
        return True
    return is_open(paper, name)


def awaits_venue(paper: Paper) -> bool:
    """A preprint whose venue no person set: where a published venue may still be filled in."""
    return may_change(paper, "venue", SCHOLARLY)


def same_value(name: str, a: Any, b: Any) -> bool:
    """Whether two values of field ``name`` say the same: titles normalised, DOIs bare and in any case,
    text with its white space collapsed; any other field exactly."""
    if is_empty(a) or is_empty(b):
        return is_empty(a) and is_empty(b)
    how = FIELDS[name].compare if name in FIELDS else AS_IS
    if how == AS_TITLE:
        from .matching import normalize_title

        return bool(normalize_title(a) == normalize_title(b))
    if how == AS_DOI:
        from .matching import doi_key

        return doi_key(a) == doi_key(b)
    if how == AS_TEXT:
        return " ".join(str(a).split()) == " ".join(str(b).split())
    return bool(a == b)
