"""A per-paper cache of arXiv's answers, under ``cache_dir()/arxiv``: derived and disposable.

One JSON file per paper holds the parsed entry and when it was fetched. arXiv's results
change at most once a day, so an entry younger than a day is used instead of a request;
``--offline`` uses any cached entry, however old. A file that cannot be read, or that holds an entry
vla would not store (:func:`~.atom.entry_problem`), is a miss; such an entry is never written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..settings import cache_dir
from ..store import atomic_write
from .atom import ArxivEntry, entry_problem

MAX_AGE = 24 * 3600.0  # seconds

# Wall-clock time (seconds since the epoch); tests replace it to age the cache.
wall_clock: Callable[[], float] = time.time


class EntryCache:
    def __init__(self, root: Path | None = None, max_age: float = MAX_AGE) -> None:
        self.root = root if root is not None else cache_dir() / "arxiv"
        self.max_age = max_age

    def path(self, arxiv_id: str) -> Path:
        return self.root / (arxiv_id.replace("/", "_") + ".json")

    def get(self, arxiv_id: str, *, any_age: bool = False) -> ArxivEntry | None:
        """The cached entry, if there is one younger than ``max_age`` (or any, with any_age)."""
        try:
            data = json.loads(self.path(arxiv_id).read_text(encoding="utf-8"))
            fetched = float(data["fetched"])
            entry = ArxivEntry.from_dict(data["entry"])
            if entry_problem(entry) is not None:
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        if not any_age and wall_clock() - fetched > self.max_age:
            return None
        return entry

    def get_many(self, ids: Iterable[str], *, any_age: bool = False) -> dict[str, ArxivEntry]:
        out = {}
        for i in ids:
            hit = self.get(i, any_age=any_age)
            if hit is not None:
                out[i] = hit
        return out

    def put(self, arxiv_id: str, entry: ArxivEntry) -> None:
        """Store an entry; a cache that cannot be written is not an error."""
        if entry_problem(entry) is not None:
            return
        payload = json.dumps({"fetched": wall_clock(), "entry": entry.to_dict()}, ensure_ascii=False, indent=1)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write(self.path(arxiv_id), payload)
        except OSError:
            pass
