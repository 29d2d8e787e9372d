"""Awesome-list Markdown -> entries. Pure: text in, :class:`Parsed` out; never raises on input.

The reader works from the document's **structure**, not from the shapes of lines. The blocks are
CommonMark's (with GitHub's tables), as :mod:`vlacli.formats.mdblocks` reads them with markdown-it-py —
a fenced example is code, however many backticks it nests, and a commented-out entry is a comment — and
each block's text is read into runs and links (:mod:`.inline`), HTML with :mod:`html.parser`. An entry is:

- **a list item**, with all its lines, and with its sub-items and further paragraphs when they hold its
  links, dates or authors (``- [Title](…)`` over ``- Authors`` / ``- 📅 Date: …``); sub-items that are papers
  of their own (a title and a paper link each) are entries of their own, under a parent that is a label;
- **a table row**, of a pipe table or an HTML ``<table>`` (``rowspan`` and ``colspan`` laid out as a browser
  does): the columns are found by their header names, and a title column without a known name by its cells
  (the column of linked titles);
- **a heading that holds one paper**: ``### 3. Title``, then its authors, its abstract in ``<details>``, and
  a line of links ``[📄 Paper](…) | [💻 Code](…)``;
- **a paragraph that is one paper** (``**Title** \\`` / ``*Authors* \\`` / ``arXiv 2023. [[Paper](…)]``), or a
  bold paragraph followed by its links as ``- Paper: https://…``;
- CSV blocks under a heading; and all of these inside ``<details>``.

What each entry says — its title, its links, its venue, year and authors — is weighed by :mod:`.evidence`:
links by their address, the title among the entry's phrases, never a label, an image's alt text, a venue or
a date. A short name is the title only where nothing better is there, and the entry says so (``doubt``). Every
heading (``#``…``######``, ``<h2>``, ``<summary>``) is remembered so entries can be filed under the category
it names. Each entry knows where it came from: its first and last line and the block (list, table,
``<details>``, run of one-paper sections) it is part of.

Nothing is dropped silently: every line that holds a link is in an entry's lines, or unreadable (it looks
like an entry but cannot be read), or skipped with the reason it is no entry (a badge, a table of contents,
a news item, code, a comment, prose, a section about the list such as News or Citation). An arXiv paper
linked only on such lines (the list's own survey) is an entry of no category where the file gives its
title: the link's text, a title the line names, or the Citation's BibTeX for its ID.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...core.identifiers import ARXIV_IN_TEXT, find_arxiv_id
from ...core.links import ANCHOR, NOISE
from ...core.links import CODE as CODE_KIND
from ...core.links import PAPER as PAPER_KIND
from ...core.paper import CELL_ROLES, DEFAULT_LABELS, is_web_url
from ...core.venues import year_in
from ..mdblocks import Block, Code, Container, Heading, Html, Item, Outline, Paragraph, Table, outline, split_lines
from . import Listing, Parsed, Unreadable
from .evidence import (
    ANY_QUOTE_MARK,
    BOLD,
    LINKED,
    PLAIN,
    QUOTED,
    SHORT,
    Reading,
    bold_titles,
    quotations,
    read,
    segments,
)
from .headings import SUMMARY_LEVEL, LeveledHeading, is_contents, is_front_matter, is_year_heading
from .htmlblocks import HtmlBlocks, HtmlItem, HtmlTable
from .inline import BREAK, URL, Text, from_html, from_markdown, web_address
from .inline import IMAGE as IMAGE_RUN
from .inline import Link as TextLink
from .phrases import (
    EMOJI,
    HTML_LINK,
    IMAGE,
    LINK,
    PAPER_WORDS,
    TAG,
    YEAR,
    fold,
    is_label,
    is_venue_or_date,
    names,
    parse_year,
    split_venue,
    strip_markup,
    title_like,
)

__all__ = ["column_roles", "find_links", "parse_entry_text", "parse_markdown", "parse_year", "split_venue",
           "strip_markup"]

# -- links, as a line's source shows them (for the notes on links left out, and for telling lines apart) --
BARE_URL = re.compile(r"(?<![(<\[\"'=])\bhttps?://[^\s)\]>|]+")
AUTOLINK = re.compile(r"<(?P<url>https?://[^\s<>]+)>", re.I)
BROKEN_LINK = re.compile(r"\]\(|https?://", re.I)  # what is left of a link that LINK could not read


def clean_heading(text: str) -> str:
    t = strip_markup(text)
    t = re.sub(r"^(?:\d+(?:\.\d+)*[.)]?|[IVX]+\.)\s+", "", t)
    return t.strip(" :-–—").strip()


@dataclass
class _Link:
    text: str
    url: str
    start: int
    end: int
    image: bool = False  # ![alt](src)


def find_links(text: str) -> list[_Link]:
    """A line's links as its source spells them (Markdown, ``<a href>``, ``<…>`` and bare addresses)."""
    out = [_Link(m["text"], web_address(m["url"]), m.start(), m.end(), text[m.start() - 1:m.start()] == "!")
           for m in LINK.finditer(text)]
    out += [_Link(m["text"], web_address(m["url"]), m.start(), m.end()) for m in HTML_LINK.finditer(text)]
    taken = [(lk.start, lk.end) for lk in out]
    for m in AUTOLINK.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            out.append(_Link("", m["url"], m.start(), m.end()))
            taken.append((m.start(), m.end()))
    for m in BARE_URL.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            out.append(_Link("", m.group(0).rstrip(".,;"), m.start(), m.end()))
    return sorted(out, key=lambda lk: lk.start)


def _not_web(links: Sequence[_Link | TextLink], role: str) -> list[str]:
    """The note for the links (people follow: no pictures, see :func:`_holds_link`) an entry had to leave
    out, those that are not http(s): the first of them, and how many. Anchors within the page and mail
    addresses are no paper's link: never noted."""
    links = [lk for lk in links if not is_web_url(lk.url) and not lk.url.startswith(("#", "mailto:"))]
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


def _fold_name(text: str) -> str:
    return " ".join(EMOJI.sub(" ", text).replace("*", "").replace("`", "").strip(" []:.!").casefold().split())


# A header that names no role exactly, but says it: "Title & Authors", "Paper (arXiv)", "Pub. Date".
ROLE_WORDS = (("title", ("title", "paper")), ("year", ("year", "date")), ("venue", ("venue", "conference", "journal")),
              ("code", ("code",)), ("website", ("project", "website", "homepage")), ("authors", ("author",)))


def column_roles(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    unnamed: list[tuple[int, str]] = []
    for i, cell in enumerate(cells):
        name = _fold_name(strip_markup(cell))
        for role, called in ROLE_NAMES.items():
            if name in called and role not in roles:
                roles[role] = i
                break
        else:
            unnamed.append((i, name))
    for i, name in unnamed:
        words = set(re.findall(r"[a-z]+", name))
        for role, hints in ROLE_WORDS:
            if role not in roles and any(h in words or h + "s" in words for h in hints):
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
    links = _holds_link(cell)
    notes += _not_web(links, role)
    return [(_label(lk.text, role), lk.url) for lk in links if is_web_url(lk.url)]


@dataclass
class _Row:
    """A table row to read: its cells as text (and as Markdown source, for a pipe table's), its lines."""

    line: int
    end: int
    cells: list[Text]
    raw: list[str] | None = None  # a pipe table's or a CSV's cells as written


def _text_links(text: Text, role: str, notes: list[str]) -> list[tuple[str, str]]:
    """:func:`cell_links` of an HTML cell."""
    links = [lk for lk in text.links if not lk.standalone]
    notes += _not_web(links, role)
    return [(text.label(lk) or DEFAULT_LABELS[role], lk.url) for lk in links if is_web_url(lk.url)]


def row_entry(cells: list[str], roles: dict[str, int], line: int, headings: list[str]) -> Listing | Unreadable:
    """A pipe table's (or a CSV block's) row: the first paper its title cell names."""
    got = _row_entries(_Row(line, line, [from_markdown(c) for c in cells], cells), roles, headings)
    return got[0]


def _row_entries(row: _Row, roles: dict[str, int], headings: list[str]) -> list[Listing | Unreadable]:
    """A row's papers: one, or one per linked title when its title cell lists several, each with its own
    paper link (``[Title A](…)<br>[Title B](…)``)."""
    def raw(role: str) -> str | None:
        i = roles.get(role)
        if row.raw is None:
            return None
        return row.raw[i] if i is not None and i < len(row.raw) else ""

    def cell(role: str) -> Text:
        i = roles.get(role)
        return row.cells[i] if i is not None and i < len(row.cells) else Text()

    joined = "|".join(row.raw) if row.raw is not None else " | ".join(c.text() for c in row.cells)
    title_raw = raw("title")
    title_text = cell("title")
    if title_raw is not None:
        links = _holds_link(title_raw)
        if not links and BROKEN_LINK.search(title_raw):
            return [Unreadable(row.line, joined, "a Paper cell with an address that is not a link vla can read")]
        notes = _not_web(links, "paper")
        bare_cell = title_raw.strip()
    else:
        notes = []
        bare_cell = title_text.text()
    if not title_text.text(images=True, urls=True).strip() or bare_cell in {"-", "—", "–"}:
        name = _name_cell(row, roles)
        if name is None:
            return [Unreadable(row.line, joined, "a table row with no title")]
        reading = read(title_text) or Reading(source=SHORT)
        reading.title, reading.source = name, SHORT
        reading.doubt = f"title {name!r} taken from a short name"
        return [_row_listing(row, roles, headings, reading, title_text, list(notes), raw, cell)]
    titles = _several_titles(title_text)
    out: list[Listing | Unreadable] = []
    for part in titles:
        reading = read(part) or Reading(source=PLAIN)
        reading.title = _cell_title(part, reading)
        if not reading.title or fold(reading.title) in PAPER_WORDS | {"link", "links"}:
            name = _name_cell(row, roles)
            if name is None:
                return [Unreadable(row.line, joined, "a table row with no title")]
            reading.title, reading.source = name, SHORT
            reading.doubt = f"title {name!r} taken from a short name"
        out.append(_row_listing(row, roles, headings, reading, part, list(notes), raw, cell))
    return out


def _name_cell(row: _Row, roles: dict[str, int]) -> str | None:
    """A row whose title cell holds no title (only ``[[Paper]](…)``, or nothing): the name its row gives
    (the Name column, else the first cell of text), when the row links a paper."""
    if not any(lk.arxiv or lk.kind.kind == PAPER_KIND for c in row.cells for lk in c.links):
        return None
    order = [roles["nick"]] if "nick" in roles else []
    taken = {i for r, i in roles.items() if r != "nick"}
    order += [i for i in range(len(row.cells)) if i not in taken and i not in order]
    for i in order[:2]:
        if i >= len(row.cells):
            continue
        c = row.cells[i]
        name = c.text().strip(" .*")
        if name and not _web(c) and title_like(name) and not is_label(name):
            return name
    return None


def _cell_title(text: Text, reading: Reading) -> str:
    """A title cell's title, as the cell writes it: its linked title's text, else the cell's text less its
    links' labels (``Title [paper](…)``), else all its text."""
    first = next((lk for lk in text.links if not lk.standalone and not lk.bare and not lk.noise), None)
    if first is not None and reading.source == LINKED:
        label = text.label(first).strip(" .")
        if (reading.title and label.startswith(reading.title)
                and re.fullmatch(r"\s*\([^()]+\)", label[len(reading.title):])):
            return reading.title  # "FGSM (Goodfellow et al., 2015)": the authors and year are read apart
        if label and not is_label(label):
            return label
    if first is not None and reading.source in (LINKED, SHORT, BOLD, QUOTED) and reading.title:
        return reading.title.strip(" .")  # "**Title**<br>Authors [paper](…)": the title, not every word
    unlinked = " ".join("".join(" " if r.marks & BREAK else r.text for r in text.runs
                                if r.link < 0 and not r.marks & (IMAGE_RUN | URL)).split()).strip(" .")
    if unlinked and first is not None:
        return "" if is_label(unlinked) else unlinked  # ":fire: NEW! [Paper](…)": labels, no title
    return text.text().strip(" .")


def _several_titles(text: Text) -> list[Text]:
    """A title cell that lists several papers, each a linked title with its own paper link on its own line
    (``[Title A](…)<br>[Title B](…)``), cut into one text each; else the cell."""
    paper_links = [lk for lk in text.links if lk.kind.kind == PAPER_KIND and not lk.standalone and not lk.bare]
    if len(paper_links) < 2 or len({lk.line for lk in paper_links}) < 2:
        return [text]
    lines = text.by_line()
    parts = [t for t in lines.values() if any(lk.kind.kind == PAPER_KIND for lk in t.links)]
    titled = [t for t in parts if (got := read(t)) is not None and got.source in (LINKED, BOLD, QUOTED, PLAIN)]
    return titled if len(titled) >= 2 else [text]


def _row_listing(row: _Row, roles: dict[str, int], headings: list[str], reading: Reading, title_text: Text,
                 notes: list[str], raw: object, cell: object) -> Listing:
    def raw_of(role: str) -> str | None:
        return raw(role)  # type: ignore[operator, no-any-return]

    def text_of(role: str) -> Text:
        return cell(role)  # type: ignore[operator, no-any-return]

    title = reading.title.strip(" .")
    paper_url = reading.url
    first = next((lk for lk in title_text.links if not lk.standalone), None)
    if paper_url is None and first is not None and is_web_url(first.url) and first.kind.kind not in (NOISE, ANCHOR):
        paper_url = first.url
    link_raw = raw_of("link")
    link_cell = text_of("link")
    if paper_url is None:
        if link_raw is not None:
            paper_url = next((url for _, url in cell_links(link_raw, "paper", notes)), None)
        else:
            paper_url = next((url for _, url in _text_links(link_cell, "paper", notes)), None)
    year_text, venue_text = text_of("year").text(), text_of("venue").text()
    venue, vyear = split_venue(venue_text) if venue_text else (None, None)
    year = parse_year(year_text) if year_text else None
    if year is None and year_text.strip(" -—–?") and vyear is None:
        notes.append(f"year {year_text[:40]!r} is not a year; left empty")
    year = year if year is not None else vyear
    if year is None and reading.year is not None and "year" not in roles and "venue" not in roles:
        year = reading.year
    if venue is None and reading.venue is not None and "venue" not in roles:
        venue = reading.venue
    arxiv = reading.arxiv
    if arxiv is None:
        for i, c in enumerate(row.cells):
            if i in (roles.get("website"), roles.get("code")) or (i == roles.get("title") and c is not title_text):
                continue  # a title cell of several papers: each its own links
            arxiv = next((a for lk in c.links if (a := lk.arxiv)), None)
            if arxiv:
                break
    if arxiv is None and paper_url:
        found = find_arxiv_id(paper_url)
        arxiv = found.id if found else None
    authors_text = text_of("authors").text()
    authors = [a.strip() for a in re.split(r",|;| and ", authors_text) if a.strip()]
    listing = Listing(line=row.line, title=title, arxiv=arxiv, url=None if arxiv else paper_url, year=year,
                      venue=venue, authors=authors if "authors" in roles else list(reading.authors),
                      headings=list(headings), notes=notes, end=row.end, doubt=reading.doubt)
    for role in CELL_ROLES:
        role_raw = raw_of(role)
        pairs = cell_links(role_raw, role, notes) if role_raw is not None else _text_links(text_of(role), role, notes)
        setattr(listing, role, pairs[0][1] if pairs else None)
        if len(pairs) > 1 or (pairs and pairs[0][0] != DEFAULT_LABELS[role]):
            listing.cell_links[role] = pairs  # more than the one default link: kept as written
    if listing.code is None and reading.code and "code" not in roles:
        listing.code = reading.code
    if listing.website is None and reading.website and "website" not in roles and reading.website != paper_url:
        listing.website = reading.website
    if "code" not in roles and listing.code is None:  # a Materials cell: [[PDF](…)] [[CODE](…)]
        listing.code = next((lk.url for i, c in enumerate(row.cells) if i != roles.get("title") for lk in c.links
                             if lk.kind.kind == CODE_KIND and is_web_url(lk.url)), None)
    return listing


def _csv_header(line: str) -> tuple[dict[str, int], int] | None:
    """A CSV block's header, when the line is one: the roles its columns name, and how many columns it has."""
    if line.count(",") < 2 or "|" in line:
        return None
    cells = next(csv.reader([line]))
    roles = column_roles(cells)
    if "title" in roles and len(roles) >= 3 and len(roles) * 2 >= len(cells):
        return roles, len(cells)
    return None


def _title_column(rows: list[_Row], taken: set[int]) -> int | None:
    """The column of titles, for a table whose header names none: the column whose cells most often hold a
    paper's link and a title of their own (linked, quoted or bold, not a label) — at least half of the rows
    that link a paper."""
    scores: dict[int, int] = {}
    linked_rows = 0
    for row in rows:
        if any(lk.kind.kind == PAPER_KIND or lk.arxiv for c in row.cells for lk in c.links):
            linked_rows += 1
        for i, c in enumerate(row.cells):
            if i in taken:
                continue
            r = read(c) if c.links else None
            if r is not None and r.source in (LINKED, SHORT, QUOTED, BOLD) and (r.arxiv or r.url):
                scores[i] = scores.get(i, 0) + 1
    if scores:
        best = max(scores, key=lambda i: (scores[i], -i))
        if scores[best] * 2 >= linked_rows:
            return best
    return _plain_title_column(rows, taken) if linked_rows else None


def _plain_title_column(rows: list[_Row], taken: set[int]) -> int | None:
    """A table that links its papers in another column (``Materials``, ``Resources``) than its titles: the
    column of texts that read as titles (three words and more, no link) in most of the rows."""
    scores: dict[int, int] = {}
    for row in rows:
        for i, c in enumerate(row.cells):
            if i in taken or c.links:
                continue
            words = c.text().split()
            if len(words) >= 3 and title_like(c.text()) and names(c.text()) is None:
                scores[i] = scores.get(i, 0) + 1
    if not scores:
        return None
    best = max(scores, key=lambda i: (scores[i], -i))
    return best if scores[best] * 2 >= len(rows) else None


# -- the document ----------------------------------------------------------------------------------
COMMENT = re.compile(r"<!--.*?-->", re.S)
DETAILS = re.compile(r"<(?P<close>/?)details\b[^>]*>|<summary\b[^>]*>(?P<summary>.*?)</summary\s*>"
                     r"|<h(?P<level>[1-6])\b[^>]*>(?P<h>.*?)</h(?P=level)\s*>", re.I | re.S)
# A news item: a date first (in brackets or bold), then an announcement.
NEWS_WORDS = re.compile(r"\b(?:we|our|us|release[sd]?|releasing|accepted|launch(?:ed)?|update[sd]?|available|"
                        r"welcome|congrat\w*|news)\b", re.I)
NEWS = re.compile(r"^\W{0,6}(?:\[|\*\*|__|`)\s*[12]\d{3}[./-]\d{1,2}(?:[./-]\d{1,2})?\s*(?:\]|\*\*|__|`)"
                  r".*" + NEWS_WORDS.pattern, re.I | re.S)
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
FIELD_NAMES = frozenset({"authors", "author", "date", "publish date", "published", "publisher", "venue",
                         "conference", "journal", "task", "tasks", "summary", "datasets", "dataset", "env",
                         "environment", "key", "keywords", "tldr", "institutions", "institution", "affiliation",
                         "affiliations", "abstract", "note", "notes", "tags", "tag", "category", "type", "year",
                         "time", "resources", "huggingface resources", "codes", "project page", "homepage"})
FIELD_LINE = re.compile(r"^\W{0,4}(?P<label>[^\W\d_][\w /&.-]{0,28}?)\s*[:：]\s*(?P<rest>.+)$", re.S)


def _blank_comments(text: str) -> str:
    """HTML comments replaced by spaces, line breaks kept: a commented-out entry is no entry."""
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _holds_link(text: str) -> list[_Link]:
    """The links of a line that people follow (an image alone is a picture, not a link)."""
    return [lk for lk in find_links(text) if not lk.image]


def _is_badge(lk: _Link) -> bool:
    return IMAGE.search(lk.text) is not None and not strip_markup(lk.text)


def _paper_link(text: Text) -> bool:
    return any(lk.arxiv or lk.kind.kind == PAPER_KIND for lk in text.links)


def _web(text: Text) -> list[TextLink]:
    return [lk for lk in text.links if is_web_url(lk.url) and not lk.standalone]


def is_field_line(text: Text) -> bool:
    """A line that is one field of an entry, ``Label: value`` (``Paper: https://…``, ``📅 Date: …``,
    ``Code: [x](…)``), not a paper of its own."""
    plain = text.text(urls=True)
    m = FIELD_LINE.match(plain)
    if m is None:
        return False
    label = fold(m["label"])
    return bool(label) and (is_label(label) or label in FIELD_NAMES)


def parse_entry_text(body: str, line: int, headings: list[str]) -> Listing | Unreadable | None:
    """One bullet's text, read as a list item is (:func:`.evidence.read`): its Listing; an Unreadable when it
    links something but gives no title; None when it is no entry (no link and no year: prose, a heading)."""
    text = from_markdown(_blank_comments(body))
    if not _web(text) and not _dated(body):
        return None
    reading = read(text)
    if reading is None:
        return Unreadable(line, body, "an entry with no title that could be read")
    return Listing(line=line, title=reading.title, arxiv=reading.arxiv, url=None if reading.arxiv else reading.url,
                   website=reading.website, code=reading.code, year=reading.year, venue=reading.venue,
                   authors=list(reading.authors), headings=list(headings), doubt=reading.doubt,
                   notes=_not_web(_holds_link(body), "a"))


def parse_markdown(text: str) -> Parsed:
    """An awesome list's entries, from its Markdown as CommonMark (with GitHub's tables) reads it.

    Every line that holds a link ends up somewhere: in an entry's lines (``Parsed.entries``, each with its
    ``line`` and ``end``), among the lines that look like entries but cannot be read (``unreadable``), or
    among the lines that are no entry, each with the reason (``skipped``: badges, a table of contents, news,
    code, comments, prose, the sections about the list itself)."""
    reader = _Reader(text)
    reader.run()
    out = reader.out
    for found in (out.entries, out.unreadable, out.skipped):
        found.sort(key=lambda e: e.line)  # in the document's order (a list's undecided entries come late)
    out.recognised = bool(out.entries or out.headings or out.skipped or out.unreadable)
    return out


class _Node:
    """A block, or a container (list, item, quote) of nodes."""

    __slots__ = ("block", "children", "container")

    def __init__(self, container: Container | None, block: Block | None) -> None:
        self.container = container
        self.block = block
        self.children: list[_Node] = []

    @property
    def kind(self) -> str:
        return self.container.kind if self.container is not None else "block"

    def blocks(self) -> list[Block]:
        if self.block is not None:
            return [self.block]
        return [b for child in self.children for b in child.blocks()]

    def span(self) -> tuple[int, int]:
        found = self.blocks()
        return (found[0].line, max(b.end for b in found)) if found else (0, 0)


def _tree(o: Outline) -> _Node:
    root = _Node(None, None)
    for block, within in zip(o.blocks, o.within, strict=True):
        node = root
        for c in within:
            last = node.children[-1] if node.children else None
            if last is None or last.container != c:
                last = _Node(c, None)
                node.children.append(last)
            node = last
        node.children.append(_Node(None, block))
    return root


@dataclass
class _Pending:
    """An entry of a list whose title is a short name alone: its list decides whether it is a title."""

    listing: Listing
    body: str


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = Parsed()
        self.lines = split_lines(text.removeprefix("\ufeff"))
        self.covered = bytearray(len(self.lines) + 2)  # 1 where a block was read
        self.stack: list[LeveledHeading] = []  # the headings above, outermost first
        self.section: str | None = None  # the section about the list (News, Contents…) we are in, if any
        self.details: list[int] = []  # where each <details> open starts, the innermost last
        self.headings_seen = 0
        self.first_level = 0
        self.references: dict[str, object] = {}
        self.html = HtmlBlocks()
        self.inlined: dict[str, Text] = {}
        self.heading_kinds: dict[str, str] = {}  # a heading's text -> "about" (News …), "contents" or ""
        self.nicknames = 0  # entries of the document's lists with a bold nickname
        self.undecided: list[_Pending] = []
        self.html_waiting: list[tuple[int, str, str]] = []  # lines of an HTML table still open
        self.summary: tuple[Text, int] | None = None  # the <summary> of the <details> open, and where it opens
        self.run_block: int | None = None  # the first line of a run of one-paper sections or paragraphs
        self.run_level = 0
        self.citations: list[tuple[int, str]] = []  # fenced code that may cite a paper (a BibTeX entry): line, text

    def run(self) -> None:
        o = outline(self.text)
        self.references = o.references
        self.seq(_tree(o).children)
        for p in self.undecided:  # lists that say nothing of their bold: the document's other lists do
            self.decide(p, self.nicknames == 0)  # a short name is the title, unless bold names nicknames here
        self.html_done(self.html.finish())  # a table or an item never closed: as far as it goes
        self.sweep()
        own = {e.arxiv for e in self.out.entries if e.arxiv}
        self.the_lists_own(own)
        for e in self.out.entries:
            if e.other_arxiv:
                e.other_arxiv = [a for a in e.other_arxiv if a not in own]

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
        self.section = self.about_the_list()

    def push(self, title: str, level: int) -> None:
        self.pop(level)
        if title:
            self.stack.append(LeveledHeading(title, level))
            self.section = self.about_the_list()
            self.out.headings.append(title)

    def about_the_list(self) -> str | None:
        """The section about the list we are in (News, Citation …), if any. A table of contents holds no
        headings of its own: a heading under "Contents" is the list's content (a list filed under it)."""
        last = len(self.stack) - 1
        for k, h in enumerate(self.stack):
            kind = self.heading_kinds.get(h)
            if kind is None:
                kind = self.heading_kinds[h] = "contents" if is_contents(h) else "about" if is_front_matter(h) else ""
            if kind == "about" or (kind == "contents" and k == last):
                return h
        return None

    def year_above(self) -> int | None:
        """The year of the nearest heading that is a year (``### 2024``), for entries that give none."""
        for h in reversed(self.stack):
            if is_year_heading(h):
                return None if re.search(r"[-–]|before|after|since|until", h, re.I) else year_in(h)
        return None

    # -- what a line is, when it is no entry ------------------------------------------------------------
    def skip(self, line: int, text: str, why: str, end: int = 0) -> None:
        self.out.skipped.append(Unreadable(line, text, why, end))

    def cover(self, first: int, last: int) -> None:
        for n in range(first, min(last, len(self.covered) - 1) + 1):
            self.covered[n] = 1

    def account(self, line: int, raw: str, kind: str, end: int = 0) -> None:
        """Account for a line (or an item's text, to its ``end``) that is read as no entry, if it holds a link:
        skipped with the reason, or unreadable when it holds an arXiv link and nothing says it is
        no entry (a paper may be lost there)."""
        if not _holds_link(raw):
            return
        text = _blank_comments(raw)
        links = _holds_link(text)
        section = self.section
        if section is not None:
            self.skip(line, raw, f"in the {section!r} section", end)
        elif not links:
            self.skip(line, raw, "commented out", end)
        elif all(_is_badge(lk) for lk in links):
            self.skip(line, text, "a badge", end)
        elif all(lk.url.startswith("#") for lk in links):
            self.skip(line, text, "a table-of-contents line", end)
        elif kind == "paragraph" and self.in_introduction():
            self.skip(line, text, "the list's introduction", end)
        elif ARXIV_IN_TEXT.search(text):
            self.out.unreadable.append(Unreadable(line, text, f"a {kind} with an arXiv link that is not an entry", end))
        else:
            self.skip(line, text, f"a {kind}, not an entry", end)

    def account_node(self, node: _Node, why: str) -> None:
        """Every line with a link in ``node``'s blocks, skipped for one reason (the sub-items of a news item)."""
        for block in node.blocks():
            self.cover(block.line, block.end)
            for n in range(block.line, block.end + 1):
                if _holds_link(self.line(n)):
                    self.skip(n, self.line(n), why)

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ""

    def source(self, first: int, last: int) -> str:
        return "\n".join(self.lines[first - 1:last])

    def last_line(self, first: int, last: int) -> int:
        """``last``, less the blank lines that end a list item's span."""
        while last > first and not self.line(last).strip():
            last -= 1
        return last

    def inline(self, source: str) -> Text:
        """A block's text read into runs and links (once: a sub-item is weighed by its parent, then read)."""
        found = self.inlined.get(source)
        if found is None:
            found = from_markdown(_blank_comments(source), self.references)
            if len(self.inlined) < 100_000:
                self.inlined[source] = found
        return found

    # -- the document's sequence of blocks -------------------------------------------------------------
    def seq(self, nodes: list[_Node]) -> None:
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if node.block is None:
                if node.kind == "list":
                    self.list_block(node)
                elif node.kind == "item":
                    self.list_block(_wrap(node))
                else:
                    self.seq(node.children)
                i += 1
                continue
            block = node.block
            if isinstance(block, Heading):
                after = self.paper_section(nodes, i)
                if after is not None:
                    i = after
                    continue
                self.run_block = None
            elif isinstance(block, Paragraph):
                after = self.paper_paragraph(nodes, i)
                if after is not None:
                    i = after
                    continue
                if self.prose_mentions(block):
                    i += 1
                    continue
            self.read(block)
            i += 1

    def read(self, block: Block) -> None:
        self.cover(block.line, block.end)
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Item | Paragraph):
            self.paragraph(block)
        elif isinstance(block, Html):
            self.html_block(block)
        else:
            self.code(block)

    def heading(self, block: Heading) -> None:
        if self.headings_seen == 0:
            self.first_level = block.level
        self.headings_seen += 1
        self.push(clean_heading(_blank_comments(block.text)), block.level)
        self.account(block.line, block.text, "heading", block.end)

    def code(self, block: Block) -> None:
        """A fenced block is an example; an indented one may be entries indented by mistake (a tab or
        four spaces make code): its lines with an arXiv link are reported as unreadable."""
        assert isinstance(block, Code)
        if block.fenced and "@" in block.text:
            self.citations.append((block.line, block.text))
        for n in range(block.line, block.end + 1):
            text = self.line(n)
            if not _holds_link(text):
                continue
            if not block.fenced and ARXIV_IN_TEXT.search(text):
                self.out.unreadable.append(Unreadable(n, text, "an arXiv link in an indented code block (a tab or "
                                                               "four spaces before a line make it code)"))
            else:
                self.skip(n, text, "in a code block")

    def html_block(self, block: Html) -> None:
        """``<details>``/``<summary>`` (a summary is a heading below every Markdown one), ``<h2>``,
        comments, tables (read with their rows); a line of HTML that holds a link elsewhere is no entry."""
        blanked = _blank_comments(block.text)
        for m in DETAILS.finditer(blanked):
            if m["summary"] is not None:
                self.push(clean_heading(m["summary"]), SUMMARY_LEVEL - 1 + max(len(self.details), 1))
                self.summary = (from_html(m["summary"]), self.details[-1] if self.details else block.line)
            elif m["h"] is not None:
                self.push(clean_heading(m["h"]), int(m["level"]))
            elif m["close"]:
                self.close_details()
                self.summary = None
            else:
                self.details.append(block.line)
        low = blanked.lower()
        closed = self.html.read(blanked, block.line) if self.html.open or "<table" in low or "<li" in low else []
        in_rows = self.html_done(closed)  # the lines a table's rows or a list's items account for
        open_since = self.html.open_since
        # Comments may span lines: each line is judged by what the block shows, comments blanked.
        shown = blanked.split("\n")
        for i, raw in enumerate(block.text.split("\n")):
            n = block.line + i
            seen = shown[i] if i < len(shown) else ""
            if n in in_rows:
                continue
            if open_since is not None and n >= open_since:
                self.html_waiting.append((n, raw, seen))  # in a table still open: its rows will say
            else:
                self.html_line(n, raw, seen)

    def close_details(self) -> None:
        """The innermost ``<details>`` closes, and the headings of its ``<summary>`` with it."""
        self.pop(SUMMARY_LEVEL - 1 + max(len(self.details), 1))
        if self.details:
            self.details.pop()

    def html_done(self, done: list[HtmlTable | HtmlItem]) -> set[int]:
        """The tables and list items the HTML closed, read; then, when they took lines or none is open, the
        lines that waited for a table's rows and that no row took. The lines the rows and items account for."""
        in_rows: set[int] = set()
        for found in done:
            in_rows |= self.html_table(found) if isinstance(found, HtmlTable) else self.html_item(found)
        if in_rows or self.html.open_since is None:  # lines of a table left for its rows, now read
            waiting, self.html_waiting = self.html_waiting, []
            for n, raw, seen in waiting:
                if n not in in_rows:
                    self.html_line(n, raw, seen)
        return in_rows

    def html_line(self, n: int, raw: str, seen: str) -> None:
        if _holds_link(raw) and not _holds_link(seen):
            self.skip(n, raw, "commented out")
        elif not self.html_paper(n, seen):
            self.account(n, raw, "line of HTML")

    def html_paper(self, n: int, seen: str) -> bool:
        """A line of HTML that is one paper, as a paragraph is (``<p><a href=…><b>Title</b></a>, CVPR 2023</p>``):
        its title first, one paper's link, no prose after it; never in the list's introduction or a section
        about the list."""
        if self.section is not None or self.in_introduction() or not _MAY_LINK.search(seen):
            return False
        text = from_html(seen)
        if _papers([text]) != 1:
            return False
        reading = read(text)
        if (reading is None or reading.source not in (QUOTED, LINKED, BOLD, PLAIN) or len(reading.title.split()) < 3
                or not (reading.arxiv or reading.url) or not self.starts_with_title(text, reading)
                or _prose_after_links(text)):
            return False
        self.out.entries.append(self.listing(reading, n, n, n))
        return True

    # -- tables ----------------------------------------------------------------------------------------
    def table(self, block: Table) -> None:
        if _holds_link(header := self.line(block.line)):
            self.skip(block.line, header, "a table's header")
        rows = []
        for row in block.rows:
            raw_cells = [_blank_comments(c) for c in row.cells]
            raw_cells += _extra_cells(_blank_comments(self.line(row.line)), len(block.header))
            rows.append(_Row(row.line, row.line, [self.inline(c) for c in raw_cells], raw_cells))
        self.rows(block.header, rows, block.line, lambda r: self.line(r.line))

    def html_table(self, table: HtmlTable) -> set[int]:
        """An HTML table's rows read as a pipe table's; the lines its rows account for."""
        header = table.header
        body = table.rows[1:] if header else table.rows
        rows = [_Row(r.line, r.end, [c.text for c in r.cells]) for r in body]
        lines = {n for r in table.rows for n in range(r.line, r.end + 1)}
        if header:
            first = table.rows[0]
            for n in range(first.line, first.end + 1):
                if _holds_link(self.line(n)):
                    self.skip(n, self.line(n), "a table's header")

        def raw_of(r: _Row) -> str:
            return self.source(r.line, r.end)

        self.rows(header, rows, table.line, raw_of)
        return lines

    def html_item(self, item: HtmlItem) -> set[int]:
        """An HTML list's item read as a Markdown one; the lines it accounts for."""
        lines = set(range(item.line, item.end + 1))
        reading = read(item.text) if self.section is None else None
        if reading is not None and (_web(item.text) or _paper_link(item.text)):
            self.out.entries.append(self.listing(reading, item.line, self.last_line(item.line, item.end),
                                                 item.line))
            return lines
        for n in sorted(lines):
            raw = self.line(n)
            self.html_line(n, raw, _blank_comments(raw))
        return lines

    def rows(self, header: list[str], rows: list[_Row], block_line: int, raw_of: object) -> None:
        roles = column_roles(header)
        section = self.section
        if "title" not in roles and section is None:
            taken = {i for role, i in roles.items() if role in ("website", "code", "year", "venue", "authors")}
            column = _title_column(rows, taken)
            if column is None and "link" in roles:
                # A column of names beside a column of paper links (Dataset | Scenario | Link): the names.
                column = next((i for i in range(len(header)) if i not in roles.values()), None)
            if column is not None:
                roles["title"] = column
        for row in rows:
            raw = raw_of(row)  # type: ignore[operator]
            assert isinstance(raw, str)
            links = bool(_holds_link(raw)) or any(_web(c) for c in row.cells)
            if section is not None and links:
                self.row_record(row, raw, f"in the {section!r} section", False)
            elif section is not None:
                continue
            elif "title" in roles:
                for got in _row_entries(row, roles, self.headings()):
                    if isinstance(got, Listing):
                        got.block = block_line
                        self.fill_year(got)
                        self.out.entries.append(got)
                    else:
                        self.row_record(row, got.text, got.why, True)
            elif any(lk.arxiv or lk.kind.kind == PAPER_KIND for c in row.cells for lk in c.links):
                self.row_record(row, raw, "a table with no Paper or Title column", True)
            elif links:
                self.row_record(row, raw, "a row of a table with no Paper or Title column", False)

    def row_record(self, row: _Row, raw: str, why: str, unreadable: bool) -> None:
        """A row that is no entry, told on each of its lines that holds a link (an HTML row spans several)."""
        lines = [n for n in range(row.line, row.end + 1) if _holds_link(self.line(n))] if row.end > row.line else []
        for n in lines or [row.line]:
            text = raw if n == row.line and not lines else self.line(n)
            record = Unreadable(n, text, why)
            (self.out.unreadable if unreadable else self.out.skipped).append(record)

    def fill_year(self, e: Listing) -> None:
        if e.year is None:
            e.year = self.year_above()

    def entry(self, got: Listing | Unreadable) -> None:
        if isinstance(got, Unreadable):
            self.out.unreadable.append(got)
        else:
            self.out.entries.append(got)

    # -- lists -----------------------------------------------------------------------------------------
    def list_block(self, node: _Node) -> None:
        block = node.container.line if node.container is not None else node.span()[0]
        readings: list[Reading] = []
        pending: list[_Pending] = []
        for item in node.children:
            if item.kind != "item":
                self.seq([item])
                continue
            self.item(item, block, readings, pending)
        self.nicknames += sum(1 for r in readings if r.nickname)
        verdict = bold_titles(readings)
        for p in pending:
            if verdict is None:
                self.undecided.append(p)  # the document decides, at its end
            else:
                self.decide(p, verdict)

    def decide(self, p: _Pending, title: bool) -> None:
        """A short bold name alone: a title where its list (or document) writes titles in bold, else a
        nickname whose title is missing."""
        if title:
            self.out.entries.append(p.listing)
        else:
            self.out.unreadable.append(Unreadable(p.listing.line, p.body, "an entry with no title that could be read",
                                                  p.listing.end))

    def item(self, node: _Node, block: int, readings: list[Reading], pending: list[_Pending]) -> None:
        children = node.children
        first = children[0].block if children and isinstance(children[0].block, Item) else None
        if first is None:
            self.seq(children)
            return
        rest = children[1:]
        self.cover(first.line, first.end)
        body = " ".join(_blank_comments(first.text).split("\n"))
        if self.section is None and self.is_news(body, first.text):
            if _holds_link(first.text):
                self.skip(first.line, body, "a news item", first.end)
            for sub in rest:
                self.account_node(sub, "a news item")
            return
        if self.section is not None:
            self.account(first.line, " ".join(first.text.split("\n")), "list item", first.end)
            self.seq(rest)
            return
        main = self.inline(first.text)
        separate = [n for n in rest if n.kind == "list" and self.has_own_entries(n)]
        parts_nodes = [n for n in rest if n not in separate]
        parts = self.texts(parts_nodes)
        if separate and not _paper_link(main):
            # A label over papers of their own ("* General:"), or an entry without a paper link.
            reading = read(main)
            if reading is not None and (_web(main) or _dated(body)):
                self.item_entry(first, reading, block, readings, pending, body, first.end)
                self.no_entry(None, parts_nodes, separate)
            else:
                self.no_entry(first, parts_nodes, separate)
            return
        with_parts = read(main, parts)
        has_links = bool(_web(main)) or any(_paper_link(p) for p in parts)
        if with_parts is None or (not has_links and not _dated(body)):
            if with_parts is None and has_links and not self.only_noise(main, parts):
                self.cover_nodes(parts_nodes)
                end = max([first.end] + [n.span()[1] for n in parts_nodes if n.blocks()])
                self.out.unreadable.append(Unreadable(first.line, body, "an entry with no title that could be read",
                                                      self.last_line(first.line, end)))
                for n in separate:
                    self.list_block(n)
            else:
                self.no_entry(first, parts_nodes, separate)
            return
        end = max([first.end] + [n.span()[1] for n in parts_nodes if n.blocks()])
        self.cover_nodes(parts_nodes)
        self.item_entry(first, with_parts, block, readings, pending, body, self.last_line(first.line, end))
        if with_parts.arxiv:  # the other arXiv papers its lines name: "extended in [Title B](…)"
            found = self.mentions([(first.line, main), *self.texts_at(parts_nodes)], {with_parts.arxiv}, block,
                                  but=with_parts.title)
            self.out.entries += found
        for n in separate:
            self.list_block(n)

    def no_entry(self, first: Item | None, parts: list[_Node], separate: list[_Node]) -> None:
        """An item that is no entry (``first``, accounted for), then its parts read as blocks of their own,
        then its sub-lists of papers."""
        if first is not None:
            self.account(first.line, " ".join(first.text.split("\n")), "list item", first.end)
        self.seq(parts)
        for n in separate:
            self.list_block(n)

    def item_entry(self, first: Item, reading: Reading, block: int, readings: list[Reading], pending: list[_Pending],
                   body: str, end: int) -> None:
        listing = self.listing(reading, first.line, end, block)
        listing.notes = _not_web(_holds_link(body), "a")
        readings.append(reading)
        if reading.alone:
            pending.append(_Pending(listing, body))
        else:
            self.out.entries.append(listing)

    def listing(self, reading: Reading, line: int, end: int, block: int) -> Listing:
        listing = Listing(line=line, title=reading.title, arxiv=reading.arxiv,
                          url=None if reading.arxiv else reading.url, website=reading.website, code=reading.code,
                          year=reading.year, venue=reading.venue, authors=list(reading.authors),
                          headings=self.headings(), end=end, block=block, doubt=reading.doubt,
                          other_arxiv=list(reading.other_arxiv))
        self.fill_year(listing)
        return listing

    def is_news(self, body: str, source: str) -> bool:
        """A news item: a date first, then an announcement ("We released …") — in its own words, not in the
        title of the paper it lists (``**How Can We Know What Language Models Know?**``)."""
        if not NEWS.match(body):
            return False
        text = self.inline(source)
        reading = read(text)
        if reading is None or reading.source not in (BOLD, LINKED, QUOTED) or not (reading.arxiv or reading.url):
            return True
        rest = " ".join(s.text for s in segments(text) if s.kind in ("text", "em") and reading.title not in s.text)
        return NEWS_WORDS.search(rest) is not None

    def only_noise(self, main: Text, parts: list[Text]) -> bool:
        return all(lk.noise or lk.standalone for t in [main, *parts] for lk in t.links)

    def has_own_entries(self, node: _Node) -> bool:
        """Whether a nested list holds papers of its own: an item with a title and a paper link that is not
        one field of its parent (``Paper: [Name](…)``)."""
        for item in node.children:
            if item.kind != "item" or not item.children or not isinstance(item.children[0].block, Item):
                continue
            text = self.inline(item.children[0].block.text)
            if is_field_line(text) or not _paper_link(text):
                continue
            r = read(text)
            if r is not None and r.source in (QUOTED, LINKED, BOLD, PLAIN):
                return True
        return False

    def texts(self, nodes: list[_Node]) -> list[Text]:
        """The texts of blocks that belong to an entry (its sub-items, paragraphs, HTML), in order."""
        return [t for _, t in self.texts_at(nodes)]

    def texts_at(self, nodes: list[_Node]) -> list[tuple[int, Text]]:
        """:meth:`texts`, each with the line it starts on."""
        out: list[tuple[int, Text]] = []
        for node in nodes:
            for block in node.blocks():
                if isinstance(block, Item | Paragraph | Heading):
                    out.append((block.line, self.inline(block.text)))
                elif isinstance(block, Html):
                    out.append((block.line, from_html(_blank_comments(block.text))))
                elif isinstance(block, Table):
                    for row in block.rows:
                        out.append((row.line, self.inline(" | ".join(row.cells))))
        return out

    def mentions(self, texts: list[tuple[int, Text]], known: set[str], block: int, but: str = "") -> list[Listing]:
        """The arXiv papers an entry's lines (or a paragraph of prose) link by name — ``[MTR](…)`` in a
        summary — besides the entry's own: entries too, titled by the link's text, with that doubt. ``but``:
        the entry's own title, which a link's text is no mention of."""
        out: list[Listing] = []
        for line, text in texts:
            for lk in text.links:
                arxiv = lk.arxiv
                if not arxiv or arxiv in known or lk.standalone or lk.bare:
                    continue
                label = " ".join(text.label(lk).split()).strip(" .,;:()[]")
                if not label or is_label(label) or not title_like(label) or is_venue_or_date(label) or (
                        but and label.casefold() in but.casefold()):
                    continue
                known.add(arxiv)
                n = line + lk.line
                reading = Reading(title=label, source=SHORT, arxiv=arxiv,
                                  doubt=f"title {label!r} taken from the text of a link that mentions it")
                out.append(self.listing(reading, n, n, block))
        return out

    def cover_nodes(self, nodes: list[_Node]) -> None:
        for node in nodes:
            for block in node.blocks():
                self.cover(block.line, block.end)
                if isinstance(block, Html):
                    self.details_balance(block)

    def details_balance(self, block: Html) -> None:
        """The ``<details>`` an entry's own HTML opens and closes (an abstract folded away): counted, never
        headings of the entries after it."""
        blanked = _blank_comments(block.text).lower()
        opened = len(re.findall(r"<details\b", blanked))
        closed = len(re.findall(r"</details\s*>", blanked))
        for _ in range(max(0, closed - opened)):
            self.close_details()
        self.details += [block.line] * max(0, opened - closed)

    # -- one paper per section, one paper per paragraph ------------------------------------------------
    def paper_section(self, nodes: list[_Node], i: int) -> int | None:
        """A heading whose section holds one paper (its links, authors, abstract) and no entry of its own:
        one entry, titled by the heading. The index after the section, or None."""
        h = nodes[i].block
        assert isinstance(h, Heading)
        if self.section is not None:
            return None
        name = clean_heading(_blank_comments(h.text))
        if not name or is_front_matter(name) or is_year_heading(name) or len(name.split()) < 2:
            return None
        j = i + 1
        while j < len(nodes) and not isinstance(nodes[j].block, Heading):
            j += 1
        section = nodes[i + 1:j]
        if not section or any(isinstance(n.block, Table) for n in section):
            return None
        heading = self.inline(h.text)
        texts: list[Text] = []
        for n in section:
            if n.block is None and n.kind == "list" and self.has_own_entries(n):
                return None
            for block in n.blocks():
                if isinstance(block, Code):
                    continue
                if isinstance(block, Html):
                    texts.append(from_html(_blank_comments(block.text)))
                    continue
                if isinstance(block, Table):
                    return None
                text = self.inline(block.text)
                if _paper_link(text) and not is_field_line(text):
                    r = read(text)
                    if r is not None and r.source in (QUOTED, LINKED, BOLD, PLAIN):
                        return None  # a paragraph that is an entry (or prose about a paper)
                texts.append(text)
        if not (_paper_link(heading) or any(_paper_link(t) for t in texts)):
            return None
        if _papers([heading, *texts]) > 1:
            return None  # a section of several papers (in a table, in prose)
        reading = read(Text(), texts, heading=heading)
        if reading is None:
            return None
        in_run = self.run_block is not None and self.run_level == h.level
        if len(reading.title.split()) < 4 and not reading.authors and not in_run:
            return None  # "## Survey Papers" over one [paper](…) link: a heading, not a paper's title
        if self.headings_seen == 0:
            self.first_level = h.level
        self.headings_seen += 1
        self.pop(h.level)
        end = max(b.end for n in section for b in n.blocks())
        if self.run_block is None or self.run_level != h.level:
            self.run_block, self.run_level = h.line, h.level
        listing = self.listing(reading, h.line, self.last_line(h.line, end), self.run_block)
        self.cover(h.line, end)
        for n in section:
            for block in n.blocks():
                if isinstance(block, Html):
                    self.details_balance(block)
        self.out.entries.append(listing)
        return j

    def paper_paragraph(self, nodes: list[_Node], i: int) -> int | None:
        """A paragraph that is one paper (its title first, its links, no prose after them) — or a bold title
        whose links follow as a list of ``Paper: …`` lines. The index after it, or None."""
        p = nodes[i].block
        assert isinstance(p, Paragraph)
        if self.section is not None or self.in_introduction():
            return None
        if not _MAY_LINK.search(p.text):
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            if nxt is None or nxt.kind != "list":
                return None  # no link, and no list of its links after it: prose
        text = self.inline(p.text)
        follow: list[_Node] = []
        if not _web(text):
            nxt = nodes[i + 1] if i + 1 < len(nodes) else None
            if nxt is None or nxt.kind != "list" or not self.field_list(nxt):
                return None
            follow = [nxt]
        lines = self.line_entries(text, p.line) if not follow else None
        if lines:
            self.cover(p.line, p.end)
            if self.run_block is None:
                self.run_block = p.line
            for listing in lines:
                listing.block = self.run_block
                self.out.entries.append(listing)
            self.account_rest(p, {e.line for e in lines})
            return i + 1
        parts = self.texts(follow)
        reading = read(text, parts) if parts else read(text)
        if reading is None and self.summary is not None and _papers([text, *parts]) == 1:
            return self.summary_paper(p, text, parts, follow, i)
        if reading is None or not (reading.arxiv or reading.url) or _papers([text, *parts]) > 1:
            return None
        if not self.starts_with_title(text, reading) or _prose_after_links(text):
            return None
        end = max([p.end] + [n.span()[1] for n in follow])
        self.cover(p.line, end)
        if self.run_block is None:
            self.run_block = p.line
        self.out.entries.append(self.listing(reading, p.line, self.last_line(p.line, end), self.run_block))
        return i + 1 + len(follow)

    def summary_paper(self, p: Paragraph, text: Text, parts: list[Text], follow: list[_Node], i: int) -> int | None:
        """``<details><summary><b>Title</b></summary>`` … ``[paper](…)``: a paper folded away, titled by its
        summary, when its links give no title of their own. The index after the paragraph, or None."""
        assert self.summary is not None
        summary, line = self.summary
        reading = read(Text(), [text, *parts], heading=summary)
        if reading is None or not (reading.arxiv or reading.url) or len(reading.title.split()) < 4:
            return None
        self.summary = None  # one paper a summary
        end = max([p.end] + [n.span()[1] for n in follow])
        self.cover(p.line, end)
        self.pop(self.stack[-1].level) if self.stack and self.stack[-1].level >= SUMMARY_LEVEL else None
        self.out.entries.append(self.listing(reading, line, self.last_line(p.line, end), line))
        return i + 1 + len(follow)

    def prose_mentions(self, p: Paragraph) -> bool:
        """A paragraph of prose that names several arXiv papers, each by a link (``we include ResNet-50 [1],
        ViT [2] …``): a list written as prose, each paper an entry titled by its link's text (doubtful). One
        mention alone is no list: the paragraph is reported as before."""
        if self.section is not None or self.in_introduction():
            return False
        text = self.inline(p.text)
        if len({lk.arxiv for lk in text.links if lk.arxiv and not lk.standalone}) < 2:
            return False
        found = self.mentions([(p.line, text)], set(), p.line)
        if len(found) < 2:
            return False
        self.cover(p.line, p.end)
        self.out.entries += found
        self.account_rest(p, {e.line for e in found})
        return True

    def account_rest(self, p: Paragraph, taken: set[int]) -> None:
        """The lines of a paragraph that no entry of it starts on, each as any paragraph's line."""
        for k, raw in enumerate(p.text.split("\n")):
            if p.line + k not in taken:
                self.account(p.line + k, raw, "paragraph")

    def field_list(self, node: _Node) -> bool:
        """A list whose items are each one field with a link (``- Paper: https://…``, ``- Code: …``), one a paper."""
        texts = [self.inline(b.text) for b in node.blocks() if isinstance(b, Item)]
        return bool(texts) and all(is_field_line(t) for t in texts) and any(_paper_link(t) for t in texts)

    def line_entries(self, text: Text, first: int) -> list[Listing]:
        """A paragraph of several lines that are each a paper (a title and a paper link): one entry a line."""
        if text.lines() < 2:
            return []
        by_line = text.by_line()
        with_papers = [k for k, t in by_line.items() if _paper_link(t)]
        if len(with_papers) < 2:
            return []
        out = []
        for k in with_papers:
            t = by_line[k]
            r = read(t)
            if r is None or r.source not in (QUOTED, LINKED, BOLD, PLAIN) or not self.starts_with_title(t, r):
                return []
            out.append(self.listing(r, first + k, first + k, first))
        return out

    def starts_with_title(self, text: Text, reading: Reading) -> bool:
        """The paragraph begins with its title (after a date or a venue): it is an entry, not prose."""
        segs = segments(text)
        title = reading.title
        for seg in segs:
            if seg.kind in ("break", "image", "code", "ins") or not seg.text.strip():
                continue
            shown = seg.text if seg.kind != "link" else text.label(text.links[seg.link])
            if title[:12] and title[:12] in " ".join(shown.split()):
                return True
            if seg.kind == "text" and _only_dates(seg.text):
                continue
            if seg.kind in ("bold", "em", "text") and is_venue_or_date(shown.strip(" ()[]")):
                continue
            if seg.kind == "link" and (is_label(shown) or text.links[seg.link].noise):
                continue
            return title.split(":")[0] in shown
        return False

    def paragraph(self, block: Item | Paragraph) -> None:
        """Prose, badges, or a CSV block: a header naming the columns, then a row a line."""
        csv_roles: dict[str, int] | None = None
        width = header = 0  # the CSV block's columns, and its header's line
        shown = _blank_comments(block.text).split("\n")
        for i, raw in enumerate(block.text.split("\n")):
            n = block.line + i
            seen = shown[i].strip() if i < len(shown) else ""
            if csv_roles is not None and seen:
                self.csv_row(n, seen, csv_roles, width, header)
            elif self.section is None and (found := _csv_header(seen)) is not None:
                (csv_roles, width), header = found, n
                if _holds_link(raw):
                    self.skip(n, raw, "a CSV header")
            else:
                self.account(n, raw, "paragraph")

    def csv_row(self, n: int, line: str, roles: dict[str, int], width: int, block: int) -> None:
        """A CSV row (line ``n``) of the block whose header, at line ``block``, names ``width`` columns."""
        try:
            cells = next(csv.reader([line]))
        except (csv.Error, StopIteration):
            cells = []
        if len(cells) != width:
            self.out.unreadable.append(Unreadable(n, line, f"a CSV row with {len(cells)} cells, not {width}"))
        else:
            got = row_entry(cells, roles, n, self.headings())
            if isinstance(got, Listing):
                got.block = block
            self.entry(got)

    def sweep(self) -> None:
        """Lines no block holds (link reference definitions, text nested too deep to read)."""
        for n, text in enumerate(self.lines, 1):
            if self.covered[n] or not _holds_link(text):
                continue
            if REFERENCE.match(text):
                self.skip(n, text, "a link reference definition")
            else:
                self.out.unreadable.append(Unreadable(n, text, "a line outside any block vla reads"))

    # -- the papers the file links only where no entry is ---------------------------------------------
    def the_lists_own(self, known: set[str]) -> None:
        """The arXiv papers the file links only in the parts about the list — its introduction, its News,
        a badge, its Citation — such as the survey the list comes with: entries too, with no category, where
        the file gives their title (the link's own text, a title the line names, or the citation the file
        gives for that arXiv ID in a code block); the others stay skipped lines. ``known``: the arXiv IDs
        of the entries, to which theirs are added."""
        candidates = [r for r in self.out.skipped
                      if r.why not in _NOT_ABOUT and (ARXIV_IN_TEXT.search(r.text) or "arxiv-" in r.text.lower())]
        if not candidates:
            return
        cited: dict[str, tuple[str, int]] | None = None
        taken: set[int] = set()  # the records (by id) that are entries now
        for record in candidates:
            shown = _blank_comments(record.text)
            text = from_html(shown) if shown.lstrip().startswith("<") else self.inline(shown)
            for lk in text.links:
                arxiv = lk.arxiv
                if not arxiv or arxiv in known:
                    continue
                title, source = _own_title(text, lk, arxiv)
                if not title:
                    if cited is None:
                        cited = self.cited()
                    title, at = cited.get(arxiv, ("", 0))
                    source = f"the citation at line {at}"
                if not title:
                    continue
                known.add(arxiv)
                taken.add(id(record))
                listing = Listing(line=record.line, title=title, arxiv=arxiv, end=record.end,
                                  notes=[f"{title!r} (arXiv {arxiv}), linked {_where(record.why)}, is filed in no "
                                         f"category (its title from {source})"])
                self.out.entries.append(listing)
        if taken:  # (parse_markdown puts the entries in the file's order)
            self.out.skipped = [r for r in self.out.skipped if id(r) not in taken]

    def cited(self) -> dict[str, tuple[str, int]]:
        """arXiv ID -> (title, line) of the BibTeX entries the file's fenced code gives (its Citation)."""
        from .bibtex import parse_bibtex

        out: dict[str, tuple[str, int]] = {}
        for line, code in self.citations:
            for e in parse_bibtex(code).entries:
                if e.arxiv and e.title and title_like(e.title):
                    out.setdefault(e.arxiv, (e.title, line + e.line))
        return out


# The skipped lines that are not about the list (a paper's link there is no paper of the list's parts).
_NOT_ABOUT = frozenset({"commented out", "in a code block", "a link reference definition"})


def _where(why: str) -> str:
    """Where a skipped line is, in words: "in a badge", "in the 'News' section", "in its introduction"."""
    return why if why.startswith("in ") else "in " + why.replace("the list's", "its")


def _own_title(text: Text, lk: TextLink, arxiv: str) -> tuple[str, str]:
    """The title a line about the list gives the paper ``lk`` links: the link's text, else the title the
    line names (quoted, bold or linked) when it is that paper's; with where it was found."""
    label = " ".join(text.label(lk).split()).strip(" .,;:()[]")
    if _a_title(label):
        return label, "its link's text"
    reading = read(text)
    if (reading is not None and reading.arxiv == arxiv and reading.source in (QUOTED, BOLD, LINKED)
            and _a_title(reading.title)):
        return reading.title, "the line's text"
    quoted = [inner.strip(" .,") for _, _, inner in quotations(text.text(), ANY_QUOTE_MARK)]
    quoted = [q for q in quoted if _a_title(q)]
    if len(quoted) == 1 and _papers([text]) == 1:
        return quoted[0], "the line's quoted text"
    return "", ""


def _a_title(text: str) -> bool:
    """A title, not a short name: three words or more that :func:`title_like` allows."""
    return len(text.split()) >= 3 and title_like(text)


def _wrap(item: _Node) -> _Node:
    node = _Node(Container("list", *item.span()), None)
    node.children = [item]
    return node


_MAY_LINK = re.compile(r"\]\(|\]\[|https?://|www\.|<a\s|\.(?:org|com|io)/", re.I)
PIPE = re.compile(r"(?<!\\)\|")


def _extra_cells(line: str, width: int) -> list[str]:
    """The cells of a pipe row past its header's (markdown-it keeps as many as the header has): a link
    written there still names the row's paper."""
    cells = [c.strip() for c in PIPE.split(line.strip())]
    if cells and cells[0] == "":
        cells = cells[1:]
    if cells and cells[-1] == "":
        cells = cells[:-1]
    return cells[width:] if len(cells) > width else []


def _papers(texts: list[Text]) -> int:
    """How many papers the texts link: distinct arXiv IDs, and paper links without one."""
    ids = {lk.arxiv for t in texts for lk in t.links if lk.arxiv}
    others = {lk.url for t in texts for lk in t.links if not lk.arxiv and lk.kind.kind == PAPER_KIND}
    return len(ids) + (len(others) if not ids else 0)


def _dated(body: str) -> bool:
    """An item without links that still reads as an entry: it gives a year (``Title, CoRL 2024``)."""
    return YEAR.search(body) is not None and parse_year(body) is not None and not ("#" in body and not
                                                                                    strip_markup(body))


def _only_dates(text: str) -> bool:
    t = text.strip(" ()[]·|,.:;-–—")
    return not t or (parse_year(t) is not None and len(t.split()) <= 3)


def _prose_after_links(text: Text) -> bool:
    """Words after the paragraph's last link that are no venue, date or label: prose that names a paper."""
    segs = segments(text)
    last = max((k for k, s in enumerate(segs) if s.kind == "link" and not text.links[s.link].noise), default=-1)
    if last < 0:
        return False
    tail = " ".join(s.text for s in segs[last + 1:] if s.kind in ("text", "bold", "em"))
    words = [w for w in re.findall(r"[^\W\d_]{2,}", tail)]
    return len(words) >= 2 and not _only_dates(tail) and parse_year(tail) is None
