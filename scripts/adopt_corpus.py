#!/usr/bin/env python3
"""How well `vla adopt` keeps real READMEs: the corpus of tests/data/lists and the survey's own READMEs.

    python scripts/adopt_corpus.py                           # the survey's READMEs and every list found
    python scripts/adopt_corpus.py --split dev               # the survey's READMEs and the dev lists
    python scripts/adopt_corpus.py --dir /work/corpus-dev    # the lists of another folder
    python scripts/adopt_corpus.py README.md other.md --json

Each README is copied into a temp dir and adopted there (`vla adopt README.md`, through vla's command line:
[sys.executable, "-m", "vlacli", ...]). Per README, one row:
- paper lines: the lines of the rows vla read as papers (from the report of `vla adopt --dry-run`'s sections
  and of the blocks it left as they are);
- kept: of those, the lines the adopted README still has, verbatim, at their place (a diff of the README
  before and after, marker lines taken out);
- changed: paper lines that differ; other: other lines (prose, headings, figures) that differ or went missing;
- arXiv: the arXiv IDs the README links (a plain regex), and how many of them it still links after;
- again: the lines `vla export markdown --in-place README.md` right after changes (should be 0);
- set: after `vla set ID --title …` of one paper and the export, the lines that changed and how many of them
  are that paper's rows (both the same when only its lines change);
- seconds: the adopt's wall time.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SURVEY = [ROOT / "tests" / "data" / "survey-history" / f"boboyoudiancai__Efficient-VLA-Survey__README@{c}.md"
          for c in ("6c29614", "6079e71", "a350ae0")] + [ROOT / "tests" / "data" / "survey" /
                                                         "efficient-vlas-survey.README.md"]
LISTS = ROOT / "tests" / "data" / "lists"
ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z-]{2,})?/\d{7})", re.I)
MARKER = re.compile(r"^[ ]{0,3}<!--\s*vla:(?:begin|end)\b.*-->\s*$")
TIMEOUT = 900.0


@dataclass
class Row:
    name: str
    paper_lines: int = 0
    kept: int = 0
    changed: int = 0
    other: int = 0
    arxiv: int = 0
    arxiv_kept: int = 0
    again: int = -1
    set_changed: int = -1
    set_paper: int = -1
    sections: int = 0
    seconds: float = 0.0
    error: str = ""


def vla(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "VLA_CACHE_DIR": str(cwd / ".cache"), "VLA_ARXIV_URL": "http://127.0.0.1:9/api/query"}
    env.pop("VLA_CATALOG", None)
    return subprocess.run([sys.executable, "-m", "vlacli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT)


def paper_line_numbers(cwd: Path) -> set[int]:
    """The lines of the README's paper rows, as `vla adopt --dry-run` reports its blocks (first to last
    line of each block; the rows themselves are the lines vla read as entries)."""
    sys.path.insert(0, str(ROOT / "src"))
    from vlacli.formats.importers.markdown import parse_markdown
    from vlacli.ops.adopt import find_blocks

    text = (cwd / "README.md").read_text(encoding="utf-8")
    parsed = parse_markdown(text)
    lines: set[int] = set()
    for b in find_blocks(text, parsed, [str(i) for i in range(len(parsed.entries))]):
        for _, _, first, last in b.entries:
            lines.update(range(first, last + 1))
    return lines


def changed_lines(before: str, after: str, markers: bool = False) -> tuple[set[int], int]:
    """The lines of ``before`` (1-based) that ``after`` (marker lines taken out, unless ``markers``: both
    have them) does not keep as they were, and how many lines ``after`` has that ``before`` lacks."""
    old = before.splitlines()
    new = [line for line in after.splitlines() if markers or not MARKER.match(line)]
    lost: set[int] = set()
    added = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            lost.update(range(i1 + 1, i2 + 1))
        if tag in ("replace", "insert"):
            added += j2 - j1
    return lost, added


def measure(path: Path) -> Row:
    row = Row(path.name)
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        shutil.copyfile(path, cwd / "README.md")
        before = (cwd / "README.md").read_text(encoding="utf-8")
        try:
            numbers = paper_line_numbers(cwd)
        except Exception as e:  # a reader that fails is the row's finding
            row.error = f"reader: {e}"
            return row
        start = time.perf_counter()
        res = vla("adopt", "README.md", "-q", cwd=cwd)
        row.seconds = round(time.perf_counter() - start, 2)
        if res.returncode != 0 or "Traceback" in res.stderr:
            row.error = (res.stderr.strip().splitlines() or ["exit " + str(res.returncode)])[-1][:120]
            return row
        after = (cwd / "README.md").read_text(encoding="utf-8")
        row.sections = sum(1 for line in after.splitlines() if line.lstrip().startswith("<!-- vla:begin"))
        lost, _ = changed_lines(before, after)
        row.paper_lines = len(numbers)
        row.changed = len(lost & numbers)
        row.kept = row.paper_lines - row.changed
        row.other = len(lost - numbers)
        ids = set(m.group(1).lower() for m in ARXIV.finditer(before))
        row.arxiv = len(ids)
        row.arxiv_kept = len(ids & {m.group(1).lower() for m in ARXIV.finditer(after)})
        res = vla("export", "markdown", "--in-place", "README.md", cwd=cwd)
        again = (cwd / "README.md").read_text(encoding="utf-8")
        row.again = len(changed_lines(after, again, markers=True)[0]) if res.returncode == 0 else -1
        listed = vla("list", "-f", "json", cwd=cwd)
        papers = json.loads(listed.stdout) if listed.returncode == 0 else []
        if papers:
            p = papers[len(papers) // 2]
            key, title = p["key"], p["title"]
            vla("set", key, "--title", "A Title Set By Hand For The Measure", cwd=cwd)
            vla("export", "markdown", "--in-place", "README.md", cwd=cwd)
            final = (cwd / "README.md").read_text(encoding="utf-8")
            lost, _ = changed_lines(again, final, markers=True)
            row.set_changed = len(lost)
            own = paper_lines(again, p)
            old = again.splitlines()
            row.set_paper = sum(1 for n in lost if n in own or title in old[n - 1] or key in old[n - 1]
                                or _same_row(old[n - 1], p))
    return row


def paper_lines(text: str, paper: dict[str, object]) -> set[int]:
    """The lines of the README's entries that are this paper (by arXiv ID, else title): first to last line
    of each, as the reader gives them — a row over several lines is all the paper's."""
    sys.path.insert(0, str(ROOT / "src"))
    from vlacli.formats.importers.markdown import parse_markdown

    out: set[int] = set()
    for e in parse_markdown(text).entries:
        if (paper.get("arxiv") and e.arxiv == paper.get("arxiv")) or e.title == paper.get("title"):
            out.update(range(e.line, getattr(e, "end", e.line) + 1))
    return out


def _same_row(line: str, paper: dict[str, object]) -> bool:
    arxiv = paper.get("arxiv")
    return bool(arxiv) and str(arxiv) in line


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--dir", type=Path, help="a folder of lists (with SOURCES.toml): its .md files")
    ap.add_argument("--split", help="only the lists of this split of SOURCES.toml (dev, heldout)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    files = list(args.files)
    if not files:
        folder = args.dir or LISTS
        files = [p for p in SURVEY if p.is_file()]
        sources = folder / "SOURCES.toml"
        if sources.is_file():
            listed = tomllib.loads(sources.read_text(encoding="utf-8")).get("list", [])
            files += [folder / e["file"] for e in listed if (folder / e["file"]).is_file()
                      and (args.split is None or e.get("split") == args.split)]
        else:
            files += sorted(folder.glob("*.md"))
    rows = [measure(f) for f in files]
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=1))
        return 0
    head = f"{'README':58} {'lines':>6} {'kept':>6} {'%':>6} {'chg':>4} {'other':>5} {'arXiv':>11} {'again':>5} " \
           f"{'set':>7} {'secs':>6}"
    print(head)
    for r in rows:
        if r.error:
            print(f"{r.name[:58]:58} error: {r.error}")
            continue
        pct = 100.0 * r.kept / r.paper_lines if r.paper_lines else 100.0
        print(f"{r.name[:58]:58} {r.paper_lines:6} {r.kept:6} {pct:6.1f} {r.changed:4} {r.other:5} "
              f"{r.arxiv_kept:5}/{r.arxiv:<5} {r.again:5} {r.set_paper:3}/{r.set_changed:<3} {r.seconds:6.2f}")
    ok = [r for r in rows if not r.error]
    lines, kept = sum(r.paper_lines for r in ok), sum(r.kept for r in ok)
    print(f"{'total':58} {lines:6} {kept:6} {100.0 * kept / lines if lines else 100.0:6.1f} "
          f"{sum(r.changed for r in ok):4} {sum(r.other for r in ok):5} "
          f"{sum(r.arxiv_kept for r in ok):5}/{sum(r.arxiv for r in ok):<5} {sum(r.again for r in ok):5} "
          f"{'':7} {sum(r.seconds for r in ok):6.2f}   ({len(rows) - len(ok)} failed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
