"""Code and project links in a paper's arXiv comment and abstract, and GitHub-stars badges. Pure.

Authors write them as "Code: https://github.com/org/repo.", "Project page: https://x.github.io/y",
"github.com/org/repo" without a scheme, or "Videos and code at https://…". :func:`find_links`
returns the first code repository (GitHub, GitLab, Bitbucket, Codeberg: an owner and a repository)
and the first project page (an address after "project page", "website", "homepage", …, or any
``*.github.io`` or ``sites.google.com`` page); arXiv, DOI, video and social links are neither. The
comment is read before the abstract. Nothing here overwrites a link a paper has: callers fill only
empty fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .._lazy import lazy_re

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
    if not host or "." not in host or any(target == n or target.startswith(n + "/") or host == n or
                                          host.endswith("." + n) for n in _NOT_A_PAGE):
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
