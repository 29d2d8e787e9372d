"""One paper: the record stored in ``catalog/papers/<key>.toml``.

Known fields have types and a fixed order in the file; fields the code does not know are
kept in ``extra`` and written back after them, so nothing a user or a newer vla added is
lost on a rewrite.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, cast

from .fields import FIELDS, LIST_OF_TABLES, NAMES
from .identifiers import abs_url

LINK_FIELDS = ("url", "website", "code")

# A README cell's links: the first is the paper's `website` or `code`; `links` keeps the cell's other
# links and the labels, when the cell is more than one link with its default label.
CELL_ROLES = ("website", "code")
DEFAULT_LABELS = {"website": "🌐", "code": "💻"}

def is_web_url(value: str) -> bool:
    """Links a paper may hold: http(s) only (no javascript:, ftp: or file paths)."""
    return value[:8].lower().startswith(("http://", "https://"))


def web_url(url: str | None) -> str | None:
    """``url`` if it is a link a paper may hold (:func:`is_web_url`), else None: the link an export
    writes, anything else (``javascript:``, a file path) left out (the exports warn about it, and
    lint reports it as ``bad-url``)."""
    return url if url and is_web_url(url) else None


def check_web_url(name: str, value: str | None) -> None:
    """InputError unless ``value`` (given for the field or option ``name``) is None, empty or http(s)."""
    if value and not is_web_url(value):
        from ..errors import InputError

        raise InputError(f"{name} {value!r} is not an http(s) URL")


class FieldError(ValueError):
    def __init__(self, name: str, why: str) -> None:
        super().__init__(why)
        self.name = name


@dataclass(repr=False, eq=False)
class Paper:
    """One paper of the catalog. Two papers are equal only when they are the same object: compare
    ``a.to_dict() == b.to_dict()`` for their values (the dataclass's field-by-field ``__eq__`` and
    ``__repr__`` are not built, which saves start-up)."""

    key: str
    title: str = ""
    aliases: list[str] = field(default_factory=list)
    arxiv: str | None = None
    version: int | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None
    categories: list[str] = field(default_factory=list)
    url: str | None = None
    website: str | None = None
    code: str | None = None
    links: list[dict[str, str]] = field(default_factory=list)
    citekey: str | None = None
    entry_type: str | None = None  # BibTeX's, lower case: article, inproceedings, book, misc, …
    editors: list[str] = field(default_factory=list)
    month: int | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    edition: str | None = None
    series: str | None = None
    publisher: str | None = None
    organization: str | None = None
    institution: str | None = None
    school: str | None = None
    address: str | None = None
    howpublished: str | None = None
    note: str | None = None
    isbn: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    primary_category: str | None = None
    arxiv_categories: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    comment: str | None = None
    affiliations: dict[str, list[str]] = field(default_factory=dict)
    citations: int | None = None  # Semantic Scholar's count, on citations_date (YYYY-MM-DD)
    citations_date: str | None = None
    pinned: list[str] = field(default_factory=list)
    previous_keys: list[str] = field(default_factory=list)
    abstract: str | None = None
    # What an imported .bib or CSL-JSON file said, as it said it (see vlacli.core.fields and the
    # exporters): the entry's fields, the fingerprints of the values read from them, how the .bib wrote
    # them (macros, @strings, blocks), and the paper's other entries (other keys of the same work).
    bibtex: dict[str, str] = field(default_factory=dict)
    bibtex_read: dict[str, str] = field(default_factory=dict)
    bibtex_source: dict[str, Any] = field(default_factory=dict)
    bibtex_entries: list[dict[str, Any]] = field(default_factory=list)
    csl: dict[str, Any] = field(default_factory=dict)
    csl_read: dict[str, str] = field(default_factory=dict)
    csl_items: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # the dataclass's own (every field) costs ~0.3 ms of start-up to build
        return f"Paper(key={self.key!r}, title={self.title!r})"

    # -- (de)serialisation -------------------------------------------------------------
    @classmethod
    def from_dict(cls, key: str, data: dict[str, Any]) -> Paper:
        """Build from a parsed TOML table; raises FieldError naming the bad field."""
        kwargs: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for name, value in data.items():
            known = FIELDS.get(name)
            if known is None:
                extra[name] = value
                continue
            if not isinstance(value, known.type) or (known.type is int and isinstance(value, bool)):
                expected = {str: "a string", int: "an integer", list: "a list", dict: "a table"}[known.type]
                raise FieldError(name, f"field {name!r} must be {expected}")
            if (known.type is list and name not in LIST_OF_TABLES
                    and not all(isinstance(v, str) for v in cast(list[Any], value))):
                raise FieldError(name, f"field {name!r} must be a list of strings")
            if name == "links" and not all(_is_cell_link(v) for v in cast(list[Any], value)):
                raise FieldError(name, "field 'links' must be a list of tables with a 'role' (website or code), "
                                       "a 'url' and an optional 'label'")
            if name in _STRING_TABLES and not _strings(cast(dict[str, Any], value)):
                raise FieldError(name, f"field {name!r} must be a table of strings")
            if name == "bibtex_source" and not _is_bibtex_source(cast(dict[str, Any], value)):
                raise FieldError(name, "field 'bibtex_source' must be a table of 'type' (a string), 'macros' and "
                                       "'strings' (tables of strings), 'inherited' and 'blocks' (lists of strings)")
            if name == "bibtex_entries" and not all(_is_bibtex_entry(v) for v in cast(list[Any], value)):
                raise FieldError(name, "field 'bibtex_entries' must be a list of tables with a 'key', a 'type', "
                                       "'fields' and 'read' (tables of strings), and optional 'macros' and "
                                       "'inherited'")
            if name == "csl_items" and not all(_is_csl_item(v) for v in cast(list[Any], value)):
                raise FieldError(name, "field 'csl_items' must be a list of tables with an 'item' (a table) and "
                                       "'read' (a table of strings)")
            if name == "affiliations" and not all(
                    isinstance(v, list) and all(isinstance(x, str) for x in v)
                    for v in cast(dict[str, Any], value).values()):
                raise FieldError(name, "field 'affiliations' must be a table of lists of strings")
            if name == "month" and not 1 <= cast(int, value) <= 12:
                raise FieldError(name, "field 'month' must be 1 to 12")
            kwargs[name] = value
        if "title" not in kwargs:
            raise FieldError("title", "field 'title' is missing")
        return cls(key=key, extra=extra, **kwargs)

    def attributes(self) -> dict[str, Any]:
        """The instance's attributes less those that are None (the class holds None as their
        default) or an empty list or table (:meth:`__getattr__` makes a new one when it is asked
        for): what the read index keeps, and what :meth:`adopt` takes back.

        Strings that recur across papers (authors, venues, categories) are interned, so the index
        stores each once and a loaded catalog holds one copy: a third less memory at 100k papers.
        A paper's many empty lists and tables, left out, are another ~0.8 kB a paper.
        """
        out = {k: v for k, v in self.__dict__.items() if v is not None and not (v == [] or v == {})}
        for name in _SHARED_LISTS:
            if out.get(name):
                out[name] = [sys.intern(v) for v in out[name]]
        for name in _SHARED_STRINGS:
            if out.get(name):
                out[name] = sys.intern(out[name])
        if self.arxiv is not None and self.arxiv == self.key:
            out["arxiv"] = out["key"] = sys.intern(self.key)
        return out

    def __getattr__(self, name: str) -> Any:
        """Only for an attribute the instance lacks: a list or table field a paper from the read
        index was stored without (it was empty) is a new empty one, its own."""
        make = _EMPTY.get(name)
        if make is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = make()
        self.__dict__[name] = value
        return value

    @classmethod
    def adopt(cls, attributes: dict[str, Any]) -> Paper:
        """A paper whose attributes are ``attributes`` (from :meth:`attributes`, as the read index
        keeps them), taken as they are: at 10k papers, a catalog load is mostly this call."""
        p = cls.__new__(cls)
        p.__dict__ = attributes
        return p

    def to_dict(self) -> dict[str, Any]:
        """The TOML table, known fields in their order, empty ones left out, extras sorted after.

        Lists and tables are copies: changing the paper afterwards does not change the result.
        """
        out: dict[str, Any] = {}
        for name in NAMES:
            value = getattr(self, name)
            if value is None or (isinstance(value, list | dict) and not value):
                continue
            out[name] = _deepcopy(value)
        for name in sorted(self.extra):
            if name not in out:
                out[name] = _deepcopy(self.extra[name])
        return out

    def copy(self) -> Paper:
        return Paper.from_dict(self.key, self.to_dict())

    # -- derived ------------------------------------------------------------------------
    @property
    def link(self) -> str | None:
        """Where the paper is read: its arXiv page, else its own URL."""
        if self.arxiv:
            return abs_url(self.arxiv)
        return self.url

    def cell_links(self, role: str) -> list[tuple[str, str]]:
        """(label, url) of each link in the paper's ``role`` cell ("website" or "code"), in order.

        The first is always the paper's own ``website`` / ``code``: a hand edit of that field in the
        file wins over ``links`` that no longer start with it (they are not shown)."""
        primary = getattr(self, role)
        if not primary:
            return []
        listed = [(link.get("label") or DEFAULT_LABELS[role], link["url"]) for link in self.links
                  if link["role"] == role]
        if listed and listed[0][1] == primary:
            return listed
        return [(DEFAULT_LABELS[role], primary)]

    def set_cell_links(self, role: str, links: list[tuple[str, str]]) -> None:
        """Give the ``role`` cell these (label, url) links: the first becomes ``website`` / ``code``;
        ``links`` keeps them all only when one default-labelled link cannot say it."""
        setattr(self, role, links[0][1] if links else None)
        kept = [link for link in self.links if link["role"] != role]
        if len(links) > 1 or (links and links[0][0] != DEFAULT_LABELS[role]):
            kept += [{"role": role, "url": url, "label": label} for label, url in links]
        self.links = kept

    def set_by_hand(self, name: str, value: Any) -> None:
        """Set a field as a person giving it means it (``vla set``, ``vla add``'s options): ``website``
        or ``code`` makes its cell this one link, or empty for None or "" (the cell's other links and
        their labels go with the old value); any other field takes ``value``. A field whose person's
        value pins it (the field table's ``pins``) is pinned, set or cleared."""
        if name in CELL_ROLES:
            self.set_cell_links(name, [(DEFAULT_LABELS[name], value)] if value else [])
        else:
            setattr(self, name, value)
        if FIELDS[name].pins:
            self.pin(name)

    def non_web_links(self) -> list[tuple[str, str]]:
        """(field, value) of each link (url, website, code, links) that is set but not an http(s) address."""
        found = [(name, value) for name in LINK_FIELDS
                 if (value := getattr(self, name)) is not None and not is_web_url(value)]
        return found + [("links", link["url"]) for link in self.links if not is_web_url(link["url"])]

    @property
    def is_preprint(self) -> bool:
        from .venues import is_preprint_venue

        return is_preprint_venue(self.venue)

    def retitle(self, title: str) -> None:
        """A new title; the old one is kept in ``aliases``, so older copies of a list still match."""
        if title != self.title and self.title and self.title not in self.aliases:
            self.aliases.append(self.title)
        self.aliases = [a for a in self.aliases if a != title]
        self.title = title

    def entry_keys(self) -> list[str]:
        """The keys of its other entries and items (``bibtex_entries``, ``csl_items``): a ``\\cite`` of
        any finds the paper."""
        keys = [e["key"] for e in self.bibtex_entries]
        keys += [str(i["item"]["id"]) for i in self.csl_items if i["item"].get("id") is not None]
        return list(dict.fromkeys(keys))

    def pin(self, name: str) -> None:
        """Mark a field as set (or cleared) by a person: nothing automatic changes it again (see
        :func:`vlacli.core.fields.may_change`)."""
        if name not in self.pinned:
            self.pinned.append(name)

    def matches(self, needle: str) -> bool:
        """Case-insensitive search over title, authors and abstract."""
        n = needle.casefold()
        return (n in self.title.casefold()
                or any(n in a.casefold() for a in self.authors)
                or (self.abstract is not None and n in self.abstract.casefold()))


_STRING_TABLES = frozenset({"bibtex", "bibtex_read", "csl_read"})


def _strings(table: Any) -> bool:
    return isinstance(table, dict) and all(isinstance(v, str) for v in table.values())


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _is_bibtex_source(value: dict[str, Any]) -> bool:
    return (set(value) <= {"type", "macros", "strings", "inherited", "blocks"}
            and isinstance(value.get("type", ""), str)
            and all(_strings(value[k]) for k in ("macros", "strings") if k in value)
            and all(_string_list(value[k]) for k in ("inherited", "blocks") if k in value))


def _is_bibtex_entry(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("key"), str) and isinstance(value.get("type"), str)
            and _strings(value.get("fields")) and _strings(value.get("read", {}))
            and _strings(value.get("macros", {})) and _string_list(value.get("inherited", [])))


def _is_csl_item(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("item"), dict) and _strings(value.get("read", {}))


def _is_cell_link(value: Any) -> bool:
    return (isinstance(value, dict) and value.get("role") in CELL_ROLES and isinstance(value.get("url"), str)
            and isinstance(value.get("label", ""), str))


def _deepcopy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deepcopy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deepcopy(v) for v in value]
    return value


# The list and table fields, and what makes an empty one (see Paper.__getattr__).
_EMPTY: dict[str, type] = {f.name: f.type for f in FIELDS.values() if f.type in (list, dict)}
_EMPTY["extra"] = dict

_SHARED_LISTS = ("authors", "categories", "arxiv_categories", "pinned")
_SHARED_STRINGS = ("venue", "primary_category", "published", "updated")
