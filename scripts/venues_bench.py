"""Time `vla venues` on the bundled survey against the loopback stand-in of Semantic Scholar.

    python scripts/venues_bench.py [--runs 5]

For each step: copies catalog/ to a temp dir, sets SmolVLA's venue by hand (as the acceptance test
does), starts the stand-in of tests/scholarly_server.py on 127.0.0.1 (real time, the real 1 s
spacing), and runs the step as its own `vla` process: the proposals (`vla venues --all`, an empty
cache); `--apply` after them, and a run after that (answers cached); `--apply` alone on an empty
cache. Prints a Markdown table: the step, its median wall time and the requests the stand-in
received (both services). N papers cost ceil(N/500) Semantic Scholar requests, and a week of cache
none; `--with-dblp` adds a `--dblp` run: a DBLP search for each preprint nothing else places, 2 s apart.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from arxiv_server import RealClock  # noqa: E402
from scholarly_server import SURVEY_PINNED, DblpStandIn, S2StandIn, survey_records  # noqa: E402

from vlacli.storage.catalog import Catalog  # noqa: E402


def vla(*args: str, env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "vlacli", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--with-dblp", action="store_true", help="also time --dblp (about a minute a run)")
    ns = parser.parse_args()
    runs = ns.runs
    plan: tuple[tuple[str, tuple[str, ...], bool], ...] = (
        ("vla venues --all", (), True), ("vla venues --all --apply", ("--apply",), False),
        ("vla venues --all (again)", (), False), ("vla venues --all --apply (fresh cache)", ("--apply",), True))
    if ns.with_dblp:
        plan += (("vla venues --all --dblp", ("--dblp",), True),)
    steps: dict[str, list[tuple[float, int]]] = {name: [] for name, _, _ in plan}
    for _ in range(runs):
        for name, args, fresh in plan:
            with tempfile.TemporaryDirectory() as tmp:
                cat = Path(tmp) / "catalog"
                shutil.copytree(ROOT / "catalog", cat)
                Catalog(cat).set_fields(SURVEY_PINNED, {"venue": "arXiv"})
                server = S2StandIn(RealClock(), survey_records(Catalog(cat).papers()))  # type: ignore[arg-type]
                server.start()
                dblp = DblpStandIn(RealClock())  # type: ignore[arg-type]
                dblp.start()
                env = {**os.environ, "VLA_CACHE_DIR": str(Path(tmp) / "cache"), "VLA_S2_URL": server.url,
                       "VLA_DBLP_URL": dblp.url}
                try:
                    if not fresh:  # the steps before it have run: the answers are cached
                        vla("venues", "--all", "-C", str(cat), env=env)
                    before = len(server.requests) + len(dblp.requests)
                    seconds = vla("venues", "--all", *args, "-C", str(cat), env=env)
                    steps[name].append((seconds, len(server.requests) + len(dblp.requests) - before))
                finally:
                    server.stop()
                    dblp.stop()
    print("| step | median wall time (s) | requests |")
    print("|---|---|---|")
    for name, results in steps.items():
        print(f"| `{name}` | {statistics.median(s for s, _ in results):.2f} | {results[0][1]} |")


if __name__ == "__main__":
    main()
