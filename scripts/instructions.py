#!/usr/bin/env python3
"""Instructions executed by vla commands, of two installs side by side, counted by valgrind.

    python scripts/instructions.py BEFORE_VENV AFTER_VENV [--size 10000]

Wall-clock figures on a shared machine move 30-50 % between runs of the same code; the number of
instructions a process executes (valgrind's callgrind, child processes included) does not, so this
is how two versions of vla are compared. Each venv must have vla installed (an editable install of
another checkout is fine); the catalogs are the benchmark's (scripts/bench.py), built once in a temp
dir, and every command runs once with a warm read index. Needs valgrind (Debian: `valgrind`).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import build_bib, build_catalog, empty_catalog


def instructions(venv: Path, args: list[str], env: dict[str, str], cwd: Path) -> int:
    """Instructions of one `vla ARGS` process and its children."""
    out = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes", "--callgrind-out-file=/dev/null",
                          str(venv / "bin" / "python"), str(venv / "bin" / "vla"), *args],
                         env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return sum(int(n) for n in re.findall(r"Collected : (\d+)", out.stderr))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before", type=Path, help="the venv of the version to compare with")
    ap.add_argument("after", type=Path, help="the venv of the version measured")
    ap.add_argument("--size", type=int, default=10_000, help="papers in the synthetic catalog")
    a = ap.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cat, bib, empty = work / "cat", work / "refs.bib", work / "empty"
        keys = build_catalog(cat, a.size)
        build_bib(bib, 2000)
        empty.mkdir()
        n = f"{a.size // 1000}k"
        rows = [("vla --help", ["--help"]), ("vla list (the bundled survey)", ["list"])] + [
            (f"{n}: vla {' '.join(args)}", [*args, "-C", str(cat)]) for args in (
                ["list"], ["list", "--search", "mamba"], ["list", "--category", "quantization"], ["show", keys[0]],
                ["tag", keys[0], "layer-pruning"], ["export", "markdown"], ["export", "bibtex"])]
        print("| command | before (M instructions) | after | change |\n|---|---:|---:|---:|")
        for name, args in [*rows, ("vla import bibtex (2k entries)", None)]:
            counts = []
            for which, venv in (("before", a.before), ("after", a.after)):
                env = dict(os.environ, VLA_CACHE_DIR=str(work / f"cache-{which}"))
                if args is None:  # an import into a new catalog
                    target = empty_catalog(work / f"import-{which}")
                    run = ["import", "bibtex", str(bib), "-q", "--catalog", str(target)]
                else:
                    run = args
                    subprocess.run([str(venv / "bin" / "vla"), *run], env=env, cwd=empty,  # warms the index
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    if run[0] == "tag":  # measured tagging, not "already tagged"
                        subprocess.run([str(venv / "bin" / "vla"), "untag", *run[1:]], env=env, cwd=empty,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                counts.append(instructions(venv, run, env, empty))
            before, after = counts
            print(f"| {name} | {before / 1e6:,.0f} | {after / 1e6:,.0f} | {100 * (after - before) / before:+.1f} % |")


if __name__ == "__main__":
    main()
