"""``vla verify``: every paper is what it claims — its arXiv ID is a paper of arXiv, and that paper's.

Each paper with an arXiv ID is looked up on arXiv (batched, ⌈N/100⌉ requests, polite and cached as
``vla refresh`` is) and checked:

- an ID arXiv does not have: an error;
- an ID whose arXiv title is another paper's: an error naming both titles. The paper's title and its
  earlier ones (``aliases``) are compared with arXiv's after normalising (:func:`vlacli.core.matching.
  titles_agree`): a revised arXiv title that keeps the paper's words, or a short name the title names,
  is the same paper;
- a withdrawn paper (its latest version's comment says so): a warning;
- a first author arXiv does not list first: a warning;
- with ``venues``, a venue Semantic Scholar or DBLP contradict: a note.

``changed_since`` (a git revision) checks only the papers whose files changed since it — the
pull-request case. Pure checks (:func:`check_entry`) are apart from the fetching (:func:`verify_papers`).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.findings import ERROR, WARNING
from ..core.identifiers import filename_to_key
from ..core.matching import same_first_author, titles_agree
from ..errors import InputError, VlaError
from ..sources.arxiv.fetch import NOT_AN_ID, NOT_CACHED, Fetcher, NetworkRun, fetching

if TYPE_CHECKING:
    from ..core.paper import Paper
    from ..sources.arxiv.atom import ArxivEntry
    from ..sources.scholarly.fetch import Sources
    from ..storage.catalog import Catalog

NOTE = "note"
LEVELS = (ERROR, WARNING, NOTE)

# What each problem is, by its code (the docs' table is generated from this).
PROBLEMS = {
    "no-such-id": (ERROR, "an arXiv ID arXiv does not have"),
    "other-paper": (ERROR, "an arXiv ID whose arXiv title is another paper's (both titles named)"),
    "withdrawn": (WARNING, "a paper its authors withdrew from arXiv"),
    "first-author": (WARNING, "a first author arXiv does not list first"),
    "venue": (NOTE, "with `--venues`: a venue Semantic Scholar or DBLP contradict"),
}

_WITHDRAWN = re.compile(r"\b(?:has been |was |is )?withdrawn\b", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    key: str
    code: str
    message: str

    @property
    def level(self) -> str:
        return PROBLEMS[self.code][0]

    def __str__(self) -> str:
        return f"{self.key}: {self.level}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "level": self.level, "code": self.code, "message": self.message}


@dataclass
class VerifyReport(NetworkRun):
    checked: list[str] = field(default_factory=list)  # keys of the papers arXiv's record was checked against
    problems: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # lines for IDs that could not be checked (not cached …)
    skipped: list[str] = field(default_factory=list)  # keys of the papers chosen that have no arXiv ID

    @property
    def errors(self) -> int:
        return sum(p.level == ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level == WARNING for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"checked": len(self.checked), "errors": self.errors, "warnings": self.warnings,
                "problems": [p.to_dict() for p in self.problems], "not_checked": self.failures + self.left,
                "without_arxiv_id": self.skipped, "requests": self.requests}


def is_withdrawn(entry: ArxivEntry) -> bool:
    """arXiv keeps a withdrawn paper's entry; its latest version's comment says it was withdrawn."""
    return bool(entry.comment and _WITHDRAWN.search(entry.comment))


def check_entry(paper: Paper, entry: ArxivEntry) -> list[Problem]:
    """What is wrong with ``paper`` given arXiv's record of its ID (pure)."""
    out = []
    if not titles_agree((paper.title, *paper.aliases), entry.title):
        out.append(Problem(paper.key, "other-paper", f"arXiv {entry.id} is {entry.title!r}, not {paper.title!r}"))
    elif not same_first_author(paper.authors, entry.authors):
        out.append(Problem(paper.key, "first-author", f"the first author is {paper.authors[0]}, arXiv lists "
                                                      f"{entry.authors[0]} first"))
    if is_withdrawn(entry):
        out.append(Problem(paper.key, "withdrawn", f"arXiv {entry.id} was withdrawn ({entry.comment})"))
    return out


def changed_papers(cat: Catalog, revision: str) -> list[str]:
    """The keys of the papers whose files changed since the git ``revision`` (added, changed or renamed,
    committed or not): what a pull request touches. An error when the catalog is in no git work tree or
    the revision is unknown there."""
    papers = cat.papers_dir

    def git(*args: str) -> str:
        try:
            res = subprocess.run(["git", *args], cwd=cat.root, capture_output=True, text=True, timeout=60)
        except FileNotFoundError:
            raise InputError("--changed-since needs git, which is not installed") from None
        except subprocess.TimeoutExpired:
            raise InputError("git did not answer within 60 s") from None
        if res.returncode != 0:
            why = (res.stderr.strip().splitlines() or ["git failed"])[-1]
            raise InputError(f"cannot tell what changed since {revision!r}: {why}")
        return res.stdout

    if revision.startswith("-"):
        raise InputError(f"{revision!r} is not a git revision")
    git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    names = git("diff", "--name-only", "-z", "--diff-filter=ACMR", revision, "--", str(papers)).split("\0")
    names += git("ls-files", "-z", "--others", "--exclude-standard", "--", str(papers)).split("\0")
    top = Path(git("rev-parse", "--show-toplevel").strip())
    keys = []
    for name in names:
        path = top / name if name else None
        if path is not None and path.suffix == ".toml" and path.parent.resolve() == papers.resolve():
            keys.append(filename_to_key(path.stem))
    return list(dict.fromkeys(keys))


def verify_papers(
    cat: Catalog,
    refs: Iterable[str] = (),
    *,
    all_papers: bool = False,
    changed_since: str | None = None,
    venues: bool = False,
    fetcher: Fetcher | None = None,
    sources: Sources | None = None,
) -> VerifyReport:
    """Check the papers named (or ``all_papers``, or those changed since a git revision) against arXiv."""
    if changed_since is not None:
        if all_papers or list(refs):
            raise InputError("give paper IDs, --all or --changed-since, one of them")
        papers = [p for p in (cat.find(k) for k in changed_papers(cat, changed_since)) if p is not None]
    else:
        papers = cat.named(refs, all_papers, "verify")
    report = VerifyReport(skipped=[p.key for p in papers if not p.arxiv])
    by_id = {p.arxiv: p for p in papers if p.arxiv}
    settled: set[str] = set()
    with fetching(fetcher, report, lambda: [p.key for a, p in by_id.items() if a not in settled]) as f:
        for part in f.batches(list(by_id)):
            for aid, entry in part.entries.items():
                paper = by_id[aid]
                report.checked.append(paper.key)
                report.problems += check_entry(paper, entry)
            for aid in part.missing:
                report.problems.append(Problem(by_id[aid].key, "no-such-id", f"arXiv has no paper {aid}"))
            report.failures += [f"{by_id[a].key}: arXiv {a}: {NOT_AN_ID}" for a in part.malformed]
            report.failures += [f"{by_id[a].key}: arXiv {a}: {NOT_CACHED}" for a in part.uncached]
            report.failures += [f"{by_id[a].key}: arXiv {a}: arXiv's entry {why}" for a, why in part.refused.items()]
            settled.update(part.settled)
    if venues and report.error is None:
        if sources is None:  # as offline as arXiv was, its retries told alike
            from ..sources.scholarly.fetch import Sources

            sources = Sources(offline=f.offline, on_retry=f.on_retry)
        checked = set(report.checked)
        found = _venue_notes(cat, [p for p in papers if p.key in checked], sources)
        report.problems += found.problems
        report.failures += found.failures  # a service's record not in the cache (--offline), as for arXiv's
        report.error, report.requests = found.error, report.requests + found.requests
    order = {key: i for i, key in enumerate(p.key for p in papers)}
    report.problems.sort(key=lambda p: (order.get(p.key, len(order)), LEVELS.index(p.level)))
    return report


@dataclass
class _VenueNotes:
    problems: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    error: VlaError | None = None
    requests: int = 0


def _venue_notes(cat: Catalog, papers: Sequence[Paper], sources: Sources) -> _VenueNotes:
    """Papers with a venue that Semantic Scholar or DBLP place elsewhere (``vla venues``' findings)."""
    from .venues import CONFLICT, PUBLISHED, find_venues

    out = _VenueNotes()
    if not papers:
        return out
    found = find_venues(cat, [p.key for p in papers], sources=sources)
    for proposal in found.proposals:
        if proposal.action in (PUBLISHED, CONFLICT) and proposal.venue:
            named = "; ".join(dict.fromkeys(f"{f.source}: {f.name}" for f in proposal.findings))
            out.problems.append(Problem(proposal.key, "venue", f"the catalog says {proposal.venue}; {named}"))
    out.failures = found.failures
    out.error, out.requests = found.error, sum(found.requests.values())
    return out
