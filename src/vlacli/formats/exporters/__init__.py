"""Exporters: name -> function(catalog, papers, options) -> text. One module a format.

``vla export FORMAT`` looks the name up here; a new format is one new module and one line.
Modules are imported only when their format is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..registry import load_target, lookup

if TYPE_CHECKING:
    from pathlib import Path

    from ...core.paper import Paper
    from ...core.query import Query
    from ...storage.catalog import Catalog

# An exporter returns the text, or an iterable of its pieces (written as they come, for big catalogs).
Exporter = Callable[["Catalog", "list[Paper]", dict[str, Any]], "str | Iterable[str]"]


def as_text(out: str | Iterable[str]) -> str:
    return out if isinstance(out, str) else "".join(out)

class ExportFormat(NamedTuple):
    name: str
    target: str  # "package.module:function", relative to vlacli
    summary: str  # one line, for help texts and the README
    options: frozenset[str] = frozenset()  # the format's own options of `vla export`, without "--"
    abstracts: bool = True  # the papers must come with their abstracts
    listable: bool = False  # `vla list --format` offers it
    suffix: str = ""
    folder_file: str = ""  # the format writes a folder: --output names it, and this file is written in it

    def load(self) -> Any:
        return load_target(self.target)


EXPORTERS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("markdown", "formats.exporters.markdown:export_markdown", "the README's paper tables",
                 abstracts=False, options=frozenset({"in-place", "columns", "style", "template"}), suffix=".md"),
    ExportFormat("bibtex", "formats.exporters.bibtex:export_bibtex", "a .bib for BibTeX, biber and reference managers",
                 options=frozenset({"ascii"}), suffix=".bib"),
    ExportFormat("csl-json", "formats.exporters.csljson:export_csl_json", "CSL-JSON for Pandoc (--citeproc) and Zotero",
                 suffix=".json"),
    ExportFormat("json", "formats.exporters.tabular:export_json", "every field, for scripts", listable=True,
                 suffix=".json"),
    ExportFormat("csv", "formats.exporters.tabular:export_csv", "every field but lists joined, for spreadsheets",
                 listable=True, suffix=".csv"),
    ExportFormat("html", "formats.exporters.html:export_html", "a searchable static site in one index.html",
                 folder_file="index.html"),
)}


def get_exporter(name: str) -> ExportFormat:
    return lookup(EXPORTERS, name, "export")


def write_output(fmt: ExportFormat, output: Path, text: str | Iterable[str]) -> Path:
    """Write an export to the file ``output`` names, or for a format that writes a folder, to its
    file in the folder ``output`` (created when missing); atomically either way. Returns the file."""
    from ...errors import FieldValueError, InputError
    from ...storage.store import write_file

    if not fmt.folder_file:
        if str(output).strip() in ("", "."):
            raise FieldValueError("output", "needs a file name")
        write_file(output, text)
        return output
    if output.exists() and not output.is_dir():
        raise InputError(f"{output}: is a file; {fmt.name} writes a folder (give --output a folder name)")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"{output}: cannot create the folder: {e.strerror or e}") from None
    target = output / fmt.folder_file
    write_file(target, text)
    return target


def export_papers(catalog: Catalog, format: str, query: Query | None = None,
                  options: dict[str, Any] | None = None) -> str | Iterable[str]:
    """``vla export FORMAT``: the papers ``query`` selects (all by default), in the format's text."""
    from ...core.query import Query

    fmt = get_exporter(format)
    papers = catalog.query((query or Query())._replace(abstracts=fmt.abstracts))
    exporter: Exporter = fmt.load()
    return exporter(catalog, papers, options or {})
