"""A replay arXiv API on 127.0.0.1, inside the test process.

It answers ``/api/query`` (GET or POST) from the recorded responses in ``tests/data/arxiv/``:
a request for exactly one recorded ID gets that file byte for byte; any other ``id_list`` gets
a feed built from the recorded entries it names (IDs it does not know are left out, as arXiv
does), or, with ``synthesize=True``, an entry made up for every well-formed ID. A ``ti:``
search returns the recorded entries whose titles hold the words; any other search returns the
recorded search's entries (or those a test set with ``search_results``), sorted by ``sortBy``
and ``sortOrder`` and paged by ``start`` and ``max_results``, as arXiv pages them. Faults are scripted per
request (``server.script(...)``): a status with an optional ``Retry-After``, a slow answer, an
HTML page, truncated XML, an entity-expansion bomb, an answer dripped one byte at a time, a 50 MB
answer (declared, or chunked), a gzip header on a plain body, a redirect loop. Every request is
recorded with the time of the server's clock (a fake clock shared with the client, so tests check
the spacing without sleeping; or the real one, for tests that run vla processes) when it arrived
and when its answer was sent.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from loopback import LoopbackServer

DATA = Path(__file__).resolve().parent / "data" / "arxiv"

RECORDED = {
    "1605.08386": ("arxivpy2026__single_modern__1605.08386.xml", 200),
    "astro-ph/0601001": ("arxivpy2026__oldstyle__astro-ph_0601001__journal_ref_affiliation.xml", 200),
    "0000.0000": ("arxivpy2026__nonexistent__0000.0000__empty_feed.xml", 200),
    "abc": ("arxivpy2026__invalid_id__abc__HTTP400_error_entry.xml", 400),
    "1111.2011": ("arxivpy-pr3_2016legacy__single__1111.2011v2__doi_journal_ref_multiline_title.xml", 200),
    "1111.2011v2": ("arxivpy-pr3_2016legacy__single__1111.2011v2__doi_journal_ref_multiline_title.xml", 200),
    "0808.05394,1707.08567": ("arxivpy2026__multi_ids__0808.05394+1707.08567__one_missing.xml", 200),
}
SEARCH_FIXTURE = "arxivpy2026__search__testing_s0_m10__doi_journal_ref.xml"

FEED_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
    "  <id>https://arxiv.org/api/replay</id>\n  <title>arXiv Query: replay</title>\n"
    "  <updated>2026-04-12T22:09:36Z</updated>\n"
    "  <opensearch:itemsPerPage>{n}</opensearch:itemsPerPage>\n"
    "  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
    "  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
)
FEED_TAIL = "</feed>\n"

HTML_PAGE = b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>busy</body></html>"
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1605.08386v1</id>
<title>&lol4;</title></entry></feed>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/1605.08386v1</id>
<title>&xxe;</title></entry></feed>"""

STREAMED = frozenset({"drip", "huge", "huge-chunked", "gzip-lie", "redirect-loop"})

_ENTRY = re.compile(rb"<entry>.*?</entry>", re.DOTALL)
_ID = re.compile(rb"<id>\s*https?://arxiv\.org/abs/(?P<id>.+?)(?:v\d+)?\s*</id>")


class FakeClock:
    """``now()``/``wall()``/``sleep()`` without sleeping: sleep (and ``advance``, for time a fake server
    spends) moves both clocks forward. ``wall()`` starts at the real time of creation."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self.epoch = time.time() - start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self.t

    def wall(self) -> float:
        with self._lock:
            return self.epoch + self.t

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            if seconds > 0:
                self.t += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.t += seconds


class RealClock:
    """The system's clocks, for servers in tests that run real vla processes."""

    def now(self) -> float:
        return time.monotonic()


@dataclass
class Request:
    method: str
    path: str
    id_list: list[str]
    search_query: str
    max_results: int | None
    time: float
    user_agent: str
    url_length: int
    ended: float | None = None  # when the answer's last bytes were handed to the socket (None: cut off)
    start: int = 0
    sort_by: str = ""
    sort_order: str = ""


@dataclass
class Fault:
    """A scripted answer: ``status`` with ``body`` (default: a short text), ``retry_after``,
    ``delay`` (real seconds to wait before answering, for a client timeout), or ``kind``
    "html" / "truncated" / "bomb" / "external" / "body" (this ``body``) / "slow" (answer
    normally, after ``delay``) / "replay" (answer normally) / "drip" (the normal answer, one byte
    every ``delay`` real seconds) / "huge" (50 MB, with its Content-Length) / "huge-chunked" (50 MB,
    chunked, no length) / "gzip-lie" (the normal answer, labelled gzip) / "redirect-loop"."""

    kind: str = "status"
    status: int = 503
    retry_after: str | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


def _load_entries() -> dict[str, bytes]:
    entries: dict[str, bytes] = {}
    for path in sorted(DATA.glob("*.xml")):
        for m in _ENTRY.finditer(path.read_bytes()):
            idm = _ID.search(m.group(0))
            if idm:
                entries.setdefault(idm["id"].decode(), m.group(0))
    return entries


def synthetic_entry(arxiv_id: str, title: str | None = None, version: int = 1) -> bytes:
    title = f"Synthetic paper {arxiv_id}" if title is None else title
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id><title>{title}</title>"
        f"<updated>2025-02-01T00:00:00Z</updated><published>2025-01-15T10:00:00Z</published>"
        f"<summary>About {arxiv_id}.</summary><author><name>Ada Lovelace</name></author>"
        f'<arxiv:primary_category term="cs.RO"/><category term="cs.RO"/></entry>'
    ).encode()


def feed(entries: list[bytes], total: int | None = None, start: int = 0) -> bytes:
    head = FEED_HEAD.format(n=len(entries), total=len(entries) if total is None else total, start=start).encode()
    return head + b"\n".join(entries) + b"\n" + FEED_TAIL.encode()


def _stamp(xml: bytes, tag: bytes) -> bytes:
    m = re.search(rb"<" + tag + rb">\s*(.*?)\s*</" + tag + rb">", xml, re.DOTALL)
    return m.group(1) if m else b""


def restamped(xml: bytes, arxiv_id: str, published: str) -> bytes:
    """A recorded entry under another ID, first submitted at ``published`` (``2025-03-07T12:00:00Z``),
    to build a larger search feed from recorded entries."""
    xml = re.sub(rb"<id>\s*https?://arxiv\.org/abs/[^<]*?(v\d+)?\s*</id>",
                 lambda m: b"<id>http://arxiv.org/abs/" + arxiv_id.encode() + (m.group(1) or b"v1") + b"</id>",
                 xml, count=1)
    return re.sub(rb"<published>[^<]*</published>", b"<published>" + published.encode() + b"</published>", xml,
                  count=1)


class ArxivReplay(LoopbackServer[Request, Fault]):
    fault_type = Fault

    def __init__(self, clock: FakeClock, *, synthesize: bool = False) -> None:
        super().__init__(clock)
        self.synthesize = synthesize
        self.entries = _load_entries()
        self.overridden: set[str] = set()
        self.searches: dict[str, list[bytes]] = {}  # query -> its results (see search_results)
        self.always: Fault | None = None

    # -- control ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return self.base + "/api/query"

    def add_entry(self, arxiv_id: str, xml: bytes) -> None:
        """Serve ``xml`` for this ID from now on (instead of any recording)."""
        self.entries[arxiv_id] = xml
        self.overridden.add(arxiv_id)

    # -- answering -------------------------------------------------------------------------
    def _answer(self, req: Request) -> tuple[int, dict[str, str], bytes | Iterator[bytes]]:
        fault = self.faults.popleft() if self.faults else self.always
        if fault is not None and fault.kind in STREAMED:
            return self._streamed(fault, req)
        if fault is not None and fault.kind != "replay":
            if fault.delay:
                self.release.wait(fault.delay)
            if fault.kind == "html":
                return 200, {"Content-Type": "text/html"}, HTML_PAGE
            if fault.kind == "html-as-atom":
                return 200, {"Content-Type": "application/atom+xml"}, HTML_PAGE
            if fault.kind == "truncated":
                body = self._replay(req)[2]
                return 200, {"Content-Type": "application/atom+xml"}, body[: len(body) // 2]
            if fault.kind == "bomb":
                return 200, {"Content-Type": "application/atom+xml"}, BOMB
            if fault.kind == "external":
                return 200, {"Content-Type": "application/atom+xml"}, EXTERNAL
            if fault.kind == "status":
                headers = dict(fault.headers)
                if fault.retry_after is not None:
                    headers["Retry-After"] = fault.retry_after
                return fault.status, {"Content-Type": "text/plain", **headers}, b"unavailable"
            if fault.kind == "body":
                status = fault.status if fault.status != 503 else 200
                return status, {"Content-Type": "application/atom+xml"}, fault.body
            if fault.kind == "slow":
                pass  # answer normally after the delay
        return self._replay(req)

    def _streamed(self, fault: Fault, req: Request) -> tuple[int, dict[str, str], bytes | Iterator[bytes]]:
        if fault.kind == "redirect-loop":
            return 302, {"Location": req.path + "?loop=1"}, b""
        status, headers, body = self._replay(req)
        if fault.kind == "gzip-lie":
            return status, {**headers, "Content-Encoding": "gzip"}, body
        if fault.kind == "drip":
            def drip() -> Iterator[bytes]:
                for i in range(len(body)):
                    yield body[i:i + 1]
                    if self.release.wait(fault.delay):
                        return
            return status, {**headers, "Content-Length": str(len(body))}, drip()
        mb = b"\0" * 1_000_000
        if fault.kind == "huge":
            return 200, {**headers, "Content-Length": str(50 * len(mb))}, iter([mb] * 50)
        return 200, {**headers, "Transfer-Encoding": "chunked"}, iter([mb] * 50)

    def _replay(self, req: Request) -> tuple[int, dict[str, str], bytes]:
        atom = {"Content-Type": "application/atom+xml; charset=utf-8"}
        if req.search_query:
            return 200, atom, self._search(req)
        joined = ",".join(req.id_list)
        if joined in RECORDED and not self.overridden.intersection(req.id_list):
            name, status = RECORDED[joined]
            return status, atom, (DATA / name).read_bytes()
        for i in req.id_list:
            if not re.fullmatch(r"[a-z\-]+(\.[A-Z]{2})?/\d{7}(v\d+)?|\d{4}\.\d{4,5}(v\d+)?", i):
                body = (DATA / RECORDED["abc"][0]).read_bytes().replace(b"abc", i.encode())
                return 400, atom, body
        out = []
        for i in req.id_list:
            bare = re.sub(r"v\d+$", "", i)
            if bare in self.entries:
                out.append(self.entries[bare])
            elif self.synthesize and not bare.startswith("0000."):
                out.append(synthetic_entry(bare))
        return 200, atom, feed(out)

    def search_results(self, query: str, entries: list[bytes]) -> None:
        """Answer ``query`` with these entries (a sorted search sorts them, and pages them by
        ``start``/``max_results``); other queries get the recorded search's entries."""
        self.searches[query] = list(entries)

    def _paged(self, req: Request) -> bytes:
        """A search as arXiv answers one: its results sorted as asked, one page of them, and
        ``totalResults`` counting them all."""
        hits = self.searches.get(req.search_query)
        if hits is None:
            hits = _ENTRY.findall((DATA / SEARCH_FIXTURE).read_bytes())
        if req.sort_by in ("submittedDate", "lastUpdatedDate"):
            tag = b"published" if req.sort_by == "submittedDate" else b"updated"
            hits = sorted(hits, key=lambda xml: _stamp(xml, tag), reverse=req.sort_order != "ascending")
        size = 10 if req.max_results is None else req.max_results
        return feed(hits[req.start:req.start + size], total=len(hits), start=req.start)

    def _search(self, req: Request) -> bytes:
        m = re.fullmatch(r'ti:"(?P<phrase>[^"]*)"', req.search_query.strip())
        if not m:
            if req.search_query in self.searches or req.sort_by or req.start:
                return self._paged(req)
            return (DATA / SEARCH_FIXTURE).read_bytes()
        words = m["phrase"].lower().split()
        hits = []
        for xml in self.entries.values():
            tm = re.search(rb"<title>(.*?)</title>", xml, re.DOTALL)
            title = " ".join(re.sub(r"[^\w]+", " ", tm.group(1).decode()).lower().split()) if tm else ""
            found = sum(1 for w in words if w in title.split())
            if words and found >= len(words) - 1:  # a little lenient, like arXiv's search
                hits.append(xml)
        return feed(hits[: req.max_results or 10])

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def handle(self) -> None:
                with contextlib.suppress(ConnectionError):  # the client closed the connection
                    super().handle()

            def do_GET(self) -> None:
                self._serve(urlsplit(self.path).query)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._serve(self.rfile.read(length).decode())

            def _serve(self, query: str) -> None:
                params = parse_qs(query, keep_blank_values=True)
                ids = [i for i in (params.get("id_list", [""])[0]).split(",") if i]
                mr = params.get("max_results", [None])[0]
                req = Request(
                    method=self.command, path=urlsplit(self.path).path, id_list=ids,
                    search_query=params.get("search_query", [""])[0],
                    max_results=int(mr) if mr else None, time=replay.clock.now(),
                    user_agent=self.headers.get("User-Agent", ""), url_length=len(self.path),
                    start=int(params.get("start", ["0"])[0] or 0), sort_by=params.get("sortBy", [""])[0],
                    sort_order=params.get("sortOrder", [""])[0],
                )
                replay.requests.append(req)
                status, headers, body = replay._answer(req)
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if isinstance(body, bytes):
                        self.send_header("Content-Length", str(len(body)))
                        self.end_headers()
                        self._send(req, body)
                    else:
                        self.end_headers()
                        self._stream(req, body, headers.get("Transfer-Encoding") == "chunked")
                except OSError:  # the client gave up (timeout, deadline, size cap)
                    req.ended = None
                    self.close_connection = True

            def _send(self, req: Request, data: bytes, last: bool = True) -> None:
                if last:  # stamped before the write: once the bytes are out, the client may read them
                    req.ended = replay.clock.now()  # and stamp its own end before this thread runs again
                self.wfile.write(data)
                self.wfile.flush()

            def _stream(self, req: Request, body: Iterator[bytes], chunked: bool) -> None:
                pieces = iter(body)
                piece = next(pieces, None)
                while piece is not None:
                    following = next(pieces, None)
                    self._send(req, b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece,
                               last=following is None and not chunked)
                    piece = following
                if chunked:
                    self._send(req, b"0\r\n\r\n")

        return Handler


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connection refused."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/query"
