"""The read index: a derived, disposable cache of every parsed paper file.

Parsing TOML costs about 160 µs a record; a 10k catalog cannot be re-parsed on every
``vla list``. The index keeps each file's parsed table keyed by its name and its stamp — size,
mtime, ctime and inode — in one ``marshal`` file in the user cache dir. On load, files whose stamp
changed, new files and removed files are re-read from the TOML, which stays the only truth; a
hand edit is seen by the next command, even one that puts the mtime back (``touch -r``, ``cp -p``,
``tar``, ``rsync``): the ctime, which no one can set, and the inode still differ. A file changed in
the last two seconds is not trusted to the index (a timestamp can be coarser than the edits:
"racy git"), so it is read again next time. Abstracts are kept apart, under the same stamp as their
record, and taken only when the stamps agree: a record is never assembled from two versions of
its file. An index that is missing, unreadable or of another version is ignored and rebuilt. It
is never edited by hand and never needed for correctness.

A file that vanishes while the folder is read (``vla remove``, a re-filing) makes the load list
the folder again, so a paper renamed meanwhile is seen under its new name; a file that cannot be
read is reported and left out, and never hides the others.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import marshal
import os
import stat
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..errors import CatalogFormatError
from ..settings import cache_dir
from .store import atomic_write, parse_toml, pause_point

# 5: BibTeX fields, volume, pages, citations; 6: ctime and inode; 7: previous_keys; 8: no empty lists;
# 9: affiliations checked (records the old rule passed are checked again)
INDEX_VERSION = 9
RACY_NS = 2_000_000_000
ABSTRACT_CHUNK = 5000  # abstracts a chunk file holds: loading one never needs much memory at once
PARALLEL_FROM = 400  # files to parse before it pays to start worker processes
LIST_ATTEMPTS = 3  # listings of the folder when files vanish while it is read

Record = dict[str, Any]
Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns (-1: too recent to trust), inode
Entries = dict[str, tuple[Any, ...]]  # name -> (*stamp, value)


def index_path(papers_dir: Path, part: str = "") -> Path:
    where = str(papers_dir.resolve())
    tag = "".join(c if c.isalnum() else "-" for c in where[-40:]).strip("-")
    return cache_dir() / "index" / f"{zlib.crc32(where.encode()):08x}-{tag}{part}.marshal"


def _stamp(st: os.stat_result, racy_after: int) -> Stamp:
    """What an entry is kept under: a file changed too recently to be sure of gets a ctime of -1,
    which matches no file, so it is read again by the next load."""
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns if st.st_ctime_ns < racy_after else -1, st.st_ino


def _fresh(hit: tuple[Any, ...] | None, st: os.stat_result) -> bool:
    return (hit is not None and hit[0] == st.st_size and hit[1] == st.st_mtime_ns and hit[2] == st.st_ctime_ns
            and hit[3] == st.st_ino)


def _load_index(path: Path) -> Entries:
    try:
        data = marshal.loads(path.read_bytes())  # much faster than marshal.load on a file object
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


class _Vanished(Exception):
    """A file was listed but is gone: the folder is listed again."""


def load_tables(papers_dir: Path, use_index: bool = True,
                convert: Callable[[str, Record], Record] | None = None,
                abstracts: bool = True, kind: str = "tables",
                problems: list[CatalogFormatError] | None = None) -> tuple[dict[str, Record], set[str]]:
    """File name -> record of every ``*.toml`` in ``papers_dir``, in name order, and the names of
    the files that were read (not taken from the index).

    A record is the file's parsed TOML table, or what ``convert(name, table)`` makes of it: it runs
    on every table read from a file, before the index is written, and raises CatalogFormatError on a
    bad one, so only records that passed it are ever kept in the index, under ``kind`` (one kind a
    converter). A file that cannot be read or converted raises its CatalogFormatError, after every
    file was tried; with a ``problems`` list, it is added there instead and the file left out.

    Abstracts, half of a record's bytes, are kept apart in chunks of :data:`ABSTRACT_CHUNK`, read
    one at a time and only when ``abstracts`` is true; without them, records come back with no
    ``abstract`` key. A load without abstracts keeps none of the files it reads: the next load
    that wants them reads those files again.
    """
    for attempt in range(1, LIST_ATTEMPTS + 1):
        found: list[CatalogFormatError] = []
        try:
            out, parsed = _load(papers_dir, use_index, convert, abstracts, kind, found, last=attempt == LIST_ATTEMPTS)
        except _Vanished:
            continue
        if found and problems is None:
            raise found[0]
        if problems is not None:
            problems.extend(found)
        return out, parsed
    raise AssertionError("the last attempt never retries")  # pragma: no cover


def _load(papers_dir: Path, use_index: bool, convert: Callable[[str, Record], Record] | None, abstracts: bool,
          kind: str, problems: list[CatalogFormatError], last: bool) -> tuple[dict[str, Record], set[str]]:
    try:
        entries = [e for e in os.scandir(papers_dir) if e.name.endswith(".toml") and not e.name.startswith(".")]
    except FileNotFoundError:
        return {}, set()
    pause_point("index.listed")
    entries.sort(key=lambda e: e.name)
    racy_after = time.time_ns() - RACY_NS
    stats: dict[str, os.stat_result] = {}
    for e in entries:
        try:
            st = e.stat()
        except FileNotFoundError:
            if e.is_symlink():
                problems.append(CatalogFormatError(e.path, f"a symbolic link to {_link(e.path)}, which does not exist"))
            elif not last:
                raise _Vanished from None
            continue
        except OSError as err:
            problems.append(CatalogFormatError(e.path, err.strerror or str(err)))
            continue
        if stat.S_ISREG(st.st_mode):
            stats[e.name] = st
    del entries
    pause_point("index.stated")
    main_path = index_path(papers_dir, f"-{kind}") if use_index else None
    cached = _load_index(main_path) if main_path else {}
    out: dict[str, Record] = {}
    parsed: set[str] = set()
    fresh: Entries = {}
    abstract_of: dict[str, Any] = {}  # put into the records only after the index is saved without them

    def take(name: str, table: Record) -> None:
        if convert is not None:
            try:
                table = convert(name, table)
            except CatalogFormatError as err:
                problems.append(err)
                return
        abstract = table.pop("abstract", None)
        if abstracts:
            abstract_of[name] = abstract
        fresh[name] = (*_stamp(stats[name], racy_after), table)
        out[name] = table
        parsed.add(name)

    def read(names: list[str]) -> None:
        if len(names) >= PARALLEL_FROM:
            for name, table in _parse_parallel(papers_dir, names, abstracts):
                take(name, table)  # as each worker's batch arrives: raw tables never pile up
        for name in names:
            if name in parsed and (name in abstract_of or not abstracts):
                continue
            path = papers_dir / name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                if not last:
                    raise _Vanished from None
                for gone in (stats, out, fresh):  # its record may have come from the index
                    gone.pop(name, None)
                continue
            except OSError as err:
                problems.append(CatalogFormatError(path, err.strerror or str(err)))
                continue
            try:
                table = parse_toml(raw, path)
            except CatalogFormatError as err:
                problems.append(err)
                continue
            take(name, table)

    stale = []
    for name, st in stats.items():  # one pass: the index's fresh records taken, the others read
        hit = cached.get(name)
        if hit is not None and _fresh(hit, st):
            fresh[name] = hit
            out[name] = hit[4]
        else:
            stale.append(name)
    read(stale)
    changed = bool(parsed) or cached.keys() != fresh.keys()
    del cached
    missing: list[str] = []
    if abstracts:
        for chunk in _abstract_chunks(papers_dir, kind) if use_index else ():
            for name, item in chunk.items():
                f = fresh.get(name)  # the stamps compared field by field: no tuple made per paper
                if (f is not None and item[2] != -1 and item[0] == f[0] and item[1] == f[1] and item[2] == f[2]
                        and item[3] == f[3] and name not in abstract_of):
                    abstract_of[name] = item[4]
            del chunk
        missing = [name for name in fresh if name not in abstract_of]
        read(missing)  # their abstracts were not kept: read the files again
    if parsed:  # files read after the one pass over the index: back in name order
        out = {name: out[name] for name in stats if name in out}
        fresh = {name: fresh[name] for name in out}
    kept = False  # the abstracts are in their chunk files, as abstract_of holds them
    if use_index and abstracts and (changed or missing):
        kept = _save_abstracts(papers_dir, kind, {n: (*fresh[n][:4], abstract_of.get(n)) for n in out})
    elif use_index and changed and not abstracts:
        _forget_abstracts(papers_dir, kind, set(out), parsed)
    if use_index and changed and main_path is not None:
        if kept:
            # The main index's bytes are the peak of a cold load: let the abstracts go while they
            # are written, then read them back a chunk at a time (at 100k papers, 60 MB less).
            abstract_of.clear()
        _save_index(main_path, fresh)
        if kept:
            for chunk in _abstract_chunks(papers_dir, kind):
                abstract_of.update((name, item[4]) for name, item in chunk.items()
                                   if name in out and item[:4] == fresh[name][:4])
            read([name for name in out if name not in abstract_of])  # a chunk that could not be read back
            out = {name: out[name] for name in stats if name in out}
    if use_index and changed and main_path is not None:
        with contextlib.suppress(OSError):
            _prune(main_path.parent)
    for name, abstract in abstract_of.items():
        if abstract is not None and name in out:
            out[name]["abstract"] = abstract
    return out, parsed


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:  # pragma: no cover - replaced meanwhile
        return "?"


def load_toml_cached(path: Path, kind: str) -> Record:
    """One TOML file (the taxonomy), parsed once and kept like the papers: without tomllib on a
    warm start. The file stays the truth: a change of its stamp means reading it again."""
    from .store import read_toml

    try:
        st = path.stat()
    except OSError:
        return read_toml(path)  # reports the problem with the file
    cache = index_path(path, f"-{kind}")
    hit = _load_index(cache).get(path.name)
    if hit is not None and _fresh(hit, st):
        data: Record = hit[4]
        return data
    data = read_toml(path)
    _save_index(cache, {path.name: (*_stamp(st, time.time_ns() - RACY_NS), data)})
    return data


def _abstract_paths(papers_dir: Path, kind: str) -> list[Path]:
    stem = index_path(papers_dir, f"-{kind}-abstracts-").name[: -len(".marshal")]
    folder = cache_dir() / "index"
    return sorted(folder.glob(f"{stem}[0-9][0-9][0-9].marshal")) if folder.is_dir() else []


def _abstract_chunks(papers_dir: Path, kind: str) -> Iterator[Entries]:
    for path in _abstract_paths(papers_dir, kind):
        yield _load_index(path)


def _save_abstracts(papers_dir: Path, kind: str, entries: Entries) -> bool:
    """Write the abstracts' chunk files; False if one could not be written."""
    names = sorted(entries)
    old = _abstract_paths(papers_dir, kind)
    count, ok = 0, True
    for count, start in enumerate(range(0, len(names), ABSTRACT_CHUNK), 1):
        part = {n: entries[n] for n in names[start:start + ABSTRACT_CHUNK]}
        ok = _save_index(index_path(papers_dir, f"-{kind}-abstracts-{count - 1:03d}"), part) and ok
    for path in old[count:]:
        with contextlib.suppress(OSError):
            path.unlink()
    return ok


def _forget_abstracts(papers_dir: Path, kind: str, names: set[str], parsed: set[str]) -> None:
    """Chunk by chunk: drop the abstracts of removed files and of files read again without them."""
    for path in _abstract_paths(papers_dir, kind):
        chunk = _load_index(path)
        kept = {n: v for n, v in chunk.items() if n in names and n not in parsed}
        if len(kept) != len(chunk):
            _save_index(path, kept)


def _parse_files(paths: list[Path], abstracts: bool = True) -> list[tuple[str, Record | None]]:
    """In a worker: parse files; a file that fails is returned as None and read again by the parent."""
    out: list[tuple[str, Record | None]] = []
    for path in paths:
        try:
            table = parse_toml(path.read_bytes(), path)
            if not abstracts:
                table.pop("abstract", None)  # not sent back: less to copy, less memory
            out.append((path.name, table))
        except Exception:  # the parent reads it again and reports it properly
            out.append((path.name, None))
    return out


def _parse_parallel(papers_dir: Path, names: list[str], abstracts: bool = True) -> Iterator[tuple[str, Record]]:
    """Parse many files on every core (TOML parsing is most of a cold load), yielding each worker's
    batch as it arrives. Best effort: what does not come back, the caller parses itself."""
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2:
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(50, min(2000, len(names) // (workers * 8)))
    batches = [[papers_dir / n for n in names[i:i + size]] for i in range(0, len(names), size)]
    parse = functools.partial(_parse_files, abstracts=abstracts)
    try:
        with ProcessPoolExecutor(workers) as pool:
            # A few batches in flight at a time, so parsed tables never wait in memory in bulk.
            pending = collections.deque(pool.submit(parse, b) for b in batches[: workers * 2])
            queued = len(pending)
            while pending:
                result = pending.popleft().result()
                if queued < len(batches):
                    pending.append(pool.submit(parse, batches[queued]))
                    queued += 1
                yield from ((name, table) for name, table in result if table is not None)
    except (OSError, RuntimeError):  # no processes on this platform: the caller parses serially
        return


def _save_index(path: Path, entries: Entries) -> bool:
    """Write an index file; False if it could not be (a read-only or full cache dir only costs speed)."""
    try:
        payload = marshal.dumps({"version": INDEX_VERSION, "entries": entries})
    except ValueError:  # a value marshal cannot hold (a TOML date): run without an index
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, payload)
    except OSError:
        return False
    return True


STALE_AFTER_S = 30 * 24 * 3600


def _prune(folder: Path) -> None:
    """Delete index files not written for 30 days: those of catalogs that were moved, deleted or
    were temporary would otherwise pile up. One still in use is rebuilt on its next load."""
    cutoff = time.time() - STALE_AFTER_S
    for entry in os.scandir(folder):
        with contextlib.suppress(OSError):
            if entry.name.endswith(".marshal") and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
