#!/usr/bin/env python3
"""vla's benchmark: whole-process timings on synthetic catalogs, medians after a warm-up.

    python scripts/bench.py                       # 1k, 10k and 100k papers, 5 runs each
    python scripts/bench.py --sizes 1000,10000 --runs 3

Builds catalogs of N realistic papers (10 authors, a 1.2 kB abstract, 2 categories, website and
code) and a 2k-entry .bib in a temp dir, then times each command as a separate process (stdout
to a pipe, as a script would read it). The floor is `python -c "import typer"`, timed in the same
run. Prints a table for the bundled survey, one for the import of the .bib, and one per size:
command, median seconds, ratio to the floor, peak RSS in MB.
The read index lives in a fresh VLA_CACHE_DIR: "cold" runs delete it first, "warm" ones reuse it.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from vlacli.storage.store import dump_toml

ROOT = Path(__file__).resolve().parents[1]
TAXONOMY = ROOT / "catalog" / "taxonomy.toml"
WORDS = [
    "vision", "language", "action", "model", "robot", "manipulation", "efficient", "token", "pruning",
    "quantization", "diffusion", "policy", "transformer", "mamba", "attention", "cache", "decoding", "lightweight",
    "expert", "hierarchical", "data", "augmentation", "simulation", "humanoid", "grasping", "navigation",
    "planning", "reasoning", "world", "benchmark",
]
GIVEN = ["Ana", "Bo", "Chen", "Dana", "Eli"]
FAMILY = ["Li", "Smith", "Müller", "Kumar", "Sato"]
LEAVES = ["efficient-attention", "transformer-alternatives", "efficient-action-decoding", "lightweight-component",
          "mixture-of-experts", "hierarchical-systems", "layer-pruning", "quantization", "token-optimization",
          "data-augmentation", "simulation-data-collection", "rl-based-method"]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_paper(rng: random.Random, i: int) -> tuple[str, dict[str, object]]:
    yy = 15 + i % 11
    key = f"{yy:02d}{1 + i % 12:02d}.{10000 + i // 132:05d}"
    title = sentence(rng, 10).title().replace(" ", f" {rng.choice(['VLA', 'RT', 'Octo'])}-", 1)
    abstract = sentence(rng, 170)[:1200]
    rec = {
        "arxiv": key, "version": 1, "title": title,
        "authors": [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{j}" for j in range(10)],
        "year": 2000 + yy, "venue": rng.choice(["arXiv", "CoRL", "ICRA", "RSS", "NeurIPS"]),
        "categories": rng.sample(LEAVES, 2),
        "website": f"https://example.org/{key}", "code": f"https://github.com/example/{key}",
        "primary_category": "cs.RO", "published": f"20{yy:02d}-01-15", "abstract": abstract,
    }
    return key, rec


def empty_catalog(root: Path) -> Path:
    """A new catalog at ``root`` with the survey's taxonomy and no papers: what an import goes into."""
    (root / "papers").mkdir(parents=True)
    shutil.copy(TAXONOMY, root / "taxonomy.toml")
    return root


def build_catalog(root: Path, n: int, seed: int = 1) -> list[str]:
    """N paper files as vla writes them: literal strings, and a stored citation key."""
    from vlacli.core.citekeys import make_citekey
    from vlacli.core.paper import Paper

    taken: set[str] = set()
    rng = random.Random(seed)
    empty_catalog(root)
    keys = []
    for i in range(n):
        key, rec = make_paper(rng, i)
        paper = Paper.from_dict(key, rec)
        paper.citekey = make_citekey(paper, taken)
        taken.add(paper.citekey)
        (root / "papers" / f"{key}.toml").write_text(dump_toml(paper.to_dict()), encoding="utf-8")
        keys.append(key)
    return keys


def build_bib(path: Path, n: int) -> None:
    rng = random.Random(2)
    out = []
    for i in range(n):
        key, rec = make_paper(rng, 500_000 + i)
        authors = " and ".join(f"{a.split()[1]}, {a.split()[0]}" for a in rec["authors"])  # type: ignore[union-attr]
        out.append(f"@article{{k{i},\n  title={{{rec['title']}}},\n  author={{{authors}}},\n"
                   f"  journal={{arXiv preprint arXiv:{key}}},\n  year={{{rec['year']}}},\n  eprint={{{key}}},\n"
                   f"  abstract={{{rec['abstract']}}}\n}}\n")
    path.write_text("\n".join(out), encoding="utf-8")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    for _ in iter(lambda: proc.stdout.read(1 << 16), b""):  # type: ignore[union-attr]
        pass
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024


def measure(name: str, cmd: list[str], env: dict[str, str], runs: int,
            setup: object = None) -> tuple[str, float, float]:
    times, peak = [], 0.0
    for i in range(runs + 1):
        if callable(setup):
            setup()
        t, rss = run(cmd, env)
        if i:  # the first run warms the OS cache and the read index
            times.append(t)
        peak = max(peak, rss)
    return name, statistics.median(times), peak


def compile_vla() -> None:
    """Write vla's bytecode cache, as `pip install` does for an installed package. An editable
    install run with PYTHONDONTWRITEBYTECODE=1 (set on this project's machines) would otherwise
    compile every vla module from source on every run, while the floor's typer comes precompiled."""
    import compileall

    import vlacli

    compileall.compile_dir(Path(vlacli.__file__).parent, quiet=1)


def measure_import(vla: list[str], bib: Path, where: Path, env: dict[str, str], runs: int) -> tuple[str, float, float]:
    """`vla import bibtex` of the 2k .bib, each run into a new empty catalog.

    The catalogs are deleted only after the last run, and this is timed before any catalog is built
    or deleted: ext4 passes over the inodes freed in the last minutes when it allocates new ones
    (``recently_deleted`` in the kernel), so deleting the last run's 2,000 files just before each run
    made the import's file creation 3-10x slower than on a disk nothing was just deleted from.
    """
    cmd = [*vla, "import", "bibtex", str(bib), "-q", "--catalog", ""]
    made = iter(range(runs + 1))

    def fresh_catalog() -> None:
        cmd[-1] = str(empty_catalog(where / f"run{next(made)}"))

    try:
        return measure("vla import bibtex (2k entries)", cmd, env, runs, setup=fresh_catalog)
    finally:
        shutil.rmtree(where, ignore_errors=True)


def print_rows(rows: list[tuple[str, float, float]], base: float) -> None:
    print("| command | median s | × floor | peak MB |\n|---|---:|---:|---:|")
    for name, med, rss in rows:
        print(f"| {name} | {med:.3f} | {med / base:.2f} | {rss:.0f} |")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    vla = [shutil.which("vla", path=str(Path(sys.executable).parent)) or shutil.which("vla") or "vla"]
    py = sys.executable
    compile_vla()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "VLA_CACHE_DIR": str(tmp / "cache"), "VLA_ARXIV_URL": "http://127.0.0.1:9/"}
        env.pop("VLA_CATALOG", None)
        floor = measure('python -c "import typer"', [py, "-c", "import typer"], env, args.runs)
        bib = tmp / "2k.bib"
        build_bib(bib, 2000)
        print(f"floor: {floor[1] * 1000:.0f} ms\n")
        survey = [floor, measure("vla list (the bundled survey)", [*vla, "list", "--catalog", str(ROOT / "catalog")],
                                 env, args.runs * 2)]
        print("## the bundled survey (58 papers)")
        print_rows(survey, floor[1])
        print("## import of a 2,000-entry .bib into an empty catalog")
        print_rows([floor, measure_import(vla, bib, tmp / "imports", env, args.runs)], floor[1])
        for n in (int(s) for s in args.sizes.split(",")):
            root = tmp / f"c{n}"
            t0 = time.perf_counter()
            keys = build_catalog(root, n)
            print(f"## {n} papers (built in {time.perf_counter() - t0:.1f} s)")
            cat = ["--catalog", str(root)]
            index = tmp / "cache" / "index"
            runs = args.runs if n < 100_000 else max(1, args.runs // 2)
            rows = [floor, measure("vla --help", [*vla, "--help"], env, runs)]
            rows.append(measure("vla list (cold index)", [*vla, "list", *cat], env, runs,
                                setup=lambda index=index: shutil.rmtree(index, ignore_errors=True)))
            rows.append(measure("vla list", [*vla, "list", *cat], env, runs))
            rows.append(measure("vla list --category quantization", [*vla, "list", *cat, "-c", "quantization"],
                                env, runs))
            rows.append(measure("vla list --search mamba", [*vla, "list", *cat, "-s", "mamba"], env, runs))
            rows.append(measure("vla show ID", [*vla, "show", keys[n // 2], *cat], env, runs))
            rows.append(measure("vla export bibtex", [*vla, "export", "bibtex", *cat], env, runs))
            rows.append(measure("vla export markdown", [*vla, "export", "markdown", *cat], env, runs))
            rows.append(measure("vla tag ID CATEGORY", [*vla, "tag", keys[n // 3], "quantization", *cat], env, runs))
            print_rows(rows, floor[1])
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
