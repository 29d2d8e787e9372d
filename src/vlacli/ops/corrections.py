"""Reviewed corrections, applied to imported listings before they are merged.

A corrections file holds ``[[correction]]`` tables: ``match`` (a title or an arXiv ID), ``why``,
and the fields to set on every listing it matches. Every value is checked as a paper file's
would be before anything is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.identifiers import is_arxiv_id, parse_arxiv_id, slugify
from ..core.matching import answers_to
from ..core.paper import LINK_FIELDS, check_web_url
from ..core.years import is_year, year_bounds
from ..errors import InputError, InvalidIdentifier
from ..formats.importers import Listing
from ..storage.store import read_toml


@dataclass
class Correction:
    match: str
    values: dict[str, Any]
    why: str | None = None
    used: int = 0

    def matches(self, e: Listing) -> bool:
        try:
            return e.arxiv == parse_arxiv_id(self.match).id
        except InvalidIdentifier:
            return answers_to(e, self.match)


def load_corrections(path: Path) -> list[Correction]:
    """``[[correction]]`` tables: ``match`` (a title or an arXiv ID), ``why``, and the fields to set.
    Every value is checked as a paper file's would be, before anything is imported."""
    data = read_toml(path)
    items = data.get("correction", [])
    if not isinstance(items, list):
        raise InputError(f"{path}: 'correction' must be an array of tables ([[correction]])")
    out = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict) or not isinstance(item.get("match"), str) or not item["match"].strip():
            raise InputError(f"{path}: correction #{i} needs a 'match' (a title or an arXiv ID)")
        values = {k: v for k, v in item.items() if k not in ("match", "why")}
        unknown = set(values) - CORRECTABLE
        if unknown:
            raise InputError(f"{path}: correction #{i} sets unknown field(s) {', '.join(sorted(unknown))}")
        try:
            values = check_values(values)
        except InputError as e:
            raise InputError(f"{path}: correction #{i}: {e.message}") from None
        out.append(Correction(item["match"], values, item.get("why")))
    return out


CORRECTABLE = frozenset({"arxiv", "title", "venue", "year", "website", "code", "url", "key", "authors"})


def check_values(values: dict[str, Any]) -> dict[str, Any]:
    """Field values as a paper file must hold them; InputError naming the first that is not."""
    out = dict(values)
    for name, value in values.items():
        if name == "year":
            if not is_year(value):
                raise InputError(f"'year' must be a whole year from {year_bounds()}, not {value!r}")
        elif name == "authors":
            if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
                raise InputError("'authors' must be a list of names")
        elif not isinstance(value, str) or not value.strip():
            raise InputError(f"'{name}' must be a non-empty string, not {value!r}")
        elif name in LINK_FIELDS:
            check_web_url(f"'{name}'", value)
        elif name == "arxiv":
            try:
                out[name] = parse_arxiv_id(value).id
            except InvalidIdentifier as e:
                raise InputError(str(e)) from None
        elif name == "key" and slugify(value, max_words=99) != value and not is_arxiv_id(value):
            raise InputError(f"'key' {value!r} must be a slug (lower-case words joined by hyphens) or an arXiv ID")
    return out


def apply_corrections(corrections: list[Correction], entries: list[Listing]) -> list[str]:
    """Set each correction's fields on the entries it matches; a note for each that matched none."""
    for c in corrections:
        for e in entries:
            if c.matches(e):
                c.used += 1
                for name, value in c.values.items():
                    setattr(e, name, value) if hasattr(e, name) else e.fields.__setitem__(name, value)
                if "title" in c.values:
                    e.doubt = None  # a person's title is no doubt
    return [f"correction for {c.match!r} matched no entry" for c in corrections if not c.used]
