"""What a URL is, in one place: a paper, code, a project page, a video, or noise (badges, stars, social
links) — and the code and project links of a paper's arXiv comment and abstract. Pure.

**By its address, never its label** (:func:`classify`): a README's ``[NeurIPS](https://arxiv.org/abs/…)``
is a paper, ``[Paper](https://github.com/…)`` is code. A **paper** is an arXiv abstract, PDF or HTML page
in any form (``www.``, ``export.``, ``browse.``, no scheme, ``vN``, ``.pdf``, ar5iv, alphaXiv, Hugging Face's
paper pages), a shields.io arXiv badge (``img.shields.io/badge/arXiv-2405.15223-b31b1b.svg``: the ID is in
the image), a DOI, OpenReview, the ACL Anthology, CVF's open access, IEEE Xplore, the ACM Digital Library,
Springer and Nature, NeurIPS, PMLR, AAAI, IJCAI and JMLR proceedings, bioRxiv and medRxiv, Semantic Scholar, or
any ``.pdf``. **Code** is a repository on GitHub, GitLab, Bitbucket, Codeberg or Gitee, or a model on
Hugging Face. A **website** is a project page (``*.github.io``, ``sites.google.com``, …). **Media** is a video.
**Noise** is what no paper is: badges (stars, citations, downloads, licence, visitors), star history,
stargazers, social links. An in-page anchor is an **anchor**; any other web address is **other** (a blog,
a dataset, a page without a host vla knows). arXiv IDs come out bare, as :mod:`.identifiers` reads them;
DOIs bare, as :mod:`.matching` does.

Authors write code and project links in a paper's arXiv comment as "Code: https://github.com/org/repo.",
"Project page: https://x.github.io/y", "github.com/org/repo" without a scheme, or "Videos and code at
https://…". :func:`find_links` returns the first code repository (GitHub, GitLab, Bitbucket, Codeberg: an
owner and a repository) and the first project page (an address after "project page", "website",
"homepage", …, or any ``*.github.io`` or ``sites.google.com`` page); arXiv, DOI, video and social links are
neither. The comment is read before the abstract. Nothing here overwrites a link a paper has: callers fill
only empty fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import SplitResult
from urllib.parse import urlsplit as _urlsplit

from .._lazy import lazy_re
from .identifiers import ARXIV_ID_TEXT

CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})
_NOT_A_PAGE = ("arxiv.org", "doi.org", "dx.doi.org", "youtube.com", "youtu.be", "vimeo.com", "twitter.com", "x.com",
               "openreview.net", "creativecommons.org", "bilibili.com", "linkedin.com", "zenodo.org",
               "huggingface.co/papers")
_PAGE_HOSTS = (".github.io", "sites.google.com")
_NOT_REPO = frozenset({"orgs", "sponsors", "features", "topics", "marketplace", "settings", "about", "login"})

_CHARS = r"[^\s<>\"'`{}|\\^]"
_URL = lazy_re(
    rf"(?:https?://|www\.){_CHARS}+"
    rf"|(?<![\w./@-])(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/{_CHARS}+"
    rf"|(?<![\w./@-])[\w-]+\.github\.io(?:/{_CHARS}*)?",
    re.IGNORECASE,
)
_CUE = lazy_re(
    r"\b(?:project(?:\s+(?:page|website|site|webpage|homepage))?|website|web\s*site|home\s*page|web\s*page|"
    r"demos?|videos?|more\s+(?:details|results|information|info)|visualizations?|supplementary)\b[^.;\n]{0,40}$",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\"*"


@dataclass(frozen=True)
class FoundLinks:
    code: str | None = None
    website: str | None = None


def urlsplit(url: str) -> SplitResult:
    """``urllib.parse.urlsplit``, that never raises: an address it cannot read (``http://[x``, a bracketed
    host that is no IPv6 address) is split as if it had no host."""
    try:
        parts = _urlsplit(url)
        parts.hostname  # noqa: B018 -- reading the host is what raises on a bad bracket
        parts.port  # noqa: B018
        return parts
    except ValueError:
        return SplitResult("", "", url, "", "")


def _trim(url: str) -> str:
    while url and (url[-1] in _TRAILING or _unbalanced(url)):
        url = url[:-1]
    return url


def _unbalanced(url: str) -> bool:
    """A closing bracket that ends a URL but opens nowhere in it belongs to the prose around it."""
    last = url[-1]
    return last in ")]" and url.count("(" if last == ")" else "[") < url.count(last)


def _absolute(url: str) -> str:
    return url if re.match(r"https?://", url, re.IGNORECASE) else "https://" + url


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def repository(url: str) -> tuple[str, str] | None:
    """``(owner, repo)`` of a code repository URL on a code host, else None."""
    if _host(url) not in CODE_HOSTS:
        return None
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if len(parts) < 2 or parts[0].lower() in _NOT_REPO:
        return None
    return parts[0], parts[1].removesuffix(".git")


def code_url(url: str) -> str | None:
    """A repository link as vla keeps it: https, no ``.git``, no trailing slash; None if not one."""
    url = _absolute(_trim(url))
    if repository(url) is None:
        return None
    parts = urlsplit(url)
    path = parts.path.rstrip("/").removesuffix(".git")
    return f"https://{_host(url)}{path}"


def _is_page(url: str) -> bool:
    host = _host(url)
    target = host + urlsplit(url).path.lower()
    if (not host or "." not in host or _suffix_of(host, _NOT_A_PAGE)
            or any(target == n or target.startswith(n + "/") for n in _NOT_A_PAGE)):
        return False
    return host not in CODE_HOSTS


def find_links(*texts: str | None) -> FoundLinks:
    """The first code repository and the first project page the texts give, in order."""
    code = website = None
    for text in texts:
        if not text:
            continue
        for m in _URL.finditer(text):
            raw = _trim(m.group(0))
            if not raw:
                continue
            url = _absolute(raw)
            if code is None and (found := code_url(raw)) is not None:
                code = found
                continue
            if website is None and _is_page(url):
                before = text[max(0, m.start() - 60):m.start()]
                if _CUE.search(before) or _host(url).endswith(_PAGE_HOSTS) or _host(url) in _PAGE_HOSTS:
                    website = url
        if code is not None and website is not None:
            break
    return FoundLinks(code, website)


def stars_badge(url: str | None) -> str | None:
    """A shields.io badge of a GitHub repository's stars (no API call: the image is the count), or None."""
    if not url or _host(_absolute(url)) != "github.com":
        return None
    found = repository(_absolute(url))
    if found is None:
        return None
    owner, repo = found
    return f"https://img.shields.io/github/stars/{owner}/{repo}?style=social"


# -- what a URL is -----------------------------------------------------------------------------------------

PAPER, CODE, WEBSITE, MEDIA, NOISE, ANCHOR, OTHER = "paper", "code", "website", "media", "noise", "anchor", "other"


@dataclass(frozen=True, slots=True)
class UrlKind:
    """What :func:`classify` makes of a URL: its kind, and the arXiv ID or DOI it names, if any."""

    kind: str
    arxiv: str | None = None
    doi: str | None = None


_ARXIV_HOSTS = ("arxiv.org", "xxx.lanl.gov")
# Pages of one arXiv paper on other sites, by host: the path that holds the ID.
_ARXIV_MIRRORS = {"ar5iv.labs.arxiv.org": ("html",), "ar5iv.org": ("abs", "html"), "alphaxiv.org": ("abs", "overview"),
                  "huggingface.co": ("papers",), "papers.cool": ("arxiv",), "arxiv-sanity-lite.com": ("abs",),
                  "scholar-inbox.com": ("papers",)}
# After the ID: ".pdf", a slash, a version written "/v2", or what a paste left behind ("." at the end, an
# encoded space and a second address: "2402.00525.pdf%20http://…").
_AFTER_ID = r"(?:\.pdf)?(?:/v\d+)?(?:[/.]|%20\S*|\s\S*)?$"
_ARXIV_PATH = lazy_re(rf"^/(?:abs|pdf|html|format)/(?P<id>{ARXIV_ID_TEXT}){_AFTER_ID}", re.IGNORECASE | re.ASCII)
_MIRROR_PATH = lazy_re(rf"^/(?P<where>[a-z]+)/(?P<id>{ARXIV_ID_TEXT}){_AFTER_ID}", re.IGNORECASE | re.ASCII)
_BADGE_ID = lazy_re(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])", re.ASCII)
_DOI_PATH = lazy_re(r"/doi/(?:(?:abs|full|pdf|epdf|book)/)?(10\.\d{4,9}/[^?#\s]+)", re.IGNORECASE)

# Hosts (and the path they start with, "" for any) of papers: proceedings, publishers, preprint servers.
_PAPER_SITES: tuple[tuple[str, str], ...] = (
    ("doi.org", ""), ("dx.doi.org", ""), ("openreview.net", "/forum"), ("openreview.net", "/pdf"),
    ("openreview.net", "/attachment"), ("aclanthology.org", ""), ("aclweb.org", "/anthology"),
    ("openaccess.thecvf.com", ""), ("thecvf.com", "/content"), ("ieeexplore.ieee.org", ""),
    ("computer.org", "/csdl"), ("dl.acm.org", ""), ("link.springer.com", ""), ("nature.com", "/articles"),
    ("proceedings.neurips.cc", ""), ("papers.nips.cc", ""), ("papers.neurips.cc", ""), ("neurips.cc", "/paper"),
    ("proceedings.mlr.press", ""), ("ojs.aaai.org", ""), ("aaai.org", "/ojs"), ("aaai.org", "/papers"),
    ("ijcai.org", "/proceedings"), ("jmlr.org", "/papers"), ("biorxiv.org", "/content"),
    ("medrxiv.org", "/content"), ("chemrxiv.org", ""), ("sciencedirect.com", "/science"), ("science.org", "/doi"),
    ("pnas.org", "/doi"), ("onlinelibrary.wiley.com", "/doi"), ("tandfonline.com", "/doi"), ("mdpi.com", ""),
    ("pubmed.ncbi.nlm.nih.gov", ""), ("ncbi.nlm.nih.gov", "/pmc"), ("semanticscholar.org", "/paper"),
    ("researchgate.net", "/publication"), ("ecva.net", "/papers"), ("isca-speech.org", "/archive"),
    ("isca-archive.org", ""), ("papers.miccai.org", ""), ("iopscience.iop.org", ""), ("academic.oup.com", ""),
    ("cell.com", ""), ("jstor.org", "/stable"), ("papers.ssrn.com", ""), ("bmva-archive.org.uk", ""),
    ("proceedings.iclr.cc", ""), ("roboticsproceedings.org", ""), ("frontiersin.org", "/articles"),
    ("journals.plos.org", ""), ("ieee.org", "/document"), ("usenix.org", "/conference"), ("vldb.org", "/pvldb"),
    ("ceur-ws.org", ""), ("mlsys.org", "/paper_files"), ("ecai.eu", ""), ("ebooks.iospress.nl", ""),
)
_INDEX_PAGE = lazy_re(r"^/doi/proceedings/|/papers\.php$|^/v\d+/?$|^/paper_files/paper/\d{4}/?$|"
                      r"^/(?:virtual/)?\d{4}/?$|^/content/[a-z]+\d{4}/?$|^/(?:events|conferences|toc|volumes?)/")
_CODE_HOSTS = CODE_HOSTS | {"gitee.com"}
_HF_NOT_CODE = frozenset({"papers", "datasets", "spaces", "docs", "blog", "collections", "learn", "join", "login",
                          "pricing", "tasks", "posts"})
_PAGE_SUFFIXES = (".github.io", ".gitlab.io", ".netlify.app", ".vercel.app", ".pages.dev", ".notion.site",
                  ".readthedocs.io")
_MEDIA = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "b23.tv", "loom.com")
# Badges, counters and social links: no paper's link, whatever their label says.
_NOISE = ("img.shields.io", "shields.io", "badgen.net", "badge.fury.io", "star-history.com", "api.star-history.com",
          "starchart.cc", "visitor-badge.laobi.icu", "visitor-badge.glitch.me", "komarev.com", "hits.seeyoufarm.com",
          "hits.dwyl.com", "hits.sh", "awesome.re", "twitter.com", "x.com", "linkedin.com", "facebook.com",
          "discord.gg", "discord.com", "t.me", "instagram.com", "gitter.im", "codecov.io", "forthebadge.com",
          "profile-counter.glitch.me", "count.getloli.com", "api.visitorbadge.io", "trendshift.io",
          "img.youtube.com", "user-images.githubusercontent.com", "raw.githubusercontent.com",
          "private-user-images.githubusercontent.com", "avatars.githubusercontent.com", "camo.githubusercontent.com")
_REPO_NOISE = frozenset({"stargazers", "network", "forks", "watchers", "graphs", "issues", "pulls", "actions",
                         "workflows", "releases.atom", "fork"})
_IMAGE = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".ico")


def _suffix_of(host: str, names: tuple[str, ...] | frozenset[str]) -> bool:
    return any(host == n or host.endswith("." + n) for n in names)


def arxiv_of_url(url: str) -> str | None:
    """The arXiv ID an address names: an arXiv page (abs, pdf, html, format; any host form, with or without
    a scheme, ``vN``, ``.pdf``), a mirror's page of it (ar5iv, alphaXiv, Hugging Face's papers), a shields.io
    or badgen badge whose text holds an arXiv ID, or arXiv's own DOI. None when it names none."""
    if not url or "." not in url:
        return None
    parts = urlsplit(_absolute(url.strip()))
    host = _host(parts.geturl())
    path = parts.path
    if _suffix_of(host, _ARXIV_HOSTS) and host not in _ARXIV_MIRRORS:
        m = _ARXIV_PATH.match(path)
        return _valid_arxiv(m["id"]) if m else None
    mirror = _ARXIV_MIRRORS.get(host)
    if mirror is not None:
        m = _MIRROR_PATH.match(path)
        return _valid_arxiv(m["id"]) if m and m["where"].lower() in mirror else None
    if _suffix_of(host, ("shields.io", "badgen.net")) and "arxiv" in url.lower():
        from urllib.parse import unquote

        m = _BADGE_ID.search(unquote(path))
        return _valid_arxiv(m.group(1)) if m else None
    if host in ("doi.org", "dx.doi.org"):
        from .matching import arxiv_of_doi

        return arxiv_of_doi(url)
    return None


def _valid_arxiv(text: str) -> str | None:
    from ..errors import InvalidIdentifier
    from .identifiers import parse_arxiv_id

    try:
        return parse_arxiv_id(text).id
    except InvalidIdentifier:
        return None


def classify(url: str) -> UrlKind:
    """What ``url`` is, by its address alone (see the module's docstring): :data:`PAPER` (with its arXiv ID
    or DOI when it names one), :data:`CODE`, :data:`WEBSITE`, :data:`MEDIA`, :data:`NOISE`, :data:`ANCHOR` or
    :data:`OTHER`. A relative path or a ``mailto:`` is other; nothing here fetches anything."""
    url = url.strip()
    if url.startswith("#"):
        return UrlKind(ANCHOR)
    if not url or url.lower().startswith(("mailto:", "javascript:", "ftp:", "file:", "data:")):
        return UrlKind(OTHER)
    if (arxiv := arxiv_of_url(url)) is not None:
        return UrlKind(PAPER, arxiv=arxiv)
    absolute = _absolute(url)
    parts = urlsplit(absolute)
    host = _host(absolute)
    if not host or "." not in host:
        return UrlKind(OTHER)
    path = parts.path
    low = path.lower()
    if _suffix_of(host, _ARXIV_HOSTS) and low.startswith(("/abs/", "/pdf/", "/html/")):
        return UrlKind(PAPER)  # a paper of arXiv whose ID is mistyped (2408.082827): its link, without an ID
    if _suffix_of(host, _NOISE):
        return UrlKind(NOISE)
    if host in _CODE_HOSTS:
        segments = [p for p in path.split("/") if p]
        if len(segments) >= 3 and segments[2].lower() in _REPO_NOISE:
            return UrlKind(NOISE)
        if low.endswith(_IMAGE) or "/raw/" in low:
            return UrlKind(NOISE)
        return UrlKind(CODE) if repository(absolute) is not None else UrlKind(OTHER)
    if host == "huggingface.co":
        segments = [p for p in path.split("/") if p]
        return UrlKind(CODE if len(segments) >= 2 and segments[0].lower() not in _HF_NOT_CODE else OTHER)
    if _suffix_of(host, _MEDIA):
        return UrlKind(MEDIA)
    for site, prefix in _PAPER_SITES:
        if _suffix_of(host, (site,)) and low.startswith(prefix):
            if _INDEX_PAGE.search(low) or low in ("", "/"):
                return UrlKind(OTHER)  # a volume's or a venue's index (proceedings.mlr.press/v195/), no paper
            return UrlKind(PAPER, doi=_doi_in(absolute, host))
    if low.endswith(".pdf"):
        return UrlKind(PAPER)
    if low.endswith(_IMAGE):
        return UrlKind(NOISE)
    if host.endswith(_PAGE_SUFFIXES) or host in _PAGE_HOSTS:
        return UrlKind(WEBSITE)
    return UrlKind(OTHER)


def _doi_in(url: str, host: str) -> str | None:
    from .matching import bare_doi

    if host in ("doi.org", "dx.doi.org"):
        return bare_doi(url)
    m = _DOI_PATH.search(url)
    return bare_doi(m.group(1)) if m else None
