"""One entry of an awesome list read by evidence: its title, links, venue, year and authors.

An entry is the text of a list item (its lines, and its sub-items when they hold its links or authors),
a table row's title cell, a paragraph, or a heading with its section (:mod:`.markdown` says which). Its
text comes as runs and links (:mod:`.inline`); this module weighs them:

- **links by their address** (:func:`vlacli.core.links.classify`): the paper's (an arXiv ID, also from a
  badge's image; else a DOI, OpenReview, proceedings …), the code's, the project page's; badges, stars and
  social links are noise, whatever their label says;
- **the title**, among the entry's phrases: quoted text (``"Title"``), a link's text that is no label
  (``[Title](…)``, ``[**Title**](…)``), bold text (``**Title**``), the plain text before the authors, the
  venue or the links, the heading of a section that holds one paper. Never an image's alt text, a label of
  the closed list (``Paper``, ``link``, ``📄 Paper``, ``[[Code]]``), a venue or a date (``ICLR 2018``,
  ``2023``), an address or a number. A short bold name before a title (``**RT-2**: "…"``) is a nickname; a
  short name is the title only when nothing better is there, and then it is doubtful (:attr:`Reading.doubt`);
- **the venue and year** where lists put them: ``<ins>…</ins>``, italics, `` `2025-06` ``, parentheses,
  a bracketed date (``[2023/09]``), the paper link's label (``[[NeurIPS](…)]``, ``[[CVPR2023]](…)``),
  ``Venue'24``, the text after the title (``, ICRA, 2023.``), a sub-item (``📅 Date: …``, ``📑 Publisher: …``);
- **the authors**, when the entry lists them as names (``*Jun Wu, Jingrui He.*``, ``**Authors**: …``, a
  sub-item of names).

Pure: no I/O, never raises on any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...core.links import CODE as CODE_KIND
from ...core.links import OTHER, PAPER, WEBSITE
from ...core.paper import is_web_url
from ...core.years import full_year
from .inline import BREAK, CODE, EM, IMAGE, INS, STRONG, URL, Link, Text
from .phrases import (
    CODE_WORDS,
    EMOJI,
    PAPER_WORDS,
    SHORTCODE,
    WEBSITE_WORDS,
    clean_names,
    fold,
    is_label,
    is_venue_or_date,
    known_venue,
    names,
    parse_year,
    split_venue,
    title_like,
    venue_year,
)

# Where a title came from, best first.
QUOTED, LINKED, BOLD, PLAIN, HEADING, ITALIC, SHORT = "quoted", "linked", "bold", "plain", "heading", "italic", "short"

QUOTE_MARK = re.compile(r"[\"“”«»]")
ANY_QUOTE_MARK = re.compile(r"[\"“”«»'‘’]")  # single quotes too, where apostrophes cannot mislead (a line's one title)


def quotations(text: str, marks: re.Pattern[str] = QUOTE_MARK) -> list[tuple[int, int, str]]:
    """The quoted phrases of a text, as (start, end, inner), outermost only: a quote mark after a space (or at
    the start) and before a letter opens, one after a letter and before a space, punctuation or the end
    closes, and they pair as brackets do — so ``"Advance the "Edge" of …"`` is one quotation."""
    out: list[tuple[int, int, str]] = []
    opened: list[int] = []
    for m in marks.finditer(text):
        a = m.start()
        before, after = text[a - 1:a], text[a + 1:a + 2]
        opens = (not before or before.isspace() or before in "([*_:—–-") and bool(after) and not after.isspace()
        closes = bool(before) and not before.isspace() and (not after or after.isspace() or after in ",.;:)]*!?|")
        if opens and not closes:
            opened.append(a)
        elif closes and opened:
            start = opened.pop()
            if not opened and a - start - 1 >= 6:
                out.append((start, a + 1, text[start + 1:a]))
    return out

PREFIX = re.compile(
    r"^\s*(?:(?:\d{1,4}[.)]|\[\d{1,4}\]|[-*+•·|:;,.–—\])]+)\s+|"  # numbering, separators, a stray "]" or ")"
    r"\[[^\[\]]{1,30}\]\s*|\([^()]{1,30}\)\s*|【[^【】]{1,30}】\s*|"  # a bracketed or parenthesised date or venue
    r"(?:\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?|\d{2}\.\d{2}(?:\.\d{2})?)\s*[:,.|·-]?\s+)")
TRAILING_PARENS = re.compile(r"\s*\((?P<t>[^()]*)\)\s*[.,;]?\s*$")
PIECES = re.compile(r"(?<=[^\s]{2})[,;]\s+|(?<=[^\s.]{2})\.\s+|(?<=\w)\s*[|·]\s*|\s+[-–—]\s+")
MAX_CANDIDATES = 200
MAX_SEGMENTS = 2000  # read of an entry's text: its first phrases (a title, its links, its venue) and no more
SHORT_WORDS = 3
SHORT_CHARS = 40
FIELD_LABEL = re.compile(r"^\W*(?P<label>[A-Za-z][A-Za-z /-]{0,30}?)\s*[:：]\s*(?P<rest>.*)$", re.S)
DATE_LABELS = frozenset({"date", "publish date", "published", "publication date", "time", "release date",
                         "released", "year"})
VENUE_LABELS = frozenset({"publisher", "venue", "conference", "journal", "published in", "publication", "pub"})
AUTHOR_LABELS = frozenset({"authors", "author", "by"})



@dataclass
class Seg:
    kind: str  # "link", "bold", "em", "code", "ins", "text", "image", "url", "break"
    text: str
    link: int = -1


@dataclass
class Reading:
    """What one entry's text says (see the module's docstring)."""

    title: str = ""
    source: str = ""  # QUOTED, LINKED, BOLD, PLAIN, HEADING, ITALIC or SHORT
    arxiv: str | None = None
    url: str | None = None
    website: str | None = None
    code: str | None = None
    venue: str | None = None
    year: int | None = None
    authors: list[str] = field(default_factory=list)
    doubt: str | None = None
    alone: bool = False  # the title is a short name with nothing beside it: its block decides (bold_titles)
    nickname: str | None = None
    other_arxiv: list[str] = field(default_factory=list)  # the entry's other arXiv links, after ``arxiv``


def segments(text: Text) -> list[Seg]:
    """The text cut where its kind changes: a link's label, bold, italic, code, ``<ins>``, an image …"""
    out: list[Seg] = []
    for run in text.runs:
        if run.link >= 0:
            kind = "link"
        elif run.marks & BREAK:
            kind = "break"
        elif run.marks & IMAGE:
            kind = "image"
        elif run.marks & URL:
            kind = "url"
        elif run.marks & CODE:
            kind = "code"
        elif run.marks & INS:
            kind = "ins"
        elif run.marks & STRONG:
            kind = "bold"
        elif run.marks & EM:
            kind = "em"
        else:
            kind = "text"  # <sup>/<sub> are part of the words ("S<sup>2</sup>-MLP")
        last = out[-1] if out else None
        if last is not None and last.kind == kind and kind != "break" and last.link == run.link:
            last.text += run.text
        else:
            out.append(Seg(kind, run.text, run.link))
    for seg in out:
        if seg.kind not in ("link", "image"):
            seg.text = " ".join(seg.text.split())
    return out


@dataclass
class _Candidate:
    source: str
    text: str
    at: int  # the index of its segment
    link: Link | None = None
    nick: bool = False


_ICON = rf"(?:{EMOJI.pattern}|{SHORTCODE.pattern})"
_DECORATION = re.compile(rf"^(?:\s*{_ICON})+\s*|(?:\s*{_ICON})+\s*$")


WRAPPED = re.compile(r'^[\"“](?P<t>[^\"“”]+)[\"”][.,]?$')  # **"Title."**: the quotes are no part of it


def _clean_title(text: str) -> str:
    t = " ".join(text.split())
    t = _DECORATION.sub("", t)  # "🔥 Title", "Title :star:"
    m = WRAPPED.match(t)
    if m:
        t = m["t"]
    t = t.strip(" .,;:·|[]{}*_-–—")
    if t.startswith(("(", "（")) and t.endswith((")", "）")) and t.count("(") == 1:
        t = t[1:-1].strip()
    if t.count("(") < t.count(")") and t.endswith(")"):
        t = t[:-1].rstrip()
    if t.count("(") > t.count(")") and t.rstrip().endswith("("):
        t = t.rstrip()[:-1].rstrip()
    return t.strip(" .,;:·|")


def _is_short(text: str) -> bool:
    return len(text.split()) <= SHORT_WORDS and len(text) <= SHORT_CHARS and ":" not in text.rstrip(": ")


class _Evidence:
    """Venues, years and authors as the entry's phrases give them, by how sure each kind is."""

    ORDER = ("ins", "em", "code", "paren", "label", "prefix", "tail", "part", "heading")

    def __init__(self) -> None:
        self.found: list[tuple[str, str | None, int | None]] = []
        self.authors: list[str] | None = None

    def add(self, kind: str, venue: str | None, year: int | None) -> None:
        if venue is not None or year is not None:
            self.found.append((kind, venue, year))

    def phrase(self, kind: str, text: str, *, strict: bool = True, acronym: bool = False) -> bool:
        """A venue-or-date phrase (``CoRL, Jul 2023``): noted, True; else False. Not ``strict``: any phrase
        with a year (``split_venue``'s reading, as the old bullet reader took them)."""
        if strict:
            got = venue_year(text, acronym=acronym)
            if got is None:
                return False
            self.add(kind, *got)
            return True
        venue, year = split_venue(text)
        if year is None:
            return False
        self.add(kind, venue, year)
        return True

    def venue_and_year(self) -> tuple[str | None, int | None]:
        rank = {k: i for i, k in enumerate(self.ORDER)}
        ordered = sorted(self.found, key=lambda f: rank.get(f[0], len(rank)))
        for _, venue, year in ordered:
            if year is not None:
                if venue is None:  # a date alone: a venue given with no date elsewhere goes with it
                    venue = next((v for k, v, y in ordered if v is not None and y is None and k != "heading"), None)
                return venue, year
        venue = next((v for _, v, _ in ordered if v is not None), None)
        return venue, None


def read(text: Text, parts: list[Text] | None = None, heading: Text | None = None) -> Reading | None:
    """The entry ``text`` is (with the ``parts`` that belong to it: sub-items, more paragraphs), or None
    when it holds no title at all. ``heading``: the heading of a section that holds this one paper."""
    parts = parts or []
    segs = segments(text)[:MAX_SEGMENTS]
    ev = _Evidence()
    got = Reading()
    _links(got, text, parts, heading)
    cands = _candidates(text, segs, ev, got)
    for part in parts:
        _part(part, ev)
    title = _choose(cands, text, segs, got)
    if title is None and heading is not None:
        head = _heading_title(heading, ev)
        if head:
            title = _Candidate(HEADING, head, -1)
    if title is None:
        return None
    got.title, got.source = title.text, title.source
    if (title.link is not None and got.url is None and not got.arxiv and title.link.kind.kind in (OTHER, WEBSITE)
            and is_web_url(title.link.url)):
        got.url = title.link.url  # a paper without a paper link: its title's link is its page
        if got.website == got.url:
            got.website = None
    if heading is not None and title.source != HEADING:
        _heading_title(heading, ev)
    got.venue, got.year = ev.venue_and_year()
    got.authors = clean_names(ev.authors) if ev.authors else []
    if title.source == SHORT or (len(got.title.split()) == 1 and title.source != QUOTED):
        got.doubt = f"title {got.title!r} taken from a short name"
    return got


# -- links ---------------------------------------------------------------------------------------------
def _links(got: Reading, text: Text, parts: list[Text], heading: Text | None) -> None:
    """The paper's arXiv ID and link, its code and its project page, by address; the first of each."""
    texts = ([heading] if heading is not None else []) + [text, *parts]
    for t in texts:
        for lk in t.links:
            if not is_web_url(lk.url):
                continue
            arxiv = lk.arxiv
            if arxiv and got.arxiv is None:
                got.arxiv = arxiv
                continue
            if arxiv:
                if arxiv != got.arxiv and arxiv not in got.other_arxiv:
                    got.other_arxiv.append(arxiv)
                continue
            kind = lk.kind.kind
            if kind == PAPER and not arxiv:
                if got.url is None:
                    got.url = lk.url  # a DOI too stays a link: a README's copied link is no identity
            elif kind == CODE_KIND and got.code is None:
                got.code = lk.url
            elif got.website is None and (kind == WEBSITE or (kind == OTHER and _website_label(t.label(lk)))):
                got.website = lk.url
            elif kind == OTHER and got.code is None and _code_label(t.label(lk)):
                got.code = lk.url
            elif kind == OTHER and got.url is None and fold(t.label(lk)) in PAPER_WORDS:
                got.url = lk.url  # "[[link]](https://…)", "[paper](…)": the paper's page, wherever it is
    if got.arxiv:
        got.url = None


def _website_label(label: str) -> bool:
    return "🌐" in label or fold(label) in WEBSITE_WORDS


def _code_label(label: str) -> bool:
    return "💻" in label or fold(label) in CODE_WORDS


# -- phrases -------------------------------------------------------------------------------------------
def _candidates(text: Text, segs: list[Seg], ev: _Evidence, got: Reading) -> list[_Candidate]:
    out: list[_Candidate] = []
    seen_links: set[int] = set()
    for i, seg in enumerate(segs):
        kind = seg.kind
        if kind == "link":
            if seg.link in seen_links:
                continue
            seen_links.add(seg.link)
            lk = text.links[seg.link]
            if lk.bare or lk.standalone or lk.noise:
                continue
            label = _clean_title(text.label(lk))
            if not label:
                continue
            label_word = is_label(label)
            if label_word and not known_venue(re.sub(r"[\d'’\s-]+$", "", label)):
                continue  # [[PUB](…)], [[PDF](…)]: what the link is, not where the paper appeared
            if lk.kind.kind == PAPER and ev.phrase("label", label, acronym=not _is_title_case_word(label)):
                continue
            if label_word:
                continue
            if not title_like(label):
                ev.phrase("label", label)
                continue
            bold = any(r.marks & STRONG for r in text.runs[lk.first:lk.stop])
            head = _split_parens(label, ev)
            source = LINKED
            if lk.kind.kind == CODE_KIND and not bold and len(head.split()) < 4:
                source = SHORT  # the name of a repository or a dataset, not yet a title
            out.append(_Candidate(source, head or label, i, lk))
        elif kind == "bold":
            phrase = _clean_title(_strip_prefix(seg.text, ev))  # "**(Arxiv 24.01.17) Title**"
            if not phrase or ev.phrase("prefix", phrase) or is_label(phrase):
                if fold(phrase) in AUTHOR_LABELS:
                    _authors_after(segs, i, ev)
                continue
            if title_like(phrase):
                out.append(_Candidate(BOLD, phrase, i))
        elif kind == "em":
            phrase = seg.text.strip()
            found = names(phrase, loose=True)
            if found is not None:
                ev.authors = ev.authors or found
                continue
            tail = re.split(r"(?<=et al\.)\s+|(?<=et al)\.\s+", phrase)
            if len(tail) == 2 and names(tail[0], loose=True) is not None:
                ev.authors = ev.authors or names(tail[0], loose=True)
                if not ev.phrase("em", tail[1]):
                    ev.add("em", _venue_only(tail[1]), None)
                continue
            if ev.phrase("em", phrase, strict=False) or ev.phrase("em", phrase):
                continue
            if title_like(phrase) and len(phrase.split()) >= 3:
                out.append(_Candidate(ITALIC, _clean_title(phrase), i))
        elif kind == "ins":
            ev.phrase("ins", seg.text, strict=False) or ev.phrase("ins", seg.text)
        elif kind == "code":
            ev.phrase("code", seg.text, strict=False)
        elif kind == "text":
            for _, _, inner in quotations(seg.text):
                inner = inner.strip(" .,")
                if len(inner.split()) >= 2 and title_like(inner):
                    out.append(_Candidate(QUOTED, inner, i))
    out += _plain(segs, ev)
    out.sort(key=lambda c: (c.at, c.source != QUOTED))
    del out[MAX_CANDIDATES:]  # a title comes early: an entry of 500 KB is weighed by its first phrases
    _nicknames(out, segs)
    return out


def _is_title_case_word(text: str) -> bool:
    """``BERT``, ``GPT-4`` could be a paper's short name; ``ACM-BCB`` on a paper link is read as its venue
    only when it is one upper-case word of letters (a short name usually has lower case or digits)."""
    return not re.fullmatch(r"[A-Z]{2,8}(?:-[A-Z]{2,8})?", text.strip())


def _venue_only(text: str) -> str | None:
    t = text.strip(" .,;")
    return t if t and is_venue_or_date(t + " 2000") and len(t) <= 40 else None


def _split_parens(label: str, ev: _Evidence) -> str:
    """``Ghost (Li et al., 2020)`` -> ``Ghost``, the authors and the year noted."""
    m = TRAILING_PARENS.search(label)
    if m is None:
        return label
    inner = m["t"]
    pieces = [p.strip() for p in inner.split(",")]
    found = False
    if pieces and names(pieces[0]) is not None and len(pieces) > 1:
        ev.authors = ev.authors or names(pieces[0])
        found = ev.phrase("paren", ", ".join(pieces[1:]))
    else:
        found = ev.phrase("paren", inner)
    head = label[:m.start()].strip()
    if not found or sum(ch.isalpha() for ch in head) < 3:
        return label  # "IR (Wang et al., 2021)": a name too short to tell the paper keeps its authors
    return head


def _authors_after(segs: list[Seg], i: int, ev: _Evidence) -> None:
    for seg in segs[i + 1:]:
        if seg.kind == "break":
            return
        if seg.kind in ("text", "em") and seg.text.strip(" :："):
            found = names(seg.text.strip(" :："), loose=True)
            if found is not None and not ev.authors:
                ev.authors = found
            return


def _plain(segs: list[Seg], ev: _Evidence) -> list[_Candidate]:
    """The stretches of plain text (between links, emphasis, code and line breaks), each cleaned of the
    dates and venues before and after it; those that can be titles are candidates."""
    out: list[_Candidate] = []
    i, n = 0, len(segs)
    while i < n:
        if segs[i].kind != "text":
            i += 1
            continue
        j = i
        parts = []
        while j < n and segs[j].kind == "text":
            parts.append(segs[j].text)
            j += 1
        phrase = " ".join(" ".join(parts).split())
        cleaned = _strip_dates(phrase, ev)
        quotes = quotations(phrase)
        quoted = any(len(inner.split()) >= 2 and title_like(inner) for _, _, inner in quotes)
        if cleaned and not quoted:
            found = names(cleaned)
            if found is not None and len(found) >= 2:
                ev.authors = ev.authors or found
            elif title_like(cleaned):
                out.append(_Candidate(PLAIN, cleaned, i))
            else:
                ev.phrase("tail", cleaned) or ev.phrase("tail", cleaned, strict=False)
        elif cleaned:
            for a, b, _ in reversed(quotes):
                phrase = phrase[:a] + " " + phrase[b:]
            _strip_dates(phrase, ev)
        i = j
    return out


def _strip_dates(phrase: str, ev: _Evidence) -> str:
    """A plain stretch without what surrounds its title: numbering, separators, a leading date or venue
    (``[2023/09]``, ``(Arxiv 24.03.08)``, ``2019.09``), trailing venues and dates (``, ICRA, 2023.``,
    ``(CoRL 2024)``, ``. May 17th 2024.``)."""
    t = _strip_prefix(phrase, ev)
    return _strip_suffix(t, ev)


def _strip_prefix(phrase: str, ev: _Evidence) -> str:
    """A phrase without the numbering, separators, dates and venues before its title."""
    t = phrase.strip()
    for _ in range(4):
        m = PREFIX.match(t)
        if m is None:
            break
        bracketed = m.group(0).lstrip()[:1] in "[(【"
        token = m.group(0).strip(" []()【】")
        if not bracketed and (re.fullmatch(r"\d{1,4}[.)]?", token) or not token.strip("-*+•·|:;,.–—]) ")):
            t = t[m.end():]  # "1.", "-", a stray "]"
            continue
        if ev.phrase("prefix", token) or ev.phrase("prefix", token, strict=False):
            t = t[m.end():]
            continue
        if bracketed and token.lower() in ("", "x"):
            t = t[m.end():]  # a task list's box: "[x] Title", "[ ] Title"
            continue
        if bracketed and re.search(r"\d|:[a-z_]+:|[^\w\s]", token) and not re.search(
                r"[^\W\d_]{3,}", SHORTCODE.sub(" ", token)):
            t = t[m.end():]  # "[1.8k:fire:]", "[★ 330]": a count, not a word of the title ("(FL)" is one)
            continue
        break
    return t


def _strip_suffix(t: str, ev: _Evidence) -> str:
    """A phrase without the venues, dates and authors after its title."""
    t = t.strip(" ·|:;,–—-").rstrip("[( ")  # "Title. [" before "[[paper](…)]"
    # Parentheses that hold a year or a venue: "(CoRL 2024)", "(Nov. 27, 2024)".
    for m in list(re.finditer(r"\(([^()]*)\)", t))[::-1]:
        inner = m.group(1)
        if ev.phrase("paren", inner, strict=False) or ev.phrase("paren", inner):
            t = (t[:m.start()] + t[m.end():]).strip()
    # Venues and dates after the title, piece by piece from the end: ", ECCV, 2016.", ". KDD 2019."
    for _ in range(4):
        pieces = list(PIECES.finditer(t))
        if not pieces:
            break
        last = pieces[-1]
        tail = t[last.end():].strip(" .,;[]()")
        if tail and (ev.phrase("tail", tail) or (ev.phrase("tail", tail, strict=False) and len(tail) <= 40)):
            t = t[:last.start()].rstrip()
            continue
        if not tail:
            t = t[:last.start()].rstrip()
            continue
        break
    short = re.search(r"\s+(?P<v>[A-Za-z][\w-]*'\d{2}|'\d{2})\.?$", t)  # "Title, Venue'24" without a comma
    if short and ev.phrase("tail", short["v"]):
        t = t[:short.start()]
    sentences = re.split(r"(?<=[^\s.]{2})\.\s+", t)  # "Title. Ashish Vaswani, Noam Shazeer": the authors after it
    if len(sentences) >= 2 and (found := names(sentences[-1].strip(" ."))) is not None:
        ev.authors = ev.authors or found
        t = ". ".join(sentences[:-1])
    else:
        sentences = re.split(r"(?<=\bal)\.\s+|(?<=[^\s.]{2})\.\s+", t)  # "Smith et al. Title": before it
        if len(sentences) >= 2 and (found := names(sentences[0].strip(" ."))) is not None:
            ev.authors = ev.authors or found
            t = ". ".join(sentences[1:])
    return _clean_title(t)


def _nicknames(cands: list[_Candidate], segs: list[Seg]) -> None:
    """A short bold name (or a repository's name) before another title on its line is a nickname."""
    line_of = []  # each segment's line: the breaks before it
    breaks = 0
    for seg in segs:
        line_of.append(breaks)
        breaks += seg.kind == "break"
    later: _Candidate | None = None  # the nearest longer title after the candidate at hand
    for c in reversed(cands):
        if (c.source in (BOLD, SHORT) and _is_short(c.text) and later is not None and later.at > c.at
                and line_of[later.at] == line_of[c.at]):
            c.nick = True
        if c.source in (QUOTED, LINKED, PLAIN) and not _is_short(c.text):
            later = c


def _choose(cands: list[_Candidate], text: Text, segs: list[Seg], got: Reading) -> _Candidate | None:
    def first(*sources: str, long: bool = False) -> _Candidate | None:
        for c in cands:
            if c.source in sources and not c.nick and (not long or not _is_short(c.text)):
                return c
        return None

    quoted = first(QUOTED)
    if quoted is not None and not _inside(quoted, cands):
        return _with_nickname(quoted, cands, got)
    linked = first(LINKED)
    before = first(PLAIN, long=True)
    if linked is not None and before is not None and before.at < linked.at and not _is_short(linked.text):
        # "Title [Journal of Things](…)": the title comes first; the link's text names where it appeared.
        if _nick_before(before, cands, segs) is None and _described(before, cands, segs) is None:
            return _with_nickname(before, cands, got)
    if linked is not None:
        strong = [c for c in cands if c.source == LINKED and not c.nick and c.link is not None
                  and any(r.marks & STRONG for r in text.runs[c.link.first:c.link.stop])]
        chosen = strong[0] if strong else linked
        if not _is_short(chosen.text) or not first(BOLD, PLAIN, long=True):
            return _with_nickname(chosen, cands, got)
    bold = first(BOLD, long=True)
    if bold is not None:
        return bold
    plain = first(PLAIN, long=True)
    if plain is not None and (name := _described(plain, cands, segs)) is not None:
        return name  # "[MixEval](…) - a dynamic benchmark …": the name, then what it is
    if plain is not None:
        nick = _nick_before(plain, cands, segs)
        if nick is not None:
            got.nickname = nick.text
            return _Candidate(PLAIN, f"{nick.text}: {plain.text}", plain.at)
        return _with_nickname(plain, cands, got)
    for source in (LINKED, PLAIN):
        c = first(source)
        if c is not None:
            return c
    bold = next((c for c in cands if c.source == BOLD and not c.nick and " " in c.text.strip()), None)
    if bold is not None:
        return bold  # a short title in bold ("Consistency Models"); one word alone is a name (below)
    italic = first(ITALIC)
    if italic is not None:
        return italic
    short = next((c for c in cands if c.source in (BOLD, SHORT)), None)
    if short is not None:
        got.alone = short.source == BOLD and not any(c.source in (PLAIN, QUOTED, LINKED) for c in cands)
        return _Candidate(SHORT, short.text, short.at, short.link)
    return None


DESCRIBES = re.compile(r"^\s*(?:[-–—]|:(?=\s))\s*")


def _described(plain: _Candidate, cands: list[_Candidate], segs: list[Seg]) -> _Candidate | None:
    """A linked name that opens the entry, then a dash and what the thing is (``[Name](…) - a toolkit for …``):
    the name is the title, the rest is a description — when the entry links no paper."""
    name = next((c for c in cands if c.source in (LINKED, SHORT) and c.link is not None and c.at < plain.at), None)
    if name is None or name.link is None or name.link.arxiv or name.link.kind.kind == PAPER:
        return None
    if any(s.kind not in ("link", "text", "break", "image") for s in segs[:name.at]):
        return None
    if not DESCRIBES.match(segs[plain.at].text) or plain.at != name.at + 1:
        return None
    return _Candidate(SHORT if _is_short(name.text) and " " not in name.text else LINKED, name.text, name.at,
                      name.link)


def _inside(quoted: _Candidate, cands: list[_Candidate]) -> bool:
    """A quotation inside a longer linked or bold title is part of it."""
    return any(c.source in (LINKED, BOLD) and quoted.text in c.text and len(c.text) > len(quoted.text) + 4
               for c in cands)


def _nick_before(plain: _Candidate, cands: list[_Candidate], segs: list[Seg]) -> _Candidate | None:
    """``**Movie Gen**: A Cast of Media Foundation Models``: the bold name begins the title."""
    for c in cands:
        if c.nick and c.source == BOLD and c.at < plain.at:
            between = "".join(s.text for s in segs[c.at + 1:plain.at])
            rest = segs[plain.at].text.lstrip()
            if between.strip() == "" and rest.startswith((":", "：")):
                return c
    return None


def _with_nickname(chosen: _Candidate, cands: list[_Candidate], got: Reading) -> _Candidate:
    nick = next((c for c in cands if c.nick and c.at < chosen.at), None)
    if nick is not None:
        got.nickname = nick.text
    return chosen


# -- sub-items, further paragraphs, headings ------------------------------------------------------------
def _part(part: Text, ev: _Evidence) -> None:
    """What a sub-item or a further line of the entry adds: a date, a venue, the authors."""
    plain = part.text()
    m = FIELD_LABEL.match(plain)
    if m is not None:
        label = fold(m["label"])
        rest = m["rest"].strip()
        if label in DATE_LABELS:
            year = parse_year(rest) or _short_date_year(rest)
            ev.add("part", None, year)
            return
        if label in VENUE_LABELS:
            got = venue_year(rest, acronym=True)  # "📑 Publisher: arXiv" (not "Publisher: Stanford University")
            if got is not None:
                ev.add("part", *got)
            return
        if label in AUTHOR_LABELS:
            found = names(rest, loose=True)
            if found is not None and not ev.authors:
                ev.authors = found
            return
        return
    segs = segments(part)
    for seg in segs:
        if seg.kind in ("em", "text") and seg.text.strip():
            found = names(seg.text, loose=seg.kind == "em")
            if found is not None and not ev.authors and (seg.kind == "em" or len(found) >= 2):
                ev.authors = found
                continue
            if seg.kind == "em":
                ev.phrase("part", seg.text, strict=False)
            elif seg.kind == "text":
                ev.phrase("part", seg.text.strip(" .,;"))
        elif seg.kind in ("ins", "code"):
            ev.phrase("part", seg.text, strict=False)


def _short_date_year(text: str) -> int | None:
    m = re.match(r"\s*(\d{2})[./-]\d{2}", text)
    return full_year(int(m.group(1))) if m else None


_HEADING_PREFIX = re.compile(r"^\s*(?:\d+(?:\.\d+)*(?:[.)]\s*|\s+)|[IVX]+\.\s+)")


def _heading_title(heading: Text, ev: _Evidence) -> str:
    """A heading as a title: its numbering (``12.``) and its venue (``[NeurIPS '24]``) noted and gone."""
    t = _HEADING_PREFIX.sub("", heading.text(), count=1)
    for _ in range(2):
        m = re.match(r"^\s*[\[(](?P<v>[^\[\]()]{1,40})[\])]\s*", t)
        if m and (ev.phrase("heading", m["v"]) or ev.phrase("heading", m["v"], strict=False)):
            t = t[m.end():]
    t = _HEADING_PREFIX.sub("", t, count=1)
    m = TRAILING_PARENS.search(t)  # "Title (ICML 2021)"
    if m and (ev.phrase("heading", m["t"]) or ev.phrase("heading", m["t"], strict=False)):
        t = t[:m.start()]
    t = _clean_title(t)
    return t if title_like(t) else ""


def bold_titles(readings: list[Reading]) -> bool | None:
    """Whether a block's entries use bold text as their titles (``* **Title**, venue, year.``): then a
    short bold name alone is a title there (``* **K-EQA**, 2023.``); where they use it for nicknames
    (``* **RT-2**: "Title"``), a bold name alone is a nickname whose title is missing. None when the block
    says neither (its document decides)."""
    if any(r.nickname for r in readings):
        return False
    if any(r.source == BOLD and not r.alone for r in readings):
        return True
    return None
