"""CSL-JSON -> entries: what Zotero ("Export → CSL JSON"), Pandoc and Better CSL JSON write.
Pure: text in, :class:`Parsed` out; never raises on input.

An item (a JSON object in the top-level array, the one object, or each value of an object of items,
as Zotero's test data holds them) becomes a Listing: its ``id`` is
the paper's citation key, its ``type`` the BibTeX entry type (:data:`vlacli.formats.csl.FROM_CSL`),
``author``/``editor`` stored names, ``issued`` the year and month, ``container-title`` the venue
(``arXiv`` for a preprint), and the fields of :data:`vlacli.formats.csl.FIELDS`. The arXiv ID comes from
``number``/``archive_location``/``URL``/``note`` (``arXiv:2506.01844``, an arXiv link) or an arXiv
DOI. The item itself is kept as written (:class:`~vlacli.formats.importers.Source`: the paper's ``csl``
table), and written back by the CSL-JSON export but for the fields whose values changed since. An item
without a title is kept with an empty one (when it has the id and type of an item); an item that is not
an object, or is neither titled nor an item, is reported with its line.
"""

from __future__ import annotations

import json
from typing import Any

from ...core.citekeys import KEY_CHARS, as_paper_key
from ...core.identifiers import find_arxiv_id, slugify
from ...core.matching import arxiv_of_doi, as_doi
from ...core.venues import PREPRINT, full_name, is_preprint_venue
from ...text import clean
from ..csl import FIELDS, FROM_CSL, stored_name
from . import Listing, Parsed, Source, Unreadable

# CSL fields read into the paper's own fields (the rest go to its ``csl`` table).
_READ = frozenset({"id", "type", "title", "author", "editor", "issued", "container-title", "container-title-short",
                   "URL", "number",
                   "archive", "archive_location", "medium", *FIELDS})


def parse_csl_json(text: str) -> Parsed:
    out = Parsed()
    if not text.strip():
        return out  # an empty file: nothing to import
    try:
        data = json.loads(text)
    except ValueError as e:  # JSONDecodeError, or a number too long to read
        line, rows = getattr(e, "lineno", 1), text.splitlines()
        out.unreadable.append(Unreadable(line, rows[line - 1] if 0 < line <= len(rows) else "",
                                         f"not JSON: {getattr(e, 'msg', str(e))}"))
        return out
    out.recognised = isinstance(data, list)  # a list is CSL-JSON's shape, even an empty one
    if isinstance(data, dict) and data and all(isinstance(v, dict) and "type" in v for v in data.values()):
        data = list(data.values())  # an object of items by name (Zotero's own test data)
        out.recognised = True
    items = data if isinstance(data, list) else [data]
    lines = _item_lines(text)
    for i, item in enumerate(items):
        line = lines[i] if i < len(lines) else 1
        if not isinstance(item, dict):
            out.unreadable.append(Unreadable(line, json.dumps(item)[:100], "an item that is not a JSON object"))
            continue
        got = read_item(item, line)
        (out.unreadable if isinstance(got, Unreadable) else out.entries).append(got)  # type: ignore[arg-type]
    return out


def _no_nulls(value: Any) -> Any:
    """JSON without its nulls, which TOML cannot hold."""
    if isinstance(value, dict):
        return {k: _no_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_nulls(v) for v in value if v is not None]
    return value


def _item_lines(text: str) -> list[int]:
    """The line each item of the top-level array starts on (or the one object's, for an object)."""
    lines: list[int] = []
    depth, line, quoted, escaped, expect = 0, 1, False, False, False
    for ch in text:
        if ch == "\n":
            line += 1
        if quoted:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                quoted = False
            continue
        if ch.isspace():
            continue
        if depth == 0 and ch == "{" and not lines:
            lines.append(line)
        if depth == 1 and expect and ch not in ",]":
            lines.append(line)
            expect = False
        if ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
            expect = depth == 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 1:
            expect = True
    return lines


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return clean(value) if isinstance(value, str) else ""


def _date(value: Any) -> tuple[int | None, int | None]:
    """``{"date-parts": [[2025, 6, 2]]}`` (or ``{"raw": "2025-06-02"}``) -> (2025, 6)."""
    if not isinstance(value, dict):
        return None, None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = parts[0]
        try:
            year = int(first[0])
            month = int(first[1]) if len(first) > 1 else None
        except (TypeError, ValueError):
            return None, None
        return year, month if month is not None and 1 <= month <= 12 else None
    from ..bibfields import parse_date

    raw = _text(value.get("raw") or value.get("literal"))
    return parse_date(raw) if raw else (None, None)


def _names(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [n for obj in value if (n := stored_name(obj))]


def _arxiv(item: dict[str, Any]) -> str | None:
    for name in ("number", "archive_location", "URL", "note", "medium"):
        found = find_arxiv_id(_text(item.get(name)))
        if found is not None:
            return found.id
    return arxiv_of_doi(_text(item.get("DOI")))


def read_item(item: dict[str, Any], line: int) -> Listing | Unreadable:
    title = _text(item.get("title"))
    notes: list[str] = []
    if not title and not (_text(item.get("id")) and _text(item.get("type"))):
        return Unreadable(line, json.dumps(item, ensure_ascii=False)[:100], "an item with no title")
    if not title:  # an item all the same (its id and type): a key is a key
        notes.append("an item with no title: kept with an empty title")
    fields: dict[str, Any] = {}
    key = _text(item.get("id"))
    if key and KEY_CHARS.match(key):
        fields["citekey"] = key
    elif key:
        notes.append(f"id {key!r} cannot be used as a citation key; the paper gets one of its own")
    csl_type = _text(item.get("type"))
    if csl_type in FROM_CSL:
        fields["entry_type"] = FROM_CSL[csl_type]
    arxiv = _arxiv(item)
    # The venue as a list writes it: the short title when there is one (CSL-JSON's own field for
    # "ICRA" beside "IEEE International Conference on Robotics and Automation"); a long title other
    # than the one the venue table gives it is kept to be written back.
    venue = _text(item.get("container-title-short")) or _text(item.get("container-title")) or None
    spelled = _text(item.get("container-title"))
    kept_title = {"container-title": spelled} if venue and spelled and spelled not in (venue, full_name(venue)) else {}
    publisher = _text(item.get("publisher"))
    if (venue is not None and is_preprint_venue(venue)) or (
            venue is None and arxiv is not None and csl_type in ("article", "manuscript", "report", "")):
        venue = PREPRINT
        fields["entry_type"] = "misc"
        if is_preprint_venue(publisher):
            publisher = ""
    year, month = _date(item.get("issued"))
    if month is not None:
        fields["month"] = month
    for csl, attr in FIELDS.items():
        value = _text(item.get(csl))
        if csl == "publisher":
            value = publisher
        if csl == "page":
            value = value.replace("--", "–").replace("-", "–") if value.replace("-", "").isdigit() else value
        if csl == "DOI":
            value = as_doi(value) or ""
            if arxiv and arxiv_of_doi(value) == arxiv:
                continue  # arXiv's own DOI of the paper: derived from its ID
        if value:
            fields[attr] = value
    if editors := _names(item.get("editor")):
        fields["editors"] = editors
    medium = _text(item.get("medium"))
    if medium and not (arxiv and find_arxiv_id(medium)):
        fields["howpublished"] = medium
    url = _text(item.get("URL")) or None
    if url and arxiv and (found := find_arxiv_id(url)) is not None and found.id == arxiv:
        url = None  # the arXiv page: the paper's arXiv ID says it
    written = _no_nulls(item)  # the item as the file wrote it, but for its nulls
    rest = {k: v for k, v in written.items() if k not in _READ and v not in ("", [], {})} | kept_title
    if rest:
        fields["csl"] = dict(sorted(rest.items()))
    paper_key = as_paper_key(key) if arxiv is None and key else None
    if paper_key is None and arxiv is None and not title and key:
        paper_key = slugify(key)
    source = Source("csl", key, "", written)
    return Listing(line=line, title=title, arxiv=arxiv, url=url, year=year, venue=venue,
                   authors=_names(item.get("author")), fields=fields, key=paper_key or None, notes=notes,
                   source=source)
