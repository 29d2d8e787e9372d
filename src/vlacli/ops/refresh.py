"""Re-fetch papers from arXiv and update the fields arXiv owns (``vla refresh``).

Never touches categories, citekey, or a field a person set or cleared (see vlacli.core.fields).
Each paper is re-read under the lock and written on its own, so a refresh never loses an edit
made meanwhile, and a failure mid-way keeps the papers already updated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.fields import TAKEABLE
from ..core.paper import Paper
from ..errors import FieldValueError, ReadOnlyCatalog
from ..sources.arxiv.convert import Change, apply_changes, refresh_changes, refresh_notes, venue_notes
from ..sources.arxiv.fetch import Fetcher, NetworkRun, failure_lines, fetching
from ..storage.catalog import Catalog


@dataclass
class PaperUpdate:
    key: str
    changes: list[Change]
    notes: list[str] = field(default_factory=list)


@dataclass
class RefreshReport(NetworkRun):
    """``left``: the keys of the papers an error left unrefreshed."""

    checked: int = 0
    updates: list[PaperUpdate] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # keys of papers with no arXiv ID
    dry_run: bool = False


def papers_to_refresh(cat: Catalog, refs: Iterable[str], all_papers: bool) -> tuple[list[Paper], list[str]]:
    """The papers named (or all), and the keys of those that have no arXiv ID to refresh from."""
    chosen = cat.named(refs, all_papers, "refresh")
    return [p for p in chosen if p.arxiv], [p.key for p in chosen if not p.arxiv]


def refresh_papers(
    cat: Catalog,
    refs: Iterable[str] = (),
    *,
    all_papers: bool = False,
    dry_run: bool = False,
    take: Sequence[str] = (),
    fetcher: Fetcher | None = None,
) -> RefreshReport:
    """Refresh papers from arXiv: the fields arXiv owns are updated; a title, year or DOI only when
    the paper has none, or when ``take`` names it (else arXiv's different value is a note)."""
    if not dry_run and cat.read_only:
        raise ReadOnlyCatalog(cat.root)
    unknown = [name for name in take if name not in TAKEABLE]
    if unknown:
        raise FieldValueError("take", f"{unknown[0]!r}: only arXiv's " + ", ".join(TAKEABLE) + " can be taken")
    papers, skipped = papers_to_refresh(cat, refs, all_papers)
    report = RefreshReport(skipped=skipped, dry_run=dry_run)
    by_id = {p.arxiv: p for p in papers if p.arxiv}
    settled: set[str] = set()
    with fetching(fetcher, report, lambda: [p.key for a, p in by_id.items() if a not in settled]) as f:
        for part in f.batches(list(by_id)):
            for aid, entry in part.entries.items():
                paper = by_id[aid]
                report.checked += 1
                settled.add(aid)
                changes = refresh_changes(paper, entry, take)
                notes = venue_notes(paper, changes) + refresh_notes(paper, entry, take)
                if not changes and not notes:
                    continue
                if not dry_run and changes:
                    with cat.edit(paper.key) as fresh:
                        changes = refresh_changes(fresh, entry, take)
                        apply_changes(fresh, changes)
                report.updates.append(PaperUpdate(paper.key, changes, notes))
            report.failures.extend(failure_lines(part))
            settled.update(part.settled)
    return report
