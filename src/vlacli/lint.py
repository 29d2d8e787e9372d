"""vla lint: the mistakes hand-kept lists make, found before readers find them.

Pure checks over a taxonomy and papers (:func:`check_papers`), so the importer can run the
same ones on what it is about to write, plus the file-level ones (:func:`lint_catalog`):
malformed files, and optionally a README whose generated section is stale. Lint never touches
the network: a preprint's arXiv record is looked up in the response cache only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .catalog import Catalog
from .errors import CatalogFormatError, InvalidIdentifier
from .identifiers import key_to_filename, normalize_title, parse_arxiv_id
from .model import Paper
from .taxonomy import Taxonomy

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    level: str
    code: str
    message: str
    where: str  # a file, or "catalog"
    papers: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["papers"] = list(self.papers)
        return d


def _where(p: Paper) -> str:
    return f"papers/{key_to_filename(p.key)}"


def check_papers(taxonomy: Taxonomy, papers: Sequence[Paper],
                 cached_record: Callable[[str], object | None] | None = None) -> list[Finding]:
    """Every paper-level finding, errors and warnings, in a stable order."""
    out: list[Finding] = []
    by_arxiv: dict[str, list[Paper]] = defaultdict(list)
    by_title: dict[str, list[Paper]] = defaultdict(list)
    for p in papers:
        if p.arxiv is not None:
            try:
                canonical = parse_arxiv_id(p.arxiv).id
            except InvalidIdentifier as e:
                out.append(Finding(ERROR, "bad-id", f"arXiv ID {e}", _where(p), (p.key,)))
                canonical = None
            if canonical is not None and canonical != p.arxiv:
                out.append(Finding(ERROR, "bad-id", f"arXiv ID {p.arxiv!r} is not in its bare form {canonical!r}",
                                   _where(p), (p.key,)))
            if canonical is not None:
                by_arxiv[canonical].append(p)
        by_title[normalize_title(p.title)].append(p)
        for slug in p.categories:
            if slug not in taxonomy:
                out.append(Finding(ERROR, "unknown-category", taxonomy.not_in_taxonomy(slug),
                                   _where(p), (p.key,)))
        if not p.categories:
            out.append(Finding(ERROR, "no-category", f"{p.key} is in no category", _where(p), (p.key,)))
        for name, value in p.non_web_links():
            out.append(Finding(ERROR, "bad-url", f"{name} {value!r} is not an http(s) URL", _where(p), (p.key,)))
        if not p.authors:
            out.append(Finding(WARNING, "no-authors", f"{p.key} has no authors", _where(p), (p.key,)))
        if p.year is None:
            out.append(Finding(WARNING, "no-year", f"{p.key} has no year", _where(p), (p.key,)))
        if cached_record is not None and p.arxiv and p.is_preprint and "venue" not in p.pinned:
            rec = cached_record(p.arxiv)
            ref = getattr(rec, "journal_ref", None) or getattr(rec, "doi", None)
            if ref:
                out.append(Finding(WARNING, "now-published",
                                   f"{p.key} is filed as a preprint, but arXiv now names {ref!r}", _where(p),
                                   (p.key,)))
    for arxiv_id, group in by_arxiv.items():
        titles = {normalize_title(p.title) for p in group}
        if len(group) > 1:
            listed = " and ".join(f"{p.key} {p.title!r}" for p in group)
            what = "under two different titles" if len(titles) > 1 else "twice"
            out.append(Finding(ERROR, "duplicate-id", f"arXiv {arxiv_id} is filed {what}: {listed}", "catalog",
                               tuple(p.key for p in group)))
    for title, group in by_title.items():
        keys = {p.arxiv or p.key for p in group}
        if title and len(keys) > 1:
            listed = " and ".join(p.key for p in group)
            out.append(Finding(ERROR, "duplicate-title", f"the title {group[0].title!r} is filed under {listed}",
                               "catalog", tuple(p.key for p in group)))
    used = {slug for p in papers for slug in p.categories}
    for c in taxonomy:
        if taxonomy.is_leaf(c.slug) and c.slug not in used:
            out.append(Finding(WARNING, "empty-category", f"category {c.slug!r} ({c.name}) has no papers",
                               "taxonomy.toml"))
    return out


def load_each(catalog: Catalog) -> tuple[list[Paper], list[Finding]]:
    """Every paper that can be read, and a finding for each file that cannot."""
    try:
        return catalog.papers(), []
    except CatalogFormatError:
        pass
    from .store import read_toml

    papers, findings = [], []
    for path in sorted(catalog.papers_dir.glob("*.toml")):
        try:
            papers.append(catalog.paper_from_table(path.name, read_toml(path)))
        except CatalogFormatError as e:
            line = f" (line {e.line})" if e.line else ""
            findings.append(Finding(ERROR, "malformed", e.why + line, f"papers/{path.name}"))
    return papers, findings


def lint_catalog(catalog: Catalog, readme: Path | None = None,
                 use_cache: bool = True) -> tuple[list[Finding], int]:
    """Every finding, errors first, and the number of paper files read."""
    papers, findings = load_each(catalog)
    files = len(papers) + len(findings)
    lookup = None
    if use_cache:
        from .arxiv.cache import EntryCache

        cache = EntryCache()

        def lookup(arxiv_id: str) -> object | None:
            return cache.get(arxiv_id, any_age=True)

    findings += check_papers(catalog.taxonomy, papers, lookup)
    if readme is not None:
        findings += check_readme(catalog, papers, readme)
    return sorted(findings, key=lambda f: (f.level != ERROR, f.where, f.code, f.message)), files


def check_readme(catalog: Catalog, papers: list[Paper], readme: Path) -> list[Finding]:
    """Is each generated section of the README what ``vla export markdown`` writes from the catalog
    now, with the filters its marker records?"""
    from .catalog import Query, select
    from .exporters import as_text
    from .exporters.markdown import export_markdown
    from .exporters.readme import body, find_sections, in_section
    from .store import read_text

    def render(filters: dict[str, str]) -> str:
        chosen = select(papers, Query.of(filters), catalog.taxonomy)
        return as_text(export_markdown(catalog, sorted(chosen, key=lambda p: p.key),
                                       {"category": filters.get("category")}))

    document = read_text(readme)
    findings = []
    for section in find_sections(document, str(readme)):
        expected = in_section(section, str(readme), render)
        current = body(document, section)
        if current.strip() != expected.strip():
            findings.append(_stale(catalog, papers, current, expected, f"{readme}:{section.line}",
                                   section.describe()))
    return findings


def _stale(catalog: Catalog, papers: list[Paper], current: str, expected: str, where: str,
           which: str) -> Finding:
    """What changed between a section's text and what the catalog gives now, as one finding."""
    from .importers.markdown import parse_markdown

    tax = catalog.taxonomy
    fields = ("title", "venue", "year", "url", "website", "code")

    def rows(md: str) -> dict[str, tuple[set[str], dict[str, object], str]]:
        out: dict[str, tuple[set[str], dict[str, object], str]] = {}
        for e in parse_markdown(md).entries:
            found = next((tax.find(h) for h in reversed(e.headings) if tax.find(h)), None)
            ident = e.arxiv or normalize_title(e.title)
            cats, _, _ = out.setdefault(ident, (set(), {f: getattr(e, f) for f in fields}, e.title))
            cats.add(found.slug if found else "")
        return out

    have, want = rows(current), rows(expected)
    keys = {p.arxiv or normalize_title(p.title): p.key for p in papers}
    missing = sorted(keys.get(k, k) for k in set(want) - set(have))
    extra = sorted(have[k][2] if k not in keys else keys[k] for k in set(have) - set(want))
    moved = sorted(keys.get(k, k) for k in set(have) & set(want) if have[k][0] != want[k][0])
    changed = sorted(f"{keys.get(k, k)} ({', '.join(f for f in fields if have[k][1][f] != want[k][1][f])})"
                     for k in set(have) & set(want) if have[k][1] != want[k][1])
    parts = []
    if missing:
        parts.append("missing from the README: " + ", ".join(missing))
    if extra:
        parts.append("no longer in the catalog: " + ", ".join(extra))
    if moved:
        parts.append("in other categories now: " + ", ".join(moved))
    if changed:
        parts.append("changed: " + ", ".join(changed))
    detail = "; ".join(parts) or "the layout or the taxonomy's headings changed"
    return Finding(ERROR, "stale-readme", f"the generated section ({which}) is stale ({detail}); "
                   "run 'vla export markdown --in-place' to update it", where,
                   tuple(missing + extra + moved + [c.split(" (")[0] for c in changed]))
