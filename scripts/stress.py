#!/usr/bin/env python3
"""vla under load: concurrent writers and readers, random ``kill -9``, every effect checked against a model.

    python scripts/stress.py                         # 180 s, 6 writers, 2 readers, 1 in 5 processes killed
    python scripts/stress.py --seconds 60 --writers 4 --readers 2 --kill 0.3 --seed 7

A copy of the bundled survey catalog (plus 40 papers filed by slug) gets, for ``--seconds``, from
threads that each run one ``vla`` process after another (as a user would, ``python -m vlacli``):

- writers, each doing in turn: ``tag`` (a survey paper, a category), ``set --venue`` (papers it
  alone sets), ``set --arxiv`` (re-filing a slug paper it owns; killed, the same command is run
  again until it succeeds), ``import bibtex --merge --category`` (five new papers and one survey
  paper it files under the category), ``add ID --category`` against the loopback arXiv server of
  ``tests/arxiv_server.py`` (IDs from a pool shared by all writers, so two add one ID at once),
  and ``remove`` (a paper one of its own imports added);
- readers: ``list -f json`` and ``export markdown --in-place`` of a README of their own.

Any process is killed (``SIGKILL``) with probability ``--kill`` at a random moment of its run. Every
process that was not killed must exit 0 with no traceback. A reader must see every effect
acknowledged (a writer's exit 0) before it started, and never an empty or partial catalog; an
in-place export must keep every survey paper. At the end, one more write finishes what killed
writers left, and the files must hold every acknowledged effect (0 lost updates), every import
whole or not at all, each re-filed paper exactly once, no temp file and no journal (0 stray files),
and ``vla lint`` must find no error. Prints the figures as a Markdown table; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from arxiv_server import ArxivReplay, FakeClock  # noqa: E402

CATEGORIES = ["efficient-attention", "transformer-alternatives", "efficient-action-decoding", "lightweight-component",
              "mixture-of-experts", "hierarchical-systems", "layer-pruning", "quantization", "token-optimization",
              "data-augmentation", "simulation-data-collection", "rl-based-method"]
SLUGS = 40


@dataclass
class Op:
    """One vla process: what it was, when it ran, how it ended."""

    kind: str
    args: list[str]
    start: float
    end: float = 0.0
    code: int | None = None
    stdout: str = ""
    stderr: str = ""
    killed: bool = False
    effect: dict[str, object] = field(default_factory=dict)

    @property
    def acked(self) -> bool:
        return not self.killed and self.code == 0


class Stress:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.tmp = Path(tempfile.mkdtemp(prefix="vla-stress-"))
        self.catalog = self.tmp / "catalog"
        self.env = {**os.environ, "VLA_CACHE_DIR": str(self.tmp / "cache")}
        self.env.pop("VLA_CATALOG", None)
        self.env.pop("VLA_TEST_PAUSE", None)
        self.ops: list[Op] = []
        self.lock = threading.Lock()
        self.stop_at = 0.0
        self.problems: list[str] = []
        self.stale: list[str] = []
        self.add_counter = 0

    # -- running vla -------------------------------------------------------------------------------
    def vla(self, kind: str, args: list[str], effect: dict[str, object] | None = None, rng: random.Random | None = None,
            killable: bool = True) -> Op:
        rng = rng or self.rng
        op = Op(kind, args, time.monotonic(), effect=effect or {})
        with self.lock:
            self.ops.append(op)
        proc = subprocess.Popen([sys.executable, "-m", "vlacli", *args, "-C", str(self.catalog)], env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        kill_after = rng.uniform(0.0, 0.8) if killable and rng.random() < self.args.kill else None
        try:
            op.stdout, op.stderr = proc.communicate(timeout=kill_after if kill_after is not None else 300)
        except subprocess.TimeoutExpired:
            proc.kill()
            op.stdout, op.stderr = proc.communicate()
        op.end = time.monotonic()
        op.code = proc.returncode
        op.killed = proc.returncode == -9
        if not op.killed and (op.code != 0 or (op.stderr.strip() and not self.allowed_stderr(op))):
            self.problem(f"{kind} {' '.join(args)}: exit {op.code}: {op.stderr.strip()[:300]}")
        return op

    def allowed_stderr(self, op: Op) -> bool:
        """What a successful command may say on stderr: reports of imports and adds, whether a README
        was updated, a reader's note of a change a killed writer left for the next writer to finish."""
        for line in op.stderr.splitlines():
            if not line.strip() or (line.startswith("warning:") and "an interrupted change" in line):
                continue
            if op.kind in ("import", "add", "setup") and not line.startswith("error:") and "Traceback" not in line:
                continue
            if op.kind == "readme" and line.endswith((": updated", ": already up to date")):
                continue
            return False
        return True

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)

    # -- setting up ------------------------------------------------------------------------------
    def setup(self) -> None:
        compileall.compile_dir(str(ROOT / "src" / "vlacli"), quiet=1)  # as pip install does
        shutil.copytree(ROOT / "catalog", self.catalog)
        bib = self.tmp / "slugs.bib"
        bib.write_text("".join(f"@misc{{s{i}, title={{Stress slug paper number {i}}}, author={{Doe, Jane}}, "
                               f"year={{2024}}, url={{https://example.org/s{i}}}}}\n" for i in range(SLUGS)))
        op = self.vla("setup", ["import", "bibtex", str(bib), "--category", "quantization", "-q"], killable=False)
        assert op.acked, op.stderr
        self.stable = sorted(p.stem for p in (self.catalog / "papers").glob("*.toml")
                             if p.stem[0].isdigit())  # the survey's papers with an arXiv ID: never removed
        self.slugs = sorted(p.stem for p in (self.catalog / "papers").glob("*.toml")
                            if tomllib.loads(p.read_text())["title"].startswith("Stress slug paper number"))
        assert len(self.slugs) == SLUGS, self.slugs

    # -- writers and readers ---------------------------------------------------------------------
    def writer(self, n: int) -> None:
        rng = random.Random(self.args.seed * 1000 + n)
        mine_to_set = self.stable[n::self.args.writers]
        mine_to_refile = self.slugs[n::self.args.writers]
        imports = 0
        imported: list[str] = []
        while time.monotonic() < self.stop_at:
            kind = rng.choice(["tag", "tag", "set", "refile", "import", "add", "remove"])
            if kind == "tag":
                key, cat = rng.choice(self.stable), rng.choice(CATEGORIES)
                self.vla("tag", ["tag", key, cat], {"key": key, "category": cat}, rng)
            elif kind == "set" and mine_to_set:
                key = rng.choice(mine_to_set)
                venue = f"Venue {n}-{rng.randrange(10**6)}"
                self.vla("set", ["set", key, "--venue", venue], {"key": key, "venue": venue}, rng)
            elif kind == "refile" and mine_to_refile:
                slug = mine_to_refile.pop()
                new = f"2601.{self.slugs.index(slug) + 10:05d}"
                while not self.vla("refile", ["set", slug, "--arxiv", new], {"slug": slug, "id": new}, rng).acked:
                    if time.monotonic() > self.stop_at + 120:
                        self.problem(f"set {slug} --arxiv {new}: never succeeded")
                        break
            elif kind == "import":
                imports += 1
                base = 10000 + n * 1000 + imports * 10
                new_keys = [f"2603.{base + i:05d}" for i in range(5)]
                stable = rng.choice(self.stable)
                cat = rng.choice(CATEGORIES)
                bib = self.tmp / f"import-{n}-{imports}.bib"
                bib.write_text("".join(f"@misc{{n{i}, title={{Stress import {key}}}, author={{Roe, Rita}}, "
                                       f"year={{2026}}, eprint={{{key}}}}}\n" for i, key in enumerate(new_keys))
                               + f"@misc{{old, title={{Stress merge of {stable}}}, eprint={{{stable}}}}}\n")
                op = self.vla("import", ["import", "bibtex", str(bib), "--merge", "--category", cat, "-q"],
                              {"keys": new_keys, "stable": stable, "category": cat}, rng)
                if op.acked:
                    imported.extend(new_keys)
            elif kind == "add":
                with self.lock:
                    self.add_counter += 1
                    number = 20000 + self.add_counter // 2  # two adds of each ID, often at once
                key, cat = f"2602.{number:05d}", rng.choice(CATEGORIES)
                self.vla("add", ["add", key, "--category", cat, "-q"], {"key": key, "category": cat}, rng)
            elif kind == "remove" and imported:
                key = imported.pop(rng.randrange(len(imported)))
                self.vla("remove", ["remove", key, "--yes"], {"key": key}, rng)

    def reader(self, n: int) -> None:
        rng = random.Random(self.args.seed * 2000 + n)
        readme = self.tmp / f"README-{n}.md"
        readme.write_text("# Papers\n\n<!-- vla:begin -->\n<!-- vla:end -->\n")
        self.vla("readme", ["export", "markdown", "--in-place", str(readme)], killable=False)
        while time.monotonic() < self.stop_at:
            if rng.random() < 0.5:
                op = self.vla("list", ["list", "-f", "json"], rng=rng)
                if op.acked:
                    try:
                        seen = {r["key"]: r for r in json.loads(op.stdout)}
                    except ValueError:
                        self.problem(f"list: not JSON: {op.stdout[:200]!r}")
                        continue
                    self.check_read(op, seen)
            else:
                op = self.vla("readme", ["export", "markdown", "--in-place", str(readme)], rng=rng)
                text = readme.read_text()
                missing = [k for k in self.stable if f"arxiv.org/abs/{k})" not in text]
                if missing:  # killed or not: the README is never emptied nor partial
                    self.stale.append(f"README after {op.kind}: {len(missing)} survey papers missing")

    # -- the model -------------------------------------------------------------------------------
    def before(self, t: float) -> list[Op]:
        with self.lock:
            return [op for op in self.ops if op.acked and op.end < t]

    def started_before(self, t: float, kind: str) -> list[Op]:
        with self.lock:
            return [op for op in self.ops if op.kind == kind and op.start < t]

    def check_read(self, read: Op, seen: dict[str, dict[str, object]]) -> None:
        """Everything acknowledged before the reader started is in what it read."""
        if any(k not in seen for k in self.stable):
            self.stale.append(f"list: {sum(k not in seen for k in self.stable)} survey papers missing")
        removing = {str(op.effect["key"]) for op in self.started_before(read.end, "remove")}
        for op in self.before(read.start):
            e = op.effect
            if op.kind in ("tag", "add"):
                rec = seen.get(str(e["key"]))
                if rec is None or e["category"] not in rec["categories"]:  # type: ignore[operator]
                    self.stale.append(f"list missed {op.kind} {e}")
            elif op.kind == "import":
                for key in e["keys"]:  # type: ignore[attr-defined]
                    if key not in seen and key not in removing:
                        self.stale.append(f"list missed import of {key}")
                if e["category"] not in seen[str(e["stable"])]["categories"]:  # type: ignore[operator]
                    self.stale.append(f"list missed import's category on {e['stable']}")
            elif op.kind == "remove" and e["key"] in seen:
                self.stale.append(f"list shows removed {e['key']}")
            elif op.kind == "refile" and (e["id"] not in seen or e["slug"] in seen):
                self.stale.append(f"list missed re-filing {e}")
            elif op.kind == "set" and not self.venue_ok(seen[str(e["key"])].get("venue"), str(e["key"]),
                                                        read.start, read.end):
                self.stale.append(f"list shows venue {seen[str(e['key'])].get('venue')!r} of {e['key']}")

    def venue_ok(self, venue: object, key: str, t0: float, t1: float) -> bool:
        """The last venue acknowledged before t0, or one of a set that started after it and before t1."""
        with self.lock:
            sets = [op for op in self.ops if op.kind == "set" and op.effect["key"] == key]
        acked = [op for op in sets if op.acked and op.end < t0]
        last = max(acked, key=lambda op: op.end) if acked else None
        allowed = {op.effect["venue"] for op in sets if op.start < t1 and (last is None or op.start > last.start)}
        if last is not None:
            allowed.add(last.effect["venue"])
        return (last is None and venue is not None) or venue in allowed

    # -- the end ---------------------------------------------------------------------------------
    def final_check(self) -> dict[str, int]:
        self.vla("final", ["tag", self.stable[0], CATEGORIES[0]], killable=False)  # finishes what was left
        papers = {p.stem: tomllib.loads(p.read_text()) for p in (self.catalog / "papers").glob("*.toml")}
        lost = 0
        removed = {str(op.effect["key"]) for op in self.ops if op.kind == "remove" and (op.acked or op.killed)}
        for op in self.ops:
            e = op.effect
            if op.kind in ("tag", "add") and op.acked:
                if e["category"] not in papers.get(str(e["key"]), {}).get("categories", []):
                    lost += 1
                    self.problem(f"lost: {op.kind} {e}")
            elif op.kind == "import":
                present = [k for k in e.get("keys", []) if k in papers]  # type: ignore[attr-defined]
                whole = len(present) == 5 or not present or any(k in removed for k in e["keys"])  # type: ignore[attr-defined]
                if not whole:
                    self.problem(f"partial import: {present} of {e['keys']}")
                if op.acked:
                    gone = [k for k in e["keys"] if k not in papers and k not in removed]  # type: ignore[attr-defined]
                    if gone or e["category"] not in papers[str(e["stable"])]["categories"]:
                        lost += 1
                        self.problem(f"lost: import {e} ({gone})")
            elif op.kind == "remove" and op.acked and e["key"] in papers:
                lost += 1
                self.problem(f"lost: remove {e}")
            elif op.kind == "refile":
                both = e["slug"] in papers and e["id"] in papers
                if both or (op.acked and (e["id"] not in papers or papers[str(e["id"])].get("arxiv") != e["id"])):
                    lost += 1
                    self.problem(f"re-filing {e}: slug {e['slug'] in papers}, id {e['id'] in papers}")
        for key in {str(op.effect["key"]) for op in self.ops if op.kind == "set"}:
            if not self.venue_ok(papers[key].get("venue"), key, time.monotonic(), time.monotonic()):
                lost += 1
                self.problem(f"lost: venue of {key} is {papers[key].get('venue')!r}")
        stray = [str(p.relative_to(self.catalog)) for p in self.catalog.rglob("*")
                 if p.name.endswith(".tmp") or p.name in (".vla.pending", ".vla.writing")]
        if stray:
            self.problem(f"stray files: {stray[:5]}")
        lint = self.vla("lint", ["lint"], killable=False)
        if lint.code != 0:
            self.problem(f"lint: {lint.stdout[-500:]}")
        return {"lost": lost, "stray": len(stray)}

    def run(self) -> int:
        self.setup()
        server = ArxivReplay(FakeClock(), synthesize=True).start()
        self.env["VLA_ARXIV_URL"] = server.url
        t0 = time.monotonic()
        self.stop_at = t0 + self.args.seconds
        threads = [threading.Thread(target=self.writer, args=(i,)) for i in range(self.args.writers)]
        threads += [threading.Thread(target=self.reader, args=(i,)) for i in range(self.args.readers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - t0
        server.stop()
        final = self.final_check()
        ops = [op for op in self.ops if op.kind not in ("setup", "final", "lint")]
        runs = Counter(op.kind for op in ops)
        kills = Counter(op.kind for op in ops if op.killed)
        tracebacks = sum("Traceback" in op.stderr for op in self.ops)
        print(f"vla stress: {elapsed:.0f} s, {self.args.writers} writers, {self.args.readers} readers, kill "
              f"probability {self.args.kill}, seed {self.args.seed}, catalog {len(self.stable) + 1} + {SLUGS} "
              f"papers to start\n")
        print("| command | runs | killed | acknowledged |")
        print("|---|---:|---:|---:|")
        names = {"tag": "tag", "set": "set --venue", "refile": "set --arxiv", "import": "import bibtex",
                 "add": "add (loopback arXiv)", "remove": "remove", "list": "list -f json",
                 "readme": "export markdown --in-place"}
        for kind, name in names.items():
            print(f"| {name} | {runs[kind]} | {kills[kind]} | {sum(op.acked for op in ops if op.kind == kind)} |")
        print(f"| all | {sum(runs.values())} | {sum(kills.values())} | {sum(op.acked for op in ops)} |\n")
        interrupted = sum("an interrupted change" in op.stderr for op in self.ops)
        print(f"readers that found a change a killed writer had left half done (finished by the next writer): "
              f"{interrupted}")
        other = len(self.problems) - final["lost"] - (final["stray"] > 0)
        print(f"lost updates: {final['lost']}; stale reads: {len(self.stale)}; tracebacks: {tracebacks}; "
              f"stray files: {final['stray']}; other failures: {other}")
        for line in (self.problems + self.stale)[:20]:
            print(f"  {line}")
        ok = not self.problems and not self.stale and not tracebacks
        if ok and not self.args.keep:
            shutil.rmtree(self.tmp)
        else:
            print(f"(files kept in {self.tmp})")
        return 0 if ok else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=180)
    ap.add_argument("--writers", type=int, default=6)
    ap.add_argument("--readers", type=int, default=2)
    ap.add_argument("--kill", type=float, default=0.2, help="probability that a process is killed (SIGKILL)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    sys.exit(Stress(ap.parse_args()).run())


if __name__ == "__main__":
    main()
