"""An entry's text as runs and links: what the reader weighs, from Markdown's inline tokens or from HTML.

A :class:`Text` is the visible text of a paragraph, a list item, a table cell or a heading, cut into
:class:`Run` s that each carry their emphasis (bold, italic, code, ``<ins>``, ``<sub>``/``<sup>``), the link
whose label they are, whether they are an image's alt text, and the line they are on; and its
:class:`Link` s, each classified by its address (:func:`vlacli.core.links.classify`: a paper, code, a
project page …), with the images of its label (a badge's image may name the arXiv ID). Markdown is read
with markdown-it-py's inline parser (:func:`vlacli.formats.mdblocks.inline`), inline HTML and HTML blocks
with the standard library's :mod:`html.parser` (:class:`HtmlText`); both give the same runs, so a cell
``<td><a href=…><b>Title</b></a></td>`` reads as ``[**Title**](…)`` does. A bare address in the text is a
link without a label. Pure: no I/O, and nothing here raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from ...core.links import ANCHOR, MEDIA, NOISE, UrlKind, classify

STRONG, EM, CODE, INS, SMALL, IMAGE, URL, BREAK = 1, 2, 4, 8, 16, 32, 64, 128

ARXIV_MENTION = re.compile(r"\barXiv\s*:\s*(\d{4}\.\d{4,5}(?:v\d+)?)\b", re.I)
BARE_URL = re.compile(r"(?<![\w/.@-])(?:https?://|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]|"
                      r"(?<![\w/.@-])(?:https?://|www\.)[^\s<>\"'`.,;:!?)\]]+", re.I)
TAG = re.compile(r"<\s*(?P<close>/)?\s*(?P<name>[a-zA-Z][\w-]*)(?P<attrs>[^>]*)>", re.S)
ATTR = re.compile(r"(?P<name>[\w:-]+)\s*(?:=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?")

# What a tag does to the text inside it.
_TAG_MARKS = {"b": STRONG, "strong": STRONG, "i": EM, "em": EM, "cite": EM, "code": CODE, "tt": CODE, "ins": INS,
              "u": INS, "sub": SMALL, "sup": SMALL, "small": SMALL}
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
                     "details", "summary", "blockquote", "dd", "dt"})


@dataclass(slots=True)
class Run:
    text: str
    marks: int = 0  # STRONG | EM | CODE | INS | SMALL; IMAGE: an image's alt text; URL: a bare address; BREAK
    link: int = -1  # the index of the link it is (part of) the label of, else -1
    line: int = 0  # lines after the text's first


@dataclass(slots=True)
class Link:
    url: str
    kind: UrlKind
    first: int  # its label's first run
    stop: int = -1  # one past its label's last run
    line: int = 0
    images: list[str] = field(default_factory=list)  # the addresses of the images in its label
    bare: bool = False  # a bare address or an autolink: no label
    standalone: bool = False  # an image that is no link's label: its address is kept for the ID it may name

    @property
    def arxiv(self) -> str | None:
        """The arXiv ID the link names: its address's, else its label's image's (a badge)."""
        if self.kind.arxiv:
            return self.kind.arxiv
        for src in self.images:
            found = classify(src)
            if found.arxiv:
                return found.arxiv
        return None

    @property
    def noise(self) -> bool:
        return self.kind.kind in (NOISE, ANCHOR, MEDIA) and not self.arxiv


@dataclass
class Text:
    """A block's visible text, in runs, with its links (see the module's docstring)."""

    runs: list[Run] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    def text(self, first: int = 0, stop: int | None = None, *, images: bool = False, urls: bool = False) -> str:
        """The visible text of runs ``first`` to ``stop``, spaces collapsed: without images' alt texts and
        bare addresses unless asked for."""
        skip = (0 if images else IMAGE) | (0 if urls else URL)
        parts = [" " if r.marks & BREAK else r.text for r in self.runs[first:stop] if not r.marks & skip]
        return " ".join("".join(parts).split())

    def label(self, link: Link) -> str:
        return self.text(link.first, link.stop)

    def lines(self) -> int:
        return self.runs[-1].line + 1 if self.runs else 1

    def by_line(self) -> dict[int, Text]:
        """The text cut at its line breaks: each line's runs and links (a link's label keeps to its line)."""
        out: dict[int, Text] = {}
        index: dict[tuple[int, int], int] = {}  # (line, link) -> the link's index in that line's text
        for r in self.runs:
            if r.marks & BREAK:
                continue
            t = out.setdefault(r.line, Text())
            link = -1
            if r.link >= 0:
                lk = self.links[r.link]
                link = index.get((r.line, r.link), -1)
                if link < 0:
                    link = index[(r.line, r.link)] = len(t.links)
                    t.links.append(Link(lk.url, lk.kind, len(t.runs), len(t.runs) + 1, 0, list(lk.images), lk.bare,
                                        lk.standalone))
                t.links[link].stop = len(t.runs) + 1
            t.runs.append(Run(r.text, r.marks, link, 0))
        return out


_SCHEMELESS = re.compile(r"^(?:[\w-]+\.)+(?:org|com|net|io|ai|edu|cc|dev|app|me|info|gov|co|uk|cn|de|fr|jp)/", re.I)


def web_address(url: str) -> str:
    """A link's address as a paper keeps it: ``www.example.org`` and ``arxiv.org/abs/…`` (no scheme) are https
    addresses, and a backslash pasted before ``https://`` is no part of it."""
    url = url.strip()
    if url[:1] == "\\" and url[1:5].lower() == "http":
        url = url[1:]
    if url[:4].lower() == "www." or _SCHEMELESS.match(url):
        return "https://" + url
    return url


class _Builder:
    """Runs and links as tokens or tags arrive: the marks open, the link open, the line."""

    def __init__(self) -> None:
        self.out = Text()
        self.counts: dict[int, int] = {}
        self.open_links: list[int] = []  # indexes of the links open (-1: an <a> without href)
        self.line = 0

    @property
    def marks(self) -> int:
        return sum(mark for mark, n in self.counts.items() if n > 0)

    def mark(self, mark: int, on: bool) -> None:
        self.counts[mark] = max(0, self.counts.get(mark, 0) + (1 if on else -1))

    def link_index(self) -> int:
        return next((i for i in reversed(self.open_links) if i >= 0), -1)

    def text(self, text: str, extra: int = 0) -> None:
        if not text:
            return
        link = self.link_index()
        if link >= 0 or extra:
            self.out.runs.append(Run(text, self.marks | extra, link, self.line))
            return
        pos = 0
        found = sorted([(m.start(), m.end(), m.group(0)) for m in BARE_URL.finditer(text)]
                       + [(m.start(), m.end(), f"https://arxiv.org/abs/{m.group(1)}")
                          for m in ARXIV_MENTION.finditer(text)])
        for start, end, url in found:
            if start < pos:
                continue
            if start > pos:
                self.out.runs.append(Run(text[pos:start], self.marks, -1, self.line))
            self.bare(url, text[start:end])
            pos = end
        if pos < len(text):
            self.out.runs.append(Run(text[pos:], self.marks, -1, self.line))

    def bare(self, url: str, shown: str | None = None) -> None:
        """A bare address, or an ``arXiv:2101.00001`` mention: a link without a label."""
        address = web_address(url)
        index = len(self.out.links)
        self.out.links.append(Link(address, classify(address), len(self.out.runs), len(self.out.runs) + 1, self.line,
                                   bare=True))
        self.out.runs.append(Run(shown or url, self.marks | URL, index, self.line))

    def newline(self) -> None:
        self.out.runs.append(Run("\n", BREAK, -1, self.line))
        self.line += 1

    def space(self) -> None:
        if self.out.runs and not self.out.runs[-1].marks & BREAK:
            self.out.runs.append(Run("\n", BREAK, -1, self.line))

    def open_link(self, url: str | None) -> None:
        if not url:
            self.open_links.append(-1)
            return
        address = web_address(url)
        self.open_links.append(len(self.out.links))
        self.out.links.append(Link(address, classify(address), len(self.out.runs), -1, self.line))

    def close_link(self) -> None:
        if not self.open_links:
            return
        index = self.open_links.pop()
        if index >= 0:
            self.out.links[index].stop = len(self.out.runs)

    def image(self, src: str | None, alt: str) -> None:
        link = self.link_index()
        if src:
            if link >= 0:
                self.out.links[link].images.append(src)
            elif "arxiv" in src.lower():  # a badge that is no link: the ID it may name is kept
                self.out.links.append(Link(src, classify(src), len(self.out.runs), len(self.out.runs) + 1, self.line,
                                           [src], standalone=True))
                link = len(self.out.links) - 1
        self.out.runs.append(Run(alt or "", self.marks | IMAGE, link, self.line))

    def tag(self, name: str, attrs: dict[str, str | None], closing: bool) -> None:
        """An HTML tag's effect on the runs (its name and its attributes' names in lower case)."""
        if name == "a":
            self.close_link() if closing else self.open_link(attrs.get("href"))
        elif name == "img" and not closing:
            self.image(attrs.get("src"), attrs.get("alt") or "")
        elif name in _TAG_MARKS:
            self.mark(_TAG_MARKS[name], not closing)
        elif name == "br":
            self.newline()
        elif name in _BREAKS:
            self.space()

    def finish(self) -> Text:
        while self.open_links:
            self.close_link()
        for lk in self.out.links:
            if lk.stop < 0:
                lk.stop = len(self.out.runs)
        return self.out


def _attrs(text: str) -> dict[str, str | None]:
    return {m["name"].lower(): m["dq"] if m["dq"] is not None else m["sq"] if m["sq"] is not None else m["bare"]
            for m in ATTR.finditer(text)}


_BLOCK_MARKS = {"strong_open": (STRONG, True), "strong_close": (STRONG, False), "em_open": (EM, True),
                "em_close": (EM, False), "s_open": (0, True), "s_close": (0, False)}


def from_tokens(tokens: list[Any]) -> Text:
    """A :class:`Text` from markdown-it's inline tokens (:func:`vlacli.formats.mdblocks.inline`)."""
    b = _Builder()
    for tok in tokens:
        kind = tok.type
        if kind == "text":
            b.text(tok.content)
        elif kind in ("softbreak", "hardbreak"):
            b.newline()
        elif kind in _BLOCK_MARKS:
            mark, on = _BLOCK_MARKS[kind]
            if mark:
                b.mark(mark, on)
        elif kind == "link_open":
            b.open_link(tok.attrs.get("href") if tok.attrs else None)
        elif kind == "link_close":
            b.close_link()
        elif kind == "image":
            b.image(str(tok.attrs.get("src") or "") if tok.attrs else "", tok.content or "")
        elif kind == "code_inline":
            b.text(tok.content, CODE)
        elif kind == "html_inline":
            m = TAG.match(tok.content)
            if m is not None:
                b.tag(m["name"].lower(), _attrs(m["attrs"]), bool(m["close"]))
        else:  # anything else markdown-it adds: its text, if it has some
            b.text(getattr(tok, "content", "") or "")
    return b.finish()


def from_markdown(text: str, references: dict[str, Any] | None = None) -> Text:
    """A :class:`Text` from a block's Markdown source."""
    from ..mdblocks import inline

    return from_tokens(inline(text, references))


class HtmlText(HTMLParser):
    """HTML into a :class:`Text`: links, images, emphasis and line breaks as the Markdown reader gives them.
    ``line`` follows the source's lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = _Builder()
        self._last_line = 1

    def _at(self) -> None:
        line = self.getpos()[0]
        while self._last_line < line:
            self.builder.line += 1
            self._last_line += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._at()
        self.builder.tag(tag, dict(attrs), False)  # html.parser gives names in lower case

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br/>, <img …/>: nothing to close

    def handle_endtag(self, tag: str) -> None:
        self._at()
        self.builder.tag(tag, {}, True)

    def handle_data(self, data: str) -> None:
        self._at()
        self.builder.text(data.replace("\n", " "))

    def result(self) -> Text:
        self.close()
        return self.builder.finish()


def from_html(text: str) -> Text:
    """A :class:`Text` from an HTML fragment (a table cell's, a list item's)."""
    parser = HtmlText()
    parser.feed(text)
    return parser.result()
