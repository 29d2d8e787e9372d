"""arXiv's answers, per paper: :class:`~vlacli.sources.net.cache.ResponseCache` for the service "arxiv",
holding each entry for a day (arXiv's data change at most once a day); ``--offline`` uses any
cached entry, however old. An entry vla would not store (:func:`~.atom.entry_problem`) is never
written, and one found there (written by an older vla) is a miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..net.cache import DAY, ResponseCache
from .atom import ArxivEntry, entry_problem

MAX_AGE = DAY


class EntryCache:
    def __init__(self, root: Path | None = None, max_age: float = MAX_AGE) -> None:
        self.responses = ResponseCache("arxiv", root, max_age)

    def get(self, arxiv_id: str, *, any_age: bool = False) -> ArxivEntry | None:
        """The cached entry, if there is one younger than ``max_age`` (or any, with any_age)."""
        hit = self.responses.get(arxiv_id, any_age=any_age)
        if hit is None or not isinstance(hit.value, dict):
            return None
        try:
            entry = ArxivEntry.from_dict(hit.value)
        except (TypeError, ValueError, AttributeError):
            return None
        return entry if entry_problem(entry) is None else None

    def get_many(self, ids: Iterable[str], *, any_age: bool = False) -> dict[str, ArxivEntry]:
        out = {}
        for i in ids:
            hit = self.get(i, any_age=any_age)
            if hit is not None:
                out[i] = hit
        return out

    def put(self, arxiv_id: str, entry: ArxivEntry) -> None:
        """Store an entry; a cache that cannot be written is not an error."""
        if entry_problem(entry) is None:
            self.responses.put(arxiv_id, entry.to_dict())
