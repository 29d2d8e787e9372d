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

INDEX_VERSION = 2
RACY_NS = 2_000_000_000

Record = dict[str, Any]


def index_path(papers_dir: Path) -> Path:
    where = str(papers_dir.resolve())
    tag = "".join(c if c.isalnum() else "-" for c in where[-40:]).strip("-")
    return cache_dir() / "index" / f"{zlib.crc32(where.encode()):08x}-{tag}.marshal"


def _load_index(path: Path) -> dict[str, tuple[int, int, Record]]:
    try:
        with open(path, "rb") as fh:
            data = marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def load_tables(papers_dir: Path, use_index: bool = True,
                check: Callable[[str, Record], object] | None = None) -> tuple[dict[str, Record], set[str]]:
    """File name -> parsed TOML table of every ``*.toml`` in ``papers_dir``, in name order, and the
    names of the files that were read (not taken from the index).

    ``check(name, table)`` runs on every table read from a file, before the index is written, and
    raises on a bad one: only tables that passed it are ever kept in the index.
    """
    try:
        scan = [(e.name, e.stat()) for e in os.scandir(papers_dir)
                if e.name.endswith(".toml") and not e.name.startswith(".") and e.is_file()]
    except FileNotFoundError:
        return {}, set()
    scan.sort(key=lambda item: item[0])
    ipath = index_path(papers_dir) if use_index else None
    cached = _load_index(ipath) if ipath else {}
    fresh: dict[str, tuple[int, int, Record]] = {}
    changed = len(cached) != len(scan)
    racy_after = time.time_ns() - RACY_NS
    out: dict[str, Record] = {}
    parsed: set[str] = set()
    for name, st in scan:
        hit = cached.get(name)
        if hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            table = hit[2]
        else:
            path = papers_dir / name
            table = parse_toml(path.read_bytes(), path)
            if check is not None:
                check(name, table)
            parsed.add(name)
            changed = True
        fresh[name] = (st.st_size, st.st_mtime_ns if st.st_mtime_ns < racy_after else -1, table)
        out[name] = table
    if ipath is not None and changed:
        _save_index(ipath, fresh)
    return out, parsed


def _save_index(path: Path, entries: dict[str, tuple[int, int, Record]]) -> None:
    try:
        payload = marshal.dumps({"version": INDEX_VERSION, "entries": entries})
    except ValueError:  # a value marshal cannot hold (a TOML date): run without an index
        return
    with contextlib.suppress(OSError):  # a read-only or full cache dir only costs speed
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, payload)
