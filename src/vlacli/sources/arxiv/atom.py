"""arXiv's Atom feed -> entry records. Pure: bytes in, dataclasses out, no I/O.

Elements are found by namespace and name, never by position, so the current and the older
response layouts (different quoting, namespace declarations, element order, time zones) read
the same. Parsing goes through defusedxml with DTDs forbidden: a body with entity
declarations (a "billion laughs" bomb, external entities) is refused, never expanded.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from ...core.identifiers import parse_arxiv_id
from ...core.matching import as_doi, bare_doi
from ...errors import ArxivError, InvalidIdentifier
from ...text import clean_or_none

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV = "http://arxiv.org/schemas/atom"

_A = f"{{{ATOM}}}"
_X = f"{{{ARXIV}}}"
_O = f"{{{OPENSEARCH}}}"

_ABS = re.compile(r"arxiv\.org/abs/(?P<id>.+?)/?$", re.IGNORECASE)
_ERROR_ID = re.compile(r"/api/errors\b", re.IGNORECASE)
_BAD_ID = re.compile(r"incorrect id format for (?P<id>\S+)", re.IGNORECASE)
_OLD_SC = re.compile(r"^(?P<archive>[a-z]+(?:-[a-z]+)?)\.[A-Za-z]{2}/")


@dataclass
class ArxivEntry:
    """One paper as arXiv describes it. ``id`` is bare and unversioned."""

    id: str
    version: int | None
    title: str
    abstract: str | None = None
    authors: list[str] = field(default_factory=list)
    affiliations: dict[str, list[str]] = field(default_factory=dict)
    published: str | None = None
    updated: str | None = None
    primary_category: str | None = None
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    @property
    def year(self) -> int | None:
        """The year of v1 (``published``)."""
        return int(self.published[:4]) if self.published else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArxivEntry:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Feed:
    entries: list[ArxivEntry] = field(default_factory=list)
    # arXiv's "Error" entries: their summaries, e.g. "incorrect id format for abc".
    errors: list[str] = field(default_factory=list)
    total_results: int | None = None

    @property
    def bad_ids(self) -> list[str]:
        """IDs arXiv called malformed in its Error entries."""
        return [m["id"] for m in (_BAD_ID.search(e) for e in self.errors) if m]


# The longest values vla stores from an arXiv entry (characters, or items for lists). arXiv's own
# limits are far below these (an abstract is at most 1,920 characters); an entry past any of them,
# or with an empty title, is refused for its ID and never stored or cached.
CAPS: dict[str, int] = {
    "title": 1_000,
    "abstract": 10_000,
    "authors": 5_000,  # names per paper (large collaborations list about 3,000)
    "author": 300,  # characters in one name
    "affiliations": 20,  # per author
    "affiliation": 500,
    "comment": 2_000,
    "journal_ref": 1_000,
    "doi": 300,
    "categories": 50,
    "category": 50,  # characters in one class, primary included
}


def entry_problem(entry: ArxivEntry) -> str | None:
    """Why an entry must not be stored ("has an empty title", "has a title longer than 1,000
    characters", …), or None when it is fine."""
    if entry.title == "":
        return "has an empty title"
    texts: list[tuple[str, str | None, int]] = [
        ("a title", entry.title, CAPS["title"]), ("an abstract", entry.abstract, CAPS["abstract"]),
        ("a comment", entry.comment, CAPS["comment"]), ("a journal ref", entry.journal_ref, CAPS["journal_ref"]),
        ("a DOI", entry.doi, CAPS["doi"]), ("a primary category", entry.primary_category, CAPS["category"]),
    ]
    for label, value, cap in texts:
        if value is not None and len(value) > cap:
            return f"has {label} longer than {cap:,} characters"
    if len(entry.authors) > CAPS["authors"]:
        return f"has more than {CAPS['authors']:,} authors"
    if any(len(a) > CAPS["author"] for a in entry.authors):
        return f"has an author name longer than {CAPS['author']:,} characters"
    for affs in entry.affiliations.values():
        if len(affs) > CAPS["affiliations"]:
            return f"has an author with more than {CAPS['affiliations']:,} affiliations"
        if any(len(a) > CAPS["affiliation"] for a in affs):
            return f"has an affiliation longer than {CAPS['affiliation']:,} characters"
    if len(entry.categories) > CAPS["categories"]:
        return f"has more than {CAPS['categories']:,} categories"
    if any(len(c) > CAPS["category"] for c in entry.categories):
        return f"has a category longer than {CAPS['category']:,} characters"
    return None


def match_key(arxiv_id: str) -> str:
    """The form under which arXiv returns an ID: old-style IDs lose their subject class
    (``math.GT/0309136`` comes back as ``math/0309136``)."""
    return _OLD_SC.sub(r"\g<archive>/", arxiv_id)


def parse_feed(data: bytes) -> Feed:
    """Parse an arXiv API response body; raise ArxivError if it is not a safe Atom feed."""
    root = _parse_xml(data)
    if root.tag != f"{_A}feed":
        raise ArxivError(f"arXiv's answer is not an Atom feed (root element <{_local(root.tag)}>)")
    feed = Feed()
    total = root.findtext(f"{_O}totalResults")
    if total is not None and total.strip().isdigit():
        feed.total_results = int(total.strip())
    for el in root.iter(f"{_A}entry"):
        raw_id = (el.findtext(f"{_A}id") or "").strip()
        title = clean_or_none(el.findtext(f"{_A}title"))
        if _ERROR_ID.search(raw_id) or (title == "Error" and not _ABS.search(raw_id)):
            feed.errors.append(clean_or_none(el.findtext(f"{_A}summary")) or "unknown error")
            continue
        feed.entries.append(_entry(el, raw_id))
    return feed


def _parse_xml(data: bytes) -> Any:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException  # type: ignore[import-untyped,unused-ignore]
    from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped,unused-ignore]

    head = data.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise ArxivError("arXiv answered with an HTML page, not an Atom feed")
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise ArxivError(f"arXiv's answer holds forbidden XML ({type(e).__name__}); refused") from None
    except ParseError as e:
        raise ArxivError(f"arXiv's answer is not well-formed XML (truncated?): {e}") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _entry(el: Any, raw_id: str) -> ArxivEntry:
    m = _ABS.search(raw_id)
    if not m:
        raise ArxivError(f"arXiv returned an entry with an unexpected <id> {raw_id!r}")
    try:
        aid = parse_arxiv_id(m["id"])
    except InvalidIdentifier:
        raise ArxivError(f"arXiv returned an entry with an unexpected <id> {raw_id!r}") from None
    authors: list[str] = []
    affiliations: dict[str, list[str]] = {}
    for a in el.findall(f"{_A}author"):
        name = clean_or_none(a.findtext(f"{_A}name"))
        if name is None:
            continue
        authors.append(name)
        affs = [t for t in (clean_or_none(x.text) for x in a.findall(f"{_X}affiliation")) if t]
        if affs:
            affiliations[name] = affs
    primary = el.find(f"{_X}primary_category")
    doi = as_doi(clean_or_none(el.findtext(f"{_X}doi")))
    if doi is None:
        for link in el.findall(f"{_A}link"):
            href = link.get("href") or ""
            if link.get("title") == "doi" and (doi := bare_doi(href)) is not None:
                break
    title = clean_or_none(el.findtext(f"{_A}title"))
    return ArxivEntry(
        id=aid.id,
        version=aid.version,
        title=title if title is not None else "",
        abstract=clean_or_none(el.findtext(f"{_A}summary")),
        authors=authors,
        affiliations=affiliations,
        published=_date(el.findtext(f"{_A}published")),
        updated=_date(el.findtext(f"{_A}updated")),
        primary_category=primary.get("term") if primary is not None else None,
        categories=[t for t in (c.get("term") for c in el.findall(f"{_A}category")) if t],
        doi=doi,
        journal_ref=clean_or_none(el.findtext(f"{_X}journal_ref")),
        comment=clean_or_none(el.findtext(f"{_X}comment")),
    )


def _date(text: str | None) -> str | None:
    """An Atom timestamp in any time zone -> its UTC date, ``YYYY-MM-DD``."""
    if text is None or not text.strip():
        return None
    s = text.strip()
    try:
        dt = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return s[:10]
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.date().isoformat()
