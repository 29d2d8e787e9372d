#!/usr/bin/env python3
"""How well vla's Markdown reader does on real awesome lists: the corpus of tests/data/lists.

    python scripts/list_corpus.py                      # every list of SOURCES.toml, then totals per split
    python scripts/list_corpus.py --split dev --show-wrong
    python scripts/list_corpus.py tests/data/lists/thunlp__GNNPapers__README.md --json

For each list it prints one row:
- linked: the distinct arXiv papers the file links, counted here with a plain regex (never by vla's reader)
  over the text without its HTML comments, fenced code blocks and inline code spans: arXiv URLs in any form
  (abs, pdf, html; vN, .pdf; www., export. and browse. hosts; a link target without https://; old-style IDs)
  and shields.io arXiv badges;
- found: how many of those are papers of the catalog that `vla import markdown FILE --create-categories`
  made in an empty catalog (the papers' arxiv field);
- wrong: how many of the found papers have a title that looks wrong (a link label, a venue or a date, a
  number, a URL, a badge's or an image's text, fewer than 3 letters, or text the file does not hold);
- extra: arXiv IDs of the catalog that the file does not link (the counter's misses, or the reader's);
- seconds: the import's wall time.
An import that fails (nonzero exit, or a traceback on stderr) is reported in its row and finds nothing.

vla runs only through its command line ([sys.executable, "-m", "vlacli", ...]: the vla this Python imports; put
another checkout's src first on PYTHONPATH to measure it), each list in a new catalog in a temp dir, with
VLA_CACHE_DIR there too. The lists are read from --dir (default tests/data/lists, then
../shared/lists beside the repository); a file whose sha256 differs from SOURCES.toml's is flagged.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = [ROOT / "tests" / "data" / "lists", ROOT.parent / "shared" / "lists"]
IMPORT_TIMEOUT = 900.0

# --- what the file links -------------------------------------------------------------------------------------

COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
FENCE_OPEN = re.compile(r"^\s*(`{3,})[^`]*$|^\s*(~{3,}).*$")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
NEW_ID = r"\d{4}\.\d{4,5}(?!\d)"
OLD_ID = r"[a-z][a-z-]*(?:\.[a-z-]{2,})?/\d{7}(?!\d)"
ARXIV_URL = re.compile(
    rf"(?:https?://(?:[\w-]+\.)?|(?<![\w.])www\.|(?<=[(<\"'=]))arxiv\.org/(?:abs|pdf|html)/({NEW_ID}|{OLD_ID})", re.I
)
ARXIV_BADGE = re.compile(rf"img\.shields\.io/badge/arxiv-({NEW_ID})", re.I)


def without_code(text: str) -> str:
    """The text without HTML comments, fenced code blocks and inline code spans."""
    text = COMMENT.sub(" ", text)
    kept: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        if fence is None:
            match = FENCE_OPEN.match(line)
            if match:
                fence = match.group(1) or match.group(2)
                continue
            kept.append(line)
        elif re.match(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
            fence = None
    return CODE_SPAN.sub(" ", "\n".join(kept))


def normal_id(raw: str) -> str:
    """An arXiv ID without its version; an old-style one lower-cased, without its subject class."""
    raw = re.sub(r"v\d+$", "", raw.strip())
    if "/" in raw:
        archive, number = raw.lower().split("/", 1)
        return f"{archive.split('.')[0]}/{number}"
    return raw


def linked_ids(text: str) -> set[str]:
    body = without_code(text)
    found = {normal_id(m.group(1)) for m in ARXIV_URL.finditer(body)}
    found |= {normal_id(m.group(1)) for m in ARXIV_BADGE.finditer(body)}
    return found


# --- what looks like a wrong title ---------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    """A closed list of lower-case words or phrases, separated by commas."""
    return frozenset(" ".join(w.split()) for w in text.split(","))


LABELS = _words(
    """
    paper, papers, pdf, arxiv, link, links, code, codes, github, git, project, project page, projects, website,
    web, webpage, web page, page, homepage, home page, site, demo, video, videos, slides, slide, blog, html,
    abs, abstract, poster, talk, tweet, twitter, dataset, data, model, models, weights, checkpoint,
    checkpoints, repo, repository, official code, code repo, source code, bibtex, bib, citation, cite, supp,
    supplementary, pub, openreview, huggingface, hugging face, hf, colab, notebook, here, details, more,
    official, pytorch, tensorflow, jax, arxiv paper, paper link, pdf link, paper pdf, arxiv link, code link,
    star, stars, doi, url, online, preprint, survey, leaderboard, benchmark, docs, documentation, zhihu,
    youtube, bilibili, medium, news, full paper, read paper, see paper
    """
)
# A title made only of these words (digits dropped) is a label too: "official code1", "codes and platform".
LABEL_WORDS = frozenset(word for label in LABELS for word in label.split()) | _words(
    """
    and, or, new, hot, fire, the, our, full, version, v, repo, platform, viewer, datasets, benchmarks, page,
    official, unofficial, implementation, implementations, link, available, coming, soon
    """
)
BADGE_TEXTS = _words(
    """
    github repo stars, github stars, github forks, star, stars, forks, license, last commit
    """
)
VENUES = _words(
    """
    iclr, icml, neurips, nips, cvpr, iccv, eccv, aaai, ijcai, acl, emnlp, naacl, coling, eacl, kdd, www, sigir,
    wsdm, cikm, recsys, icra, iros, rss, corl, ral, ra-l, tro, t-ro, tpami, pami, tip, tmlr, jmlr, ijcv,
    miccai, isbi, midl, tmi, mia, wacv, bmvc, 3dv, siggraph, tog, acm, mm, acmmm, icassp, interspeech, icde,
    vldb, sigmod, aistats, uai, colt, arxiv, cvprw, iccvw, eccvw, tkde, tnnls, tits, tcsvt, tmm, nature,
    science, pnas, icme, icip, accv, ecai, ijcnn, icpr, iclrw, icmlw, neuripsw, asia, ieee, arxiv preprint,
    openreview, tacl, findings, lrec, hri, humanoids, case, icse, fse, ase, issta, pldi, osdi, sosp, nsdi,
    mlsys, isca, micro, hpca, asplos, dac, iccad, date, usenix, ccs, sp, ndss, sigcomm, infocom, mobicom,
    ubicomp, chi, uist, tvcg, cviu, pr, nn, jbhi, media, eurographics, egsr, jetc
    """
)
VENUE_FILLER = _words(
    """
    workshop, workshops, oral, spotlight, poster, best, paper, award, conference, journal, proceedings, of,
    the, on, in, and, track, main, short, long, demo, accepted, submitted, under, review, preprint, version,
    highlight, finalist, w, ws
    """
)
MONTHS = _words(
    """
    jan, january, feb, february, mar, march, apr, april, may, jun, june, jul, july, aug, august, sep, sept,
    september, oct, october, nov, november, dec, december
    """
)
IMAGE_ALT = re.compile(r"!\[([^\]]*)\]|<img\b[^>]*\balt\s*=\s*[\"']([^\"']*)[\"']", re.I)
SHIELDS_BADGE = re.compile(r"img\.shields\.io/badge/([^)\s\"'?]+)", re.I)
URL = re.compile(r"^\s*<?(?:https?://|www\.)|://", re.I)
MARKUP_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def label_form(text: str) -> str:
    """Lower case, words only: emoji, brackets and punctuation dropped."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).casefold().replace("_", " ")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def bare(text: str) -> str:
    """Letters and digits only, lower case: what "the file holds this text" compares."""
    text = MARKUP_TAG.sub(" ", unicodedata.normalize("NFKC", html.unescape(text)))
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def is_venue_or_date(title: str) -> bool:
    """ICLR 2018, ACM MM, NeurIPS'24, CVPR2023 workshop, May 2024, June 24: venues, years and months only."""
    tokens = re.findall(r"\d*[A-Za-z][A-Za-z&-]*|\d+", title)
    if not tokens or len(tokens) > 6:
        return False
    month = any(token.lower() in MONTHS for token in tokens)
    known = acronyms = 0
    for token in tokens:
        low = token.lower().strip("-")
        if token.isdigit():
            if not (re.fullmatch(r"(19|20)\d\d|\d\d", token) or (month and len(token) == 1)):
                return False
            known += 1
        elif low in VENUES or low in MONTHS:
            known += 1
        elif re.fullmatch(r"[A-Z][A-Z&-]{1,7}", token) and acronyms < 2:
            acronyms += 1  # an acronym this list lacks (JETC) counts beside a known venue, a year or a month
        elif low not in VENUE_FILLER:
            return False
    return known > 0


@dataclass
class FileTexts:
    """What a file holds, in the forms the wrong-title rules compare with."""

    bare: str
    alts: set[str]
    badges: set[str]

    @classmethod
    def of(cls, text: str) -> FileTexts:
        alts = {label_form(a or b) for a, b in IMAGE_ALT.findall(text)} - {""}
        badges = set(BADGE_TEXTS)
        for path in SHIELDS_BADGE.findall(text):
            parts = [p.replace("--", "-").replace("__", "_") for p in re.split(r"(?<!-)-(?!-)", path)]
            words = [label_form(re.sub(r"%[0-9a-f]{2}", " ", p, flags=re.I)) for p in parts[:2]]
            badges |= {w for w in [*words, " ".join(words)] if w}
        return cls(bare=bare(text), alts=alts, badges=badges)


def wrong_reason(title: str, held: FileTexts) -> str | None:
    """Why a paper's title looks wrong, or None."""
    plain = " ".join(title.split())
    words = label_form(plain)
    letters = sum(ch.isalpha() for ch in plain)
    if URL.search(plain):
        return "a URL"
    if words in LABELS:
        return "a link label"
    if words in held.badges:
        return "a badge's text"
    if words and words in held.alts:
        return "an image's alt text"
    if re.fullmatch(r"[\d\s.,:/'’()-]+", plain):
        return "a number or a date"
    if is_venue_or_date(plain):
        return "a venue or a date"
    label_words = set(re.sub(r"\d+", " ", words).split())
    if label_words and label_words <= LABEL_WORDS:
        return "a link label"
    if letters < 3:
        return "fewer than 3 letters"
    if bare(plain) not in held.bare:
        return "text the file does not hold"
    return None


# --- running vla ---------------------------------------------------------------------------------------------


@dataclass
class Row:
    file: str
    split: str
    bytes: int
    linked: int = 0
    found: int = 0
    wrong: int = 0
    extra: int = 0
    seconds: float = 0.0
    status: str = "ok"
    failed: bool = False
    wrong_titles: list[dict[str, str]] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)


def vla(*args: str, env: dict[str, str], timeout: float = IMPORT_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vlacli", *args], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def failure(proc: subprocess.CompletedProcess[str], what: str) -> str | None:
    if proc.returncode == 0 and "Traceback (most recent call last)" not in proc.stderr:
        return None
    lines = [line for line in proc.stderr.strip().splitlines() if line.strip()]
    return f"{what} failed (exit {proc.returncode}): {lines[-1][:160] if lines else 'no message'}"


def measure(path: Path, split: str, expected_sha: str | None) -> Row:
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    row = Row(file=path.name, split=split, bytes=len(data))
    linked = linked_ids(text)
    row.linked = len(linked)
    notes = []
    if expected_sha and hashlib.sha256(data).hexdigest() != expected_sha:
        notes.append("sha256 differs from SOURCES.toml")
    with tempfile.TemporaryDirectory(prefix="vla-corpus-") as tmp:
        catalog = str(Path(tmp) / "catalog")
        env = {**os.environ, "VLA_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("VLA_CATALOG", None)
        problem = failure(vla("init", catalog, env=env), "vla init")
        if problem is None:
            start = time.perf_counter()
            try:
                proc = vla("-C", catalog, "import", "markdown", str(path), "--create-categories", env=env)
                problem = failure(proc, "import")
            except subprocess.TimeoutExpired:
                problem = f"import timed out after {IMPORT_TIMEOUT:.0f} s"
            row.seconds = time.perf_counter() - start
        papers: list[dict[str, object]] = []
        if problem is None:
            listed = vla("-C", catalog, "list", "--format", "json", env=env)
            problem = failure(listed, "vla list")
            if problem is None:
                papers = json.loads(listed.stdout or "[]")
    if problem:
        row.status, row.failed = "; ".join([problem, *notes]), True
        return row
    held = FileTexts.of(text)
    titles: dict[str, list[str]] = {}
    for paper in papers:
        if isinstance(paper.get("arxiv"), str) and paper["arxiv"]:
            titles.setdefault(normal_id(str(paper["arxiv"])), []).append(str(paper.get("title") or ""))
    found = linked & titles.keys()
    row.found = len(found)
    row.unlinked = sorted(titles.keys() - linked)
    row.extra = len(row.unlinked)
    row.missed = sorted(linked - found)
    for arxiv_id in sorted(found):
        for title in titles[arxiv_id]:
            reason = wrong_reason(title, held)
            if reason:
                row.wrong += 1
                row.wrong_titles.append({"arxiv": arxiv_id, "title": title, "reason": reason})
                break
    row.status = "; ".join(notes) or "ok"
    return row


# --- the corpus and the report -------------------------------------------------------------------------------


def corpus_dir(given: Path | None) -> Path:
    if given:
        return given
    for candidate in DEFAULT_DIRS:
        if (candidate / "SOURCES.toml").exists():
            return candidate
    return DEFAULT_DIRS[0]


def sources(directory: Path) -> list[dict[str, object]]:
    with (directory / "SOURCES.toml").open("rb") as handle:
        lists: list[dict[str, object]] = tomllib.load(handle).get("list", [])
    return lists


def find_file(name: str, directory: Path) -> Path | None:
    for candidate in [directory / name, *(d / name for d in DEFAULT_DIRS)]:
        if candidate.is_file():
            return candidate
    return None


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def totals(rows: Iterable[Row]) -> dict[str, float | int]:
    chosen = list(rows)
    result: dict[str, float | int] = {"lists": len(chosen), "failed": sum(r.failed for r in chosen)}
    for key in ("bytes", "linked", "found", "wrong", "extra"):
        result[key] = sum(getattr(r, key) for r in chosen)
    result["seconds"] = round(sum(r.seconds for r in chosen), 2)
    return result


def print_table(rows: list[Row], show_wrong: int) -> None:
    width = max([len(r.file) for r in rows] + [4])
    columns = f"{'split':<7} {'KB':>6} {'linked':>6} {'found':>6} {'found%':>6} {'wrong':>5} {'wrong%':>6}"
    print(f"{'file':<{width}}  {columns} {'extra':>5} {'seconds':>7}  status")
    for r in rows:
        print(
            f"{r.file:<{width}}  {r.split:<7} {r.bytes / 1024:>6.0f} {r.linked:>6} {r.found:>6}"
            f" {pct(r.found, r.linked):>6} {r.wrong:>5} {pct(r.wrong, r.found):>6} {r.extra:>5} {r.seconds:>7.2f}"
            f"  {r.status}"
        )
        for item in r.wrong_titles[:show_wrong]:
            print(f"{'':<{width}}    {item['arxiv']}: {item['title'][:70]!r} ({item['reason']})")
    print()
    for name in ("dev", "heldout", "all"):
        chosen = [r for r in rows if name == "all" or r.split == name]
        if not chosen:
            continue
        t = totals(chosen)
        linked, found, wrong = int(t["linked"]), int(t["found"]), int(t["wrong"])
        print(
            f"{name:<8} {t['lists']:>3} lists, {t['bytes'] / 1e6:.1f} MB: linked {linked}, found {found}"
            f" ({pct(found, linked)}), wrong titles {wrong} ({pct(wrong, found)}), extra {t['extra']},"
            f" {t['seconds']:.1f} s, failed or missing {t['failed']}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="Only these lists (a file of SOURCES.toml, or any file).")
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--dir", type=Path, help="The folder of SOURCES.toml and the lists.")
    parser.add_argument("--show-wrong", nargs="?", type=int, const=8, default=0, metavar="N",
                        help="Print the first N wrong titles of each list (default 8).")
    parser.add_argument("--json", action="store_true", help="Print the rows and totals as JSON.")
    args = parser.parse_args(argv)

    directory = corpus_dir(args.dir)
    entries = sources(directory) if (directory / "SOURCES.toml").exists() else []
    by_name = {str(e["file"]): e for e in entries}
    jobs: list[tuple[Path | None, str, str, dict[str, object]]] = []
    if args.files:
        for given in args.files:
            entry = by_name.get(given.name, {})
            if args.split in ("all", entry.get("split")):
                path = given if given.is_file() else find_file(given.name, directory)
                jobs.append((path, given.name, str(entry.get("split", "-")), entry))
    else:
        for entry in entries:
            if args.split in ("all", entry.get("split")):
                name = str(entry["file"])
                jobs.append((find_file(name, directory), name, str(entry.get("split", "-")), entry))
    if not jobs:
        parser.error(f"no lists to measure (SOURCES.toml in {directory}?)")

    rows: list[Row] = []
    for path, name, split, entry in jobs:
        if path is None:
            rows.append(Row(file=name, split=split, bytes=0, status="missing: not in the corpus folder", failed=True))
            continue
        rows.append(measure(path, split, str(entry["sha256"]) if "sha256" in entry else None))
        if not args.json:
            print(f"measured {name} ({rows[-1].seconds:.1f} s)", file=sys.stderr)

    if args.json:
        report = {
            "rows": [asdict(r) for r in rows],
            "totals": {
                name: totals(r for r in rows if name == "all" or r.split == name) for name in ("dev", "heldout", "all")
            },
        }
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        print()
    else:
        print_table(rows, args.show_wrong)
    return 0


if __name__ == "__main__":
    sys.exit(main())
