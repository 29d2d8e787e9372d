"""A response cache per service under ``cache_dir()/<service>``: derived and disposable.

One JSON file per key (an arXiv ID, a Semantic Scholar batch ID, a DBLP query) holds the answer and
when it was fetched. Answers younger than the service's ``max_age`` (a day for arXiv, whose data
change at most daily; a week for the scholarly services) are used instead of a request -- "this
service does not know the paper" included, so a second run asks nothing; ``--offline`` uses any
cached answer, however old. A file that cannot be read is a miss; a cache that cannot be written
is not an error.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from os import PathLike
from pathlib import Path
from typing import Any

from ...settings import cache_dir
from ...storage.store import atomic_write_many

DAY = 24 * 3600.0  # seconds
WEEK = 7 * DAY

# Wall-clock time (seconds since the epoch); tests replace it to age the cache.
wall_clock: Callable[[], float] = time.time

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def day(seconds: float) -> str:
    """The UTC date of a time, as citation counts are dated: ``2026-12-02``."""
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d")


@dataclass(frozen=True)
class Cached:
    value: Any
    fetched: float  # wall-clock seconds

    @property
    def date(self) -> str:
        return day(self.fetched)


class ResponseCache:
    def __init__(self, service: str, root: Path | None = None, max_age: float = WEEK) -> None:
        self.root = root if root is not None else cache_dir() / service
        self.max_age = max_age

    def path(self, key: str) -> Path:
        safe = _UNSAFE.sub("_", key)
        if safe != key or len(safe) > 120:
            safe = safe[:80] + "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        return self.root / (safe + ".json")

    def get(self, key: str, *, any_age: bool = False) -> Cached | None:
        try:
            data = json.loads(self.path(key).read_text(encoding="utf-8"))
            fetched = float(data["fetched"])
            if data["key"] != key:  # two keys that made one file name: a miss, never the other's answer
                return None
            value = data["value"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not any_age and not 0 <= wall_clock() - fetched <= self.max_age:
            return None
        return Cached(value, fetched)

    def put(self, key: str, value: Any) -> Cached:
        return self.put_many([(key, value)])[key]

    def put_many(self, items: list[tuple[str, Any]]) -> dict[str, Cached]:
        """Store answers (each file atomically, one flush to disk for them all); returns them as cached."""
        fetched = wall_clock()
        out = {key: Cached(value, fetched) for key, value in items}
        files: list[tuple[str | PathLike[str], str | bytes]] = [
            (self.path(key), json.dumps({"key": key, "fetched": fetched, "value": value}, ensure_ascii=False))
            for key, value in items]
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write_many(files)
        except OSError:
            pass
        return out
