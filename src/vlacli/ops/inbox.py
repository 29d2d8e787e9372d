"""The inbox: papers ``vla watch --save`` proposes, waiting to be accepted or rejected.

It is a file in the catalog, ``inbox.toml``, so proposals are reviewed in a pull request like any
other change::

    [[candidate]]
    arxiv = "2503.05378"
    title = "…"
    published = "2025-03-07"
    authors = ["…"]
    categories = ["quantization"]
    reasons = ["matched 2 searches: quantization, pruning"]
    abstract = "…"

    [[rejected]]
    arxiv = "2501.00001"
    title = "…"

:func:`accept_papers` files candidates with full metadata, as ``vla add`` does, and takes them out;
:func:`reject_papers` moves them to ``rejected``, which ``vla watch`` never proposes again. Every change
re-reads the file under the catalog lock and writes it atomically. Fields vla does not know are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.identifiers import abs_url, parse_arxiv_id
from ..errors import CatalogFormatError, InputError, InvalidIdentifier, ReadOnlyCatalog, VlaError
from ..sources.arxiv.fetch import NetworkRun

if TYPE_CHECKING:
    from ..sources.arxiv.fetch import Fetcher
    from ..storage.catalog import Catalog
    from .add import Added

INBOX_FILE = "inbox.toml"
HEADER = ("# Papers proposed by `vla watch --save`, best first. `vla accept ID…` files a candidate in the\n"
          "# catalog; `vla reject ID…` moves it to [[rejected]], never to be proposed again.\n")


@dataclass
class Candidate:
    """A paper proposed for the catalog: arXiv's metadata, the categories whose searches found it,
    and why it ranks high (``reasons``, empty for an ordinary match)."""

    arxiv: str
    title: str
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    abstract: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def link(self) -> str:
        return abs_url(self.arxiv)

    def to_dict(self) -> dict[str, Any]:
        """The TOML table: known fields in order, empty ones left out, the others sorted after."""
        out: dict[str, Any] = {"arxiv": self.arxiv, "title": self.title}
        for name in ("published", "authors", "categories", "reasons", "abstract"):
            value = getattr(self, name)
            if value is not None and value != []:
                out[name] = list(value) if isinstance(value, list) else value
        for name in sorted(self.extra):
            out.setdefault(name, self.extra[name])
        return out

    def to_json(self) -> dict[str, Any]:
        return {"arxiv": self.arxiv, "link": self.link, "title": self.title, "authors": list(self.authors),
                "published": self.published, "categories": list(self.categories), "reasons": list(self.reasons),
                "abstract": self.abstract}


@dataclass
class Rejected:
    arxiv: str
    title: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"arxiv": self.arxiv}
        if self.title is not None:
            out["title"] = self.title
        for name in sorted(self.extra):
            out.setdefault(name, self.extra[name])
        return out


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Best first: candidates with a reason (several searches matched, the abstract names the
    category) before the rest; within each group, newest submission first."""
    newest_first = sorted(candidates, key=lambda c: (c.published or "", c.arxiv), reverse=True)
    return sorted(newest_first, key=lambda c: not c.reasons)


@dataclass
class Inbox:
    candidates: list[Candidate] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def find(self, arxiv_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.arxiv == arxiv_id), None)

    def is_rejected(self, arxiv_id: str) -> bool:
        return any(r.arxiv == arxiv_id for r in self.rejected)

    def remove(self, arxiv_id: str) -> Candidate | None:
        found = self.find(arxiv_id)
        if found is not None:
            self.candidates.remove(found)
        return found

    def merge(self, new: Iterable[Candidate]) -> tuple[list[str], list[str]]:
        """Add candidates; one already here gains the new categories and reasons. Returns the IDs
        added and the IDs updated; the candidates are ranked again."""
        added, updated = [], []
        for cand in new:
            mine = self.find(cand.arxiv)
            if mine is None:
                self.candidates.append(cand)
                added.append(cand.arxiv)
                continue
            more_cats = [c for c in cand.categories if c not in mine.categories]
            more_reasons = [r for r in cand.reasons if r not in mine.reasons]
            if more_cats or more_reasons:
                mine.categories.extend(more_cats)
                mine.reasons.extend(more_reasons)
                updated.append(cand.arxiv)
        self.candidates = rank(self.candidates)
        return added, updated

    def is_empty(self) -> bool:
        return not (self.candidates or self.rejected or self.extra)

    # -- the file ---------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path) -> Inbox:
        inbox = cls(extra={k: v for k, v in data.items() if k not in ("candidate", "rejected")})
        for what, aid, table in _identified(data, "candidate", "proposed", path):
            title = table.get("title")
            if not isinstance(title, str):
                raise CatalogFormatError(path, f"{what} ({aid}): 'title' must be a string")
            values: dict[str, Any] = {}
            for name in ("published", "abstract"):
                if name in table:
                    values[name] = _typed(table[name], str, f"{what} ({aid}): {name!r} must be a string", path)
            for name in ("authors", "categories", "reasons"):
                if name in table:
                    value = table[name]
                    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                        raise CatalogFormatError(path, f"{what} ({aid}): {name!r} must be a list of strings")
                    values[name] = list(value)
            known = {"arxiv", "title", "published", "abstract", "authors", "categories", "reasons"}
            inbox.candidates.append(Candidate(aid, title, **values,
                                              extra={k: v for k, v in table.items() if k not in known}))
        for what, aid, table in _identified(data, "rejected", "rejected", path):
            title = table.get("title")
            if title is not None and not isinstance(title, str):
                raise CatalogFormatError(path, f"{what} ({aid}): 'title' must be a string")
            inbox.rejected.append(Rejected(aid, title, {k: v for k, v in table.items() if k not in ("arxiv", "title")}))
        return inbox

    def dumps(self) -> str:
        """The file's text: the same inbox always gives the same bytes (rejected papers by ID)."""
        data: dict[str, Any] = dict(sorted(self.extra.items()))
        if self.candidates:
            data["candidate"] = [c.to_dict() for c in self.candidates]
        if self.rejected:
            data["rejected"] = [r.to_dict() for r in sorted(self.rejected, key=lambda r: r.arxiv)]
        return HEADER + "\n" + toml_document(data)


def toml_document(data: dict[str, Any]) -> str:
    """TOML for the inbox and ``watch.toml``, meant to be read in a diff: a header per table, one
    value a line, strings literal where TOML allows (``'abs:"vla"'``, no backslashes), lists one item
    a line. Data this cannot write simply (nested tables in a table, odd keys) goes through tomli_w."""
    from ..storage.store import toml_string

    def value(v: Any) -> str | None:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return toml_string(v)
        if isinstance(v, int):
            return str(v)
        if isinstance(v, date):  # a datetime too
            return v.isoformat()
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            return "[\n" + "".join(f"    {toml_string(x)},\n" for x in v) + "]" if v else "[]"
        return None

    def table(header: str, values: dict[str, Any]) -> str | None:
        lines = [header] if header else []
        for k, v in values.items():
            text = value(v)
            if text is None or not _BARE.fullmatch(k):
                return None
            lines.append(f"{k} = {text}")
        return "\n".join(lines) + "\n"

    parts: list[str | None] = []
    top = {k: v for k, v in data.items() if not isinstance(v, dict | list) or value(v) is not None}
    parts.append(table("", top) if top else "")
    for name, v in data.items():
        if name in top:
            continue
        if isinstance(v, list) and all(isinstance(t, dict) for t in v) and _BARE.fullmatch(name):
            parts.extend(table(f"[[{name}]]", t) for t in v)
        elif isinstance(v, dict) and all(isinstance(t, dict) for t in v.values()) and _BARE.fullmatch(name):
            parts.extend(table(f"[{name}.{key}]", t) if _BARE.fullmatch(key) else None for key, t in v.items())
        else:
            parts.append(None)
    if any(p is None for p in parts):
        import tomli_w

        return tomli_w.dumps(data)
    return "\n".join(p for p in parts if p)


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def _tables(data: dict[str, Any], name: str, path: Path) -> list[dict[str, Any]]:
    raw = data.get(name, [])
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise CatalogFormatError(path, f"'{name}' must be an array of tables ([[{name}]])")
    return raw


def _arxiv(table: dict[str, Any], what: str, path: Path) -> str:
    raw = table.get("arxiv")
    if not isinstance(raw, str):
        raise CatalogFormatError(path, f"{what} needs an 'arxiv' ID")
    try:
        return parse_arxiv_id(raw).id
    except InvalidIdentifier as e:
        raise CatalogFormatError(path, f"{what}: {e}") from None


def _identified(data: dict[str, Any], name: str, verb: str, path: Path) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Each ``[[name]]`` table with what an error calls it (``[[candidate]] #2``) and its arXiv ID; an ID
    in two of them is an error (``… is proposed twice``, with ``verb`` "proposed")."""
    seen: set[str] = set()
    for i, table in enumerate(_tables(data, name, path), 1):
        what = f"[[{name}]] #{i}"
        aid = _arxiv(table, what, path)
        if aid in seen:
            raise CatalogFormatError(path, f"{what}: {aid} is {verb} twice")
        seen.add(aid)
        yield what, aid, table


def _typed(value: Any, kind: type, message: str, path: Path) -> Any:
    if not isinstance(value, kind):
        raise CatalogFormatError(path, message)
    return value


def inbox_path(cat: Catalog) -> Path:
    return cat.root / INBOX_FILE


def read_inbox(cat: Catalog) -> Inbox:
    """The catalog's inbox as the file holds it now (an empty one when there is no file)."""
    from ..storage.store import read_optional_toml

    path = inbox_path(cat)
    data = read_optional_toml(path)
    return Inbox() if data is None else Inbox.from_dict(data, path)


def write_inbox(cat: Catalog, inbox: Inbox) -> None:
    """Write the inbox (atomically, under the lock); an empty inbox creates no file."""
    with cat.locked():
        change = inbox_change(cat, inbox)
        if change:
            from ..storage.store import commit

            commit(cat.root, change)


def inbox_change(cat: Catalog, inbox: Inbox) -> list[tuple[Path, str]]:
    """The write that stores ``inbox``, for a :func:`~vlacli.storage.store.commit` (none for an empty inbox
    that has no file yet)."""
    path = inbox_path(cat)
    if inbox.is_empty() and not path.exists():
        return []
    return [(path, inbox.dumps())]


# -- reject ----------------------------------------------------------------------------------
@dataclass
class RejectReport:
    rejected: list[str] = field(default_factory=list)  # IDs newly rejected
    already: list[str] = field(default_factory=list)  # IDs rejected before
    failures: list[str] = field(default_factory=list)  # "abc: not an arXiv identifier"


def reject_papers(cat: Catalog, refs: Iterable[str]) -> RejectReport:
    """Take candidates out of the inbox and remember them as rejected, so ``vla watch`` never
    proposes them again. An ID not in the inbox is remembered too; one already in the catalog is a
    failure (remove the paper instead)."""
    if cat.read_only:
        raise ReadOnlyCatalog(cat.root)
    report = RejectReport()
    ids = _parse_ids(refs, report.failures)
    with cat.locked():
        inbox = read_inbox(cat)
        cat.reload()
        for aid in ids:
            filed = cat.find(aid)
            if filed is not None:
                report.failures.append(f"{aid}: already in the catalog as {filed.key} (vla remove takes it out)")
                continue
            if inbox.is_rejected(aid):
                report.already.append(aid)
                continue
            cand = inbox.remove(aid)
            inbox.rejected.append(Rejected(aid, cand.title if cand is not None else None))
            report.rejected.append(aid)
        if report.rejected:
            write_inbox(cat, inbox)
    return report


def _parse_ids(refs: Iterable[str], failures: list[str]) -> list[str]:
    ids: list[str] = []
    for ref in refs:
        try:
            aid = parse_arxiv_id(ref).id
        except InvalidIdentifier as e:
            failures.append(str(e))
            continue
        if aid not in ids:
            ids.append(aid)
    if not ids and not failures:
        raise InputError("no arXiv IDs given", "pass the IDs of candidates in the inbox ('vla inbox' lists them)")
    return ids


# -- accept ----------------------------------------------------------------------------------
@dataclass
class AcceptReport(NetworkRun):
    """``left``: the IDs a network error left unaccepted (still in the inbox)."""

    done: list[Added] = field(default_factory=list)  # as vla add reports them
    failures: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for d in self.done if d.action == action)


def accept_papers(
    cat: Catalog,
    refs: Iterable[str],
    *,
    categories: Sequence[str] = (),
    fetcher: Fetcher | None = None,
) -> AcceptReport:
    """File inbox candidates in the catalog with arXiv's full metadata (:func:`vlacli.ops.add.add_papers`),
    under ``categories`` when given, else under the categories their searches matched, and take
    them out of the inbox. A paper kept without an arXiv ID under the same title is re-filed under
    the ID, not doubled. IDs that fail stay in the inbox and become lines in ``report.failures``."""
    from ..sources.arxiv.fetch import fetching
    from .add import add_papers

    if cat.read_only:
        raise ReadOnlyCatalog(cat.root)
    report = AcceptReport()
    ids = _parse_ids(refs, report.failures)
    given = cat.resolve_categories(categories)
    inbox = read_inbox(cat)
    groups: dict[tuple[str, ...], list[str]] = {}
    for aid in ids:
        cand = inbox.find(aid)
        if cand is None:
            known = cat.find(aid)
            if known is not None:  # accepted (or added) before: vla add would say the same
                report.failures.append(f"{aid}: already in the catalog as {known.key}, not in the inbox "
                                       "(vla tag files it under more categories)")
                continue
            why = "rejected earlier" if inbox.is_rejected(aid) else "not in the inbox"
            report.failures.append(f"{aid}: {why} (vla add files any paper)")
            continue
        slugs = tuple(given or cand.categories)
        if not slugs:
            report.failures.append(f"{aid}: no category to file it under (pass -c CATEGORY)")
            continue
        groups.setdefault(slugs, []).append(aid)

    filed: list[str] = []
    settled: set[str] = set()
    pending = [aid for group in groups.values() for aid in group]
    try:
        with fetching(fetcher, report, lambda: [a for a in pending if a not in settled]) as f:
            for slugs, group in groups.items():
                try:
                    cat.resolve_categories(slugs)
                except VlaError as e:  # a category the taxonomy no longer has
                    report.failures.extend(f"{aid}: {e}" for aid in group)
                    settled.update(group)
                    continue
                part = add_papers(cat, group, categories=slugs, fetcher=f)  # a closed session reopens
                report.done.extend(part.done)
                report.failures.extend(part.failures)
                done = {d.paper.arxiv or d.paper.key for d in part.done}
                filed.extend(a for a in group if a in done)
                settled.update(a for a in group if a not in part.left)
                if part.error is not None:
                    raise part.error
    finally:
        if filed:
            with cat.locked():
                fresh = read_inbox(cat)
                for aid in filed:
                    fresh.remove(aid)
                write_inbox(cat, fresh)
    return report

