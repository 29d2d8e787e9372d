"""arXiv identifiers in every form people paste, and slugs for papers without one.

Pure functions, no I/O. The rules are arXiv's own (info.arxiv.org/help/arxiv_identifier):
new scheme ``YYMM.NNNN`` (2007-04 to 2014-12) and ``YYMM.NNNNN`` (from 2015-01), old scheme
``archive[.SC]/YYMMNNN`` (1991-08 to 2007-03), optional ``vN`` with N >= 1.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

from .._lazy import lazy_re
from ..errors import InvalidIdentifier
from .years import full_year

# ASCII only (re.ASCII): "\d" would take any Unicode digit, and "٢٣١٢.٠١٩٩٠" would pass for 2312.01990.
_NEW = lazy_re(r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?:v(?P<v>\d+))?", re.ASCII)
_OLD = lazy_re(
    r"(?P<archive>[a-z]+(?:-[a-z]+)?)(?P<sc>\.[A-Za-z]{2})?/(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d{3})(?:v(?P<v>\d+))?",
    re.ASCII,
)
_URL = lazy_re(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/(?P<rest>[^\s?#]+?)(?:\.pdf)?/?(?:[?#]\S*)?",
    re.IGNORECASE | re.ASCII,
)
_PREFIX = lazy_re(r"arxiv\s*:\s*", re.IGNORECASE | re.ASCII)

# An ID as a text writes it, old-style or new-style, with its version if any (to be checked by parse_arxiv_id).
ARXIV_ID_TEXT = r"(?:[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?"
# Anywhere in a text: an arXiv link, or an arXiv:ID mention.
ARXIV_IN_TEXT = lazy_re(
    rf"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<url>{ARXIV_ID_TEXT})"
    rf"|arXiv\s*:\s*(?P<tag>{ARXIV_ID_TEXT})",
    re.IGNORECASE | re.ASCII,
)


class ArxivId(NamedTuple):
    """A valid arXiv identifier: ``id`` is bare and unversioned, ``version`` is the one seen."""

    id: str
    version: int | None = None

    def __str__(self) -> str:
        return self.id


def parse_arxiv_id(text: str) -> ArxivId:
    """Normalise any pasted form to the canonical ID, or raise InvalidIdentifier with the reason."""
    raw = text
    s = text.strip()
    m = _URL.fullmatch(s)
    if m:
        s = m.group("rest")
    else:
        s = _PREFIX.sub("", s, count=1) if _PREFIX.match(s) else s
    if s.endswith(".pdf"):
        s = s[: -len(".pdf")]
    m = _NEW.fullmatch(s)
    if m:
        yy, mm, num = int(m["yy"]), int(m["mm"]), m["num"]
        _check_month(raw, mm)
        yymm = yy * 100 + mm
        if yymm < 704:
            raise _impossible(raw, "new-style arXiv IDs start in April 2007 (0704)")
        if yymm <= 1412 and len(num) != 4:
            raise _impossible(raw, "arXiv IDs before 2015 have 4 digits after the dot")
        if yymm >= 1501 and len(num) != 5:
            raise _impossible(raw, "arXiv IDs from 2015 have 5 digits after the dot")
        if int(num) == 0:
            raise _impossible(raw, "arXiv paper numbers start at 1")
        return ArxivId(f"{m['yy']}{m['mm']}.{num}", _version(raw, m["v"]))
    m = _OLD.fullmatch(s)
    if m:
        yy, mm = int(m["yy"]), int(m["mm"])
        _check_month(raw, mm)
        if not (199108 <= _year(yy) * 100 + mm <= 200703):
            raise _impossible(raw, "old-style arXiv IDs run from 1991-08 to 2007-03")
        if int(m["num"]) == 0:
            raise _impossible(raw, "arXiv paper numbers start at 1")
        sc = (m["sc"] or "")
        sc = sc[:1] + sc[1:].upper()
        return ArxivId(f"{m['archive']}{sc}/{m['yy']}{m['mm']}{m['num']}", _version(raw, m["v"]))
    raise InvalidIdentifier(raw.strip() or repr(raw), "not an arXiv identifier")


def _year(yy: int) -> int:
    """The year of an ID's two digits (old-style IDs run from 1991, new-style ones from 2007)."""
    return full_year(yy)


@functools.lru_cache(maxsize=1 << 17)  # the exports sort every paper by it, under each of its categories
def arxiv_order(arxiv: str) -> tuple[int, str]:
    """New-style and old-style IDs in the order arXiv gave them (one that is not a bare ID: last)."""
    if not is_arxiv_id(arxiv) or arxiv != arxiv.strip() or ":" in arxiv or "v" in arxiv.rsplit(".", 1)[-1]:
        return 999999, arxiv
    if "/" in arxiv:
        num = arxiv.split("/", 1)[1]
        return _year(int(num[:2])) * 100 + int(num[2:4]), num[4:].zfill(5)
    yymm, _, num = arxiv.partition(".")
    return _year(int(yymm[:2])) * 100 + int(yymm[2:4]), num.zfill(5)


def _impossible(raw: str, reason: str) -> InvalidIdentifier:
    """Well-formed, but no paper can have it: said as arXiv would, with the reason."""
    return InvalidIdentifier(raw.strip(), f"no such paper on arXiv ({reason})")


def _check_month(raw: str, mm: int) -> None:
    if not 1 <= mm <= 12:
        raise _impossible(raw, f"month {mm:02d} does not exist")


def _version(raw: str, v: str | None) -> int | None:
    if v is None:
        return None
    if int(v) < 1:
        raise _impossible(raw, "arXiv versions start at v1")
    return int(v)


def is_arxiv_id(text: str) -> bool:
    try:
        parse_arxiv_id(text)
    except InvalidIdentifier:
        return False
    return True


def find_arxiv_id(text: str) -> ArxivId | None:
    """The first valid arXiv ID linked or mentioned in ``text``, if any."""
    for m in ARXIV_IN_TEXT.finditer(text):
        candidate = m.group("url") or m.group("tag")
        try:
            return parse_arxiv_id(candidate)
        except InvalidIdentifier:
            continue
    return None


def abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def pdf_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/pdf/{arxiv_id}"


def key_to_filename(key: str) -> str:
    """Paper keys are arXiv IDs or slugs; old-style IDs hold a slash that a file name cannot."""
    return key.replace("/", "_") + ".toml"


def filename_to_key(stem: str) -> str:
    if "_" in stem:
        candidate = stem.replace("_", "/", 1)
        if is_arxiv_id(candidate):
            return candidate
    return stem


_SLUG_DROP = lazy_re(r"[^a-z0-9]+")


def slugify(text: str, max_words: int = 6) -> str:
    """``MiniVLA: A Better VLA with a Smaller Footprint`` -> ``minivla``.

    A title with a ``Name:`` prefix is keyed by the name, as people cite it; otherwise by its
    first few words. ASCII, lower case, hyphens.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    head = ascii_text.split(":", 1)[0] if ":" in ascii_text else ""
    words = _SLUG_DROP.sub(" ", head).split()
    if not words or len(words) > 3:
        words = _SLUG_DROP.sub(" ", ascii_text).split()[:max_words]
    return "-".join(words) or "paper"
