"""Exporters: name -> function(catalog, papers, options) -> text. One module a format.

``vla export FORMAT`` looks the name up here; a new format is one new module and one line.
Modules are imported only when their format is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..registry import lookup

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import Paper

# An exporter returns the text, or an iterable of its pieces (written as they come, for big catalogs).
Exporter = Callable[["Catalog", "list[Paper]", dict[str, Any]], "str | Iterable[str]"]


def as_text(out: str | Iterable[str]) -> str:
    return out if isinstance(out, str) else "".join(out)

# format name -> (module, function)
EXPORTERS: dict[str, tuple[str, str]] = {
    "json": ("records", "export_json"),
    "csv": ("records", "export_csv"),
    "markdown": ("markdown", "export_markdown"),
    "bibtex": ("bibtex", "export_bibtex"),
}


def get_exporter(name: str) -> Exporter:
    fn: Exporter = lookup(EXPORTERS, __name__, name, "export")
    return fn
