"""Awesome-list Markdown -> entries. Pure: text in, :class:`Parsed` out; never raises on input.

Reads the shapes real lists use: pipe tables whose columns are found by their header names
(any order, extra or empty cells), bullet and numbered entries (links in any bracket style,
nicknames, quoted or linked or bold titles, venues and dates in the forms people write), CSV
blocks under a heading, entries inside ``<details>``, with HTML comments and anchors around
them. Every heading (``#``…``######``, ``<summary>``) is remembered so entries can be filed under
the category it names. A line that looks like an entry but cannot be read is reported with its
number; nothing is dropped silently.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass

from ..identifiers import ARXIV_IN_TEXT, find_arxiv_id
from ..model import is_web_url
from . import Listing, Parsed, Unreadable

# -- links -----------------------------------------------------------------------------------
LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*[\"'](?P<url>[^\"']+)[\"'][^>]*>(?P<text>.*?)</a>", re.I | re.S)
BARE_URL = re.compile(r"(?<![(<\[\"'=])\bhttps?://[^\s)\]>|]+")
TAG = re.compile(r"<[^>]+>")
HEADING = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])\s+(?P<body>.*)$")
TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")
EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200d]")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_WORD = re.compile(r"\b(?:" + "|".join(MONTHS) + r")[a-z]*\.?", re.I)

PAPER_WORDS = {"paper", "pdf", "arxiv", "openreview", "doi", "link", "paper link", "article", "acl", "ieee",
               "springer", "pub", "publication", "preprint", "abs", "proceedings"}
WEBSITE_WORDS = {"website", "project", "project page", "page", "homepage", "home page", "webpage", "web",
                 "site", "blog", "demo", "project website", "🌐"}
CODE_WORDS = {"code", "github", "repo", "repository", "implementation", "💻", "source", "official code"}
OTHER_WORDS = {"video", "youtube", "slides", "poster", "bibtex", "bib", "data", "dataset", "model",
               "models", "weights", "huggingface", "hf", "twitter", "x", "talk", "tweet", "zhihu", "cite"}


def _fold(text: str) -> str:
    return " ".join(EMOJI.sub(" ", text).replace("*", "").replace("`", "").strip(" []:.!").casefold().split())


def label_role(text: str, url: str) -> str:
    """paper, website, code, other or title: what a link is, by its label, else by its address."""
    raw = text.strip()
    if "🌐" in raw:
        return "website"
    if "💻" in raw:
        return "code"
    label = _fold(raw)
    if label in PAPER_WORDS:
        return "paper"
    if label in WEBSITE_WORDS:
        return "website"
    if label in CODE_WORDS:
        return "code"
    if label in OTHER_WORDS or not label:
        return "other"
    if len(label.split()) == 1 and not raw.startswith("**"):
        host = url.lower()
        if "github.com" in host or "gitlab.com" in host:
            return "code"
        if _is_paper_url(url):
            return "paper"
        return "other"
    return "title"


def _is_paper_url(url: str) -> bool:
    u = url.lower()
    return any(h in u for h in ("arxiv.org/", "openreview.net/", "doi.org/", "aclanthology.org/",
                                "proceedings.", "ieeexplore.", "dl.acm.org/", "papers.nips.cc",
                                "openaccess.thecvf.com", ".pdf"))


QUOTE_MARK = re.compile(r"^\s{0,3}(?:>\s?)+")
IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>", re.I)


def strip_markup(text: str) -> str:
    text = IMAGE.sub("", text)  # badges and icons
    text = HTML_LINK.sub(lambda m: m["text"], text)
    text = LINK.sub(lambda m: m["text"], text)
    text = TAG.sub("", text)
    text = EMOJI.sub("", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    return " ".join(html.unescape(text).split())


def clean_heading(text: str) -> str:
    t = strip_markup(text)
    t = re.sub(r"^(?:\d+(?:\.\d+)*[.)]?|[IVX]+\.)\s+", "", t)
    return t.strip(" :-–—").strip()


# -- dates and venues ----------------------------------------------------------------------------
def parse_year(text: str) -> int | None:
    """The year in ``2025``, ``2025-06``, ``8/2025``, ``Jun 2025``, ``May 17th 2024``, ``June 24``."""
    m = YEAR.search(text)
    if m:
        return int(m.group(1))
    m = re.search(r"\b(?:" + "|".join(MONTHS) + r")[a-z]*\.?\s*'?(\d{2})\b", text, re.I)
    if m:
        return 2000 + int(m.group(1))
    m = re.search(r"\b\d{1,2}/(\d{2})\b", text)
    if m:
        return 2000 + int(m.group(1))
    return None


def split_venue(text: str) -> tuple[str | None, int | None]:
    """``CoRL, Jul 2023`` -> (CoRL, 2023); ``ICRA 2025 Best Paper Finalist`` -> (ICRA, 2025)."""
    t = strip_markup(text).strip(" ()[],.;·|")
    year = parse_year(t)
    venue = YEAR.split(t, maxsplit=1)[0] if YEAR.search(t) else t
    venue = MONTH_WORD.sub(" ", venue)
    venue = re.sub(r"\b\d{1,2}(?:st|nd|rd|th)?\b|\d+/\d+|'\d{2}\b", " ", venue)
    venue = " ".join(venue.split()).strip(" ,.;:/-–—'’")
    if not venue or len(venue) > 60 or venue.lower() in {"date", "year"}:
        return None, year
    return venue, year


# -- one entry ----------------------------------------------------------------------------------
@dataclass
class _Link:
    text: str
    url: str
    start: int
    end: int
    image: bool = False  # ![alt](src)


def _address(url: str) -> str:
    """A link's address as a paper keeps it: ``www.example.org`` (no scheme) is an https address."""
    return "https://" + url if url[:4].lower() == "www." else url


def find_links(text: str) -> list[_Link]:
    out = [_Link(m["text"], _address(m["url"]), m.start(), m.end(), text[m.start() - 1:m.start()] == "!")
           for m in LINK.finditer(text)]
    out += [_Link(m["text"], _address(m["url"]), m.start(), m.end()) for m in HTML_LINK.finditer(text)]
    taken = [(lk.start, lk.end) for lk in out]
    for m in BARE_URL.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            out.append(_Link("", m.group(0).rstrip(".,;"), m.start(), m.end()))
    return sorted(out, key=lambda lk: lk.start)


QUOTED = re.compile(r"[\"“”](?P<t>[^\"“”]{6,}?)[\"“”]")
ITALIC = re.compile(r"(?<![*\w])\*(?!\*)(?P<t>[^*]+?)\*(?!\*)|(?<![_\w])_(?!_)(?P<u>[^_]+?)_(?!_)")
INS = re.compile(r"<(ins|i|em|b|sub|sup)>(?P<t>.*?)</\1>", re.I)
PAREN = re.compile(r"\((?P<t>[^()]*?(?:19[89]\d|20[0-4]\d)[^()]*?)\)")
BACKTICK = re.compile(r"`(?P<t>[^`]+)`")
TRAILING_VENUE = re.compile(r"[.,]\s+(?P<v>[^.,]{0,40}?(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)[^.,]{0,40}?)\.?$")
NICK = re.compile(r"^\s*(?:\*\*|__)(?P<nick>[^*_]{1,40}?)(?:\*\*|__)\s*[:：\-–—]?\s*")


def parse_entry_text(body: str, line: int, headings: list[str]) -> Listing | Unreadable | None:
    """A bullet's text -> Listing; None if it is not an entry (prose, a table of contents line)."""
    links = find_links(body)
    external = [lk for lk in links if is_web_url(lk.url)]
    venue = year = None
    # Venue and date: <ins>…</ins>, *…*, (… 2024), `2025-06`.
    for pat in (INS, ITALIC, BACKTICK, PAREN):
        for m in pat.finditer(body):
            seg = m.group("t") if "t" in m.groupdict() and m.group("t") else (m.groupdict().get("u") or "")
            v, y = split_venue(seg)
            if y is not None:
                venue, year = v, y
                break
        if year is not None:
            break
    if not external:
        if year is None or not YEAR.search(body) or ("#" in body and not strip_markup(body)):
            return None  # prose or a table-of-contents line
    title = None
    paper_url = website = code = None
    for lk in external:
        role = label_role(lk.text, lk.url)
        if role == "title" and title is None:
            title, paper_url = strip_markup(lk.text), lk.url
        elif role == "paper" and paper_url is None:
            paper_url = lk.url
        elif role == "website" and website is None:
            website = lk.url
        elif role == "code" and code is None:
            code = lk.url
        elif role == "other" and paper_url is None and _is_paper_url(lk.url):
            paper_url = lk.url
    q = QUOTED.search(strip_markup(body))
    if q and len(q["t"].split()) >= 2:
        title = q["t"].strip(" .,")
    if title is None:
        text = body
        first_cut = min([lk.start for lk in links] + [m.start() for m in INS.finditer(text)]
                        + [m.start() for m in BACKTICK.finditer(text)] + [len(text)])
        head = text[:first_cut]
        nick = NICK.match(head)
        if nick:
            head = head[nick.end():]
        head = ITALIC.sub("", head)
        head = PAREN.sub("", head)
        title = strip_markup(head).strip(" .,;:·|-–—[]")
        # A venue or date written after the title: "Title, ICRA 2025 Best Paper", "Title. May 17th 2024."
        tail = TRAILING_VENUE.search(title)
        if tail and year is None:
            venue, year = split_venue(tail.group("v"))
            title = title[: tail.start()]
    title = title.strip(" .,;·|[]") if title else ""
    if not title:
        return Unreadable(line, body, "an entry with no title that could be read")
    arxiv = None
    for lk in external:
        if (found := find_arxiv_id(lk.url)) is not None and label_role(lk.text, lk.url) in ("title", "paper", "other"):
            arxiv = found.id
            break
    if paper_url is None and arxiv is None:
        paper_url = next((lk.url for lk in external if label_role(lk.text, lk.url) in ("title", "paper")), None)
    return Listing(line=line, title=title, arxiv=arxiv, url=None if arxiv else paper_url, website=website,
                 code=code, year=year, venue=venue, headings=list(headings),
                 notes=_not_web(links, "a"))


def _not_web(links: list[_Link], role: str) -> list[str]:
    """The note for the links an entry had to leave out, those that are not http(s): the first of
    them, and how many. Images (badges, icons), anchors within the page and mail addresses are no
    paper's link: never noted."""
    links = [lk for lk in links
             if not is_web_url(lk.url) and not lk.image and not lk.url.startswith(("#", "mailto:"))]
    if not links:
        return []
    more = f" (and {len(links) - 1} more)" if len(links) > 1 else ""
    return [f"{role} link {links[0].url[:80]!r}{more} is not a web (http/https) address; left out"]


# -- tables and CSV ------------------------------------------------------------------------------
ROLE_NAMES = {
    "title": {"paper", "title", "paper title", "papers", "name of paper", "publication title"},
    "nick": {"name", "model", "method", "abbr", "abbreviation", "short name", "nickname", "alias"},
    "year": {"year", "date", "time", "published", "release", "released", "month"},
    "venue": {"venue", "conference", "journal", "conf", "publication", "pub", "where", "conference/journal",
              "venue/journal", "published in"},
    "website": {"website", "project", "project page", "page", "homepage", "web", "webpage", "demo", "site"},
    "code": {"code", "github", "repo", "repository", "implementation", "source code"},
    "link": {"link", "links", "paper link", "pdf", "arxiv", "url", "paper url"},
    "authors": {"author", "authors"},
}


def column_roles(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = _fold(strip_markup(cell))
        for role, names in ROLE_NAMES.items():
            if name in names and role not in roles:
                roles[role] = i
                break
    if "title" not in roles and "nick" in roles:
        roles["title"] = roles.pop("nick")
    return roles


def split_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells, buf, depth, i = [], [], 0, 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            buf.append("|")
            i += 2
            continue
        if ch == "`":
            depth ^= 1
        if ch == "|" and not depth:
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    cells.append("".join(buf).strip())
    return cells


def _cell_url(cell: str, role: str, notes: list[str]) -> str | None:
    """The cell's first web link; a cell whose links are all something else (``javascript:``,
    ``ftp:``, a relative path) gets a note saying what was left out."""
    links = find_links(cell)
    for lk in links:
        if is_web_url(lk.url):
            return lk.url
    notes += _not_web(links, role)
    return None


def row_entry(cells: list[str], roles: dict[str, int], line: int, headings: list[str]) -> Listing | Unreadable:
    def cell(role: str) -> str:
        i = roles.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    title_cell = cell("title")
    links = find_links(title_cell)
    notes = _not_web(links, "paper")
    links = [lk for lk in links if is_web_url(lk.url)]
    title = strip_markup(title_cell)
    paper_url = links[0].url if links else None
    if links and label_role(links[0].text, links[0].url) != "title":
        title = strip_markup(LINK.sub("", title_cell)) or title
    title = title.strip(" .")
    if not title or title_cell.strip() in {"-", "—", "–"}:
        return Unreadable(line, "|".join(cells), "a table row with no title")
    if paper_url is None:
        paper_url = _cell_url(cell("link"), "paper", notes)
    year_text, venue_text = strip_markup(cell("year")), cell("venue")
    venue, vyear = split_venue(venue_text) if venue_text else (None, None)
    year = parse_year(year_text) if year_text else None
    if year is None and year_text.strip(" -—–?") and vyear is None:
        notes.append(f"year {year_text[:40]!r} is not a year; left empty")
    year = year if year is not None else vyear
    arxiv = None
    for lk in [*(links[:1]), *find_links(cell("link")), *find_links("|".join(cells))]:
        found = find_arxiv_id(lk.url)
        if found and label_role(lk.text, lk.url) not in ("website", "code"):
            arxiv = found.id
            break
    if arxiv is None and paper_url:
        found = find_arxiv_id(paper_url)
        arxiv = found.id if found else None
    authors = [a.strip() for a in re.split(r",|;| and ", strip_markup(cell("authors"))) if a.strip()]
    website, code = _cell_url(cell("website"), "website", notes), _cell_url(cell("code"), "code", notes)
    return Listing(line=line, title=title, arxiv=arxiv, url=None if arxiv else paper_url, website=website, code=code,
                 year=year, venue=venue, authors=authors if "authors" in roles else [], headings=list(headings),
                 notes=notes)


def _csv_header(line: str) -> dict[str, int] | None:
    if line.count(",") < 2 or "|" in line:
        return None
    cells = next(csv.reader([line]))
    roles = column_roles(cells)
    if "title" in roles and len(roles) >= 3 and len(roles) * 2 >= len(cells):
        return roles
    return None


# -- the document ----------------------------------------------------------------------------------
def _blank_comments(text: str) -> str:
    """Replace HTML comments by spaces, keeping line numbers."""
    return re.sub(r"<!--.*?-->", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)


def parse_markdown(text: str) -> Parsed:
    out = Parsed()
    lines = _blank_comments(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    # Entries quoted in a block quote, and tab-indented ones, are read like any other.
    lines = [QUOTE_MARK.sub("", line).expandtabs(4) for line in lines]
    stack: list[tuple[int, str]] = []  # (level, heading text)
    in_fence = False
    i, n = 0, len(lines)

    def headings() -> list[str]:
        return [h for _, h in stack]

    while i < n:
        raw = lines[i]
        lineno = i + 1
        if FENCE.match(raw):
            in_fence = not in_fence
            i += 1
            continue
        if in_fence or not raw.strip():
            i += 1
            continue
        m = HEADING.match(raw)
        summary = re.search(r"<summary[^>]*>(?P<t>.*?)</summary>", raw, re.I)
        html_h = re.match(r"^\s*<h(?P<lvl>[1-6])[^>]*>(?P<t>.*?)</h\1>", raw, re.I)
        if m or html_h or summary:
            level = len(m["hashes"]) if m else int(html_h["lvl"]) if html_h else 7
            title = clean_heading((m or html_h or summary)["t" if not m else "text"])  # type: ignore[index]
            while stack and stack[-1][0] >= level:
                stack.pop()
            if title:
                stack.append((level, title))
                out.headings.append(title)
            i += 1
            continue
        if re.search(r"</details>", raw, re.I):
            while stack and stack[-1][0] >= 7:
                stack.pop()
        stripped = raw.strip()
        # A pipe table: a header row, then a separator row.
        if "|" in stripped and i + 1 < n and TABLE_SEP.match(lines[i + 1]) and "-" in lines[i + 1]:
            roles = column_roles(split_row(stripped))
            i += 2
            while i < n and "|" in lines[i] and lines[i].strip():
                cells = split_row(lines[i])
                if roles.get("title") is None:
                    out.unreadable.append(Unreadable(i + 1, lines[i], "a table with no Paper or Title column"))
                else:
                    got = row_entry(cells, roles, i + 1, headings())
                    (out.unreadable if isinstance(got, Unreadable) else out.entries).append(got)  # type: ignore[arg-type]
                i += 1
            continue
        # A CSV block: a header naming the columns, then rows until a blank line or a heading.
        csv_roles = _csv_header(stripped)
        if csv_roles is not None:
            width = len(next(csv.reader([stripped])))
            i += 1
            while i < n and lines[i].strip() and not HEADING.match(lines[i]):
                try:
                    cells = next(csv.reader([lines[i].strip()]))
                except (csv.Error, StopIteration):
                    cells = []
                if len(cells) != width:
                    why = f"a CSV row with {len(cells)} cells, not {width}"
                    out.unreadable.append(Unreadable(i + 1, lines[i], why))
                else:
                    got = row_entry(cells, csv_roles, i + 1, headings())
                    (out.unreadable if isinstance(got, Unreadable) else out.entries).append(got)  # type: ignore[arg-type]
                i += 1
            continue
        b = BULLET.match(raw)
        if b:
            body = b["body"]
            indent = len(b["indent"])
            j = i + 1
            # Continuation lines: indented deeper, not themselves a bullet, heading or table.
            while j < n and lines[j].strip() and not BULLET.match(lines[j]) and not HEADING.match(lines[j]) \
                    and len(lines[j]) - len(lines[j].lstrip()) > indent and "|" not in lines[j]:
                body += " " + lines[j].strip()
                j += 1
            item = parse_entry_text(body, lineno, headings())
            if isinstance(item, Unreadable):
                out.unreadable.append(item)
            elif item is not None:
                out.entries.append(item)
            i = j
            continue
        if ARXIV_IN_TEXT.search(raw):  # a paper's link outside anything read as an entry
            out.unreadable.append(Unreadable(lineno, raw, "a line with an arXiv link that is not an entry"))
        i += 1
    return out
