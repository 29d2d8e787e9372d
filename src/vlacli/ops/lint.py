"""vla lint: the mistakes hand-kept lists make, found before readers find them.

Pure checks over a taxonomy and papers (:func:`check_papers`), so the importer can run the
same ones on what it is about to write, plus the file-level ones (:func:`lint_catalog`):
malformed files, and optionally a README whose generated section is stale. Lint never touches
the network: a preprint's arXiv record is looked up in the response cache only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.fields import awaits_venue
from ..core.findings import ERROR, Finding
from ..core.identifiers import key_to_filename, parse_arxiv_id
from ..core.matching import normalize_title, other_edition
from ..core.paper import Paper
from ..core.taxonomy import Taxonomy
from ..errors import InvalidIdentifier
from ..storage.catalog import Catalog
from ..storage.store import JOURNAL_NAME


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
                out.append(Finding.of("bad-id", f"arXiv ID {e}", _where(p), (p.key,)))
                canonical = None
            if canonical is not None and canonical != p.arxiv:
                out.append(Finding.of("bad-id", f"arXiv ID {p.arxiv!r} is not in its bare form {canonical!r}",
                                   _where(p), (p.key,)))
            if canonical is not None:
                by_arxiv[canonical].append(p)
        by_title[normalize_title(p.title)].append(p)
        for slug in p.categories:
            if slug not in taxonomy:
                out.append(Finding.of("unknown-category", taxonomy.not_in_taxonomy(slug),
                                   _where(p), (p.key,)))
        if not p.categories:
            out.append(Finding.of("no-category", f"{p.key} is in no category", _where(p), (p.key,)))
        for name, value in p.non_web_links():
            out.append(Finding.of("bad-url", f"{name} {value!r} is not an http(s) URL", _where(p), (p.key,)))
        if not p.title.strip():
            out.append(Finding.of("no-title", f"{p.key} has no title", _where(p), (p.key,)))
        if not p.authors:
            out.append(Finding.of("no-authors", f"{p.key} has no authors", _where(p), (p.key,)))
        if p.year is None:
            out.append(Finding.of("no-year", f"{p.key} has no year", _where(p), (p.key,)))
        if cached_record is not None and p.arxiv and awaits_venue(p):
            rec = cached_record(p.arxiv)
            ref = getattr(rec, "journal_ref", None) or getattr(rec, "doi", None)
            if ref:
                out.append(Finding.of("now-published",
                                   f"{p.key} is filed as a preprint, but arXiv now names {ref!r}", _where(p),
                                   (p.key,)))
    for arxiv_id, group in by_arxiv.items():
        titles = {normalize_title(p.title) for p in group}
        if len(group) > 1:
            listed = " and ".join(f"{p.key} {p.title!r}" for p in group)
            what = "under two different titles" if len(titles) > 1 else "twice"
            out.append(Finding.of("duplicate-id", f"arXiv {arxiv_id} is filed {what}: {listed}", "catalog",
                               tuple(p.key for p in group)))
    for title, group in by_title.items():
        keys = {p.arxiv or p.key for p in group}
        if title and len(keys) > 1:
            # Editions of a work (years apart: core.matching.other_edition) are not duplicates.
            group = [p for p in group if any((q.arxiv or q.key) != (p.arxiv or p.key) and not other_edition(p, q)
                                             for q in group)]
            if not group:
                continue
            listed = " and ".join(p.key for p in group)
            out.append(Finding.of("duplicate-title", f"the title {group[0].title!r} is filed under {listed}",
                               "catalog", tuple(p.key for p in group)))
    used = {slug for p in papers for slug in p.categories}
    for c in taxonomy:
        if taxonomy.is_leaf(c.slug) and c.slug not in used:
            out.append(Finding.of("empty-category", f"category {c.slug!r} ({c.name}) has no papers",
                               "taxonomy.toml"))
    out += check_depth(taxonomy)
    return out


def check_depth(taxonomy: Taxonomy) -> list[Finding]:
    """``deep-taxonomy``: more levels than the Markdown export has headings for (it starts at ``###``
    and Markdown stops at ``######``), so some categories are shown at the level of their parent."""
    from ..formats.exporters.markdown import MAX_LEVEL, TOP_LEVEL

    shown = MAX_LEVEL - TOP_LEVEL + 1
    deepest = taxonomy.max_depth()
    if deepest < shown:
        return []
    deep = [c.slug for c in taxonomy if taxonomy.depth(c.slug) >= shown]
    more = f" and {len(deep) - 3} more" if len(deep) > 3 else ""
    return [Finding.of("deep-taxonomy",
                       f"the taxonomy is {deepest + 1} levels deep, but Markdown's headings can show {shown}: the "
                       f"Markdown export puts {', '.join(deep[:3])}{more} at the level of their parent (######)",
                       "taxonomy.toml")]


def load_each(catalog: Catalog) -> tuple[list[Paper], list[Finding]]:
    """Every paper that can be read, and a finding for each file that cannot (and for a change an
    interrupted process left half done)."""
    papers = catalog.papers(lenient=True)
    findings = []
    for e in catalog.problems:
        line = f" (line {e.line})" if e.line else ""
        findings.append(Finding.of("malformed", e.why + line, f"papers/{e.path.name}"))
    interrupted = catalog.interrupted_change()
    if interrupted:
        findings.append(Finding.of("interrupted", interrupted, JOURNAL_NAME))
    return papers, findings


def lint_catalog(catalog: Catalog, readme: Path | None = None) -> tuple[list[Finding], int]:
    """Every finding, errors first, and the number of paper files read."""
    papers, findings = load_each(catalog)
    files = len(papers) + len(findings)
    from ..sources.arxiv.cache import EntryCache

    cache = EntryCache()
    findings += check_papers(catalog.taxonomy, papers, lambda arxiv_id: cache.get(arxiv_id, any_age=True))
    if readme is not None:
        from ..readme.check import check_file

        findings += check_file(catalog, papers, readme)
    return sorted(findings, key=lambda f: (f.level != ERROR, f.where, f.code, f.message)), files
