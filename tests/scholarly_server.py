"""Loopback stand-ins for Semantic Scholar's Graph API and DBLP's search API, inside the test process.

Both are real HTTP servers on 127.0.0.1 that answer in the services' documented shapes (see
``tests/data/s2/README.md`` and ``tests/data/dblp/README.md``):

- :class:`S2StandIn` answers ``POST /graph/v1/paper/batch?fields=…`` with ``{"ids": [...]}``: a JSON
  list in the order of the IDs, ``null`` for an ID it does not know; more than 500 IDs, a body that
  is not such JSON or a missing ``fields`` get HTTP 400 ``{"error": …}`` as the real service does.
- :class:`DblpStandIn` answers ``GET /search/publ/api?q=…&format=json&h=…`` with the hits whose
  titles hold every word of the query.

Faults are scripted per request (``server.script(...)``): a status with an optional ``Retry-After``
(429, 5xx), a slow answer (a client timeout), an HTML page, any body. Every request is recorded with
the time of the shared fake clock and its headers, so tests check spacing, the User-Agent and the API
key without sleeping.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from arxiv_server import FakeClock
from loopback import LoopbackServer

from vlacli.core.venues import default_table

HTML_PAGE = b"<!DOCTYPE html><html><head><title>Too Many Requests</title></head><body>slow down</body></html>"


@dataclass
class Request:
    method: str
    path: str
    params: dict[str, str]
    body: bytes
    headers: dict[str, str]
    time: float

    @property
    def ids(self) -> list[str]:
        return list(json.loads(self.body)["ids"])


@dataclass
class Fault:
    """A scripted answer: ``status`` with ``retry_after``; ``kind`` "html" (an HTML page with status
    200), "slow" (answer normally after ``delay`` real seconds, or when the test ends), or "body"
    (this ``body`` with ``status``, default 200)."""

    kind: str = "status"
    status: int = 503
    retry_after: str | None = None
    delay: float = 0.0
    body: bytes = b""


class StandIn(LoopbackServer[Request, Fault]):
    fault_type = Fault

    def answer(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        raise NotImplementedError

    def _respond(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        fault = self.faults.popleft() if self.faults else None
        if fault is not None:
            if fault.kind == "slow":
                self.release.wait(fault.delay)
            elif fault.kind == "html":
                return 200, {"Content-Type": "text/html; charset=utf-8"}, HTML_PAGE
            elif fault.kind == "body":
                return fault.status if fault.status != 503 else 200, {"Content-Type": "application/json"}, fault.body
            elif fault.kind == "status":
                headers = {"Content-Type": "application/json"}
                if fault.retry_after is not None:
                    headers["Retry-After"] = fault.retry_after
                return fault.status, headers, json.dumps({"message": f"HTTP {fault.status}"}).encode()
        return self.answer(req)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._serve(b"")

            def do_POST(self) -> None:
                self._serve(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def _serve(self, body: bytes) -> None:
                url = urlsplit(self.path)
                req = Request(self.command, url.path, {k: v[0] for k, v in parse_qs(url.query).items()}, body,
                              {k.lower(): v for k, v in self.headers.items()}, stand_in.clock.now())
                stand_in.requests.append(req)
                status, headers, payload = stand_in._respond(req)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up (timeout)
                    pass

        return Handler


def _error(status: int, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps({"error": message}).encode()


class S2StandIn(StandIn):
    """Semantic Scholar's batch endpoint. ``records`` maps a batch ID (``ARXIV:2506.01844``) to the
    record to answer; an ID it does not hold is ``null``."""

    PREFIX = "/graph/v1"

    def __init__(self, clock: FakeClock, records: dict[str, dict[str, Any] | None] | None = None) -> None:
        super().__init__(clock)
        self.records: dict[str, dict[str, Any] | None] = dict(records or {})

    @property
    def url(self) -> str:
        return self.base + self.PREFIX

    def answer(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        if req.path != f"{self.PREFIX}/paper/batch" or req.method != "POST":
            return _error(404, "Not found")
        if not req.params.get("fields"):
            return _error(400, "Unrecognized or unsupported fields")
        try:
            ids = json.loads(req.body)["ids"]
        except (ValueError, KeyError, TypeError):
            return _error(400, "Body must be a JSON object with an 'ids' list")
        if not isinstance(ids, list) or len(ids) > 500:
            return _error(400, "Cannot process more than 500 paper ids at once")
        wanted = set(req.params["fields"].split(","))
        out = []
        for i in ids:
            record = self.records.get(i)
            out.append(None if record is None else
                       {k: v for k, v in record.items() if k == "paperId" or k in wanted})
        return 200, {"Content-Type": "application/json"}, json.dumps(out).encode()


class DblpStandIn(StandIn):
    """DBLP's publication search. ``hits`` are ``info`` objects; a query matches the hits whose
    titles hold all its words."""

    def __init__(self, clock: FakeClock, hits: list[dict[str, Any]] | None = None) -> None:
        super().__init__(clock)
        self.hits: list[dict[str, Any]] = list(hits or [])

    def answer(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        if req.path != "/search/publ/api" or req.method != "GET":
            return 404, {"Content-Type": "text/html"}, b"<html>not found</html>"
        if req.params.get("format") != "json":
            return 200, {"Content-Type": "application/xml"}, b"<result/>"
        words = _words(req.params.get("q", ""))
        found = [h for h in self.hits if words and words <= _words(str(h.get("title", "")))]
        found = found[: int(req.params.get("h", "30"))]
        hits: dict[str, Any] = {"@total": str(len(found)), "@computed": str(len(found)), "@sent": str(len(found)),
                                "@first": "0"}
        if found:
            hits["hit"] = [{"@score": "7", "@id": str(n), "info": info, "url": f"URL#{n}"}
                           for n, info in enumerate(found, 1)]
        body = {"result": {"query": req.params.get("q", ""), "status": {"@code": "200", "text": "OK"},
                           "time": {"@unit": "msecs", "text": "1.00"}, "hits": hits}}
        return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


def _words(text: str) -> set[str]:
    return set(re.sub(r"[^\w]+", " ", text.casefold()).split())


# -- records in the services' shapes ------------------------------------------------------------------

def s2_record(*, arxiv: str | None, title: str, authors: list[str], venue: str = "arXiv.org",
              venue_type: str | None = None, alternates: tuple[str, ...] = (), dblp: str | None = None,
              year: int | None = 2025, citations: int | None = 0, doi: str | None = None,
              journal: dict[str, Any] | None = None, types: tuple[str, ...] = ("JournalArticle",)) -> dict[str, Any]:
    """A batch record as Semantic Scholar answers it (the fields vla asks for, and ``paperId``)."""
    ext: dict[str, Any] = {}
    if dblp:
        ext["DBLP"] = dblp
    if arxiv:
        ext["ArXiv"] = arxiv
        ext.setdefault("DOI", f"10.48550/arXiv.{arxiv}")
    if doi:
        ext["DOI"] = doi
    ext["CorpusId"] = zlib.crc32(title.encode()) % 10**9
    if venue in ("arXiv.org", ""):
        pv: dict[str, Any] | None = {"id": "1901e811-ee72-4b20-8f7e-de08cd395a10", "name": "arXiv.org",
                                     "alternate_names": ["ArXiv"], "issn": "2331-8422", "url": "https://arxiv.org"}
        journal = journal or {"name": "ArXiv", "volume": f"abs/{arxiv}"}
    else:
        pv = {"id": f"venue-{zlib.crc32(venue.encode())}", "name": venue, "type": venue_type,
              "alternate_names": list(alternates)}
    return {
        "paperId": f"{zlib.crc32(title.encode()):040x}", "externalIds": ext, "title": title,
        "authors": [{"authorId": str(1000 + n), "name": a} for n, a in enumerate(authors)],
        "year": year, "venue": venue, "publicationVenue": pv,
        "publicationDate": f"{year}-06-01" if year else None, "publicationTypes": list(types),
        "journal": journal, "citationCount": citations,
    }


def dblp_info(*, key: str, title: str, authors: list[str], venue: str, year: int,
              type: str = "Conference and Workshop Papers", doi: str | None = None, pages: str | None = None,
              volume: str | None = None) -> dict[str, Any]:
    """A search hit's ``info`` as DBLP answers it (one author is an object, not a list)."""
    people = [{"@pid": f"{n}/{n * 7}", "text": a} for n, a in enumerate(authors, 1)]
    info: dict[str, Any] = {"authors": {"author": people[0] if len(people) == 1 else people},
                            "title": title.rstrip(".") + ".", "venue": venue, "year": str(year), "type": type,
                            "access": "open", "key": key, "url": f"https://dblp.org/rec/{key}"}
    for k, v in (("doi", doi), ("pages", pages), ("volume", volume)):
        if v is not None:
            info[k] = v
    if doi:
        info["ee"] = f"https://doi.org/{doi}"
    return info


# The bundled survey's preprints a stand-in places: key -> (Semantic Scholar's venue name, its type, DBLP key or
# None, year, what the survey writes). 17 at conferences (one of them, SmolVLA, set by hand to arXiv in the tests),
# one at a workshop; the venue names are Semantic Scholar's long forms, some with a DBLP key and some without.
SURVEY_PLACEMENTS: dict[str, tuple[str, str, str | None, int, str]] = {
    "2406.20095": ("International Conference on Learning Representations", "conference", "conf/iclr/LiMPYWR25", 2025,
                   "ICLR"),
    "2410.08001": ("2025 IEEE International Conference on Robotics and Automation (ICRA)", "conference",
                   "conf/icra/BuLCZLZ25", 2025, "ICRA"),
    "2410.15549": ("IEEE/RJS International Conference on Intelligent RObots and Systems", "conference", None, 2025,
                   "IROS"),
    "2501.09747": ("Robotics: Science and Systems", "conference", "conf/rss/PertschSDBVFLL25", 2025, "RSS"),
    "2502.02175": ("Neural Information Processing Systems", "conference", None, 2025, "NeurIPS"),
    "2502.05485": ("International Conference on Learning Representations", "conference", "conf/iclr/LiDXWLZ25", 2025,
                   "ICLR"),
    "2502.19645": ("Robotics: Science and Systems", "conference", "conf/rss/KimFL25", 2025, "RSS"),
    "2503.10631": ("Neural Information Processing Systems", "conference", None, 2025, "NeurIPS"),
    "2505.03233": ("Conference on Robot Learning", "conference", "conf/corl/DengXZ25", 2025, "CoRL"),
    "2506.01844": ("Neural Information Processing Systems", "conference", None, 2025, "NeurIPS"),
    "2507.01016": ("IEEE International Conference on Computer Vision", "conference", "conf/iccv/WangZL25", 2025,
                   "ICCV"),
    "2508.19958": ("Conference on Robot Learning", "conference", "conf/corl/FanDW25", 2025, "CoRL"),
    "2505.09601": ("Conference on Robot Learning", "conference", None, 2025, "CoRL"),
    "2507.22424": ("Conference on Empirical Methods in Natural Language Processing", "conference",
                   "conf/emnlp/WangSLZ25", 2025, "EMNLP"),
    "2508.10259": ("IEEE/SICE International Symposium on System Integration", "conference", None, 2026, "SII"),
    "2502.01071": ("International Conference on Machine Learning", "conference", "conf/icml/SamsonML25", 2025,
                   "ICML"),
    "2503.02310": ("Computer Vision and Pattern Recognition", "conference", None, 2025, "CVPR"),
    "2507.02190": ("CoRL 2025 Workshop on Making Sense of Data in Robotics", "workshop", None, 2025, ""),
}
SURVEY_PINNED = "2506.01844"  # its venue is set by hand (vla set --venue arXiv) before the run
SURVEY_WORKSHOP = "2507.02190"
SURVEY_UNKNOWN_TO_S2 = ("2509.25681", "2510.00406")  # too recent: null in the batch answer


def survey_records(papers: list[Any]) -> dict[str, dict[str, Any] | None]:
    """Batch records for the bundled survey's papers (the ``Paper`` objects of its catalog): its
    published papers at their venues, the placements above, the rest arXiv-only (a DBLP CoRR key),
    two unknown; every known paper with a citation count."""
    out: dict[str, dict[str, Any] | None] = {}
    for n, p in enumerate(papers):
        if not p.arxiv:
            continue
        bid = f"ARXIV:{p.arxiv}"
        if p.arxiv in SURVEY_UNKNOWN_TO_S2:
            out[bid] = None
            continue
        common: dict[str, Any] = {"arxiv": p.arxiv, "title": p.title, "authors": list(p.authors),
                                  "citations": 7 * n + 3}
        if p.arxiv in SURVEY_PLACEMENTS:
            name, kind, key, year, _ = SURVEY_PLACEMENTS[p.arxiv]
            out[bid] = s2_record(venue=name, venue_type=kind, dblp=key, year=year, types=("Conference",), **common)
        elif not p.is_preprint:
            venue = default_table().lookup(p.venue)
            out[bid] = s2_record(venue=venue.full if venue else p.venue, year=p.year, **common)
        else:
            out[bid] = s2_record(dblp=f"journals/corr/abs-{p.arxiv.replace('.', '-')}", year=p.year, **common)
    return out
