"""Semantic Scholar's Graph API batch answers -> :class:`S2Paper` records. Pure: no I/O.

``POST {base}/paper/batch?fields=…`` with ``{"ids": ["ARXIV:2506.01844", …]}`` (at most 500 IDs)
answers a JSON list in the order of the IDs, ``null`` for an ID it does not know. Each record is
read field by field and a field of the wrong type is taken as missing, so no answer, however odd,
becomes a record with a wrong value in it. An answer that is not such a list is an error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ...core.matching import as_doi, is_arxiv_doi
from ...core.years import is_year
from ...errors import ScholarlyError

SERVICE = "Semantic Scholar"
BATCH_SIZE = 500  # IDs a request may hold
FIELDS = ("externalIds", "title", "authors", "year", "venue", "publicationVenue", "publicationDate",
          "publicationTypes", "journal", "citationCount")


@dataclass
class S2Paper:
    """One paper as Semantic Scholar describes it (the fields vla asks for)."""

    paper_id: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    year: int | None = None
    venue: str | None = None  # free text, often the long name ("Conference on Robot Learning")
    venue_name: str | None = None  # publicationVenue.name
    venue_type: str | None = None  # publicationVenue.type: "conference", "journal"
    venue_alternates: list[str] = field(default_factory=list)  # publicationVenue.alternate_names
    publication_types: list[str] = field(default_factory=list)
    publication_date: str | None = None
    journal: str | None = None
    volume: str | None = None
    pages: str | None = None
    arxiv: str | None = None
    dblp: str | None = None
    doi: str | None = None
    citations: int | None = None


def request_id(arxiv: str | None = None, doi: str | None = None) -> str | None:
    """The batch ID for a paper: ``ARXIV:<id>``, else ``DOI:<doi>`` (not arXiv's own DOI, which
    Semantic Scholar does not know), else None."""
    if arxiv:
        return f"ARXIV:{arxiv}"
    if doi and not is_arxiv_doi(doi):
        return f"DOI:{doi}"
    return None


def batch_body(ids: list[str]) -> bytes:
    return json.dumps({"ids": ids}, separators=(",", ":")).encode()


def parse_batch(body: bytes, count: int) -> list[dict[str, Any] | None]:
    """The raw records of a batch answer, one per ID asked (``None`` where it knows none).

    Raises ScholarlyError for a body that is not a JSON list of ``count`` objects or nulls."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ScholarlyError(f"{SERVICE} answered with something that is not JSON") from None
    if not isinstance(data, list):
        what = "an error" if isinstance(data, dict) and ("error" in data or "message" in data) else "not a list"
        detail = _message(data)
        raise ScholarlyError(f"{SERVICE} answered with {what}{': ' + detail if detail else ''}")
    if len(data) != count:
        raise ScholarlyError(f"{SERVICE} answered {len(data)} records for {count} IDs")
    out: list[dict[str, Any] | None] = []
    for item in data:
        if item is not None and not isinstance(item, dict):
            raise ScholarlyError(f"{SERVICE} answered with a record that is not an object")
        out.append(item)
    return out


def _message(data: Any) -> str:
    if isinstance(data, dict):
        for k in ("error", "message"):
            if isinstance(data.get(k), str):
                return " ".join(data[k].split())[:200]
    return ""


def _str(value: Any) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _strs(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [s for s in (_str(v) for v in value) if s]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def paper_from_record(record: dict[str, Any]) -> S2Paper:
    """A raw record -> S2Paper; fields that are missing, null or of the wrong type are left empty."""
    ext = _dict(record.get("externalIds"))
    pv = _dict(record.get("publicationVenue"))
    journal = _dict(record.get("journal"))
    listed = record.get("authors")
    authors = [a for a in (_str(_dict(x).get("name")) for x in listed) if a] if isinstance(listed, list) else []
    volume = journal.get("volume")
    return S2Paper(
        paper_id=_str(record.get("paperId")),
        title=_str(record.get("title")),
        authors=authors,
        year=year if is_year(year := _int(record.get("year"))) else None,
        venue=_str(record.get("venue")),
        venue_name=_str(pv.get("name")),
        venue_type=_str(pv.get("type")),
        venue_alternates=_strs(pv.get("alternate_names")),
        publication_types=_strs(record.get("publicationTypes")),
        publication_date=_str(record.get("publicationDate")),
        journal=_str(journal.get("name")),
        volume=_str(volume) if isinstance(volume, str) else (str(volume) if _int(volume) is not None else None),
        pages=_str(journal.get("pages")),
        arxiv=_str(ext.get("ArXiv")),
        dblp=_str(ext.get("DBLP")),
        doi=as_doi(_str(ext.get("DOI"))),
        citations=_int(record.get("citationCount")),
    )
