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

What a file said is kept as it said it: a paper an import made keeps its entry's fields as written
(``bibtex``, ``csl``) beside the values vla reads from them, and a fingerprint of each value as it was
read (``bibtex_read``, ``csl_read``; :func:`fingerprints`). A field is written back as the file wrote
it while the paper's value is still the one it was read as (:func:`changed_since`): a value a person,
arXiv or a service changed since wins. Each field says which BibTeX and CSL-JSON fields it is read
from (``bibtex``, ``csl``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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
AS_IS, AS_TITLE, AS_DOI = "as is", "as titles", "as DOIs"


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
    # The BibTeX fields (lower case) and the CSL-JSON fields it is read from, in the order an importer
    # prefers them: written back as the file wrote them while the value is the one they were read as.
    bibtex: tuple[str, ...] = ()
    csl: tuple[str, ...] = ()


TABLE: tuple[Field, ...] = (
    Field("arxiv", str, "bare arXiv ID, no version (`2506.01844`, `hep-th/9901001`)",
          bibtex=("eprint", "archiveprefix", "eprinttype")),
    Field("version", int, "the arXiv version last seen", owner=ARXIV, bibtex=("eprint",)),
    Field("title", str, "the title, as the list prints it", pins=True, compare=AS_TITLE, settable=True, takeable=True,
          bibtex=("title",), csl=("title",)),
    Field("aliases", list, "the paper's earlier titles, so older copies of a list still match it", owner=VLA),
    Field("authors", list, "in order, in BibTeX's own name forms (see \"Names\"): `Mustafa Shukor`, "
                           "`Delle Monache, Maria Laura`, `{Open X-Embodiment Collaboration}`; `others` for "
                           "\"and others\"", owner=ARXIV, bibtex=("author",), csl=("author",)),
    Field("year", int, "the year of its venue (of v1 for a preprint)", pins=True, settable=True, takeable=True,
          with_venue=True, bibtex=("year", "date"), csl=("issued",)),
    Field("venue", str, '`"arXiv"` for a preprint, else the venue as the list writes it (`CoRL`)', pins=True,
          settable=True, bibtex=("journal", "journaltitle", "booktitle"),
          csl=("container-title", "container-title-short")),
    Field("categories", list, "the taxonomy categories (slugs) the paper is filed under"),
    Field("url", str, "the paper's link when it has no arXiv ID", pins=True, settable=True, bibtex=("url",),
          csl=("URL",)),
    Field("website", str, "project page", pins=True, settable=True),
    Field("code", str, "code repository", pins=True, settable=True),
    Field("links", list, "a website or code cell's links when it has more than one, or labels: "
                         '`{role = "code", url = "…", label = "💻 Pret"}`; the first is `website`/`code`'),
    Field("citekey", str, "its BibTeX key, kept once given (an imported .bib's own key, a CSL-JSON item's id)"),
    Field("entry_type", str, "its BibTeX entry type (`article`, `inproceedings`, `book`, …); none: guessed from "
                             "the venue", with_venue=True, csl=("type",)),
    Field("editors", list, "in order, as `authors`", bibtex=("editor",), csl=("editor",)),
    Field("month", int, "1 to 12", with_venue=True, bibtex=("month", "date"), csl=("issued",)),
    Field("volume", str, "BibTeX's `volume` (filled, when empty, by `vla venues --apply`)", bibtex=("volume",),
          csl=("volume",)),
    Field("number", str, "BibTeX's `number` (an issue, a report's number)", bibtex=("number",), csl=("issue",)),
    Field("pages", str, "BibTeX's `pages` (`2787–2805`; filled, when empty, by `vla venues --apply`)",
          bibtex=("pages",), csl=("page",)),
    Field("edition", str, "BibTeX's `edition`", bibtex=("edition",), csl=("edition",)),
    Field("series", str, "BibTeX's `series`", bibtex=("series",), csl=("collection-title",)),
    Field("publisher", str, "BibTeX's `publisher`", bibtex=("publisher",), csl=("publisher",)),
    Field("organization", str, "BibTeX's `organization`", bibtex=("organization",)),
    Field("institution", str, "BibTeX's `institution`", bibtex=("institution",)),
    Field("school", str, "BibTeX's `school`", bibtex=("school",)),
    Field("address", str, "BibTeX's `address` (biblatex's `location`, when the entry has no `address`)",
          bibtex=("address", "location"), csl=("publisher-place",)),
    Field("howpublished", str, "BibTeX's `howpublished`", bibtex=("howpublished",), csl=("medium",)),
    Field("note", str, "BibTeX's `note`", bibtex=("note",), csl=("note",)),
    Field("isbn", str, "BibTeX's `isbn`", bibtex=("isbn",), csl=("ISBN",)),
    Field("doi", str, "its DOI, bare (`10.1109/LRA.2025.3544909`)", pins=True, compare=AS_DOI, settable=True,
          takeable=True, bibtex=("doi",), csl=("DOI",)),
    Field("journal_ref", str, "arXiv's journal reference", owner=ARXIV),
    Field("primary_category", str, "arXiv's primary category (`cs.RO`)", owner=ARXIV,
          bibtex=("primaryclass", "eprintclass")),
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
    Field("abstract", str, "the abstract", owner=ARXIV, bibtex=("abstract",), csl=("abstract",)),
    Field("bibtex", dict, "the .bib entry it came from, every field as written (by lower-case name, @string "
                          "macros expanded): written back by the BibTeX export while the values read from them "
                          "are unchanged (`bibtex_read`). For a paper an import only merged into: the fields vla "
                          "does not model (`keywords`, `langid`, …) and the written form of a field that says "
                          "more than its value", owner=FILE),
    Field("bibtex_read", dict, "a fingerprint of each field's value as `bibtex` was read: a field changed since "
                               "(`vla set`, `refresh`, …) is written from the paper, the others as the .bib "
                               "wrote them", owner=FILE),
    Field("bibtex_source", dict, "how the .bib wrote the entry beyond its values: its `type`, `macros` (fields "
                                 "written with @string macros or `#`, as written), `strings` (the @string "
                                 "definitions they use), `inherited` (the fields its `crossref` parent gave it) and "
                                 "`blocks` (the file's @preamble, @comment, @set and @xdata blocks, as written)",
          owner=FILE),
    Field("bibtex_entries", list, "its other entries in the .bib files it came from (another key of one work: "
                                  "a preprint and its published version), each `{key, type, fields, read}` as "
                                  "`bibtex`: the export writes an entry under each key", owner=FILE),
    Field("csl", dict, "the CSL-JSON item it came from, as written (for a paper an import only merged into: the "
                       "fields vla does not model); written back by the CSL-JSON export while the values read "
                       "from them are unchanged (`csl_read`)", owner=FILE),
    Field("csl_read", dict, "a fingerprint of each field's value as `csl` was read, as `bibtex_read`", owner=FILE),
    Field("csl_items", list, "its other CSL-JSON items (another id of one work), each `{item, read}`: the export "
                             "writes an item under each id", owner=FILE),
)
FIELDS: dict[str, Field] = {f.name: f for f in TABLE}
NAMES = tuple(FIELDS)  # in the order a paper's file writes them

OWNED_BY = {source: tuple(f.name for f in TABLE if f.owner == source) for source in SOURCES}
SETTABLE = tuple(f.name for f in TABLE if f.settable)
TAKEABLE = tuple(f.name for f in TABLE if f.takeable)
LIST_OF_TABLES = frozenset({"links", "bibtex_entries", "csl_items"})  # every other list field holds strings
# The fields a BibTeX or CSL-JSON entry gives, whose values as read are fingerprinted.
READ_FROM = {"bibtex": (*(f.name for f in TABLE if f.bibtex), "entry_type"),
             "csl": tuple(f.name for f in TABLE if f.csl)}


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
    """Whether two values of field ``name`` say the same: titles normalised, DOIs bare and in any case;
    any other field exactly."""
    if is_empty(a) or is_empty(b):
        return is_empty(a) and is_empty(b)
    how = FIELDS[name].compare if name in FIELDS else AS_IS
    if how == AS_TITLE:
        from .matching import normalize_title

        return bool(normalize_title(a) == normalize_title(b))
    if how == AS_DOI:
        from .matching import doi_key

        return doi_key(a) == doi_key(b)
    return bool(a == b)


def fingerprint(value: Any) -> str:
    """A short fingerprint of a field's value ("" for none): what a paper keeps of the value a file's
    field was read as, to tell later whether it is still that value."""
    if is_empty(value):
        return ""
    import hashlib  # here: only imports and exports fingerprint values, not `vla list`
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2s(text.encode("utf-8"), digest_size=5).hexdigest()


def fingerprints(paper: Paper, names: Iterable[str]) -> dict[str, str]:
    """The fingerprints of the paper's fields ``names`` that have a value, now: kept beside what a file
    said (``bibtex_read``, ``csl_read``) when the paper is read from it."""
    return {name: fp for name in names if (fp := fingerprint(getattr(paper, name)))}


def changed_since(paper: Paper, read: Mapping[str, str], names: Iterable[str]) -> frozenset[str]:
    """Of the fields ``names``, those whose value is no longer the one it was read as (``read``: the
    fingerprints :func:`fingerprints` gave then; a field missing there was empty). A file's fields that
    give these are written from the paper; the others as the file wrote them."""
    names = tuple(names)
    return changed_between(read, fingerprints(paper, names), names)


def changed_between(read: Mapping[str, str], now: Mapping[str, str], names: Iterable[str]) -> frozenset[str]:
    """:func:`changed_since` with the paper's fingerprints ``now`` (:func:`fingerprints` of ``names``)
    taken already: what an export takes once for each paper, for each of its entries."""
    return frozenset(name for name in names if read.get(name, "") != now.get(name, ""))
