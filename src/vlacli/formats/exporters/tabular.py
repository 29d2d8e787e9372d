"""JSON and CSV: every field, in a documented, stable schema, for scripts.

JSON: an array of objects, one a paper, in the order given; each object has exactly the keys
of :data:`JSON_FIELDS` in that order (``null`` or ``[]`` where a paper has no value), and
``extra`` holds fields vla does not know. CSV: the columns of :data:`CSV_FIELDS`, lists
joined with ``"; "``. Both end with a newline; the same catalog gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import TYPE_CHECKING, Any

from ...core.fields import NAMES

if TYPE_CHECKING:
    from ...core.paper import Paper
    from ...storage.catalog import Catalog

JSON_FIELDS = ("key", "link", *NAMES, "extra")
CSV_FIELDS = (
    "key", "arxiv", "year", "venue", "title", "authors", "categories", "link", "url", "website", "code",
    "citekey", "doi", "journal_ref", "primary_category", "published", "updated", "version", "abstract",
)


def paper_record(p: Paper) -> dict[str, Any]:
    """A paper as JSON holds it: exactly the keys of :data:`JSON_FIELDS`, in that order."""
    derived = {"key": p.key, "link": p.link, "extra": {k: p.extra[k] for k in sorted(p.extra)}}
    return {name: derived[name] if name in derived else getattr(p, name) for name in JSON_FIELDS}


def to_json(value: Any) -> str:
    """JSON text; TOML dates and times a user put in a paper file become ISO 8601 strings."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=_iso) + "\n"


def _iso(value: Any) -> str:
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def export_json(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> str:
    return to_json([paper_record(p) for p in papers])


def export_csv(catalog: Catalog, papers: list[Paper], options: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    # With "\n" ending the lines, the csv module quotes a value holding "\n" but not one holding a bare
    # "\r", which a reader then takes for the end of the row: such a row is written with every value quoted.
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_FIELDS)
    for p in papers:
        rec = paper_record(p)
        row = ["; ".join(v) if isinstance(v := rec[f], list) else ("" if v is None else v) for f in CSV_FIELDS]
        (quoted if any(isinstance(v, str) and "\r" in v for v in row) else writer).writerow(row)
    return buf.getvalue()
