"""The catalog's venue table on disk: ``venues.toml`` beside ``taxonomy.toml``, or the built-in one.

The table itself (what a venue is called, its kind, how names map to it) is :mod:`vlacli.core.venues`;
this module reads and writes its file.
"""

from __future__ import annotations

from pathlib import Path

from ..core.venues import VenueTable, VenueTableError, default_table
from ..errors import CatalogFormatError
from .store import atomic_write, read_optional_toml, toml_string

VENUES_FILE = "venues.toml"


def table_toml(table: VenueTable) -> str:
    """The table as the text of ``venues.toml``."""
    head = ("# The venues of this catalog, as its papers name them: `short` is what vla writes in a paper's\n"
            "# venue, `full` the BibTeX booktitle or journal, `kind` conference, journal or workshop;\n"
            "# `aliases` other names the services use, `dblp` DBLP key streams, `doi` DOI patterns\n"
            "# (regular expressions matched at the start). Edit freely: `vla venues` maps through it.\n\n")
    blocks = []
    for v in table.venues:
        lines = ["[[venue]]"]
        for name, value in v.to_dict().items():
            shown = ("[" + ", ".join(toml_string(x) for x in value) + "]" if isinstance(value, list)
                     else toml_string(value))
            lines.append(f"{name} = {shown}")
        blocks.append("\n".join(lines) + "\n")
    return head + "\n".join(blocks)


def load_table(catalog_root: str | Path | None) -> VenueTable:
    """The catalog's table (``venues.toml`` in its folder), or the built-in one when it has none.
    A file that cannot be read or used is a CatalogFormatError naming it."""
    if catalog_root is None:
        return default_table()
    path = Path(catalog_root) / VENUES_FILE
    data = read_optional_toml(path)
    if data is None:
        return default_table()
    try:
        return VenueTable.from_dict(data, str(path))
    except VenueTableError as e:
        raise CatalogFormatError(path, str(e).removeprefix(f"{path}: ")) from None


def write_table(catalog_root: str | Path, table: VenueTable | None = None) -> Path:
    """Write ``venues.toml`` into a catalog folder (the built-in table by default)."""
    path = Path(catalog_root) / VENUES_FILE
    atomic_write(path, table_toml(table or default_table()))
    return path
