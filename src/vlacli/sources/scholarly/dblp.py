"""DBLP's publication search answers -> :class:`DblpHit` records. Pure: no I/O.

``GET {base}/search/publ/api?q=<words>&format=json&h=<hits>`` answers
``{"result": {"status": {"@code": "200"}, "hits": {"@total": "2", "hit": [{"info": {…}}, …]}}}``;
each hit's ``info`` has ``title`` (ending with a full stop), ``authors.author`` (a list, or one
object for a single author; each ``{"@pid": …, "text": "Name 0002"}``), ``venue`` (short form:
"CoRL", "IEEE Robotics Autom. Lett."; sometimes a list), ``year``, ``type`` ("Conference and
Workshop Papers", "Journal Articles", "Informal and Other Publications" for CoRR), ``key``,
``doi``, ``ee``, ``volume``, ``pages``. No ``hit`` at all means no match.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ...core.matching import as_doi, without_homonym
from ...core.venues import is_dblp_preprint
from ...core.years import is_year
from ...errors import ScholarlyError

SERVICE = "DBLP"
MAX_HITS = 10
PREPRINT_TYPE = "Informal and Other Publications"
_QUERY_DROP = re.compile(r"[^\w]+")


@dataclass
class DblpHit:
    key: str
    title: str
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    year: int | None = None
    type: str | None = None
    doi: str | None = None
    volume: str | None = None
    pages: str | None = None

    @property
    def is_preprint(self) -> bool:
        return self.type == PREPRINT_TYPE or is_dblp_preprint(self.key)

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DblpHit:
        """The hit :meth:`to_dict` gave (from the cache); TypeError when a value has another type."""
        if not isinstance(data.get("key"), str) or not isinstance(data.get("title"), str):
            raise TypeError("a DBLP hit needs a key and a title")
        authors = data.get("authors", [])
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise TypeError("authors must be a list of strings")
        year = data.get("year")
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise TypeError("year must be an integer")
        rest = {k: data.get(k) for k in ("venue", "type", "doi", "volume", "pages")}
        if not all(v is None or isinstance(v, str) for v in rest.values()):
            raise TypeError("venue, type, doi, volume and pages must be strings")
        return cls(key=data["key"], title=data["title"], authors=list(authors), year=year, **rest)


def query_for(title: str) -> str:
    """The search words for a title: its words, without punctuation (DBLP's query syntax uses some)."""
    return " ".join(_QUERY_DROP.sub(" ", title).split())


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("text")
    if isinstance(value, list):
        value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("text")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _authors(info: dict[str, Any]) -> list[str]:
    raw = info.get("authors")
    items = raw.get("author") if isinstance(raw, dict) else None
    if isinstance(items, dict | str):
        items = [items]
    if not isinstance(items, list):
        return []
    names = [_text(a) for a in items]
    return [without_homonym(n) for n in names if n]


def _year(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text is not None and text.isascii() and text.isdigit() and is_year(int(text)) else None


def parse_search(body: bytes) -> list[DblpHit]:
    """The hits of a search answer, in DBLP's order. Raises ScholarlyError for a body that is not
    DBLP's JSON, or that reports an error status."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise ScholarlyError(f"{SERVICE} answered with something that is not JSON") from None
    result = data.get("result") if isinstance(data, dict) else None
    if not isinstance(result, dict):
        raise ScholarlyError(f"{SERVICE} answered with JSON that is not a search result")
    status = result.get("status")
    code = status.get("@code") if isinstance(status, dict) else None
    if code is not None and str(code) != "200":
        raise ScholarlyError(f"{SERVICE} reported status {code}: {_text(status) or 'no reason given'}")
    hits = result.get("hits")
    raw = hits.get("hit", []) if isinstance(hits, dict) else []
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise ScholarlyError(f"{SERVICE} answered with hits that are not a list")
    out = []
    for item in raw:
        info = item.get("info") if isinstance(item, dict) else None
        if not isinstance(info, dict):
            continue
        key, title = _text(info.get("key")), _text(info.get("title"))
        if key is None or title is None:
            continue
        out.append(DblpHit(key=key, title=title, authors=_authors(info), venue=_text(info.get("venue")),
                           year=_year(info.get("year")), type=_text(info.get("type")),
                           doi=as_doi(_text(info.get("doi"))), volume=_text(info.get("volume")),
                           pages=_text(info.get("pages"))))
    return out
