"""The read index: a derived, disposable cache of every parsed paper file.

Parsing TOML costs about 160 µs a record; a 10k catalog cannot be re-parsed on every
``vla list``. The index keeps each file's parsed table keyed by its name, size and mtime in
one ``marshal`` file in the user cache dir. On load, files whose (size, mtime) changed, new
files and removed files are re-read from the TOML, which stays the only truth; a hand edit
is seen by the next command. A file changed in the last two seconds is not trusted to the index
(an mtime can be coarser than the edits: "racy git"), so it is read again next time. An index
that is missing, unreadable or of another version is
ignored and rebuilt. It is never edited by hand and never needed for correctness.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .paths import cache_dir
from .store import atomic_write, parse_toml

INDEX_VERSION = 3
RACY_NS = 2_000_000_000
PARALLEL_FROM = 400  # files to parse before it pays to start worker processes

Record = dict[str, Any]


def index_path(papers_dir: Path, part: str = "") -> Path:
    where = str(papers_dir.resolve())
    tag = "".join(c if c.isalnum() else "-" for c in where[-40:]).strip("-")
    return cache_dir() / "index" / f"{zlib.crc32(where.encode()):08x}-{tag}{part}.marshal"


Entries = dict[str, tuple[int, int, Any]]


def _load_index(path: Path) -> Entries:
    try:
        data = marshal.loads(path.read_bytes())  # much faster than marshal.load on a file object
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def load_tables(papers_dir: Path, use_index: bool = True,
                convert: Callable[[str, Record], Record] | None = None,
                abstracts: bool = True, kind: str = "tables") -> tuple[dict[str, Record], set[str]]:
    """File name -> record of every ``*.toml`` in ``papers_dir``, in name order, and the names of
    the files that were read (not taken from the index).

    A record is the file's parsed TOML table, or what ``convert(name, table)`` makes of it: it runs
    on every table read from a file, before the index is written, and raises on a bad one, so only
    records that passed it are ever kept in the index, under ``kind`` (one kind a converter). Abstracts, half of
    a record's bytes, are kept in a second file, read only when ``abstracts`` is true; without
    them, tables come back with no ``abstract`` key.
    """
    try:
        scan = [(e.name, e.stat()) for e in os.scandir(papers_dir)
                if e.name.endswith(".toml") and not e.name.startswith(".") and e.is_file()]
    except FileNotFoundError:
        return {}, set()
    scan.sort(key=lambda item: item[0])
    main_path = index_path(papers_dir, f"-{kind}") if use_index else None
    abs_path = index_path(papers_dir, f"-{kind}-abstracts") if use_index else None
    cached = _load_index(main_path) if main_path else {}
    cached_abs = _load_index(abs_path) if abs_path and abstracts else None
    fresh: Entries = {}
    fresh_abs: Entries = {}
    changed = len(cached) != len(scan)
    racy_after = time.time_ns() - RACY_NS
    out: dict[str, Record] = {}
    parsed: set[str] = set()
    todo = [name for name, st in scan if not _fresh(cached.get(name), st)]
    pre = _parse_parallel(papers_dir, todo) if len(todo) >= PARALLEL_FROM else {}
    for name, st in scan:
        hit = cached.get(name)
        abstract: Any = None
        if hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            table = hit[2]
            if cached_abs is not None:
                ahit = cached_abs.get(name)
                if ahit is None or ahit[0] != st.st_size or ahit[1] != st.st_mtime_ns:
                    hit = None  # the two parts disagree: read the file again
                else:
                    abstract = ahit[2]
        if hit is None or hit[0] != st.st_size or hit[1] != st.st_mtime_ns:
            path = papers_dir / name
            table = pre.pop(name, None) or parse_toml(path.read_bytes(), path)
            if convert is not None:
                table = convert(name, table)
            abstract = table.pop("abstract", None)
            parsed.add(name)
            changed = True
        mtime = st.st_mtime_ns if st.st_mtime_ns < racy_after else -1
        fresh[name] = (st.st_size, mtime, table)
        # Abstracts not asked for are not kept (memory at 100k papers): the next load that wants
        # them reads those files again.
        fresh_abs[name] = (st.st_size, mtime, abstract) if abstracts else (-1, -1, None)
        if abstract is not None and abstracts:
            table = {**table, "abstract": abstract}
        out[name] = table
    if main_path is not None and abs_path is not None and changed:
        if not abstracts:  # fill in the abstracts of the files that were not read again
            old_abs = _load_index(abs_path)
            for name, (size, mtime, _) in fresh.items():
                if name not in parsed:
                    old = old_abs.get(name)
                    fresh_abs[name] = old if old is not None and old[:2] == (size, mtime) else (-1, -1, None)
        _save_index(abs_path, fresh_abs)
        _save_index(main_path, fresh)
    return out, parsed


def _fresh(hit: tuple[int, int, Any] | None, st: os.stat_result) -> bool:
    return hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns


def _parse_files(paths: list[Path]) -> list[tuple[str, Record | None]]:
    """In a worker: parse files; a file that fails is returned as None and read again by the parent."""
    out: list[tuple[str, Record | None]] = []
    for path in paths:
        try:
            out.append((path.name, parse_toml(path.read_bytes(), path)))
        except Exception:  # the parent reads it again and reports it properly
            out.append((path.name, None))
    return out


def _parse_parallel(papers_dir: Path, names: list[str]) -> dict[str, Record]:
    """Parse many files on every core (TOML parsing is most of a cold load). Best effort: on any
    trouble the parent parses what is missing itself."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2:
        return {}
    from concurrent.futures import ProcessPoolExecutor

    chunks = [[papers_dir / n for n in names[i::workers * 4]] for i in range(workers * 4)]
    out: dict[str, Record] = {}
    try:
        with ProcessPoolExecutor(workers) as pool:
            for result in pool.map(_parse_files, chunks):
                out.update((name, table) for name, table in result if table is not None)
    except (OSError, RuntimeError):  # no processes on this platform: parse serially
        return out
    return out


def _save_index(path: Path, entries: Entries) -> None:
    try:
        payload = marshal.dumps({"version": INDEX_VERSION, "entries": entries})
    except ValueError:  # a value marshal cannot hold (a TOML date): run without an index
        return
    with contextlib.suppress(OSError):  # a read-only or full cache dir only costs speed
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, payload)
