"""Awesome-list Markdown -> entries. Pure: text in, :class:`Parsed` out; never raises on input.

The document's blocks are CommonMark's (with GitHub's tables), as :mod:`vlacli.formats.mdblocks` reads
them: a fenced example is code, however many backticks it nests, and a commented-out entry is a
comment. What no library knows is read here: pipe tables whose columns are found by their header
names (any order, extra or empty cells, several links in a website or code cell), bullet and
numbered entries (links in any bracket style, nicknames, quoted or linked or bold titles, venues
and dates in the forms people write), CSV blocks under a heading, entries inside ``<details>``.
Every heading (``#``…``######``, ``<h2>``, ``<summary>``) is remembered so entries can be filed
under the category it names.

Nothing is dropped silently: every line that holds a link is an entry, or unreadable (it looks
like an entry but cannot be read), or skipped with the reason it is no entry (a badge, a table of
contents, a news item, code, a comment, prose, a section about the list such as News or Citation).
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass

from ...core.identifiers import ARXIV_IN_TEXT, find_arxiv_id
from ...core.paper import CELL_ROLES, DEFAULT_LABELS, is_web_url
from ...core.years import YEAR_PATTERN, find_year, full_year
from ..mdblocks import Block, Code, Heading, Html, Item, Paragraph, Table, blocks, split_lines
from . import Listing, Parsed, Unreadable
from .headings import SUMMARY_LEVEL, LeveledHeading, is_front_matter

# -- links -----------------------------------------------------------------------------------
LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*[\"'](?P<url>[^\"']+)[\"'][^>]*>(?P<text>.*?)</a>", re.I | re.S)
BARE_URL = re.compile(r"(?<![(<\[\"'=])\bhttps?://[^\s)\]>|]+")
AUTOLINK = re.compile(r"<(?P<url>https?://[^\s<>]+)>", re.I)
TAG = re.compile(r"<[^>]+>")
BROKEN_LINK = re.compile(r"\]\(|https?://", re.I)  # what is left of a link that LINK could not read
YEAR = re.compile(YEAR_PATTERN)
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
    year = find_year(text)
    if year is not None:
        return year
    m = re.search(r"\b(?:" + "|".join(MONTHS) + r")[a-z]*\.?\s*'?(\d{2})\b", text, re.I)
    if m:
        return full_year(int(m.group(1)))
    m = re.search(r"\b\d{1,2}/(\d{2})\b", text)
    if m:
        return full_year(int(m.group(1)))
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
    for m in AUTOLINK.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            out.append(_Link("", m["url"], m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in BARE_URL.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            out.append(_Link("", m.group(0).rstrip(".,;"), m.start(), m.end()))
    return sorted(out, key=lambda lk: lk.start)


QUOTED = re.compile(r"[\"“”](?P<t>[^\"“”]{6,}?)[\"“”]")
ITALIC = re.compile(r"(?<![*\w])\*(?!\*)(?P<t>[^*]+?)\*(?!\*)|(?<![_\w])_(?!_)(?P<u>[^_]+?)_(?!_)")
INS = re.compile(r"<(ins|i|em|b|sub|sup)>(?P<t>.*?)</\1>", re.I)
PAREN = re.compile(r"\((?P<t>[^()]*?" + YEAR_PATTERN + r"[^()]*?)\)")
BACKTICK = re.compile(r"`(?P<t>[^`]+)`")
TRAILING_VENUE = re.compile(r"[.,]\s+(?P<v>[^.,]{0,40}?" + YEAR_PATTERN + r"[^.,]{0,40}?)\.?$")
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


def _label(text: str, role: str) -> str:
    """A cell link's label as people see it: emphasis, tags and references read, emoji kept; a
    picture (a badge) or nothing at all is the cell's default label."""
    label = TAG.sub("", re.sub(r"(\*\*|__|\*|`)", "", IMAGE.sub("", text)))
    label = " ".join(html.unescape(label).split())
    return label or DEFAULT_LABELS[role]


def cell_links(cell: str, role: str, notes: list[str]) -> list[tuple[str, str]]:
    """(label, url) of each web link in a website or code cell, in order; a cell whose links are
    all something else (``javascript:``, ``ftp:``, a relative path) gets a note saying what was
    left out. Pictures are no links (a badge beside the link)."""
    links = [lk for lk in find_links(cell) if not lk.image]
    notes += _not_web(links, role)
    return [(_label(lk.text, role), lk.url) for lk in links if is_web_url(lk.url)]


def row_entry(cells: list[str], roles: dict[str, int], line: int, headings: list[str]) -> Listing | Unreadable:
    def cell(role: str) -> str:
        i = roles.get(role)
        return cells[i] if i is not None and i < len(cells) else ""

    title_cell = cell("title")
    links = find_links(title_cell)
    if not links and BROKEN_LINK.search(title_cell):  # `[Title](https://…` with its parenthesis missing
        return Unreadable(line, "|".join(cells), "a Paper cell with an address that is not a link vla can read")
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
        paper_url = next((url for _, url in cell_links(cell("link"), "paper", notes)), None)
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
    listing = Listing(line=line, title=title, arxiv=arxiv, url=None if arxiv else paper_url, year=year, venue=venue,
                      authors=authors if "authors" in roles else [], headings=list(headings), notes=notes)
    for role in CELL_ROLES:
        pairs = cell_links(cell(role), role, notes)
        setattr(listing, role, pairs[0][1] if pairs else None)
        if len(pairs) > 1 or (pairs and pairs[0][0] != DEFAULT_LABELS[role]):
            listing.cell_links[role] = pairs  # more than the one default link: kept as written
    return listing


def _csv_header(line: str) -> dict[str, int] | None:
    if line.count(",") < 2 or "|" in line:
        return None
    cells = next(csv.reader([line]))
    roles = column_roles(cells)
    if "title" in roles and len(roles) >= 3 and len(roles) * 2 >= len(cells):
        return roles
    return None


# -- the document ----------------------------------------------------------------------------------
COMMENT = re.compile(r"<!--.*?-->", re.S)
DETAILS = re.compile(r"<(?P<close>/?)details\b[^>]*>|<summary\b[^>]*>(?P<summary>.*?)</summary\s*>"
                     r"|<h(?P<level>[1-6])\b[^>]*>(?P<h>.*?)</h(?P=level)\s*>", re.I | re.S)
# A news item: a date first (in brackets or bold), then an announcement.
NEWS = re.compile(r"^\W{0,6}(?:\[|\*\*|__|`)\s*[12]\d{3}[./-]\d{1,2}(?:[./-]\d{1,2})?\s*(?:\]|\*\*|__|`)"
                  r".*\b(?:we|our|us|release[sd]?|releasing|accepted|launch(?:ed)?|update[sd]?|available|"
                  r"welcome|congrat\w*|news)\b", re.I | re.S)
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")


def _blank_comments(text: str) -> str:
    """HTML comments replaced by spaces, line breaks kept: a commented-out entry is no entry."""
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _holds_link(text: str) -> list[_Link]:
    """The links of a line that people follow (an image alone is a picture, not a link)."""
    return [lk for lk in find_links(text) if not lk.image]


def _is_badge(lk: _Link) -> bool:
    return IMAGE.search(lk.text) is not None and not strip_markup(lk.text)


def parse_markdown(text: str) -> Parsed:
    """An awesome list's entries, from its Markdown as CommonMark (with GitHub's tables) reads it.

    Every line that holds a link ends up somewhere: in an entry (``Parsed.entries``), among the
    lines that look like entries but cannot be read (``unreadable``), or among the lines that are
    no entry, each with the reason (``skipped``: badges, a table of contents, news, code, comments,
    prose, the sections about the list itself)."""
    reader = _Reader(text)
    for block in blocks(text):
        reader.read(block)
    reader.sweep()
    out = reader.out
    out.recognised = bool(out.entries or out.headings or out.skipped or out.unreadable)
    return out


class _Reader:
    def __init__(self, text: str) -> None:
        self.out = Parsed()
        self.lines = split_lines(text.removeprefix("\ufeff"))
        self.covered = bytearray(len(self.lines) + 2)  # 1 where a block was read
        self.stack: list[LeveledHeading] = []  # the headings above, outermost first
        self.section: str | None = None  # the section about the list (News, Contents…) we are in, if any
        self.details = 0  # <details> open
        self.headings_seen = 0
        self.first_level = 0

    # -- where we are ---------------------------------------------------------------------------
    def headings(self) -> list[str]:
        return list(self.stack)

    def in_introduction(self) -> bool:
        """Before the document's first section: only its title (an H1) above, or nothing."""
        return self.headings_seen == 0 or (self.headings_seen == 1 and self.first_level == 1)

    def pop(self, level: int) -> None:
        """Close the headings of ``level`` and below."""
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.section = next((h for h in self.stack if is_front_matter(h)), None)

    def push(self, title: str, level: int) -> None:
        self.pop(level)
        if title:
            self.stack.append(LeveledHeading(title, level))
            self.section = self.section or (title if is_front_matter(title) else None)
            self.out.headings.append(title)

    # -- what a line is, when it is no entry ------------------------------------------------------------
    def skip(self, line: int, text: str, why: str) -> None:
        self.out.skipped.append(Unreadable(line, text, why))

    def account(self, line: int, raw: str, kind: str) -> None:
        """Account for a line (or an item's text) that is read as no entry, if it holds a link:
        skipped with the reason, or unreadable when it holds an arXiv link and nothing says it is
        no entry (a paper may be lost there)."""
        if not _holds_link(raw):
            return
        text = _blank_comments(raw)
        links = _holds_link(text)
        section = self.section
        if section is not None:
            self.skip(line, raw, f"in the {section!r} section")
        elif not links:
            self.skip(line, raw, "commented out")
        elif all(_is_badge(lk) for lk in links):
            self.skip(line, text, "a badge")
        elif all(lk.url.startswith("#") for lk in links):
            self.skip(line, text, "a table-of-contents line")
        elif kind == "paragraph" and self.in_introduction():
            self.skip(line, text, "the list's introduction")
        elif ARXIV_IN_TEXT.search(text):
            self.out.unreadable.append(Unreadable(line, text, f"a {kind} with an arXiv link that is not an entry"))
        else:
            self.skip(line, text, f"a {kind}, not an entry")

    # -- blocks ---------------------------------------------------------------------------------
    def read(self, block: Block) -> None:
        for n in range(block.line, block.end + 1):
            if n < len(self.covered):
                self.covered[n] = 1
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Item):
            self.item(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, Html):
            self.html(block)
        else:
            self.code(block)

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def heading(self, block: Heading) -> None:
        if self.headings_seen == 0:
            self.first_level = block.level
        self.headings_seen += 1
        self.push(clean_heading(_blank_comments(block.text)), block.level)
        self.account(block.line, block.text, "heading")

    def code(self, block: Code) -> None:
        """A fenced block is an example; an indented one may be entries indented by mistake (a tab or
        four spaces make code): its lines with an arXiv link are reported as unreadable."""
        for n in range(block.line, block.end + 1):
            text = self.line(n)
            if not _holds_link(text):
                continue
            if not block.fenced and ARXIV_IN_TEXT.search(text):
                self.out.unreadable.append(Unreadable(n, text, "an arXiv link in an indented code block (a tab or "
                                                               "four spaces before a line make it code)"))
            else:
                self.skip(n, text, "in a code block")

    def html(self, block: Html) -> None:
        """``<details>``/``<summary>`` (a summary is a heading below every Markdown one), ``<h2>``,
        comments; a line of HTML that holds a link is no entry (Markdown is not read inside HTML)."""
        for m in DETAILS.finditer(_blank_comments(block.text)):
            if m["summary"] is not None:
                self.push(clean_heading(m["summary"]), SUMMARY_LEVEL - 1 + max(self.details, 1))
            elif m["h"] is not None:
                self.push(clean_heading(m["h"]), int(m["level"]))
            elif m["close"]:
                self.pop(SUMMARY_LEVEL - 1 + max(self.details, 1))
                self.details = max(0, self.details - 1)
            else:
                self.details += 1
        # Comments may span lines: each line is judged by what the block shows, comments blanked.
        shown = _blank_comments(block.text).split("\n")
        for i, raw in enumerate(block.text.split("\n")):
            if _holds_link(raw) and i < len(shown) and not _holds_link(shown[i]):
                self.skip(block.line + i, raw, "commented out")
            else:
                self.account(block.line + i, raw, "line of HTML")

    def table(self, block: Table) -> None:
        roles = column_roles(block.header)
        if _holds_link(header := self.line(block.line)):
            self.skip(block.line, header, "a table's header")
        section = self.section
        for row in block.rows:
            raw = self.line(row.line)  # the cells past the header's are not in row.cells
            if section is not None and _holds_link(raw):
                self.skip(row.line, raw, f"in the {section!r} section")
            elif section is not None:
                continue
            elif "title" in roles:
                self.entry(row_entry(row.cells, roles, row.line, self.headings()))
            elif any(find_arxiv_id(lk.url) or _is_paper_url(lk.url) for lk in _holds_link(raw)):
                self.out.unreadable.append(Unreadable(row.line, raw, "a table with no Paper or Title column"))
            elif _holds_link(raw):
                self.skip(row.line, raw, "a row of a table with no Paper or Title column")

    def entry(self, got: Listing | Unreadable) -> None:
        if isinstance(got, Unreadable):
            self.out.unreadable.append(got)
        else:
            self.out.entries.append(got)

    def item(self, block: Item) -> None:
        body = " ".join(_blank_comments(block.text).split("\n"))
        if self.section is None and NEWS.match(body):
            if _holds_link(block.text):
                self.skip(block.line, body, "a news item")
            return
        got = parse_entry_text(body, block.line, self.headings()) if self.section is None else None
        if got is None:
            self.account(block.line, " ".join(block.text.split("\n")), "list item")
        else:
            self.entry(got)

    def paragraph(self, block: Paragraph) -> None:
        """Prose, badges, or a CSV block: a header naming the columns, then a row a line."""
        csv_roles: dict[str, int] | None = None
        width = 0
        shown = _blank_comments(block.text).split("\n")
        for i, raw in enumerate(block.text.split("\n")):
            n = block.line + i
            seen = shown[i].strip() if i < len(shown) else ""
            if csv_roles is not None and seen:
                self.csv_row(n, seen, csv_roles, width)
            elif self.section is None and (roles := _csv_header(seen)) is not None:
                csv_roles, width = roles, len(next(csv.reader([seen])))
                if _holds_link(raw):
                    self.skip(n, raw, "a CSV header")
            else:
                self.account(n, raw, "paragraph")

    def csv_row(self, n: int, line: str, roles: dict[str, int], width: int) -> None:
        try:
            cells = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            cells = []
        if len(cells) != width:
            self.out.unreadable.append(Unreadable(n, line, f"a CSV row with {len(cells)} cells, not {width}"))
        else:
            self.entry(row_entry(cells, roles, n, self.headings()))

    def sweep(self) -> None:
        """Lines no block holds (link reference definitions, text nested too deep to read)."""
        for n, text in enumerate(self.lines, 1):
            if self.covered[n] or not _holds_link(text):
                continue
            if REFERENCE.match(text):
                self.skip(n, text, "a link reference definition")
            else:
                self.out.unreadable.append(Unreadable(n, text, "a line outside any block vla reads"))
